import type { ServerChannel, Team, UserGateway, UserProfile } from '../gateway/user-gateway.js';

/** One of the user's channels with the team it belongs to (none for direct and group messages). */
export interface PlacedChannel {
  channel: ServerChannel;
  team?: Team;
  /** For a direct message: the other person (yourself for your own notes). */
  partner?: UserProfile;
}

/** The other member of a direct-message channel, whose name is `id1__id2`. */
export function dmPartnerId(channel: ServerChannel, selfId: string): string {
  return channel.name.split('__').find((id) => id !== selfId) ?? selfId;
}

/**
 * The user's channels across teams, each once, with their team and, for direct messages, the
 * person at the other end (looked up in one batch).
 */
export async function placedChannels(mm: UserGateway): Promise<PlacedChannel[]> {
  const teams = await mm.getMyTeams();
  const seen = new Map<string, PlacedChannel>();
  for (const team of teams) {
    for (const channel of await mm.getMyChannels(team.id)) {
      if (seen.has(channel.id)) continue;
      const direct = channel.type === 'D' || channel.type === 'G';
      seen.set(channel.id, direct ? { channel } : { channel, team });
    }
  }
  const partners = [...seen.values()]
    .filter((p) => p.channel.type === 'D')
    .map((p) => dmPartnerId(p.channel, mm.userId));
  const users = partners.length ? await mm.getUsersByIds(partners) : new Map();
  for (const placed of seen.values()) {
    if (placed.channel.type !== 'D') continue;
    const partner = users.get(dmPartnerId(placed.channel, mm.userId));
    if (partner) placed.partner = partner;
  }
  return [...seen.values()];
}

/**
 * A channel's name as a person reads it: `DM with @bob`, `Group with alice, bob`, or the team and
 * the channel's display name (`acme / Town Square`), so same-named channels of two teams differ.
 */
export function channelName(placed: PlacedChannel): string {
  const { channel, team, partner } = placed;
  if (channel.type === 'D')
    return partner ? `DM with @${partner.username}` : 'DM with a user you cannot see';
  if (channel.type === 'G') return `Group with ${channel.display_name || 'several people'}`;
  return `${team?.name ?? channel.team_id} / ${channel.display_name || channel.name}`;
}

/** How a channel is named where a reference is expected: `@bob` for a DM, else `team/~name`. */
export function channelReference(placed: PlacedChannel): string {
  const { channel, team, partner } = placed;
  if (channel.type === 'D' && partner) return `@${partner.username}`;
  if (channel.type === 'D' || channel.type === 'G' || !team) return channel.id;
  return `${team.name}/~${channel.name}`;
}

/** Every form a person may type for a channel: the ones the tools accept, and its name. */
export function channelForms(placed: PlacedChannel): string[] {
  const { channel, team, partner } = placed;
  const forms = [channel.id, channelName(placed), channel.display_name];
  if (partner) forms.push(`@${partner.username}`, partner.username, fullName(partner));
  if (team && channel.type !== 'D' && channel.type !== 'G') {
    forms.push(
      channel.name,
      `~${channel.name}`,
      `${team.name}/~${channel.name}`,
      `${team.name}/${channel.name}`,
    );
  }
  return forms.filter(Boolean);
}

/** Every form a person may type for a user. */
export function userForms(user: UserProfile): string[] {
  return [user.id, `@${user.username}`, user.username, fullName(user), user.nickname ?? ''].filter(
    Boolean,
  );
}

function fullName(user: UserProfile): string {
  return `${user.first_name ?? ''} ${user.last_name ?? ''}`.trim();
}
