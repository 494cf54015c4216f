import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { invalidParam } from '../http/errors.js';
import { stringParam, userIdParam } from '../http/params.js';
import { requireSelfOrAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import type { Preference } from '../store/types.js';

/** Reads `[{user_id, category, name, value}]`, every entry for `userId`. */
function preferencesBody(body: unknown, userId: string): Preference[] {
  if (!Array.isArray(body) || body.length === 0 || body.length > 100)
    throw invalidParam('preferences');
  return body.map((p: Record<string, unknown>) => {
    if (typeof p !== 'object' || p === null) throw invalidParam('preferences');
    if (p['user_id'] !== userId) throw invalidParam('user_id');
    const category = p['category'];
    const name = p['name'];
    if (typeof category !== 'string' || !category || category.length > 32)
      throw invalidParam('category');
    if (typeof name !== 'string' || name.length > 32 + 26 + 8) throw invalidParam('name');
    return {
      user_id: userId,
      category,
      name,
      value: typeof p['value'] === 'string' ? p['value'] : String(p['value'] ?? ''),
    };
  });
}

export function registerPreferenceRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.get('/users/:user_id/preferences', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    sendJson(res, store.preferences.values(userId));
  });

  r.get('/users/:user_id/preferences/:category', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const category = stringParam(req, 'category');
    sendJson(
      res,
      store.preferences.values(userId).filter((p) => p.category === category),
    );
  });

  r.get('/users/:user_id/preferences/:category/name/:name', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const pref = store.preference(userId, stringParam(req, 'category'), stringParam(req, 'name'));
    if (!pref) {
      res.status(404);
      sendJson(res, {
        id: 'app.preference.get.app_error',
        message: 'Unable to get preference.',
        detailed_error: '',
        request_id: res.get('X-Request-Id'),
        status_code: 404,
      });
      return;
    }
    sendJson(res, pref);
  });

  r.put('/users/:user_id/preferences', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const prefs = preferencesBody(req.body, userId);
    for (const p of prefs) store.preferences.set(userId, `${p.category}:${p.name}`, p);
    ctx.bus.publish({
      event: 'preferences_changed',
      data: { preferences: JSON.stringify(prefs) },
      broadcast: { user_id: userId },
    });
    sendOk(res);
  });

  r.post('/users/:user_id/preferences/delete', (req, res) => {
    const session = requireSession(req);
    const userId = userIdParam(req, session);
    requireSelfOrAdmin(ctx, session, userId);
    const prefs = preferencesBody(req.body, userId);
    for (const p of prefs) store.preferences.delete(userId, `${p.category}:${p.name}`);
    ctx.bus.publish({
      event: 'preferences_deleted',
      data: { preferences: JSON.stringify(prefs) },
      broadcast: { user_id: userId },
    });
    sendOk(res);
  });
}
