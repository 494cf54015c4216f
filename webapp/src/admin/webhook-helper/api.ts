// Mattermost calls behind "Outgoing webhook": the admin's teams, their public channels (outgoing
// webhooks fire only for public channels), and the hook itself.
import type { Client } from '../../client/client';

export interface Team {
  id: string;
  name: string;
  display_name: string;
}

export interface Channel {
  id: string;
  name: string;
  display_name: string;
  type: string;
}

export interface OutgoingHook {
  id: string;
  token: string;
  team_id: string;
  channel_id: string;
  trigger_words: string[];
  callback_urls: string[];
  content_type: string;
}

export function getMyTeams(client: Client): Promise<Team[]> {
  return client.get('/users/me/teams');
}

export async function getPublicChannels(client: Client, teamId: string): Promise<Channel[]> {
  const channels = await client.get<Channel[]>(`/teams/${teamId}/channels?per_page=200`);
  return channels.filter((channel) => channel.type === 'O');
}

export interface HookRequest {
  teamId: string;
  channelId: string;
  triggerWords: string[];
  bridgeUrl: string;
}

export function createOutgoingHook(client: Client, request: HookRequest): Promise<OutgoingHook> {
  return client.post('/hooks/outgoing', {
    team_id: request.teamId,
    channel_id: request.channelId,
    display_name: 'MCP bridge',
    description: 'Sends posts to the MCP bridge, so connected assistants can react to them.',
    trigger_words: request.triggerWords,
    // 0: the first word of a post must equal a trigger word (with no trigger words, every post fires).
    trigger_when: 0,
    callback_urls: [`${request.bridgeUrl}/hooks/outgoing`],
    content_type: 'application/json',
  });
}

export function parseTriggerWords(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}
