// Mattermost calls behind "AI assistant access", all as the signed-in user. Tokens this plugin
// creates carry the description prefix below, so only those are listed and revoked here.
import type { Client } from '../../client/client';
import { ApiError, describeError } from '../../client/errors';

export const AI_ACCESS_PREFIX = 'AI assistant access';

export interface Me {
  id: string;
  username: string;
}

export interface AccessToken {
  id: string;
  user_id: string;
  description: string;
  is_active: boolean;
}

export interface CreatedAccessToken extends AccessToken {
  token: string;
}

export function getMe(client: Client): Promise<Me> {
  return client.get('/users/me');
}

export async function listAiAccessTokens(client: Client, userId: string): Promise<AccessToken[]> {
  const tokens = await client.get<AccessToken[]>(`/users/${userId}/tokens?page=0&per_page=200`);
  return tokens.filter((t) => t.description.startsWith(AI_ACCESS_PREFIX));
}

export function aiAccessDescription(clientName: string, now: Date): string {
  return `${AI_ACCESS_PREFIX} (${clientName}) ${now.toISOString().slice(0, 10)}`;
}

export function createAiAccessToken(
  client: Client,
  userId: string,
  clientName: string,
  now: Date,
): Promise<CreatedAccessToken> {
  return client.post(`/users/${userId}/tokens`, {
    description: aiAccessDescription(clientName, now),
  });
}

export function revokeToken(client: Client, tokenId: string): Promise<unknown> {
  return client.post('/users/tokens/revoke', { token_id: tokenId });
}

/** What a user should know, and tell their admin, when Mattermost refuses a token call. */
export function explainTokenError(err: unknown): string {
  if (err instanceof ApiError && err.status === 501) {
    return (
      'Personal access tokens are turned off on this server. Ask a system admin to turn on ' +
      'Enable Personal Access Tokens in System Console > Integrations > Integration Management.'
    );
  }
  if (err instanceof ApiError && err.status === 403) {
    return (
      'Your account is not allowed to create personal access tokens. Ask a system admin to allow it in ' +
      'System Console > User Management > Users > your account > Manage Roles (that choice appears only while personal access tokens are on).'
    );
  }
  return describeError(err);
}
