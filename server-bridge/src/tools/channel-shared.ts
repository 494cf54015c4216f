import {
  channelSummarySchema,
  formatChannelLine,
  toChannelSummary,
  type ChannelSummary,
} from '../format/channels.js';
import type { ServerChannel, UserGateway } from '../gateway/user-gateway.js';
import { describeChannelPlace } from '../resolve/names.js';
import type { ToolKind } from './define.js';
import { listAnswer } from './paging.js';
import { channelTool } from './subject-tools.js';

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

/** One page of channels as the list tools answer it: the header, a line per channel, the marker. */
export function channelPage(
  channels: ChannelSummary[],
  header: string,
  next: string | undefined,
  budgetChars: number,
) {
  return listAnswer('channels', channels, {
    header,
    lines: channels.map(formatChannelLine),
    next,
    budgetChars,
  });
}

/** A tool that does one thing to one channel and answers with the channel (favorite, join...). */
export interface ChannelAction {
  name: string;
  title: string;
  description: string;
  kind: Exclude<ToolKind, 'read'>;
  /** What the answer's line starts with: `Joined`, `Archived`. */
  done: string;
  /** Does it, refusing with a ToolError what cannot be done; returns the channel as it is after when it changed. */
  act(mm: UserGateway, channel: ServerChannel): Promise<ServerChannel | void>;
}

export function channelActionTool(action: ChannelAction) {
  return channelTool({
    name: action.name,
    title: action.title,
    description: action.description,
    toolset: 'channels',
    kind: action.kind,
    output: channelSummarySchema,
    async handler(channel, { mm }) {
      const after = await action.act(mm, channel);
      return channelChange(mm, action.done, after ?? channel);
    },
  });
}
