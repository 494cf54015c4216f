import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import {
  AppError,
  appErrorBody,
  forbidden,
  invalidParam,
  teamMemberNotFound,
} from '../http/errors.js';
import { isValidId } from '../ids.js';
import {
  body,
  boolQuery,
  idParam,
  pageOf,
  paging,
  stringArrayBody,
  stringParam,
  userIdParam,
} from '../http/params.js';
import {
  canAddToTeam,
  isAdmin,
  isTeamAdmin,
  requireSelfOrAdmin,
  requireTeam,
  requireTeamMember,
} from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { addTeamMember, createTeam, removeTeamMember } from '../services/teams.js';
import { requireUser } from '../services/users.js';
import { isGuest } from '../services/scheme-roles.js';
import type { Session, Team, TeamMember } from '../store/types.js';

function presentMember(m: TeamMember) {
  const { create_at: _c, ...rest } = m;
  return rest;
}

function teamUnread(ctx: SimContext, teamId: string, userId: string) {
  let msg = 0;
  let mentions = 0;
  let msgRoot = 0;
  let mentionsRoot = 0;
  for (const c of ctx.store.channelsOfUser(userId, teamId)) {
    if (c.team_id !== teamId || c.delete_at > 0) continue;
    const m = ctx.store.channelMember(c.id, userId);
    if (!m) continue;
    msg += Math.max(0, c.total_msg_count - m.msg_count);
    msgRoot += Math.max(0, c.total_msg_count_root - m.msg_count_root);
    mentions += m.mention_count;
    mentionsRoot += m.mention_count_root;
  }
  return {
    team_id: teamId,
    msg_count: msg,
    mention_count: mentions,
    msg_count_root: msgRoot,
    mention_count_root: mentionsRoot,
    thread_count: 0,
    thread_mention_count: 0,
    thread_urgent_mention_count: 0,
  };
}

/** Joining needs an admin, a (non-guest) member of the team, or an open team for oneself. */
function requireCanAdd(ctx: SimContext, session: Session, team: Team, userId: string): void {
  if (canAddToTeam(ctx, session, team.id)) return;
  if (userId === session.user_id && team.allow_open_invite && team.type === 'O') return;
  throw forbidden('add_user_to_team');
}

