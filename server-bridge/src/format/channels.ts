import { z } from 'zod';
import type { ServerChannel } from '../gateway/user-gateway.js';
import { oneLine } from './text.js';
import { pick, pickPresent } from './fields.js';

export const channelSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.string(),
  type: z.enum(['public', 'private', 'direct', 'group']),
  team: z.string().optional().describe('Team name; absent for direct and group messages.'),
  purpose: z.string().optional(),
  header: z.string().optional(),
  archived: z.boolean(),
});
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

const CHANNEL_TYPES = { O: 'public', P: 'private', D: 'direct', G: 'group' } as const;

/**
 * `teamName` names the channel's team; `dmName` replaces the opaque `id__id` name of a direct
 * message with the other person's `@username`.
 */
export function toChannelSummary(
  channel: ServerChannel,
  options: { teamName?: string; dmName?: string } = {},
): ChannelSummary {
  const type = CHANNEL_TYPES[channel.type as keyof typeof CHANNEL_TYPES] ?? 'public';
  return {
    ...pick(channel, 'id', 'name'),
    display_name: options.dmName ?? channel.display_name ?? channel.name,
    type,
    ...(options.teamName ? { team: options.teamName } : {}),
    ...pickPresent(channel, 'purpose', 'header'),
    archived: Boolean(channel.delete_at),
  };
}

/** How a person refers to the channel: `acme/~town-square`, or `@alice` for a DM. */
export function channelReference(channel: ChannelSummary): string {
  if (channel.type === 'direct') return channel.display_name;
  if (channel.type === 'group') return `group ${channel.display_name}`;
  return channel.team ? `${channel.team}/~${channel.name}` : `~${channel.name}`;
}

/** `acme/~town-square — Town Square · public · id … · purpose: …` */
export function formatChannelLine(channel: ChannelSummary): string {
  const parts = [`${channelReference(channel)} — ${channel.display_name}`, channel.type];
  if (channel.archived) parts.push('archived');
  parts.push(`id ${channel.id}`);
  if (channel.purpose) parts.push(`purpose: ${oneLine(channel.purpose)}`);
  return parts.join(' · ');
}
