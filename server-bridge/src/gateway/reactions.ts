import { pathSegment } from './types.js';
import type { Reaction } from '@mattermost/types/reactions';
import type { UserCalls } from './calls.js';

/** A custom emoji as Mattermost describes it. */
export interface CustomEmojiRecord {
  id: string;
  creator_id: string;
  name: string;
  create_at: number;
}

/** Reactions on posts and the server's custom emojis. */
export interface ReactionsGateway {
  getReactions(postId: string): Promise<Reaction[]>;
  addReaction(postId: string, emojiName: string): Promise<Reaction>;
  removeReaction(postId: string, emojiName: string): Promise<void>;
  /** Custom emojis of the server by name, a page at a time (`GET /emoji?sort=name`). */
  getCustomEmojis(page: number, perPage: number): Promise<CustomEmojiRecord[]>;
  /** Custom emojis whose name contains a term (`POST /emoji/search`). */
  searchCustomEmojis(term: string): Promise<CustomEmojiRecord[]>;
}

export function reactionsGateway({ userId, read, write }: UserCalls): ReactionsGateway {
  return {
    async getReactions(postId) {
      return (await read('reactions.get', (c) => c.getReactionsForPost(postId))) ?? [];
    },

    addReaction(postId, emojiName) {
      return write('reactions.add', (c) => c.addReaction(userId, postId, emojiName), {
        idempotent: false,
      });
    },

    async removeReaction(postId, emojiName) {
      await write(
        'reactions.remove',
        (c) => c.removeReaction(userId, postId, pathSegment(emojiName)),
        { idempotent: true },
      );
    },

    getCustomEmojis(page, perPage) {
      return read('emojis.get', (c) => c.getCustomEmojis(page, perPage, 'name'));
    },

    searchCustomEmojis(term) {
      return read('emojis.search', (c) => c.searchCustomEmoji(term, { prefix_only: false }));
    },
  };
}
