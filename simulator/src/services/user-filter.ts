import type { SimContext } from '../context.js';
import { invalidParam } from '../http/errors.js';
import { requireReadChannel, requireTeam, requireTeamMember } from '../http/permissions.js';
import type { Session, User } from '../store/types.js';
import { requireLicenseFor } from './groups.js';

/** Filters shared by `GET /users` and `POST /users/search`. */
export interface UserFilter {
  in_team?: string;
  not_in_team?: string;
  in_channel?: string;
  not_in_channel?: string;
  without_team?: boolean;
  active?: boolean;
  inactive?: boolean;
  role?: string;
  in_group?: string;
}

/**
 * Listing people of a place needs the right to see the place, as in Mattermost: reading the channel
 * for `in_channel`/`not_in_channel`, being in the team for `in_team`/`not_in_team`, a licence and a
 * readable group for `in_group`.
 */
export function requireFilterAccess(ctx: SimContext, session: Session, f: UserFilter): void {
  for (const channelId of [f.in_channel, f.not_in_channel])
    if (channelId) requireReadChannel(ctx, session, channelId);
  for (const teamId of [f.in_team, f.not_in_team]) {
    if (!teamId) continue;
    requireTeam(ctx, teamId);
    requireTeamMember(ctx, session, teamId);
  }
  if (f.in_group) {
    const group = ctx.store.groups.groups.get(f.in_group);
    if (!group) throw invalidParam('in_group');
    requireLicenseFor(ctx, group.source);
  }
}

export function filterUsers(ctx: SimContext, f: UserFilter): User[] {
  const { store } = ctx;
  return [...store.users.values()].filter((u) => {
    if (f.in_team && !store.isTeamMember(f.in_team, u.id)) return false;
    if (f.not_in_team && store.isTeamMember(f.not_in_team, u.id)) return false;
    if (f.in_channel && !store.isChannelMember(f.in_channel, u.id)) return false;
    if (f.not_in_channel && store.isChannelMember(f.not_in_channel, u.id)) return false;
    if (f.without_team && store.teamsOfUser(u.id).length > 0) return false;
    if (f.active && u.delete_at > 0) return false;
    if (f.inactive && u.delete_at === 0) return false;
    if (f.role && !u.roles.split(' ').includes(f.role)) return false;
    if (f.in_group && !store.groups.isMember(f.in_group, u.id)) return false;
    return true;
  });
}

export function matchesTerm(u: User, term: string): boolean {
  if (!term) return true;
  const t = term.toLowerCase().replace(/^@/, '');
  return [
    u.username,
    u.first_name,
    u.last_name,
    u.nickname,
    u.email,
    `${u.first_name} ${u.last_name}`,
  ].some((v) => v.toLowerCase().startsWith(t));
}
