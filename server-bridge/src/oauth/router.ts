import express, { type RequestHandler, type Router } from 'express';
import { authorizeHandler, consentHandler } from './authorize.js';
import { callbackHandler } from './callback.js';
import type { OAuthContext } from './context.js';
import { registerHandler, revokeHandler, tokenHandler } from './endpoints.js';
import { authorizationServerMetadata, OAUTH_PATHS } from './metadata.js';

/** Endpoints a browser-based client calls from its own origin; none of them reads a cookie. */
const openCors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'Access-Control-Allow-Headers',
    'Content-Type, Authorization, MCP-Protocol-Version',
  );
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
};

/** The bridge's OAuth 2.1 authorization server for MCP clients. */
export function oauthRouter(ctx: OAuthContext): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });
  const json = express.json({ limit: '32kb' });

  for (const path of [
    OAUTH_PATHS.metadata,
    OAUTH_PATHS.token,
    OAUTH_PATHS.register,
    OAUTH_PATHS.revoke,
  ])
    router.options(path, openCors);
  router.get(OAUTH_PATHS.metadata, openCors, (_req, res) => {
    res.json(authorizationServerMetadata(ctx.issuer()));
  });
  router.get(OAUTH_PATHS.authorize, authorizeHandler(ctx));
  router.post(OAUTH_PATHS.consent, form, consentHandler(ctx));
  router.get(OAUTH_PATHS.callback, callbackHandler(ctx));
  router.post(OAUTH_PATHS.token, openCors, form, tokenHandler(ctx));
  router.post(OAUTH_PATHS.register, openCors, json, registerHandler(ctx));
  router.post(OAUTH_PATHS.revoke, openCors, form, revokeHandler(ctx));
  return router;
}
