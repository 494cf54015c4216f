import type { NextFunction, Request, RequestHandler, Response } from 'express';

import type { Faults } from './faults.js';

/** Paths the fault injector leaves alone: its own switches must keep working while faults are on. */
const EXEMPT = /^\/api\/v4\/simulator(\/|$)/;

/** Requests from one user share a bucket; anonymous requests share their address's bucket. */
const clientKey = (req: Request): string => {
  const auth = req.headers.authorization;
  if (auth) return `auth:${auth}`;
  const cookie = /MMAUTHTOKEN=([^;]+)/.exec(req.headers.cookie ?? '');
  if (cookie) return `cookie:${cookie[1]}`;
  return `addr:${req.socket.remoteAddress ?? ''}`;
};

const sendError = (res: Response, status: number, id: string, message: string): void => {
  const requestId = String(res.getHeader('X-Request-Id') ?? '');
  const body = JSON.stringify({
    id,
    message,
    detailed_error: '',
    request_id: requestId,
    status_code: status,
  });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(body);
};

/**
 * Applies the current faults to API requests under /api/v4: rate limiting (429 with Mattermost's
 * headers, and the headers on every answer while it is on), added latency, and random 500/503.
 */
export function faultMiddleware(faults: Faults): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (faults.idle || !req.path.startsWith('/api/v4/') || EXEMPT.test(req.path)) return next();
    const decision = faults.decide(clientKey(req), Date.now());
    const limit = decision.rateLimit;
    if (limit) {
      res.setHeader('X-Ratelimit-Limit', String(limit.limit));
      res.setHeader('X-Ratelimit-Remaining', String(limit.remaining));
      res.setHeader('X-Ratelimit-Reset', String(limit.resetSeconds));
      if (!limit.allowed) {
        res.setHeader('Retry-After', String(limit.retryAfterSeconds));
        sendError(
          res,
          429,
          'api.context.rate_limit.app_error',
          'Too many requests. Please try again later.',
        );
        return;
      }
    }
    const proceed = () => {
      if (decision.errorStatus) {
        const id =
          decision.errorStatus === 503
            ? 'api.simulator.unavailable.app_error'
            : 'api.simulator.fault.app_error';
        sendError(
          res,
          decision.errorStatus,
          id,
          'The server could not handle the request (injected fault).',
        );
        return;
      }
      next();
    };
    if (decision.delayMs > 0) setTimeout(proceed, decision.delayMs);
    else proceed();
  };
}
