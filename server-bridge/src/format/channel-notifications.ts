import { z } from 'zod';
import { channelSummarySchema, formatChannelLine, type ChannelSummary } from './channels.js';

/**
 * Mattermost mutes a channel for a user by counting only mentions as unread (`mark_unread: "mention"`);
 * "all" (the default) is unmuted.
 */
export const MUTED_MARK_UNREAD = 'mention';
export const UNMUTED_MARK_UNREAD = 'all';

export const channelMuteSchema = channelSummarySchema.extend({
  muted: z.boolean().describe('True when only mentions count as unread and notify.'),
});
export type ChannelMute = z.infer<typeof channelMuteSchema>;

/** Whether a membership's notification settings mute the channel. */
export function isMuted(notifyProps: Record<string, unknown> | undefined): boolean {
  return notifyProps?.mark_unread === MUTED_MARK_UNREAD;
}

/** `Muted: ~town-square — Town Square · public · id …`, or `Unmuted: …`. */
export function formatMuteLine(channel: ChannelSummary, muted: boolean): string {
  return `${muted ? 'Muted' : 'Unmuted'}: ${formatChannelLine(channel)}`;
}

/** The levels Mattermost accepts for desktop and push notifications of a channel. */
export const NOTIFY_LEVELS = ['default', 'all', 'mention', 'none'] as const;

export const channelNotificationsSchema = channelMuteSchema.extend({
  desktop: z.string().describe('default (your account setting), all, mention or none.'),
  push: z.string().describe('default (your account setting), all, mention or none.'),
  ignore_channel_mentions: z
    .boolean()
    .describe('True when @channel, @all and @here do not notify you.'),
});
export type ChannelNotifications = z.infer<typeof channelNotificationsSchema>;

/** A membership's notification settings as the tools report them, defaults filled in. */
export function toNotificationSettings(notifyProps: Record<string, unknown> | undefined): {
  muted: boolean;
  desktop: string;
  push: string;
  ignore_channel_mentions: boolean;
} {
  const level = (key: string) => {
    const value = notifyProps?.[key];
    return typeof value === 'string' && value ? value : 'default';
  };
  return {
    muted: isMuted(notifyProps),
    desktop: level('desktop'),
    push: level('push'),
    ignore_channel_mentions: notifyProps?.ignore_channel_mentions === 'on',
  };
}

/** `Notifications in ~x — X · …: desktop mention · push none · muted · channel-wide mentions ignored` */
export function formatNotificationsLine(settings: ChannelNotifications): string {
  const parts = [`desktop ${settings.desktop}`, `push ${settings.push}`];
  if (settings.muted) parts.push('muted');
  if (settings.ignore_channel_mentions) parts.push('channel-wide mentions ignored');
  return `Notifications in ${formatChannelLine(settings)}: ${parts.join(' · ')}`;
}
