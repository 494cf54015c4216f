import type { Router } from 'express';

import type { SimContext } from '../context.js';
import { requireSession } from '../http/auth.js';
import { invalidParam } from '../http/errors.js';
import { body } from '../http/params.js';
import { requireAdmin } from '../http/permissions.js';
import { sendOk } from '../http/respond.js';

const setting = (b: Record<string, unknown>, key: string): number | undefined => {
  const v = b[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidParam(key);
  return v;
};

/**
 * `POST /api/v4/simulator/faults` (admins only). The other control endpoints, dropping WebSockets and
 * restarting, are core routes (routes/system.ts).
 */
export function registerSimulatorRoutes(router: Router, ctx: SimContext): void {
  router.post('/simulator/faults', (req, res) => {
    requireAdmin(ctx, requireSession(req));
    const b = body(req);
    const errorRate = setting(b, 'error_rate');
    if (errorRate !== undefined && errorRate > 1) throw invalidParam('error_rate');
    ctx.control.setFaults({
      latency_ms: setting(b, 'latency_ms'),
      error_rate: errorRate,
      rate_limit_per_second: setting(b, 'rate_limit_per_second'),
      websocket_silent: b.websocket_silent === true,
    });
    sendOk(res);
  });
}
