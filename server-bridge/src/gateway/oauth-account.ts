import type { UserCalls } from './calls.js';

/** The preference category of the assistants a person connected (read by the plugin's user tab). */
export const ASSISTANTS_CATEGORY = 'mcp_bridge_assistants';

/**
 * What the bridge's authorization server does in Mattermost with a person's own OAuth token: the
 * preference that lists a connected assistant, and ending the Mattermost session of a revoked
 * grant. Bookkeeping of the bridge, never offered as a tool.
 */
export interface OAuthAccount {
  /** Lists the grant in the person's connected assistants. */
  saveAssistant(grantId: string, value: string): Promise<void>;
  /** True while the person's connected assistants still list the grant. */
  hasAssistant(grantId: string): Promise<boolean>;
  removeAssistant(grantId: string): Promise<void>;
  /** Ends the OAuth session behind the token; Mattermost drops its access data with it. */
  endSession(): Promise<void>;
}

export function oauthAccount({ userId, read, write }: UserCalls): OAuthAccount {
  const preference = (name: string, value = '') => ({
    user_id: userId,
    category: ASSISTANTS_CATEGORY,
    name,
    value,
  });
  return {
    async saveAssistant(grantId, value) {
      await write(
        'oauth.assistant_save',
        (c) => c.savePreferences(userId, [preference(grantId, value)]),
        {
          idempotent: true,
        },
      );
    },
    async hasAssistant(grantId) {
      // Client4 types the answer as one preference; Mattermost answers the list.
      const preferences = (await read('oauth.assistant_check', (c) =>
        c.getMyPreferences(),
      )) as unknown as { category: string; name: string }[];
      return preferences.some((p) => p.category === ASSISTANTS_CATEGORY && p.name === grantId);
    },
    async removeAssistant(grantId) {
      await write(
        'oauth.assistant_remove',
        (c) => c.deletePreferences(userId, [preference(grantId)]),
        {
          idempotent: true,
        },
      );
    },
    async endSession() {
      await write('oauth.session_end', (c) => c.logout(), { idempotent: false });
    },
  };
}

/**
 * The grants whose listing a `preferences_deleted` WebSocket event removes: the person
 * disconnected those assistants in the plugin, so their grants are checked at their next use.
 */
export function disconnectedAssistants(event: {
  event: string;
  data: Record<string, unknown>;
}): string[] {
  if (event.event !== 'preferences_deleted' || typeof event.data['preferences'] !== 'string')
    return [];
  try {
    const deleted = JSON.parse(event.data['preferences']) as {
      category?: unknown;
      name?: unknown;
    }[];
    return Array.isArray(deleted)
      ? deleted.flatMap((p) =>
          p.category === ASSISTANTS_CATEGORY && typeof p.name === 'string' ? [p.name] : [],
        )
      : [];
  } catch {
    return [];
  }
}
