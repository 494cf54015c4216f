import { LRUCache } from 'lru-cache';
import type { OAuthAccount } from '../gateway/oauth-account.js';
import { type MattermostOAuthClient, type MattermostTokens } from '../gateway/mattermost-oauth.js';
import { type AuthenticatedUser } from '../gateway/types.js';
import type { Logger } from '../observability/logger.js';
import type { OAuthSettings } from './config.js';
import { randomId } from './crypto.js';
import type { AuthorizationRequest, Grant, OAuthRecords } from './records.js';
import { redirectHost } from './redirect-uris.js';
import { MattermostError, MattermostGrantRefused, UnauthorizedError } from '../errors.js';

/** What grants need of the gateway: verifying tokens and the person's own bookkeeping. */
export interface GrantGateway {
  verifyToken(token: string): Promise<AuthenticatedUser>;
  forgetToken(token: string): void;
  oauthAccount(userId: string, token: string): OAuthAccount;
  renewToken(oldToken: string, newToken: string): void;
}

/** Mattermost's token is refreshed when it has less than this left. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Grants: a person's consent to one client, holding Mattermost's tokens for that person. Created
 * after Mattermost's callback, listed in the person's `mcp_bridge_assistants` preferences, and
 * revoked from either side: by the client or the bridge (revocation, a reused code or refresh
 * token), or in Mattermost (the app deauthorized or removed, the preference deleted).
 */
export class GrantService {
  private readonly refreshing = new Map<string, Promise<Grant>>();
  private readonly confirmed: LRUCache<string, true>;

  constructor(
    private readonly records: OAuthRecords,
    private readonly mattermost: MattermostOAuthClient,
    private readonly gateway: GrantGateway,
    private readonly settings: OAuthSettings,
    private readonly log: Logger,
  ) {
    this.confirmed = new LRUCache({
      max: settings.maxRecords,
      ttl: Math.max(1, settings.grantCheckMs),
    });
  }

  /** A new grant for the person behind Mattermost's fresh tokens, listed in their assistants. */
  async create(
    request: AuthorizationRequest,
    tokens: MattermostTokens,
  ): Promise<{ grant: Grant; user: AuthenticatedUser }> {
    const user = await this.gateway.verifyToken(tokens.accessToken);
    const grant: Grant = {
      id: randomId(),
      clientId: request.clientId,
      clientName: request.clientName,
      redirectHost: redirectHost(request.redirectUri),
      userId: user.id,
      scope: request.scope,
      resource: request.resource,
      createdAt: Date.now(),
      upstream: tokens,
    };
    await this.save(grant);
    await this.gateway.oauthAccount(user.id, tokens.accessToken).saveAssistant(
      grant.id,
      JSON.stringify({
        client_name: grant.clientName,
        redirect_host: grant.redirectHost,
        scope: grant.scope,
        created_at: grant.createdAt,
      }),
    );
    if (this.settings.grantCheckMs > 0) this.confirmed.set(grant.id, true);
    return { grant, user };
  }

  private save(grant: Grant): Promise<void> {
    return this.records.put('grant', grant.id, grant, this.settings.refreshTokenTtlMs);
  }

  get(grantId: string): Promise<Grant | undefined> {
    return this.records.get('grant', grantId);
  }

  /** Keeps the grant as long as its newest refresh token. */
  touch(grant: Grant): Promise<void> {
    return this.save(grant);
  }

  /**
   * Ends a grant on the bridge's side: its tokens stop working at once; the person's assistants
   * list loses it and Mattermost's session behind it is ended (both best effort).
   */
  async revoke(grant: Grant, reason: string): Promise<void> {
    await this.records.delete('grant', grant.id);
    this.confirmed.delete(grant.id);
    this.log.info({ grant_id: grant.id, user_id: grant.userId, reason }, 'oauth grant revoked');
    const account = this.gateway.oauthAccount(grant.userId, grant.upstream.accessToken);
    await account.removeAssistant(grant.id).catch((err: Error) => {
      this.log.warn(
        { grant_id: grant.id, err: err.message },
        'could not remove the assistant preference',
      );
    });
    await account.endSession().catch(() => undefined);
    this.gateway.forgetToken(grant.upstream.accessToken);
  }

  /** Forgets that a grant was confirmed, so its next use asks Mattermost (a preference was deleted). */
  recheck(grantId: string): void {
    this.confirmed.delete(grantId);
  }

  /**
   * The person and the Mattermost token to act with for a grant, refreshing Mattermost's token
   * when it runs out and checking (cached briefly) that the person did not disconnect the
   * assistant. Throws UnauthorizedError when the grant is over.
   */
  async actingToken(grant: Grant): Promise<{ user: AuthenticatedUser; token: string }> {
    let current = grant;
    if (current.upstream.expiresAt - Date.now() < REFRESH_MARGIN_MS)
      current = await this.refreshUpstream(current);
    let user: AuthenticatedUser;
    try {
      user = await this.gateway.verifyToken(current.upstream.accessToken);
    } catch (err) {
      if (!(err instanceof UnauthorizedError)) throw err;
      // Mattermost refused its own token: refreshed elsewhere, expired early, or deauthorized.
      current = await this.refreshUpstream(current);
      user = await this.gateway.verifyToken(current.upstream.accessToken);
    }
    if (user.id !== current.userId) {
      await this.revoke(current, 'user_changed');
      throw new UnauthorizedError('The grant no longer matches its Mattermost user.');
    }
    if (!this.confirmed.has(current.id)) {
      let listed: boolean;
      try {
        listed = await this.gateway
          .oauthAccount(user.id, current.upstream.accessToken)
          .hasAssistant(current.id);
      } catch (err) {
        if (!(err instanceof MattermostError && err.status === 401)) throw err;
        // The verification above was cached: Mattermost ended the token since.
        this.gateway.forgetToken(current.upstream.accessToken);
        current = await this.refreshUpstream(current);
        listed = await this.gateway
          .oauthAccount(user.id, current.upstream.accessToken)
          .hasAssistant(current.id);
      }
      if (!listed) {
        await this.revoke(current, 'disconnected_in_mattermost');
        throw new UnauthorizedError('The assistant was disconnected in Mattermost.');
      }
      if (this.settings.grantCheckMs > 0) this.confirmed.set(current.id, true);
    }
    return { user, token: current.upstream.accessToken };
  }

  /** One refresh at a time per grant; a refused refresh ends the grant. */
  private refreshUpstream(grant: Grant): Promise<Grant> {
    let pending = this.refreshing.get(grant.id);
    if (!pending) {
      pending = this.doRefresh(grant).finally(() => this.refreshing.delete(grant.id));
      this.refreshing.set(grant.id, pending);
    }
    return pending;
  }

  private async doRefresh(grant: Grant): Promise<Grant> {
    let tokens: MattermostTokens;
    try {
      tokens = await this.mattermost.refresh(grant.upstream.refreshToken);
    } catch (err) {
      if (!(err instanceof MattermostGrantRefused)) throw err;
      await this.records.delete('grant', grant.id);
      this.confirmed.delete(grant.id);
      this.log.info(
        { grant_id: grant.id, user_id: grant.userId, reason: 'mattermost_refused' },
        'oauth grant revoked',
      );
      throw new UnauthorizedError('Mattermost ended this sign-in; connect the assistant again.');
    }
    const renewed: Grant = { ...grant, upstream: tokens };
    await this.save(renewed);
    this.gateway.renewToken(grant.upstream.accessToken, tokens.accessToken);
    return renewed;
  }
}
