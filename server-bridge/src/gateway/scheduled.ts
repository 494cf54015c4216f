import type { ScheduledPost } from '@mattermost/types/schedule_post';
import type { UserCalls } from './calls.js';

/** A message to send later: `POST /posts/schedule`. */
export interface NewScheduledPost {
  channelId: string;
  message: string;
  rootId?: string;
  /** Unix milliseconds. */
  scheduledAt: number;
  /** Post props, such as the mark the policy puts on every post an assistant writes. */
  props?: Record<string, string>;
}

/** Scheduled messages: the user's posts waiting to be sent. */
export interface ScheduledGateway {
  createScheduledPost(post: NewScheduledPost): Promise<ScheduledPost>;
  /** Scheduled posts of the user in a team, with those of direct and group messages. */
  getScheduledPosts(teamId: string): Promise<Record<string, ScheduledPost[]>>;
  updateScheduledPost(post: ScheduledPost): Promise<ScheduledPost>;
  deleteScheduledPost(scheduledPostId: string): Promise<ScheduledPost>;
}

export function scheduledGateway({ userId, read, write }: UserCalls): ScheduledGateway {
  return {
    async createScheduledPost(post) {
      const now = Date.now();
      const answer = await write(
        'scheduled.create',
        (c) =>
          c.createScheduledPost(
            {
              id: '',
              create_at: now,
              update_at: now,
              user_id: userId,
              channel_id: post.channelId,
              root_id: post.rootId ?? '',
              message: post.message,
              props: post.props ?? {},
              scheduled_at: post.scheduledAt,
            },
            '',
          ),
        { idempotent: false },
      );
      return answer.data;
    },

    async getScheduledPosts(teamId) {
      const answer = await read('scheduled.get', (c) => c.getScheduledPosts(teamId, true));
      return answer.data as unknown as Record<string, ScheduledPost[]>;
    },

    async updateScheduledPost(post) {
      const answer = await write('scheduled.update', (c) => c.updateScheduledPost(post, ''), {
        idempotent: true,
      });
      return answer.data;
    },

    async deleteScheduledPost(scheduledPostId) {
      const answer = await write(
        'scheduled.delete',
        (c) => c.deleteScheduledPost(userId, scheduledPostId, ''),
        { idempotent: false },
      );
      return answer.data;
    },
  };
}
