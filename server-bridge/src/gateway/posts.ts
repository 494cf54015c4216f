import type { Post, PostList } from '@mattermost/types/posts';
import type { PostPlace } from './caches.js';
import type { UserCalls } from './calls.js';

/** What a send needs; the gateway adds the `pending_post_id` that makes a retried send safe. */
export interface NewPost {
  channelId: string;
  message: string;
  rootId?: string;
  /** Files uploaded beforehand (`uploadFile`) to attach. */
  fileIds?: readonly string[];
  /** Post props, such as the mark the policy puts on every post an assistant writes. */
  props?: Record<string, string>;
}

/** Where a page of a channel's posts starts: the newest, or next to a post. */
export interface PostsPage {
  perPage: number;
  /** Posts older than this post. */
  before?: string;
  /** Posts newer than this post. */
  after?: string;
  /** Root posts only, as a person with collapsed reply threads reads the channel. */
  collapsedThreads?: boolean;
}

/** How much of a channel to read around the user's unread line. */
export interface UnreadWindow {
  /** Posts already read, before the line. */
  before: number;
  /** The first unread post and those after it. */
  after: number;
  /** Root posts only: the line of a person who reads with collapsed reply threads. */
  collapsedThreads: boolean;
}

/** Posts: a channel's history, single posts, sending and changing them, pins, marks and reminders. */
export interface PostsGateway {
  /** A page of a channel's posts (newest first in `order`), at its end or next to a post. */
  getPosts(channelId: string, page: PostsPage): Promise<PostList>;
  /** Posts created or changed since a time (Unix ms). */
  getPostsSince(channelId: string, sinceMs: number): Promise<PostList>;
  /**
   * The posts around where the user stopped reading (`GET /users/{uid}/channels/{cid}/posts/unread`);
   * the latest posts when nothing is unread.
   */
  getPostsAroundUnread(channelId: string, window: UnreadWindow): Promise<PostList>;
  getPost(postId: string): Promise<Post>;
  /** Where a post is (its channel and thread root), cached per viewer: those never change. */
  getPostPlace(postId: string): Promise<PostPlace>;
  getPinnedPosts(channelId: string): Promise<PostList>;
  /** Saved ("flagged") posts of the user, newest first; of one channel or team when given. */
  getSavedPosts(options: {
    page: number;
    perPage: number;
    channelId?: string;
    teamId?: string;
  }): Promise<PostList>;
  /** Creates a post once, even when the request has to be retried. */
  createPost(post: NewPost): Promise<Post>;
  /** Changes the text of a post (`PUT /posts/{id}/patch`). */
  patchPost(postId: string, message: string, props?: Record<string, unknown>): Promise<Post>;
  deletePost(postId: string): Promise<void>;
  pinPost(postId: string): Promise<void>;
  unpinPost(postId: string): Promise<void>;
  acknowledgePost(postId: string): Promise<void>;
  unacknowledgePost(postId: string): Promise<void>;
  /** Marks a post and everything after it unread for the user (`POST /users/{uid}/posts/{pid}/set_unread`). */
  markPostUnread(postId: string): Promise<void>;
  /** A post reminder; Mattermost's system bot messages the user at `targetSeconds` (Unix seconds). */
  setPostReminder(postId: string, targetSeconds: number): Promise<void>;
}

let lastPendingAt = 0;

/**
 * Mattermost's `<user id>:<time>` pending post id, with a time never handed out twice by this process:
 * two sends of one user in the same millisecond (parallel tool calls) would otherwise share an id, and
 * Mattermost would answer the second with the first one's post.
 */
function nextPendingPostId(userId: string): string {
  lastPendingAt = Math.max(Date.now(), lastPendingAt + 1);
  return `${userId}:${lastPendingAt}`;
}

export function postsGateway({ userId, read, write, caches }: UserCalls): PostsGateway {
  const place = (post: Post): Post => {
    caches.postPlaces.set(userId, {
      id: post.id,
      channel_id: post.channel_id,
      root_id: post.root_id ?? '',
    });
    return post;
  };
  return {
    getPosts(channelId, { perPage, before, after, collapsedThreads = false }) {
      if (before)
        return read('posts.get_before', (c) =>
          c.getPostsBefore(channelId, before, 0, perPage, false, collapsedThreads),
        );
      if (after)
        return read('posts.get_after', (c) =>
          c.getPostsAfter(channelId, after, 0, perPage, false, collapsedThreads),
        );
      return read('posts.get', (c) => c.getPosts(channelId, 0, perPage, false, collapsedThreads));
    },

    getPostsAroundUnread(channelId, { before, after, collapsedThreads }) {
      // Threads are not fetched: the answer is the channel's own posts around the line.
      return read('posts.get_unread', (c) =>
        c.getPostsUnread(channelId, userId, after, before, false, collapsedThreads),
      );
    },

    getPostsSince(channelId, sinceMs) {
      return read('posts.get_since', (c) => c.getPostsSince(channelId, sinceMs, false));
    },

    async getPost(postId) {
      return place(await read('posts.get_one', (c) => c.getPost(postId)));
    },

    async getPostPlace(postId) {
      return caches.postPlaces.get(userId, postId) ?? place(await this.getPost(postId));
    },

    getPinnedPosts(channelId) {
      return read('posts.get_pinned', (c) => c.getPinnedPosts(channelId));
    },

    getSavedPosts({ page, perPage, channelId = '', teamId = '' }) {
      return read('posts.get_flagged', (c) =>
        c.getFlaggedPosts(userId, channelId, teamId, page, perPage),
      );
    },

    async createPost(post) {
      // One id per send, reused by every retry: Mattermost answers a repeat with the post it made.
      const pendingPostId = nextPendingPostId(userId);
      const created = await write(
        'posts.create',
        (c) =>
          c.createPost({
            channel_id: post.channelId,
            message: post.message,
            root_id: post.rootId ?? '',
            ...(post.fileIds?.length ? { file_ids: [...post.fileIds] } : {}),
            ...(post.props ? { props: post.props } : {}),
            pending_post_id: pendingPostId,
          }),
        { idempotent: true },
      );
      return place(created);
    },

    patchPost(postId, message, props) {
      return write(
        'posts.patch',
        (c) => c.patchPost({ id: postId, message, ...(props ? { props } : {}) }),
        { idempotent: true },
      );
    },

    async deletePost(postId) {
      await write('posts.delete', (c) => c.deletePost(postId), {
        idempotent: false,
        forget: { postPlaces: postId },
      });
    },

    async pinPost(postId) {
      await write('posts.pin', (c) => c.pinPost(postId), { idempotent: true });
    },

    async unpinPost(postId) {
      await write('posts.unpin', (c) => c.unpinPost(postId), { idempotent: true });
    },

    async acknowledgePost(postId) {
      await write('posts.acknowledge', (c) => c.acknowledgePost(postId, userId), {
        idempotent: true,
      });
    },

    async unacknowledgePost(postId) {
      await write('posts.unacknowledge', (c) => c.unacknowledgePost(postId, userId), {
        idempotent: false,
      });
    },

    async markPostUnread(postId) {
      await write('posts.set_unread', (c) => c.markPostAsUnread(userId, postId), {
        idempotent: true,
      });
    },

    async setPostReminder(postId, targetSeconds) {
      // The server keeps one reminder per user and post: repeating the call replaces it.
      await write('posts.set_reminder', (c) => c.addPostReminder(userId, postId, targetSeconds), {
        idempotent: true,
      });
    },
  };
}
