import { z } from 'zod';
import {
  channelMuteSchema,
  formatMuteLine,
  MUTED_MARK_UNREAD,
  UNMUTED_MARK_UNREAD,
} from '../format/channel-notifications.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import { resolveChannel } from '../resolve/names.js';
import { channelArg, summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';

/** Mutes or unmutes a channel for the user and answers the channel with its new state. */
async function setMuted(mm: UserGateway, ref: string, muted: boolean) {
  const channel = await resolveChannel(mm, ref);
  await mm.setMyChannelNotifyProps(channel.id, {
    mark_unread: muted ? MUTED_MARK_UNREAD : UNMUTED_MARK_UNREAD,
  });
  const summary = await summarizeChannel(mm, channel);
  return { text: formatMuteLine(summary, muted), structured: { ...summary, muted } };
}

const muteChannel = defineTool({
  name: 'mute_channel',
  title: 'Mute a channel',
  description:
    'Mutes a channel you are in: its messages no longer count as unread or notify you, except mentions of ' +
    'you. Undo with unmute_channel.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({ channel: channelArg }),
  output: channelMuteSchema,
  handler: (args, { mm }) => setMuted(mm, args.channel, true),
});

const unmuteChannel = defineTool({
  name: 'unmute_channel',
  title: 'Unmute a channel',
  description: 'Unmutes a channel you are in, so every new message counts as unread again.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({ channel: channelArg }),
  output: channelMuteSchema,
  handler: (args, { mm }) => setMuted(mm, args.channel, false),
});

export const channelNotificationTools = [muteChannel, unmuteChannel];
