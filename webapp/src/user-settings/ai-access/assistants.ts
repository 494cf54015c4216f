// The assistants the person connected through the bridge's OAuth sign-in. The bridge lists each in
// the person's preferences, category `mcp_bridge_assistants`, named after the grant's id, with a
// JSON value {client_name, redirect_host, scope, created_at}. Deleting that preference disconnects
// the assistant: the bridge checks the list before trusting a grant again (at the latest after
// BRIDGE_OAUTH_GRANT_CHECK_MS, 30 seconds by default), then ends the grant and refuses its tokens.
import type { Client } from '../../client/client';

export const ASSISTANTS_CATEGORY = 'mcp_bridge_assistants';

export interface ConnectedAssistant {
  grantId: string;
  clientName: string;
  redirectHost?: string;
  scope?: string;
  createdAt?: number;
}

function parse(name: string, value: string): ConnectedAssistant {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
  } catch {
    // An unreadable value still names a grant the person may disconnect.
  }
  return {
    grantId: name,
    clientName:
      typeof data.client_name === 'string' && data.client_name ? data.client_name : 'Assistant',
    redirectHost: typeof data.redirect_host === 'string' ? data.redirect_host : undefined,
    scope: typeof data.scope === 'string' ? data.scope : undefined,
    createdAt: typeof data.created_at === 'number' ? data.created_at : undefined,
  };
}

export async function listConnectedAssistants(client: Client): Promise<ConnectedAssistant[]> {
  const preferences = await client.get<{ name: string; value: string }[]>(
    `/users/me/preferences/${ASSISTANTS_CATEGORY}`,
  );
  return preferences
    .map((p) => parse(p.name, p.value))
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0));
}

export function disconnectAssistant(
  client: Client,
  userId: string,
  assistant: ConnectedAssistant,
): Promise<unknown> {
  return client.post(`/users/${userId}/preferences/delete`, [
    { user_id: userId, category: ASSISTANTS_CATEGORY, name: assistant.grantId, value: '' },
  ]);
}
