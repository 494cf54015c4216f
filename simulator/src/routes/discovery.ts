import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import {
  AppError,
  badRequest,
  invalidParam,
  notImplemented,
  teamMemberNotFound,
} from '../http/errors.js';
import { body, idParam, pageOf } from '../http/params.js';
import {
  isAdmin,
  isTeamAdmin,
  requirePost,
  requireReadChannel,
  requireTeam,
} from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import { isGuest } from '../services/scheme-roles.js';
import type { Channel, Session, Team } from '../store/types.js';
import { byDisplayName, matches } from './channels.js';

/** Mattermost's answer when the caller may not learn where a post is: the same as no post. */
const postInfoNotFound = () =>
  new AppError(404, 'app.post.get.app_error', 'Unable to get the post.', 'resource not found');

/**
 * Whether the caller may learn where a post is, as Mattermost's `GetPostInfo` decides: they are in
 * the team or could join it, and they are in the channel or could see it (any public channel; a
 * private one when they may manage its members, a team admin's right; a direct or group message
 * only as a system admin).
 */
function mayLocate(ctx: SimContext, session: Session, channel: Channel, team?: Team): boolean {
  const { store } = ctx;
  const me = session.user_id;
  if (team && !store.isTeamMember(team.id, me)) {
    // join_public_teams / join_private_teams: every system user for open teams, admins for the rest.
    const mayJoin = isAdmin(ctx, session) || (team.allow_open_invite && !isGuest(ctx, me));
    if (!mayJoin) return false;
  }
  if (store.isChannelMember(channel.id, me)) return true;
  if (channel.type === 'O') return true;
  if (channel.type === 'P') return isTeamAdmin(ctx, session, channel.team_id);
  return isAdmin(ctx, session);
}

/** A team whose name or display name begins with the term, as Mattermost's team search matches. */
function teamMatches(team: Team, term: string): boolean {
  const t = term.toLowerCase();
  return team.name.toLowerCase().startsWith(t) || team.display_name.toLowerCase().startsWith(t);
}

/** Finding things across the server: where a post is, archived channels, teams, head counts. */
export function registerDiscoveryRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.get('/posts/:post_id/info', (req, res) => {
    const session = requireSession(req);
    const post = requirePost(ctx, idParam(req, 'post_id'));
    const channel = store.channels.get(post.channel_id);
    if (!channel) throw postInfoNotFound();
    const team = channel.team_id ? store.teams.get(channel.team_id) : undefined;
    if (!mayLocate(ctx, session, channel, team)) throw postInfoNotFound();
    sendJson(res, {
      channel_id: channel.id,
      channel_type: channel.type,
      channel_display_name: channel.display_name,
      has_joined_channel: store.isChannelMember(channel.id, session.user_id),
      ...(team
        ? {
            team_id: team.id,
            // Mattermost derives it from allow_open_invite, not from the team's type.
            team_type: team.allow_open_invite ? 'O' : 'I',
            team_display_name: team.display_name,
            has_joined_team: store.isTeamMember(team.id, session.user_id),
          }
        : { team_id: '', team_type: '', team_display_name: '', has_joined_team: false }),
    });
  });

  r.post('/teams/:team_id/channels/search_archived', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    // list_team_channels: the team's members (and system admins); anyone else is told there is no
    // such team member, as Mattermost looks the caller's membership up.
    if (!isAdmin(ctx, session) && !store.isTeamMember(team.id, session.user_id))
      throw teamMemberNotFound();
    // An empty term finds every archived channel the caller may see.
    const term = String(body(req)['term'] ?? '').trim();
    // Archived public channels, and the archived private channels the caller is in.
    const channels = [...store.channels.values()]
      .filter(
        (c) =>
          c.team_id === team.id &&
          c.delete_at > 0 &&
          (c.type === 'O' || store.isChannelMember(c.id, session.user_id)) &&
          matches(c, term),
      )
      .sort(byDisplayName);
    sendJson(res, channels.slice(0, 100));
  });

  r.get('/channels/:channel_id/common_teams', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    if (channel.type !== 'G')
      throw badRequest(
        'app.channel.get_common_teams.incorrect_channel_type',
        'Channel is not a group message.',
      );
    const members = [...store.channelMembersOf(channel.id)]
      .map((m) => store.user(m.user_id))
      .filter((u) => u !== undefined && u.delete_at === 0)
      .map((u) => u!.id);
    const teams = [...store.teams.values()]
      .filter((t) => t.delete_at === 0 && members.every((id) => store.isTeamMember(t.id, id)))
      .sort((a, b) => a.display_name.localeCompare(b.display_name));
    sendJson(res, teams);
  });

  r.post('/teams/search', (req, res) => {
    const session = requireSession(req);
    const b = body(req);
    const term = typeof b['term'] === 'string' ? b['term'] : '';
    // list_public_teams and list_private_teams: admins see every team; system users the open
    // ones (joined or not); guests have neither and find nothing.
    const admin = isAdmin(ctx, session);
    const guest = isGuest(ctx, session.user_id);
    const teams = [...store.teams.values()]
      .filter(
        (t) =>
          t.delete_at === 0 &&
          (admin || (!guest && t.allow_open_invite && t.type === 'O')) &&
          teamMatches(t, term),
      )
      .sort((a, b) => a.display_name.localeCompare(b.display_name));
    // Only those who may list every team can page: for the others Mattermost has no paging.
    if (!admin && !guest && (b['page'] !== undefined || b['per_page'] !== undefined))
      throw notImplemented(
        'api.team.search_teams.pagination_not_implemented.public_team_search',
        'Pagination not implemented for public team search.',
      );
    if (b['page'] === undefined || b['per_page'] === undefined) {
      sendJson(res, teams);
      return;
    }
    const page = Number(b['page']);
    const perPage = Number(b['per_page']);
    if (!Number.isInteger(page) || page < 0) throw invalidParam('page');
    if (!Number.isInteger(perPage) || perPage < 0) throw invalidParam('per_page');
    sendJson(res, { teams: pageOf(teams, page, perPage), total_count: teams.length });
  });

  r.get('/users/stats', (req, res) => {
    const session = requireSession(req);
    // Mattermost counts active accounts, bots included, that the caller may see: everyone with
    // view_members (every system user), only the people of their own channels for a guest.
    const me = session.user_id;
    const myChannels = isGuest(ctx, me) ? store.channelsOfUser(me) : undefined;
    const visible = (userId: string) =>
      !myChannels || myChannels.some((c) => store.isChannelMember(c.id, userId));
    const total = [...store.users.values()].filter(
      (u) => u.delete_at === 0 && visible(u.id),
    ).length;
    sendJson(res, { total_users_count: total });
  });
}
