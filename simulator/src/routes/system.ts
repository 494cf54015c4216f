import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { AppError, badRequest } from '../http/errors.js';
import { body, strQuery } from '../http/params.js';
import { requireAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { clientConfig, deepMerge, SERVER_VERSION } from '../store/config.js';

/**
 * Tells every connection the configuration changed, with the client config (Mattermost publishes
 * `config_changed` unscoped: platform/service.go, the config listener).
 */
function publishConfigChanged(ctx: SimContext): void {
  const config = clientConfig(ctx.store.config, ctx.store.diagnosticId);
  ctx.bus.publish({ event: 'config_changed', data: { config }, broadcast: {} });
}

export function registerSystemRoutes(r: Router, ctx: SimContext): void {
  r.get('/system/ping', (req, res) => {
    const out: Record<string, unknown> = { status: 'OK', ActiveSearchBackend: 'database' };
    if (req.query['get_server_status'] === 'true') {
      out['database_status'] = 'OK';
      out['filestore_status'] = 'OK';
    }
    sendJson(res, out);
  });

  r.get('/config/client', (req, res) => {
    if (strQuery(req, 'format') !== 'old') {
      throw new AppError(
        501,
        'api.config.client.old_format.app_error',
        'New format for the client configuration is not supported yet. Please specify format=old in the query string.',
      );
    }
    sendJson(res, clientConfig(ctx.store.config, ctx.store.diagnosticId));
  });

  r.get('/config', (req, res) => {
    requireAdmin(ctx, requireSession(req), 'sysconsole_read_*');
    sendJson(res, ctx.store.config);
  });

  r.put('/config', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    const next = body(req);
    if (typeof next['ServiceSettings'] !== 'object')
      throw badRequest('api.config.update_config.invalid.app_error', 'Invalid configuration.');
    // A full replacement keeps sections the client did not send, as Mattermost fills defaults.
    deepMerge(ctx.store.config, next);
    publishConfigChanged(ctx);
    sendJson(res, ctx.store.config);
  });

  r.put('/config/patch', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    deepMerge(ctx.store.config, body(req));
    publishConfigChanged(ctx);
    sendJson(res, ctx.store.config);
  });

  r.get('/analytics/old', (req, res) => {
    const session = requireSession(req);
    requireAdmin(ctx, session, 'get_analytics');
    const { store } = ctx;
    const teamId = strQuery(req, 'team_id');
    const channels = [...store.channels.values()].filter(
      (c) => c.delete_at === 0 && (!teamId || c.team_id === teamId),
    );
    const posts = [...store.posts.values()].filter(
      (p) => p.delete_at === 0 && (!teamId || store.channels.get(p.channel_id)?.team_id === teamId),
    );
    const users = [...store.users.values()];
    const name = strQuery(req, 'name') || 'standard';
    if (name !== 'standard') {
      sendJson(res, []);
      return;
    }
    sendJson(res, [
      { name: 'channel_open_count', value: channels.filter((c) => c.type === 'O').length },
      { name: 'channel_private_count', value: channels.filter((c) => c.type === 'P').length },
      { name: 'post_count', value: posts.length },
      { name: 'unique_user_count', value: users.filter((u) => u.delete_at === 0).length },
      {
        name: 'team_count',
        value: [...store.teams.values()].filter((t) => t.delete_at === 0).length,
      },
      { name: 'total_websocket_connections', value: 0 },
      { name: 'total_master_db_connections', value: 0 },
      { name: 'total_read_db_connections', value: 0 },
      {
        name: 'daily_active_users',
        value: users.filter((u) => u.last_activity_at > ctx.now() - 86400_000).length,
      },
      {
        name: 'monthly_active_users',
        value: users.filter((u) => u.last_activity_at > ctx.now() - 30 * 86400_000).length,
      },
      { name: 'inactive_user_count', value: users.filter((u) => u.delete_at > 0).length },
    ]);
  });

  r.get('/system/version', (_req, res) => sendJson(res, { version: SERVER_VERSION }));

  // Control endpoints of the simulator itself (admins only).
  r.post('/simulator/websockets/drop', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    ctx.control.dropWebSockets();
    sendOk(res);
  });

  r.post('/simulator/restart', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    sendOk(res);
    // Answer first: the restart closes this very connection.
    res.on('finish', () => void ctx.control.restart());
  });
}
