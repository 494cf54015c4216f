import type { Request, RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import type { Gateway } from '../gateway/types.js';

export interface HealthDeps {
  gateway: Gateway;
  version: string;
  sessions: () => number;
  /** State of the live (WebSocket) layer, when there is one. */
  websocket?: () => unknown;
  /** Redis, when the bridge is one of a cluster. */
  redis?: () => { status: 'up' | 'down' };
  /** Whose Mattermost WebSocket this bridge holds: shown to system admins only. */
  socketUsers?: () => string[];
  authenticator: Authenticator;
}

/**
 * Whether the request carries the token of a Mattermost system admin. `/health` answers load
 * balancers without a token; which people are connected is for admins only.
 */
async function fromSystemAdmin(req: Request, authenticator: Authenticator): Promise<boolean> {
  if (!req.header('authorization')) return false;
  try {
    return (await authenticator.authenticate(req.header('authorization'))).user.isSystemAdmin;
  } catch {
    return false;
  }
}

function websocketStatus(state: unknown): 'ok' | 'degraded' | 'disabled' {
  const live = state as { enabled?: boolean; polling?: number } | undefined;
  if (!live?.enabled) return 'disabled';
  return (live.polling ?? 0) > 0 ? 'degraded' : 'ok';
}

/** `GET /health`: 200 when Mattermost answers, 503 when it does not (CONTRACTS.md). */
export function healthHandler(deps: HealthDeps): RequestHandler {
  return async (req, res) => {
    const upstream = await deps.gateway.health();
    const websocket = deps.websocket?.() ?? { enabled: false };
    const socketUsers =
      deps.socketUsers && (await fromSystemAdmin(req, deps.authenticator))
        ? { socket_users: deps.socketUsers() }
        : {};
    const { answers, throttled } = upstream.lastMinute;
    // Throttled answers are waited out, but slow every user of this bridge: worth a look while
    // they last.
    const healthy = upstream.reachable && upstream.breaker === 'closed' && !upstream.throttledNow;
    const status = healthy ? 'ok' : 'degraded';
    res.status(upstream.reachable ? 200 : 503).json({
      status,
      version: deps.version,
      sessions: deps.sessions(),
      mattermost: {
        reachable: upstream.reachable,
        latency_ms: upstream.latencyMs ?? null,
        // A Mattermost that rate-limits by address counts every user of the bridge as one.
        last_minute: {
          answers,
          rate_limited: throttled,
          rate_limited_share: answers ? Math.round((throttled / answers) * 1000) / 1000 : 0,
        },
        ...(upstream.error ? { error: upstream.error } : {}),
      },
      breaker: upstream.breaker,
      websocket: { ...websocket, ...socketUsers },
      // One status per component, as load balancers and dashboards read them.
      components: {
        mattermost: upstream.reachable ? (healthy ? 'ok' : 'degraded') : 'down',
        websocket: websocketStatus(deps.websocket?.()),
        cache: 'ok',
        redis: deps.redis ? (deps.redis().status === 'up' ? 'ok' : 'down') : 'disabled',
      },
    });
  };
}
