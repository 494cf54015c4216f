// Whether the bridge signs people in with Mattermost (OAuth): its protected resource metadata
// (RFC 9728, readable from the Mattermost site) names an authorization server only then.
import type { Client } from '../client/client';
import { NetworkError } from '../client/errors';

export async function bridgeUsesOAuth(client: Client, bridgeUrl: string): Promise<boolean> {
  try {
    const response = await client.getExternal(`${bridgeUrl}/.well-known/oauth-protected-resource`);
    if (!response.ok) return false;
    const metadata = (await response.json()) as { authorization_servers?: unknown };
    return (
      Array.isArray(metadata.authorization_servers) && metadata.authorization_servers.length > 0
    );
  } catch (err) {
    if (err instanceof NetworkError || err instanceof SyntaxError) return false;
    throw err;
  }
}
