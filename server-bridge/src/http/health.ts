import type { RequestHandler } from 'express';
import type { Gateway } from '../gateway/types.js';

export interface HealthDeps {
  gateway: Gateway;
  version: string;
  sessions: () => number;
  /** State of the live (WebSocket) layer, when there is one. */
  websocket?: () => unknown;
}

/** `GET /health`: 200 when Mattermost answers, 503 when it does not (CONTRACTS.md). */
export function healthHandler(deps: HealthDeps): RequestHandler {
  return async (_req, res) => {
    const upstream = await deps.gateway.health();
    const status = upstream.reachable && upstream.breaker === 'closed' ? 'ok' : 'degraded';
    res.status(upstream.reachable ? 200 : 503).json({
      status,
      version: deps.version,
      sessions: deps.sessions(),
      mattermost: {
        reachable: upstream.reachable,
        latency_ms: upstream.latencyMs ?? null,
        ...(upstream.error ? { error: upstream.error } : {}),
      },
      breaker: upstream.breaker,
      websocket: deps.websocket?.() ?? { enabled: false },
    });
  };
}
