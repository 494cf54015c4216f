import { z } from 'zod';
import { channelTool } from './subject-tools.js';
import {
  channelMuteSchema,
  channelNotificationsSchema,
  formatMuteLine,
  formatNotificationsLine,
  MUTED_MARK_UNREAD,
  NOTIFY_LEVELS,
  toNotificationSettings,
  UNMUTED_MARK_UNREAD,
} from '../format/channel-notifications.js';
import { resolveChannel } from '../resolve/names.js';
import { summarizeChannel } from './channel-shared.js';
import { defineTool } from './define.js';
import { channelArg } from './arguments.js';
import { ToolError } from '../errors.js';

/** mute_channel or unmute_channel: sets the mute and answers the channel with its new state. */
function muteTool(muted: boolean) {
  return channelTool({
    name: muted ? 'mute_channel' : 'unmute_channel',
    title: muted ? 'Mute a channel' : 'Unmute a channel',
    description: muted
      ? 'Mutes a channel you are in: its messages no longer count as unread or notify you, except ' +
        'mentions of you. Undo with unmute_channel.'
      : 'Unmutes a channel you are in, so every new message counts as unread again.',
    toolset: 'channels',
    kind: 'write',
    output: channelMuteSchema,
    async handler(channel, { mm }) {
      await mm.setMyChannelNotifyProps(channel.id, {
        mark_unread: muted ? MUTED_MARK_UNREAD : UNMUTED_MARK_UNREAD,
      });
      const summary = await summarizeChannel(mm, channel);
      return { text: formatMuteLine(summary, muted), structured: { ...summary, muted } };
    },
  });
}

const muteChannel = muteTool(true);
const unmuteChannel = muteTool(false);

const setChannelNotifications = defineTool({
  name: 'set_channel_notifications',
  title: 'Set channel notifications',
  description:
    'Sets how a channel you are in notifies you: desktop and push levels (all, mention, none, or default ' +
    'for your account setting) and whether @channel/@all/@here notify you. Answers the settings now in force.',
  toolset: 'channels',
  kind: 'write',
  input: z.object({
    channel: channelArg(),
    desktop: z
      .enum(NOTIFY_LEVELS)
      .optional()
      .describe('Desktop notifications: default, all, mention or none.'),
    push: z
      .enum(NOTIFY_LEVELS)
      .optional()
      .describe('Mobile push notifications: default, all, mention or none.'),
    ignore_channel_mentions: z
      .boolean()
      .optional()
      .describe('True so @channel, @all and @here no longer notify you here.'),
  }),
  output: channelNotificationsSchema,
  async handler(args, { mm }) {
    const props: Record<string, string> = {};
    if (args.desktop) props.desktop = args.desktop;
    if (args.push) props.push = args.push;
    if (args.ignore_channel_mentions !== undefined)
      props.ignore_channel_mentions = args.ignore_channel_mentions ? 'on' : 'off';
    if (!Object.keys(props).length)
      throw new ToolError('Give at least one of desktop, push or ignore_channel_mentions.');
    const channel = await resolveChannel(mm, args.channel);
    await mm.setMyChannelNotifyProps(channel.id, props);
    const [member, summary] = await Promise.all([
      mm.getMyChannelMember(channel.id),
      summarizeChannel(mm, channel),
    ]);
    const structured = { ...summary, ...toNotificationSettings(member.notify_props) };
    return { text: formatNotificationsLine(structured), structured };
  },
});

const getChannelNotifications = channelTool({
  name: 'get_channel_notifications',
  title: 'Get channel notifications',
  description:
    'Tells how a channel you are in notifies you: muted or not, desktop and push levels, and whether ' +
    '@channel/@all/@here notify you.',
  toolset: 'channels',
  kind: 'read',
  output: channelNotificationsSchema,
  async handler(channel, { mm }) {
    const [member, summary] = await Promise.all([
      mm.getMyChannelMember(channel.id),
      summarizeChannel(mm, channel),
    ]);
    const structured = { ...summary, ...toNotificationSettings(member.notify_props) };
    return { text: formatNotificationsLine(structured), structured };
  },
});

export const channelNotificationTools = [
  muteChannel,
  unmuteChannel,
  getChannelNotifications,
  setChannelNotifications,
];
