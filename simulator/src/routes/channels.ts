import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest, forbidden, invalidParam } from '../http/errors.js';
import { body, idParam, pageOf, stringArrayBody } from '../http/params.js';
import {
  isAdmin,
  requireAdmin,
  requireChannel,
  requireChannelMember,
  requireReadChannel,
  requireTeam,
  requireTeamMember,
} from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import {
  archiveChannel,
  createChannel,
  getOrCreateDirect,
  getOrCreateGroup,
  groupChannelName,
  publishChannelUpdated,
  restoreChannel,
} from '../services/channels.js';
import { requireUser } from '../services/users.js';
import { postChannelChanges, type ChannelTexts } from '../services/system-posts.js';
import type { Channel } from '../store/types.js';

/** Managing a channel's properties: any member in Mattermost's default scheme. */
const channelManagePermission = 'manage_public_channel_properties';

export const channelNotFound = () =>
  new AppError(
    404,
    'app.channel.get_by_name.missing.app_error',
    'Channel does not exist.',
    'resource not found',
  );

export function matches(c: Channel, term: string): boolean {
  const t = term.toLowerCase();
  return (
    c.name.toLowerCase().includes(t) ||
    c.display_name.toLowerCase().includes(t) ||
    c.purpose.toLowerCase().includes(t)
  );
}

export function byDisplayName(a: Channel, b: Channel): number {
  return a.display_name.localeCompare(b.display_name);
}

/** The texts whose changes Mattermost announces with a system message. */
const channelTexts = (channel: Channel): ChannelTexts => ({
  display_name: channel.display_name,
  header: channel.header,
  purpose: channel.purpose,
});

/** Applies the fields a channel patch may change. */
function applyPatch(ctx: SimContext, channel: Channel, patch: Record<string, unknown>): void {
  if (typeof patch['name'] === 'string' && patch['name'] !== channel.name) {
    // Direct and group messages are named by their members; a team's default channel keeps its name.
    if (channel.type === 'D' || channel.type === 'G' || channel.name === 'town-square')
      throw badRequest(
        'api.channel.update_channel.tried.app_error',
        'Tried to perform an invalid update of the default channel.',
      );
    const name = patch['name'].toLowerCase();
    if (ctx.store.channelByName(channel.team_id, name))
      throw badRequest(
        'store.sql_channel.update.exists.app_error',
        'A channel with that handle already exists.',
      );
    channel.name = name;
  }
  if (typeof patch['display_name'] === 'string') {
    if (!patch['display_name'] || patch['display_name'].length > 64)
      throw invalidParam('display_name');
    channel.display_name = patch['display_name'];
  }
  if (typeof patch['header'] === 'string') channel.header = patch['header'].slice(0, 1024);
  if (typeof patch['purpose'] === 'string') channel.purpose = patch['purpose'].slice(0, 250);
  channel.update_at = ctx.now();
}

/** A patch or update as Mattermost makes it: applied, published, and its text changes announced. */
function updateChannel(
  ctx: SimContext,
  channel: Channel,
  patch: Record<string, unknown>,
  userId: string,
): void {
  const before = channelTexts(channel);
  applyPatch(ctx, channel, patch);
  publishChannelUpdated(ctx, channel);
  postChannelChanges(ctx, channel, before, userId);
}

