// The bridge's service account: a bot with a fixed username. The bridge advertises its public URL and
// version in that bot's profile props, which every user can read.
import type { Client } from '../client/client';
import { ApiError } from '../client/errors';

export const BRIDGE_BOT_USERNAME = 'mcp-bridge';

export interface MattermostUser {
  id: string;
  username: string;
  roles: string;
  delete_at: number;
  is_bot?: boolean;
  props?: Record<string, string>;
}

/** The user named `username`, or undefined when Mattermost has none (404). */
export async function findUserByUsername(
  client: Client,
  username: string,
): Promise<MattermostUser | undefined> {
  try {
    return await client.get<MattermostUser>(`/users/username/${encodeURIComponent(username)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  }
}

export function findBridgeBot(client: Client): Promise<MattermostUser | undefined> {
  return findUserByUsername(client, BRIDGE_BOT_USERNAME);
}

export function hasRole(user: MattermostUser, role: string): boolean {
  return user.roles.split(/\s+/).includes(role);
}

/** The bridge as its bot advertises it; undefined fields when the bridge has not started yet. */
export function advertisedBridge(bot: MattermostUser): { url?: string; version?: string } {
  return {
    url: bot.props?.mcp_bridge_url || undefined,
    version: bot.props?.mcp_bridge_version || undefined,
  };
}
