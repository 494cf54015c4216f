import type { RequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { bearerToken } from '../auth/authenticator.js';
import { wwwAuthenticate } from '../auth/protected-resource.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import { AccessDeniedError, UnauthorizedError } from '../errors.js';

/**
 * Authenticates every `/mcp` request. A missing or refused token gets 401 with the challenge
 * that points to the Protected Resource Metadata; a Mattermost that cannot be asked gets 503, so
 * a client does not throw away a good token during an outage.
 */
export function requireMattermostToken(
  authenticator: Authenticator,
  publicUrl: () => string,
  metrics: BridgeMetrics,
  log: Logger,
): RequestHandler {
  return async (req, res, next) => {
    const authorization = req.header('authorization');
    try {
      res.locals.principal = await authenticator.authenticate(authorization);
      next();
    } catch (err) {
      if (err instanceof UnauthorizedError) {
        const missing = !bearerToken(authorization);
        metrics.authFailures.inc({ reason: missing ? 'missing' : (err.refusal ?? 'invalid') });
        res
          .status(401)
          .setHeader(
            'WWW-Authenticate',
            wwwAuthenticate(publicUrl(), missing ? undefined : 'invalid_token'),
          )
          .json({
            error: missing ? 'invalid_request' : 'invalid_token',
            error_description: err.message,
          });
        return;
      }
      if (err instanceof AccessDeniedError) {
        metrics.authFailures.inc({ reason: 'access_policy' });
        res.status(403).json({ error: 'access_denied', error_description: err.message });
        return;
      }
      log.warn({ err: (err as Error).message }, 'could not verify a token with Mattermost');
      res.status(503).setHeader('Retry-After', '5').json({
        error: 'temporarily_unavailable',
        error_description:
          'The bridge could not check the token with Mattermost. Try again shortly.',
      });
    }
  };
}