export function registerTeamRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/teams', (req, res) => {
    const session = requireSession(req);
    // create_team belongs to system users by default, not to guests.
    if (isGuest(ctx, session.user_id)) throw forbidden('create_team');
    const b = body(req);
    const team = createTeam(
      ctx,
      {
        name: String(b['name'] ?? ''),
        display_name: String(b['display_name'] ?? ''),
        type: b['type'] === 'I' ? 'I' : 'O',
        description: typeof b['description'] === 'string' ? b['description'] : '',
      },
      session.user_id,
    );
    sendJson(res, team, 201);
  });

  r.get('/teams', (req, res) => {
    const session = requireSession(req);
    const { page, perPage } = paging(req);
    const admin = isAdmin(ctx, session);
    const teams = [...store.teams.values()]
      .filter(
        (t) =>
          t.delete_at === 0 &&
          (admin || t.allow_open_invite || store.isTeamMember(t.id, session.user_id)),
      )
      .sort((a, b) => a.display_name.localeCompare(b.display_name));
    const slice = pageOf(teams, page, perPage);
    if (boolQuery(req, 'include_total_count'))
      sendJson(res, { teams: slice, total_count: teams.length });
    else sendJson(res, slice);
  });

  r.get('/teams/name/:name/exists', (req, res) => {
    requireSession(req);
    sendJson(res, { exists: store.teamByName(stringParam(req, 'name')) !== undefined });
  });

  r.get('/teams/name/:name', (req, res) => {
    const session = requireSession(req);
    const team = store.teamByName(stringParam(req, 'name'));
    if (!team)
      throw new AppError(
        404,
        'app.team.get_by_name.missing.app_error',
        'Unable to find the existing team.',
        'resource not found',
      );
    if (
      !isAdmin(ctx, session) &&
      !store.isTeamMember(team.id, session.user_id) &&
      !team.allow_open_invite
    )
      throw forbidden('view_team');
    sendJson(res, team);
  });

  r.get('/teams/:team_id', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    if (
      !isAdmin(ctx, session) &&
      !store.isTeamMember(team.id, session.user_id) &&
      !team.allow_open_invite
    )
      throw forbidden('view_team');
    sendJson(res, team);
  });

  r.put('/teams/:team_id/patch', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    if (!isTeamAdmin(ctx, session, team.id)) throw forbidden('manage_team');
    const b = body(req);
    for (const key of ['display_name', 'description', 'company_name', 'allowed_domains'] as const) {
      if (typeof b[key] === 'string') team[key] = b[key] as string;
    }
    if (typeof b['allow_open_invite'] === 'boolean')
      team.allow_open_invite = b['allow_open_invite'];
    team.update_at = ctx.now();
    ctx.bus.publish({ event: 'update_team', data: { team: JSON.stringify(team) }, broadcast: {} });
    sendJson(res, team);
  });

  r.delete('/teams/:team_id', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    if (!isTeamAdmin(ctx, session, team.id)) throw forbidden('manage_team');
    team.delete_at = ctx.now();
    team.update_at = team.delete_at;
    ctx.bus.publish({ event: 'delete_team', data: { team: JSON.stringify(team) }, broadcast: {} });
    sendOk(res);
  });

  r.get('/teams/:team_id/stats', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const members = store.teamMembersOf(team.id);
    const active = members.filter((m) => (store.user(m.user_id)?.delete_at ?? 1) === 0);
    sendJson(res, {
      team_id: team.id,
      total_member_count: members.length,
      active_member_count: active.length,
    });
  });

  r.get('/teams/:team_id/members', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const { page, perPage } = paging(req);
    const members = store
      .teamMembersOf(team.id)
      .sort((a, b) => a.create_at - b.create_at || a.user_id.localeCompare(b.user_id));
    sendJson(res, pageOf(members, page, perPage).map(presentMember));
  });

  r.post('/teams/:team_id/members/ids', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const ids = stringArrayBody(req, 'user_ids');
    sendJson(
      res,
      ids
        .map((id) => store.teamMember(team.id, id))
        .filter((m) => m !== undefined)
        .map(presentMember),
    );
  });

  r.get('/teams/:team_id/members/:user_id', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const member = store.teamMember(team.id, userIdParam(req, session));
    if (!member) throw teamMemberNotFound();
    sendJson(res, presentMember(member));
  });

  r.post('/teams/:team_id/members', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    const b = body(req);
    const userId = typeof b['user_id'] === 'string' ? b['user_id'] : '';
    if (!userId) throw invalidParam('user_id');
    if (typeof b['team_id'] === 'string' && b['team_id'] !== team.id) throw invalidParam('team_id');
    const user = requireUser(ctx, userId);
    requireCanAdd(ctx, session, team, user.id);
    sendJson(
      res,
      presentMember(addTeamMember(ctx, team.id, user.id, { addedBy: session.user_id })),
      201,
    );
  });

  r.post('/teams/:team_id/members/batch', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    const graceful = String(req.query['graceful'] ?? '') !== '';
    const list: unknown = req.body;
    if (!Array.isArray(list)) throw invalidParam('members');
    const userIds = list.map((m: { team_id?: unknown; user_id?: unknown }) => {
      if (m?.team_id !== team.id)
        throw invalidParam(`team_id for member with user_id=${String(m?.user_id)}`);
      if (!isValidId(m.user_id)) throw invalidParam('user_id');
      return m.user_id;
    });
    // One permission for the whole batch, even for oneself: `add_user_to_team` on the team.
    if (!canAddToTeam(ctx, session, team.id)) throw forbidden('add_user_to_team');
    const results = userIds.map((userId) => {
      try {
        const user = requireUser(ctx, userId);
        const member = addTeamMember(ctx, team.id, user.id, { addedBy: session.user_id });
        return { user_id: userId, member: presentMember(member), error: null };
      } catch (err) {
        // Without `graceful` the first failure ends the batch; those added before stay added.
        if (!graceful || !(err instanceof AppError)) throw err;
        return { user_id: userId, member: null, error: appErrorBody(req, err) };
      }
    });
    sendJson(res, graceful ? results : results.map((r) => r.member), 201);
  });

  r.delete('/teams/:team_id/members/:user_id', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    const userId = userIdParam(req, session);
    if (userId !== session.user_id && !isTeamAdmin(ctx, session, team.id))
      throw forbidden('remove_user_from_team');
    if (!store.teamMember(team.id, userId)) throw teamMemberNotFound();
    removeTeamMember(ctx, team.id, userId, session.user_id);
    sendOk(res);
  });

  r.get('/users/:user_id/teams', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    sendJson(res, store.teamsOfUser(userId));
  });

  r.get('/users/:user_id/teams/members', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    sendJson(
      res,
      store.teamsOfUser(userId).map((t) => presentMember(store.teamMember(t.id, userId)!)),
    );
  });

  r.get('/users/:user_id/teams/unread', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const exclude = String(req.query['exclude_team'] ?? '');
    sendJson(
      res,
      store
        .teamsOfUser(userId)
        .filter((t) => t.id !== exclude)
        .map((t) => teamUnread(ctx, t.id, userId)),
    );
  });

  r.get('/users/:user_id/teams/:team_id/unread', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    sendJson(res, teamUnread(ctx, team.id, userId));
  });
}
