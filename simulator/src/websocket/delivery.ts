import type { ServerEvent } from '../events.js';

/** What the delivery rules need to know about the live state of the workspace. */
export interface MembershipLookup {
  isChannelMember(channelId: string, userId: string): boolean;
  isTeamMember(teamId: string, userId: string): boolean;
}

/** One connection as the delivery rules see it. */
export interface Recipient {
  connectionId: string;
  userId: string;
  /** The channel named by the connection's last `presence` action; undefined when it never sent one. */
  presenceChannelId?: string;
}

/** Events that only go to connections looking at the channel (or that never said where they look). */
const PRESENCE_FILTERED = new Set(['typing', 'reaction_added', 'reaction_removed']);

/**
 * Whether `recipient` receives `event`, following Mattermost's order: connection_id,
 * omit_connection_id, user_id, omit_users, channel_id, team_id, otherwise everyone. Membership
 * is looked up at delivery time, so a user added to a channel a moment ago receives its events.
 */
export function shouldDeliver(
  event: ServerEvent,
  recipient: Recipient,
  membership: MembershipLookup,
): boolean {
  const b = event.broadcast;
  if (b.connection_id) return b.connection_id === recipient.connectionId;
  if (b.omit_connection_id && b.omit_connection_id === recipient.connectionId) return false;
  if (b.user_id) return b.user_id === recipient.userId;
  if (b.omit_users?.[recipient.userId]) return false;
  if (b.channel_id) {
    if (!membership.isChannelMember(b.channel_id, recipient.userId)) return false;
    if (PRESENCE_FILTERED.has(event.event) && recipient.presenceChannelId !== undefined) {
      return recipient.presenceChannelId === b.channel_id;
    }
    return true;
  }
  if (b.team_id) return membership.isTeamMember(b.team_id, recipient.userId);
  return true;
}

/** The event's data for one recipient: the shared payload with that user's own fields merged in. */
export function dataFor(event: ServerEvent, userId: string): Record<string, unknown> {
  const own = event.perUser?.[userId];
  return own ? { ...event.data, ...own } : event.data;
}

/** The broadcast object exactly as Mattermost serialises it: every field present. */
export function wireBroadcast(event: ServerEvent): Record<string, unknown> {
  const b = event.broadcast;
  return {
    omit_users: b.omit_users ?? null,
    user_id: b.user_id ?? '',
    channel_id: b.channel_id ?? '',
    team_id: b.team_id ?? '',
    connection_id: b.connection_id ?? '',
    omit_connection_id: b.omit_connection_id ?? '',
  };
}
