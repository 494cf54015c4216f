import type { Router } from 'express';
import type { Authenticator } from '../auth/authenticator.js';
import { MattermostOAuthClient } from '../gateway/mattermost-oauth.js';
import { disconnectedAssistants } from '../gateway/oauth-account.js';
import type { Logger } from '../observability/logger.js';
import { OAuthAuthenticator } from './authenticator.js';
import { ClientDirectory } from './clients.js';
import type { OAuthSettings } from './config.js';
import { resourceOf, type OAuthContext } from './context.js';
import { Sealer } from './crypto.js';
import { GrantService, type GrantGateway } from './grants.js';
import { OAuthRecords } from './records.js';
import { oauthRouter } from './router.js';
import { MemoryOAuthStore, type OAuthStore } from './store.js';
import { TokenService } from './tokens.js';

export { oauthSettings, oauthConfigShape, type OAuthSettings } from './config.js';
export type { OAuthStore } from './store.js';

export interface OAuthServer {
  router: Router;
  /** Bridge tokens here, everything else to `fallback`. */
  authenticator(fallback: Authenticator): Authenticator;
  /**
   * Reads a WebSocket event of a person: assistants they disconnected in the plugin (listing
   * preferences deleted) have their grants checked again at the next use, which ends them.
   */
  noteEvent(event: { event: string; data: Record<string, unknown> }): void;
}

/**
 * The bridge as an OAuth 2.1 authorization server for MCP clients, with Mattermost's OAuth 2.0
 * provider as the place where people sign in.
 */
export function createOAuthServer(deps: {
  settings: OAuthSettings;
  gateway: GrantGateway;
  log: Logger;
  issuer: () => string;
  timeoutMs: number;
  store?: OAuthStore | undefined;
}): OAuthServer {
  const { settings, log } = deps;
  if (!settings.key)
    log.warn(
      'BRIDGE_OAUTH_KEY is not set: OAuth grants are encrypted with a key of this process and will not survive a restart',
    );
  const records = new OAuthRecords(
    deps.store ?? new MemoryOAuthStore(settings.maxRecords),
    new Sealer(settings.key),
  );
  const mattermost = new MattermostOAuthClient({
    mattermostUrl: settings.mattermostUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    timeoutMs: deps.timeoutMs,
  });
  const grants = new GrantService(records, mattermost, deps.gateway, settings, log);
  const ctx: OAuthContext = {
    settings,
    records,
    clients: new ClientDirectory(records, settings.allowInsecureMetadataUrls),
    grants,
    tokens: new TokenService(records, grants, settings),
    mattermost,
    log,
    issuer: deps.issuer,
  };
  return {
    router: oauthRouter(ctx),
    authenticator: (fallback) =>
      new OAuthAuthenticator(ctx.tokens, grants, () => resourceOf(ctx), fallback),
    noteEvent: (event) => {
      for (const grantId of disconnectedAssistants(event)) grants.recheck(grantId);
    },
  };
}