export function registerChannelRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/channels', (req, res) => {
    const session = requireSession(req);
    const b = body(req);
    const teamId = typeof b['team_id'] === 'string' ? b['team_id'] : '';
    const type = b['type'];
    if (type !== 'O' && type !== 'P') throw invalidParam('type');
    requireTeam(ctx, teamId);
    requireTeamMember(ctx, session, teamId);
    const channel = createChannel(
      ctx,
      {
        team_id: teamId,
        name: String(b['name'] ?? ''),
        display_name: String(b['display_name'] ?? ''),
        type,
        purpose: typeof b['purpose'] === 'string' ? b['purpose'] : '',
        header: typeof b['header'] === 'string' ? b['header'] : '',
      },
      session.user_id,
    );
    sendJson(res, channel, 201);
  });

  r.post('/channels/direct', (req, res) => {
    const session = requireSession(req);
    const ids = stringArrayBody(req, 'user_ids');
    if (ids.length !== 2) throw invalidParam('user_ids');
    const [a, b] = ids as [string, string];
    if (!ids.includes(session.user_id) && !isAdmin(ctx, session))
      throw forbidden('create_direct_channel');
    requireUser(ctx, a);
    requireUser(ctx, b);
    sendJson(res, getOrCreateDirect(ctx, session.user_id, a, b), 201);
  });

  r.post('/channels/group', (req, res) => {
    const session = requireSession(req);
    const ids = [...new Set(stringArrayBody(req, 'user_ids'))];
    if (!ids.includes(session.user_id)) ids.push(session.user_id);
    if (ids.length < 3 || ids.length > 8)
      throw badRequest(
        'api.channel.create_group.bad_size.app_error',
        'Group message channels must contain at least 3 and no more than 8 users.',
      );
    for (const id of ids) requireUser(ctx, id);
    sendJson(res, getOrCreateGroup(ctx, session.user_id, ids, groupChannelName(ids)), 201);
  });

  r.post('/channels/search', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session);
    const b = body(req);
    const term = String(b['term'] ?? '');
    const channels = [...store.channels.values()]
      .filter((c) => (c.type === 'O' || c.type === 'P') && matches(c, term))
      .filter((c) => b['include_deleted'] === true || c.delete_at === 0)
      .sort(byDisplayName)
      .map((c) => {
        const team = store.teams.get(c.team_id);
        return {
          ...c,
          team_display_name: team?.display_name ?? '',
          team_name: team?.name ?? '',
          team_update_at: team?.update_at ?? 0,
        };
      });
    // With paging Mattermost answers {channels, total_count}; without, a plain list.
    if (b['page'] !== undefined || b['per_page'] !== undefined) {
      const page = Number(b['page'] ?? 0) || 0;
      const perPage = Math.min(Number(b['per_page'] ?? 60) || 60, 200);
      sendJson(res, { channels: pageOf(channels, page, perPage), total_count: channels.length });
      return;
    }
    sendJson(res, channels.slice(0, 100));
  });

  r.get('/channels/:channel_id', (req, res) => {
    const session = requireSession(req);
    sendJson(res, requireReadChannel(ctx, session, idParam(req, 'channel_id')));
  });

  r.put('/channels/:channel_id/patch', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      channelManagePermission,
    );
    updateChannel(ctx, channel, body(req), session.user_id);
    sendJson(res, channel);
  });

  r.put('/channels/:channel_id', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      channelManagePermission,
    );
    const b = body(req);
    if (b['id'] !== channel.id) throw invalidParam('channel_id');
    updateChannel(ctx, channel, b, session.user_id);
    sendJson(res, channel);
  });

  r.delete('/channels/:channel_id', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      'delete_public_channel',
    );
    if (channel.type === 'D' || channel.type === 'G')
      throw badRequest(
        'api.channel.delete_channel.type.invalid',
        'Unable to delete direct or group message channels.',
      );
    if (channel.delete_at > 0)
      throw badRequest(
        'api.channel.delete_channel.deleted.app_error',
        'The channel has been archived or deleted.',
      );
    // A team's default channel cannot be archived.
    if (channel.name === 'town-square')
      throw badRequest(
        'api.channel.delete_channel.cannot.app_error',
        'Unable to delete the default channel town-square.',
      );
    archiveChannel(ctx, channel, session.user_id);
    sendOk(res);
  });

  r.post('/channels/:channel_id/restore', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannel(ctx, idParam(req, 'channel_id'));
    if (
      !isAdmin(ctx, session) &&
      !ctx.store.teamMember(channel.team_id, session.user_id)?.roles.includes('team_admin')
    )
      throw forbidden('manage_team');
    if (channel.delete_at === 0)
      throw badRequest(
        'api.channel.restore_channel.restored.app_error',
        'Unable to unarchive channel. The channel is not archived.',
      );
    restoreChannel(ctx, channel, session.user_id);
    sendJson(res, channel);
  });

  r.put('/channels/:channel_id/privacy', (req, res) => {
    const session = requireSession(req);
    const channel = requireChannelMember(
      ctx,
      session,
      idParam(req, 'channel_id'),
      'convert_public_channel_to_private',
    );
    const privacy = body(req)['privacy'];
    if (privacy !== 'O' && privacy !== 'P') throw invalidParam('privacy');
    if (channel.type !== 'O' && channel.type !== 'P')
      throw badRequest(
        'api.channel.update_channel_privacy.type.invalid',
        'Only public and private channels change privacy.',
      );
    if (channel.name === 'town-square' && privacy === 'P')
      throw badRequest(
        'api.channel.update_channel_privacy.default_channel_error',
        'The default channel cannot be made private.',
      );
    channel.type = privacy;
    channel.update_at = ctx.now();
    ctx.bus.publish({
      event: 'channel_converted',
      data: { channel_id: channel.id },
      broadcast: { team_id: channel.team_id },
    });
    publishChannelUpdated(ctx, channel);
    sendJson(res, channel);
  });

  r.get('/channels/:channel_id/stats', (req, res) => {
    const session = requireSession(req);
    const channel = requireReadChannel(ctx, session, idParam(req, 'channel_id'));
    const posts = store.postsOfChannel(channel.id);
    const files = [...store.files.values()].filter(
      (f) => f.channel_id === channel.id && f.delete_at === 0 && f.post_id,
    );
    sendJson(res, {
      channel_id: channel.id,
      member_count: store
        .channelMembersOf(channel.id)
        .filter((m) => (store.user(m.user_id)?.delete_at ?? 1) === 0).length,
      guest_count: 0,
      pinnedpost_count: posts.filter((p) => p.is_pinned).length,
      files_count: files.length,
    });
  });
}
