import type { Client4 } from './mattermost-client.js';
import type { UpstreamCaller } from './upstream.js';

/** The preference category of the assistants a person connected (read by the plugin's user tab). */
export const ASSISTANTS_CATEGORY = 'mcp_bridge_assistants';

/**
 * What the bridge's authorization server does in Mattermost with a person's own OAuth token: the
 * preference that lists a connected assistant, and ending the Mattermost session of a revoked
 * grant. Bookkeeping of the bridge, never offered as a tool.
 */
export class OAuthAccount {
  constructor(
    private readonly userId: string,
    private readonly client: Client4,
    private readonly upstream: UpstreamCaller,
    private readonly userKey: string,
  ) {}

  private call<T>(operation: string, retry: boolean, fn: (client: Client4) => Promise<T>) {
    return this.upstream.call(this.userKey, operation, retry, () => fn(this.client));
  }

  /** Lists the grant in the person's connected assistants. */
  async saveAssistant(grantId: string, value: string): Promise<void> {
    await this.call('oauth.assistant_save', true, (c) =>
      c.savePreferences(this.userId, [
        { user_id: this.userId, category: ASSISTANTS_CATEGORY, name: grantId, value },
      ]),
    );
  }

  /** True while the person's connected assistants still list the grant. */
  async hasAssistant(grantId: string): Promise<boolean> {
    // Client4 types the answer as one preference; Mattermost answers the list.
    const preferences = (await this.call('oauth.assistant_check', true, (c) =>
      c.getMyPreferences(),
    )) as unknown as { category: string; name: string }[];
    return preferences.some((p) => p.category === ASSISTANTS_CATEGORY && p.name === grantId);
  }

  async removeAssistant(grantId: string): Promise<void> {
    await this.call('oauth.assistant_remove', true, (c) =>
      c.deletePreferences(this.userId, [
        { user_id: this.userId, category: ASSISTANTS_CATEGORY, name: grantId, value: '' },
      ]),
    );
  }

  /** Ends the OAuth session behind the token; Mattermost drops its access data with it. */
  async endSession(): Promise<void> {
    await this.call('oauth.session_end', false, (c) => c.logout());
  }
}
