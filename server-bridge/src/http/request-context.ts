import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithContext } from '../observability/context.js';
import type { Logger } from '../observability/logger.js';

/**
 * Gives every HTTP request a correlation id (echoed in `X-Correlation-Id`) and serves it inside
 * that context, so tool calls, upstream requests and log lines made for it carry the same id.
 * Only the path is logged: a query string could hold a credential. The path is the one the client
 * asked for (`originalUrl`), since a mounted router (such as /hooks/outgoing) sees only its rest.
 */
export function requestContext(log: Logger): RequestHandler {
  return (req, res, next) => {
    const correlationId = randomUUID();
    res.setHeader('X-Correlation-Id', correlationId);
    // The request line is a debug log: below that level, no listener and no timing per request.
    if (!log.isLevelEnabled('debug')) {
      runWithContext({ correlationId }, () => next());
      return;
    }
    const started = performance.now();
    res.on('finish', () => {
      log.debug(
        {
          correlation_id: correlationId,
          method: req.method,
          path: requestPath(req.originalUrl),
          status: res.statusCode,
          duration_ms: Math.round(performance.now() - started),
          session_id: req.header('mcp-session-id'),
        },
        'http request',
      );
    });
    runWithContext({ correlationId }, () => next());
  };
}

/** The path of a request target, without its query string or fragment. */
export function requestPath(target: string): string {
  return target.split(/[?#]/, 1)[0] || '/';
}
