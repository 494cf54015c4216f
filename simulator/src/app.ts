import type { IncomingMessage } from 'node:http';
import express from 'express';
import type { SimContext } from './context.js';
import type { SimExtension } from './extensions.js';
import { authenticate } from './http/auth.js';
import { jsonBodies } from './http/body-parsers.js';
import { AppError, errorHandler } from './http/errors.js';
import { rateLimit } from './http/rate-limit.js';
import { requestLog } from './http/request-log.js';
import { standardHeaders } from './http/respond.js';
import { SegmentRouter } from './http/segment-router.js';
import { registerCoreRoutes, registerRootRoutes } from './routes/index.js';

/** Mattermost reads API bodies as JSON whatever their content type; only uploads are multipart. */
function isJsonBody(req: IncomingMessage): boolean {
  return !(req.headers['content-type'] ?? '').startsWith('multipart/');
}

/** Outside the API (the OAuth endpoints) forms are form-encoded. */
function isRootJson(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').startsWith('application/json');
}

/** The express application: headers, body parsing, authentication, extension and core routes, errors. */
export function createApp(ctx: SimContext, extensions: SimExtension[]): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'extended');
  app.use(requestLog(ctx));
  app.use(rateLimit(ctx));
  app.use(standardHeaders);
  for (const ext of extensions) if (ext.before) app.use(ext.before(ctx));

  const api = express.Router();
  api.use(jsonBodies({ limit: '50mb', type: isJsonBody, strict: false }));
  api.use(authenticate(ctx));
  // Routes are looked up by their first path segment; extensions' come before the core's.
  const segments = new SegmentRouter();
  const registrar = segments.registrar(api);
  for (const ext of extensions) ext.routes?.(registrar, ctx);
  registerCoreRoutes(registrar, ctx);
  api.use(segments.dispatch);
  app.use('/api/v4', api);

  const root = express.Router();
  root.use(express.json({ limit: '1mb', type: isRootJson, strict: false }));
  root.use(express.urlencoded({ extended: false }));
  root.use(authenticate(ctx));
  for (const ext of extensions) ext.rootRoutes?.(root, ctx);
  registerRootRoutes(root, ctx);
  app.use(root);

  app.use(() => {
    throw new AppError(
      404,
      'api.context.404.app_error',
      'Sorry, we could not find the page.',
      "There doesn't appear to be an api call for the url",
    );
  });
  app.use(errorHandler);
  return app;
}
