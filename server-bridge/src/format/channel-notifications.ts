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
