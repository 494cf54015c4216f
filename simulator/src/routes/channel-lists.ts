import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, forbidden } from '../http/errors.js';
import {
  body,
  boolQuery,
  idParam,
  pageOf,
  paging,
  stringArrayBody,
  stringParam,
  strQuery,
  userIdParam,
} from '../http/params.js';
import {
  canReadChannel,
  requireAdmin,
  requireSelfOrAdmin,
  requireTeam,
  requireTeamMember,
} from '../http/permissions.js';
import { sendJson } from '../http/respond.js';
import type { Channel } from '../store/types.js';
import { byDisplayName, channelNotFound, matches } from './channels.js';

/** A team's channels as lists, searches and lookups by name, and the channels of a user. */
export function registerChannelListRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.get('/teams/:team_id/channels', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const { page, perPage } = paging(req);
    const channels = [...store.channels.values()]
      .filter((c) => c.team_id === team.id && c.type === 'O' && c.delete_at === 0)
      .sort(byDisplayName);
    sendJson(res, pageOf(channels, page, perPage));
  });

  r.get('/teams/:team_id/channels/deleted', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const { page, perPage } = paging(req);
    const channels = [...store.channels.values()]
      .filter(
        (c) =>
          c.team_id === team.id &&
          c.delete_at > 0 &&
          (c.type === 'O' || store.isChannelMember(c.id, session.user_id)),
      )
      .sort(byDisplayName);
    sendJson(res, pageOf(channels, page, perPage));
  });

  r.get('/teams/:team_id/channels/private', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    const { page, perPage } = paging(req);
    const channels = [...store.channels.values()]
      .filter((c) => c.team_id === team.id && c.type === 'P' && c.delete_at === 0)
      .sort(byDisplayName);
    sendJson(res, pageOf(channels, page, perPage));
  });

  r.post('/teams/:team_id/channels/ids', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const ids = stringArrayBody(req, 'channel_ids');
    sendJson(
      res,
      ids
        .map((id) => store.channels.get(id))
        .filter((c): c is Channel => !!c && c.team_id === team.id && c.type === 'O'),
    );
  });

  r.post('/teams/:team_id/channels/search', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const term = String(body(req)['term'] ?? '');
    const channels = [...store.channels.values()]
      .filter(
        (c) => c.team_id === team.id && c.type === 'O' && c.delete_at === 0 && matches(c, term),
      )
      .sort(byDisplayName);
    sendJson(res, channels.slice(0, 100));
  });

  r.get('/teams/:team_id/channels/autocomplete', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const name = strQuery(req, 'name');
    const channels = [...store.channels.values()]
      .filter(
        (c) =>
          c.team_id === team.id &&
          c.delete_at === 0 &&
          canReadChannel(ctx, session, c) &&
          matches(c, name),
      )
      .sort(byDisplayName);
    sendJson(res, channels.slice(0, 50));
  });

  r.get('/teams/:team_id/channels/search_autocomplete', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const name = strQuery(req, 'name');
    const channels = store
      .channelsOfUser(session.user_id, team.id)
      .filter((c) => c.team_id === team.id && matches(c, name))
      .sort(byDisplayName);
    sendJson(res, channels.slice(0, 50));
  });

  r.get('/teams/:team_id/channels/name/:channel_name', (req, res) => {
    const session = requireSession(req);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    const channel = store.channelByName(team.id, stringParam(req, 'channel_name'));
    if (!channel || (channel.delete_at > 0 && !boolQuery(req, 'include_deleted')))
      throw channelNotFound();
    if (!canReadChannel(ctx, session, channel)) throw forbidden('read_channel');
    sendJson(res, channel);
  });

  r.get('/teams/name/:team_name/channels/name/:channel_name', (req, res) => {
    const session = requireSession(req);
    const team = store.teamByName(stringParam(req, 'team_name'));
    if (!team)
      throw new AppError(
        404,
        'app.team.get_by_name.missing.app_error',
        'Unable to find the existing team.',
        'resource not found',
      );
    const channel = store.channelByName(team.id, stringParam(req, 'channel_name'));
    if (!channel || (channel.delete_at > 0 && !boolQuery(req, 'include_deleted')))
      throw channelNotFound();
    if (!canReadChannel(ctx, session, channel)) throw forbidden('read_channel');
    sendJson(res, channel);
  });

  r.get('/users/:user_id/teams/:team_id/channels', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const team = requireTeam(ctx, idParam(req, 'team_id'));
    requireTeamMember(ctx, session, team.id);
    const includeDeleted = boolQuery(req, 'include_deleted');
    const channels = store
      .channelsOfUser(userId, team.id)
      .filter((c) => includeDeleted || c.delete_at === 0)
      .sort(byDisplayName);
    sendJson(res, channels);
  });

  r.get('/users/:user_id/channels', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const includeDeleted = boolQuery(req, 'include_deleted');
    const channels = store
      .channelsOfUser(userId)
      .filter((c) => includeDeleted || c.delete_at === 0)
      .sort(byDisplayName);
    sendJson(res, channels);
  });
}
