// Mattermost calls behind "Bridge provisioning", all as the signed-in system admin.
import { BRIDGE_BOT_USERNAME } from '../../bridge/bot';
import type { Client } from '../../client/client';

export interface CreatedToken {
  id: string;
  token: string;
  user_id: string;
  description: string;
}

export function createBridgeBot(client: Client): Promise<{ user_id: string }> {
  return client.post('/bots', {
    username: BRIDGE_BOT_USERNAME,
    display_name: 'MCP Bridge',
    description:
      'Service account of the MCP bridge: reads the settings the plugin hands it and advertises the bridge.',
  });
}

export function enableBot(client: Client, botUserId: string): Promise<unknown> {
  return client.post(`/bots/${botUserId}/enable`);
}

/** Back to the role every bot has, for a bot an older set-up made a system admin. */
export function makeOrdinaryBot(client: Client, userId: string): Promise<unknown> {
  return client.put(`/users/${userId}/roles`, { roles: 'system_user' });
}

export function createBotToken(
  client: Client,
  botUserId: string,
  now: Date,
): Promise<CreatedToken> {
  return client.post(`/users/${botUserId}/tokens`, {
    description: `MCP bridge service token ${now.toISOString().slice(0, 10)}`,
  });
}
