import { channelReference, toChannelSummary } from '../format/channels.js';
import { channelUnreads, isMuted, rankUnreads, type UnreadChannel } from '../format/unreads.js';
import type {
  ChannelMembership,
  ServerChannel,
  Team,
  UserGateway,
} from '../gateway/user-gateway.js';
import { readsCollapsedThreads } from './reading-mode.js';
import { directMessageNames } from './direct-messages.js';

/**
 * What is unread for the acting person in `teams`, ranked, as their Mattermost app counts it: the
 * one computation behind the `get_unreads` tool, the `mattermost://me/unreads` resource and the
 * `catch_up` prompt, so an assistant gets the same answer whichever it asks. Two requests per team
 * (channels with their totals, memberships with what was read), two for the reading mode, and one
 * for the partners of direct messages.
 */
export async function unreadChannels(
  mm: UserGateway,
  teams: readonly Team[],
): Promise<UnreadChannel[]> {
  const [collapsed, perTeam] = await Promise.all([
    readsCollapsedThreads(mm),
    Promise.all(
      teams.map((team) =>
        Promise.all([mm.getMyChannels(team.id), mm.getMyChannelMembers(team.id)]),
      ),
    ),
  ]);
  // Direct and group messages come back with every team: one entry each.
  const channels = new Map<string, ServerChannel>();
  const members = new Map<string, ChannelMembership>();
  for (const [teamChannels, teamMembers] of perTeam) {
    for (const channel of teamChannels) channels.set(channel.id, channel);
    for (const member of teamMembers) members.set(member.channel_id, member);
  }
  const teamNames = new Map(teams.map((team) => [team.id, team.name]));
  const dmNames = await directMessageNames(mm, [...channels.values()]);

  return rankUnreads(
    [...channels.values()],
    [...members.values()],
    (channel) => {
      const summary =
        channel.type === 'D'
          ? toChannelSummary(channel, { dmName: dmNames.get(channel.id) })
          : toChannelSummary(channel, { teamName: teamNames.get(channel.team_id) });
      return { reference: channelReference(summary), displayName: summary.display_name };
    },
    collapsed,
  );
}

/** One channel's unread state, counted as {@link unreadChannels} counts every channel. */
export interface ChannelUnreadState {
  unread: number;
  mentions: number;
  muted: boolean;
  /** Replies count in their threads, not in the channel. */
  collapsed: boolean;
  /** When the person last read the channel (Unix ms): later posts are unread. */
  lastViewedAt: number;
}

/**
 * What is unread in one channel for the acting person, from Mattermost's own fresh counts
 * (`GET /users/{uid}/channels/{cid}/unread`, never a cached total), through the same CRT-aware
 * rule as the list of unread channels, so the two always agree.
 */
export async function channelUnreadState(
  mm: UserGateway,
  channelId: string,
): Promise<ChannelUnreadState> {
  const [collapsed, counts, member] = await Promise.all([
    readsCollapsedThreads(mm),
    mm.getChannelUnread(channelId),
    mm.getMyChannelMember(channelId),
  ]);
  // The answer counts what is unread already: as totals with nothing of them read.
  const { unread, mentions } = channelUnreads(
    { total_msg_count: counts.msg_count, total_msg_count_root: counts.msg_count_root },
    {
      msg_count: 0,
      msg_count_root: 0,
      mention_count: counts.mention_count,
      mention_count_root: counts.mention_count_root,
    },
    collapsed,
  );
  return {
    unread,
    mentions,
    muted: isMuted(member),
    collapsed,
    lastViewedAt: member.last_viewed_at,
  };
}
