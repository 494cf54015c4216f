import { z } from 'zod';
import { formatChannelLine, toChannelSummary, type ChannelSummary } from '../format/channels.js';
import type { ServerChannel, UserGateway } from '../gateway/user-gateway.js';
import { describeChannelPlace } from '../resolve/names.js';

/** The `channel` argument of every channel tool, with the forms it accepts. */
export const channelArg = z
  .string()
  .min(1)
  .describe('A channel id, ~name, team/name, or @username (direct message).');

/** A user argument: the forms resolveUser accepts. */
export const userArg = z
  .string()
  .min(1)
  .describe('A user id, @username (or bare username) or email address.');

/** A channel as the other tools describe it, with its team or DM partner named. */
export async function summarizeChannel(
  mm: UserGateway,
  channel: ServerChannel,
): Promise<ChannelSummary> {
  return toChannelSummary(channel, await describeChannelPlace(mm, channel));
}

/** `<verb> <channel line>`: the one-line answer of a tool that changed a channel. */
export async function channelChange(
  mm: UserGateway,
  verb: string,
  channel: ServerChannel,
): Promise<{ text: string; structured: ChannelSummary }> {
  const summary = await summarizeChannel(mm, channel);
  return { text: `${verb}: ${formatChannelLine(summary)}`, structured: summary };
}
