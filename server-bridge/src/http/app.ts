import express, { type Express, type ErrorRequestHandler } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { METADATA_PATH, protectedResourceMetadata } from '../auth/protected-resource.js';
import type { Logger } from '../observability/logger.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import { requireMattermostToken } from './auth-middleware.js';
import {
  declaredBodyLimit,
  exactOrigin,
  hostGuard,
  singleHostHeader,
  statusCors,
} from './guards.js';
import { healthHandler, type HealthDeps } from './health.js';
import { requestContext } from './request-context.js';
import { createMcpHandler, type McpRouteDeps } from './mcp-route.js';

export interface AppDeps extends McpRouteDeps, Omit<HealthDeps, 'sessions'> {
  authenticator: Authenticator;
  metrics: BridgeMetrics;
  log: Logger;
  mattermostUrl: string;
  publicUrl(): string;
  /** The bridge's OAuth authorization server, when configured (`oauth/`). */
  oauthRouter?: express.Router;
  allowedHosts: string[];
  allowedOrigins: string[];
  maxRequestBytes: number;
  /** Extra routes (webhooks, ...) mounted before the fallback. */
  routes?: (app: Express) => void;
}

function publicOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}

/** The bridge's HTTP surface. Every route is guarded against DNS rebinding by its Host header. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContext(deps.log));
  app.use(singleHostHeader);
  app.use(hostGuard(deps.allowedHosts, deps.log));

  const cors = statusCors(deps.allowedOrigins);
  app.get('/health', cors, healthHandler({ ...deps, sessions: () => deps.sessions.size }));
  app.options('/health', cors);
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  const metadata = (_req: express.Request, res: express.Response) => {
    res.json(
      protectedResourceMetadata(
        deps.publicUrl(),
        deps.mattermostUrl,
        deps.oauthRouter !== undefined,
      ),
    );
  };
  if (deps.oauthRouter) app.use(deps.oauthRouter);
  app.get(METADATA_PATH, cors, metadata);
  app.get(`${METADATA_PATH}/mcp`, cors, metadata);

  const mcp = createMcpHandler(deps);
  app.all(
    '/mcp',
    exactOrigin(() => [...deps.allowedOrigins, publicOrigin(deps.publicUrl())].filter(Boolean)),
    requireMattermostToken(deps.authenticator, deps.publicUrl, deps.metrics, deps.log),
    // After sign-in, which reads headers only: only a known user's oversized body is read to the end.
    declaredBodyLimit(deps.maxRequestBytes),
    express.json({ limit: deps.maxRequestBytes }),
    mcp,
  );

  deps.routes?.(app);

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) deps.log.error({ err }, 'request failed');
    if (res.headersSent) return;
    res.status(status).json({
      jsonrpc: '2.0',
      error: {
        code: status === 413 ? -32600 : -32700,
        message: status === 500 ? 'Internal error' : String(err.message),
      },
      id: null,
    });
  };
  app.use(onError);
  return app;
}
