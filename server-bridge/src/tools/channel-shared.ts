import { formatChannelLine, toChannelSummary, type ChannelSummary } from '../format/channels.js';
import type { ServerChannel, UserGateway } from '../gateway/user-gateway.js';
import { describeChannelPlace } from '../resolve/names.js';

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
