import type { UserThread, UserThreadList } from '@mattermost/types/threads';
import type { PostList } from '@mattermost/types/posts';
import type { UserCalls } from './calls.js';

/** Threads: a thread's posts and the user's followed threads (collapsed reply threads). */
export interface ThreadsGateway {
  /** A root post and all its replies. */
  getPostThread(postId: string): Promise<PostList>;
  /** The user's followed threads in a team (includes direct and group messages). */
  getUserThreads(
    teamId: string,
    options: { before?: string; perPage: number; unreadOnly: boolean; since?: number },
  ): Promise<UserThreadList>;
  setThreadFollowing(teamId: string, rootId: string, following: boolean): Promise<void>;
  /** Marks a thread read up to `timestampMs`. */
  markThreadRead(teamId: string, rootId: string, timestampMs: number): Promise<UserThread>;
}

export function threadsGateway({ userId, read, write }: UserCalls): ThreadsGateway {
  return {
    getPostThread(postId) {
      return read('posts.get_thread', (c) =>
        c.getPaginatedPostThread(postId, {
          fetchAll: true,
          fetchThreads: true,
          collapsedThreads: false,
        }),
      );
    },

    getUserThreads(teamId, options) {
      return read('threads.get_mine', (c) =>
        c.getUserThreads(userId, teamId, {
          before: options.before ?? '',
          perPage: options.perPage,
          unread: options.unreadOnly,
          since: options.since ?? 0,
          extended: false,
        }),
      );
    },

    async setThreadFollowing(teamId, rootId, following) {
      await write(
        'threads.follow',
        (c) => c.updateThreadFollowForUser(userId, teamId, rootId, following),
        { idempotent: true },
      );
    },

    markThreadRead(teamId, rootId, timestampMs) {
      return write(
        'threads.mark_read',
        (c) => c.updateThreadReadForUser(userId, teamId, rootId, timestampMs),
        { idempotent: true },
      ) as Promise<UserThread>;
    },
  };
}
