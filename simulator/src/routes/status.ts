import type { Router } from 'express';
import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { badRequest, invalidParam } from '../http/errors.js';
import { body, stringArrayBody, userIdParam } from '../http/params.js';
import { requireSelfOrAdmin } from '../http/permissions.js';
import { sendJson, sendOk } from '../http/respond.js';
import { publishUserUpdated, requireUser, setStatus } from '../services/users.js';
import type { Status } from '../store/types.js';

const STATUSES = new Set(['online', 'away', 'dnd', 'offline']);
const DURATIONS = new Set([
  '',
  'thirty_minutes',
  'one_hour',
  'four_hours',
  'today',
  'this_week',
  'date_and_time',
  'custom_date_time',
]);

function presentStatus(s: Status) {
  return {
    user_id: s.user_id,
    status: s.status,
    manual: s.manual,
    last_activity_at: s.last_activity_at,
    dnd_end_time: s.dnd_end_time,
  };
}

export function registerStatusRoutes(r: Router, ctx: SimContext): void {
  const { store } = ctx;

  r.post('/users/status/ids', (req, res) => {
    requireSession(req);
    const ids = stringArrayBody(req, 'user_ids');
    sendJson(
      res,
      ids.filter((id) => store.user(id)).map((id) => presentStatus(store.status(id))),
    );
  });

  r.get('/users/:user_id/status', (req, res) => {
    const session = requireSession(req);
    const user = requireUser(ctx, userIdParam(req, session));
    sendJson(res, presentStatus(store.status(user.id)));
  });

  r.put('/users/:user_id/status', (req, res) => {
    const session = requireSession(req);
    const user = requireUser(ctx, userIdParam(req, session));
    requireSelfOrAdmin(ctx, session, user.id);
    const b = body(req);
    if (typeof b['user_id'] === 'string' && b['user_id'] !== user.id) throw invalidParam('user_id');
    const status = b['status'];
    if (typeof status !== 'string' || !STATUSES.has(status)) throw invalidParam('status');
    const dndEnd = Number(b['dnd_end_time'] ?? 0) || 0;
    const next = setStatus(ctx, user.id, status as Status['status'], {
      manual: status !== 'online',
      dndEndTime: dndEnd,
    });
    sendJson(res, presentStatus(next));
  });

  r.put('/users/:user_id/status/custom', (req, res) => {
    const session = requireSession(req);
    const user = requireUser(ctx, userIdParam(req, session));
    requireSelfOrAdmin(ctx, session, user.id);
    const b = body(req);
    const emoji = typeof b['emoji'] === 'string' ? b['emoji'] : '';
    const text = typeof b['text'] === 'string' ? b['text'] : '';
    const duration = typeof b['duration'] === 'string' ? b['duration'] : '';
    if (!emoji && !text)
      throw badRequest(
        'api.custom_status.set_custom_statuses.update.app_error',
        'Failed to update the custom status.',
      );
    if (text.length > 100 || !DURATIONS.has(duration)) throw invalidParam('custom_status');
    const value: Record<string, string> = { emoji: emoji || 'speech_balloon', text, duration };
    if (typeof b['expires_at'] === 'string' && b['expires_at'])
      value['expires_at'] = b['expires_at'];
    user.props = { ...user.props, customStatus: JSON.stringify(value) };
    user.update_at = ctx.now();
    publishUserUpdated(ctx, user);
    sendOk(res);
  });

  r.delete('/users/:user_id/status/custom', (req, res) => {
    const session = requireSession(req);
    const user = requireUser(ctx, userIdParam(req, session));
    requireSelfOrAdmin(ctx, session, user.id);
    const { customStatus: _removed, ...rest } = user.props;
    user.props = rest;
    user.update_at = ctx.now();
    publishUserUpdated(ctx, user);
    sendOk(res);
  });
}
