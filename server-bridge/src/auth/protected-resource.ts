/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for the `/mcp` endpoint, and the
 * `WWW-Authenticate` challenge that points to it. With OAuth configured the bridge is its own
 * authorization server (clients sign people in with Mattermost); without it the bridge names no
 * authorization server and takes Mattermost personal access tokens only.
 */
export const METADATA_PATH = '/.well-known/oauth-protected-resource';

export function metadataUrl(publicUrl: string): string {
  return `${publicUrl}${METADATA_PATH}`;
}

export function protectedResourceMetadata(
  publicUrl: string,
  mattermostUrl: string,
  oauth: boolean,
): Record<string, unknown> {
  return {
    resource: `${publicUrl}/mcp`,
    authorization_servers: oauth ? [publicUrl] : [],
    ...(oauth ? { scopes_supported: ['read', 'write'] } : {}),
    bearer_methods_supported: ['header'],
    resource_name: 'Mattermost MCP Bridge',
    // Not an RFC 9728 field: where users create the personal access token to send.
    mattermost_url: mattermostUrl,
  };
}

export function wwwAuthenticate(
  publicUrl: string,
  error?: 'invalid_token' | 'invalid_request',
): string {
  const parts = [`resource_metadata="${metadataUrl(publicUrl)}"`];
  if (error) parts.push(`error="${error}"`);
  return `Bearer ${parts.join(', ')}`;
}
