// Mattermost and bridge calls behind "Readiness", as the signed-in system admin.
import type { Client } from '../../client/client';
import { ApiError } from '../../client/errors';

/** The server configuration parts the readiness checks read (`GET /config`, admins only). */
export interface ServerConfig {
  ServiceSettings?: {
    SiteURL?: string;
    EnableUserAccessTokens?: boolean;
    EnableBotAccountCreation?: boolean;
    EnableOAuthServiceProvider?: boolean;
    AllowedUntrustedInternalConnections?: string;
  };
}

export interface OAuthApp {
  id: string;
  name: string;
  client_secret?: string;
  callback_urls: string[];
}

export interface OutgoingHook {
  id: string;
  callback_urls: string[];
}

export function getServerConfig(client: Client): Promise<ServerConfig> {
  return client.get('/config');
}

/** Changes only the given settings, as the System Console does (`PUT /config/patch`). */
export function patchServiceSettings(
  client: Client,
  settings: NonNullable<ServerConfig['ServiceSettings']>,
): Promise<ServerConfig> {
  return client.put('/config/patch', { ServiceSettings: settings });
}

/** The registered OAuth apps; none while the OAuth provider is off (Mattermost answers 501). */
export async function listOAuthApps(client: Client): Promise<OAuthApp[]> {
  try {
    return await client.get<OAuthApp[]>('/oauth/apps?page=0&per_page=200');
  } catch (err) {
    if (err instanceof ApiError && err.status === 501) return [];
    throw err;
  }
}

export function oauthCallback(bridgeUrl: string): string {
  return `${bridgeUrl}/oauth/callback`;
}

export function createBridgeOAuthApp(client: Client, bridgeUrl: string): Promise<OAuthApp> {
  return client.post('/oauth/apps', {
    name: 'MCP bridge',
    description: 'Signs people in to the MCP bridge, so their AI assistants act as them.',
    homepage: bridgeUrl,
    callback_urls: [oauthCallback(bridgeUrl)],
    // People see Mattermost's consent page and approve the bridge themselves.
    is_trusted: false,
  });
}

/** Every outgoing webhook; none while outgoing webhooks are off (Mattermost answers 501). */
export async function listOutgoingHooks(client: Client): Promise<OutgoingHook[]> {
  try {
    return await client.get<OutgoingHook[]>('/hooks/outgoing?page=0&per_page=200');
  } catch (err) {
    if (err instanceof ApiError && err.status === 501) return [];
    throw err;
  }
}
