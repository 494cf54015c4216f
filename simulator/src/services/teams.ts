import type { SimContext } from '../context.js';
import { badRequest } from '../http/errors.js';
import { newId } from '../ids.js';
import type { Team, TeamMember } from '../store/types.js';
import { addChannelMember, createChannel, removeChannelMember } from './channels.js';
import { newMemberFlags, rolesOf } from './scheme-roles.js';
import { postMemberAdded, postTeamMemberAdded, postTeamMemberRemoved } from './system-posts.js';

const TEAM_NAME = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
export const DEFAULT_CHANNELS = ['town-square', 'off-topic'];

export function createTeam(
  ctx: SimContext,
  input: {
    name: string;
    display_name: string;
    type?: 'O' | 'I';
    description?: string;
    create_at?: number;
  },
  creatorId?: string,
): Team {
  const name = input.name?.toLowerCase() ?? '';
  if (!TEAM_NAME.test(name) || name.length < 2)
    throw badRequest('model.team.is_valid.url.app_error', 'Invalid URL.');
  if (!input.display_name) throw badRequest('model.team.is_valid.name.app_error', 'Invalid name.');
  if (ctx.store.teamByName(name)) {
    throw badRequest('app.team.save.existing.app_error', 'A team with that name already exists.');
  }
  const now = input.create_at ?? ctx.now();
  const team: Team = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    display_name: input.display_name,
    name,
    description: input.description ?? '',
    email: '',
    type: input.type ?? 'O',
    company_name: '',
    allowed_domains: '',
    invite_id: newId(),
    allow_open_invite: (input.type ?? 'O') === 'O',
    scheme_id: '',
    group_constrained: false,
    policy_id: null,
    last_team_icon_update: 0,
  };
  ctx.store.teams.set(team.id, team);
  createChannel(
    ctx,
    {
      team_id: team.id,
      name: 'town-square',
      display_name: 'Town Square',
      type: 'O',
      create_at: now,
    },
    '',
  );
  createChannel(
    ctx,
    { team_id: team.id, name: 'off-topic', display_name: 'Off-Topic', type: 'O', create_at: now },
    '',
  );
  if (creatorId) addTeamMember(ctx, team.id, creatorId, { admin: true });
  return team;
}

/**
 * Adds a user to a team and to its default channels, as Mattermost does. With `addedBy` (a user's
 * action) the default channels get Mattermost's messages: town-square `system_join_team` or
 * `system_add_to_team`, the others `system_join_channel` or `system_add_to_channel`.
 */
export function addTeamMember(
  ctx: SimContext,
  teamId: string,
  userId: string,
  options: { admin?: boolean; at?: number; addedBy?: string } = {},
): TeamMember {
  const { store } = ctx;
  const existing = store.teamMembers.get(teamId, userId);
  if (existing && existing.delete_at === 0) return existing;
  const flags = newMemberFlags(ctx, userId, options.admin);
  const member: TeamMember = {
    team_id: teamId,
    user_id: userId,
    roles: rolesOf('team', flags),
    delete_at: 0,
    ...flags,
    explicit_roles: '',
    create_at: options.at ?? ctx.now(),
  };
  store.teamMembers.set(teamId, userId, member);
  ctx.bus.publish({
    event: 'added_to_team',
    data: { team_id: teamId, user_id: userId },
    broadcast: { user_id: userId },
  });
  for (const name of DEFAULT_CHANNELS) {
    const channel = store.channelByName(teamId, name);
    if (!channel || channel.delete_at > 0 || store.isChannelMember(channel.id, userId)) continue;
    addChannelMember(ctx, channel.id, userId, { at: options.at });
    if (!options.addedBy) continue;
    if (name === 'town-square') postTeamMemberAdded(ctx, channel, userId, options.addedBy);
    else postMemberAdded(ctx, channel, userId, options.addedBy);
  }
  return member;
}

/**
 * Removes a user from a team and from every channel of it; town-square gets `system_leave_team` or
 * `system_remove_from_team` (the channels themselves get no message each, as in Mattermost).
 */
export function removeTeamMember(
  ctx: SimContext,
  teamId: string,
  userId: string,
  removerId: string,
): void {
  const { store } = ctx;
  const member = store.teamMember(teamId, userId);
  if (!member) return;
  for (const channel of store.channelsOfUser(userId, teamId)) {
    if (channel.team_id === teamId)
      removeChannelMember(ctx, channel.id, userId, removerId, { announce: false });
  }
  member.delete_at = ctx.now();
  ctx.bus.publish({
    event: 'leave_team',
    data: { team_id: teamId, user_id: userId },
    broadcast: { team_id: teamId },
  });
  ctx.bus.publish({
    event: 'leave_team',
    data: { team_id: teamId, user_id: userId },
    broadcast: { user_id: userId },
  });
  postTeamMemberRemoved(ctx, store.channelByName(teamId, 'town-square'), userId, removerId);
}
