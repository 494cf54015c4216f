import type { UserCalls } from './calls.js';

/** Preferences: what Mattermost keeps per user by category (favorites, saved posts, ...). */
export interface PreferencesGateway {
  /** The user's preferences of one category (`GET /users/me/preferences`, filtered). */
  getMyPreferences(category: string): Promise<{ name: string; value: string }[]>;
  /** Marks a channel favorite for the user (category `favorite_channel`), or removes the mark. */
  setChannelFavorite(channelId: string, favorite: boolean): Promise<void>;
  /** Saves or unsaves a post: the preference `flagged_post`/<post id>. */
  setPostSaved(postId: string, saved: boolean): Promise<void>;
}

export function preferencesGateway({ userId, read, write }: UserCalls): PreferencesGateway {
  /** Sets (`on`) or deletes a `true` preference; either leaves the same state when repeated. */
  async function setFlag(category: string, name: string, on: boolean): Promise<void> {
    const preference = { user_id: userId, category, name, value: 'true' };
    await (on
      ? write('preferences.save', (c) => c.savePreferences(userId, [preference]), {
          idempotent: true,
        })
      : write('preferences.delete', (c) => c.deletePreferences(userId, [preference]), {
          idempotent: true,
        }));
  }

  return {
    async getMyPreferences(category) {
      // Client4 types the answer as one preference; Mattermost answers the list.
      const preferences = (await read('preferences.get', (c) =>
        c.getMyPreferences(),
      )) as unknown as { category: string; name: string; value: string }[];
      return preferences
        .filter((preference) => preference.category === category)
        .map(({ name, value }) => ({ name, value }));
    },

    setChannelFavorite(channelId, favorite) {
      return setFlag('favorite_channel', channelId, favorite);
    },

    setPostSaved(postId, saved) {
      return setFlag('flagged_post', postId, saved);
    },
  };
}
