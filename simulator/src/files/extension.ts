import express, { type RequestHandler } from 'express';

import type { SimExtension } from '../extensions.js';
import { registerFileRoutes } from '../routes/files.js';
import { registerPublicFileRoute, registerPublicLinkRoutes } from './public-links.js';

/**
 * A raw upload (`POST /api/v4/files?channel_id=&filename=`) is read as bytes before the JSON parser
 * could take it for a JSON body; multipart uploads are left to the route.
 */
const rawUploads = (): RequestHandler => {
  const raw = express.raw({ type: () => true, limit: '110mb' });
  return (req, res, next) => {
    if (req.method === 'POST' && req.path === '/api/v4/files' && !req.is('multipart/*'))
      raw(req, res, next);
    else next();
  };
};

/** File upload, download, info and previews, and public links when the admin allows them. */
export const filesExtension: SimExtension = {
  name: 'files',
  before: () => rawUploads(),
  routes(router, ctx) {
    registerPublicLinkRoutes(router, ctx);
    registerFileRoutes(router, ctx);
  },
  rootRoutes: registerPublicFileRoute,
};
