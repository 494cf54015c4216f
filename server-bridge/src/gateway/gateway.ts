import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { AnswerWindow } from './answer-window.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import { forgetChangedBy, type DirectoryEvent } from './cache-events.js';
import { GatewayCaches, type SharedNames } from './caches.js';
import { oauthAccount, type OAuthAccount } from './oauth-account.js';
import { userCalls } from './calls.js';
import { createMattermostClient, type Client4 } from './mattermost-client.js';
import type { RateLimiter } from './rate-limiter.js';
import { UpstreamCaller, type UpstreamSettings } from './upstream.js';
import { createUserGateway } from './for-user.js';
import { TOKEN_REFUSAL_MESSAGES, tokenRefusal } from './token-refusal.js';
import { type AuthenticatedUser, type Gateway, type UpstreamHealth } from './types.js';
import type { UserGateway } from './user-gateway.js';
import { MattermostError, UnauthorizedError } from '../errors.js';

/** Mattermost throttles the bridge "now" when it answered 429 within this many seconds. */
const THROTTLED_NOW_S = 5;

export interface GatewaySettings extends UpstreamSettings {
  mattermostUrl: string;
  tokenCacheTtlMs: number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  userAgent: string;
}

/** Tokens are only ever kept, logged or compared as this hash. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The only module that talks to Mattermost. One Client4 per token (LRU), verified tokens cached
 * briefly, and every call through the shared UpstreamCaller (limits, breaker, retries, metrics).
 */
export class MattermostGateway implements Gateway {
  private readonly upstream: UpstreamCaller;
  private readonly caches: GatewayCaches;
  private readonly clients: LRUCache<string, Client4>;
  /**
   * The UserGateway of each client (one per token) and its user, built once and shared by every
   * session of that token: it holds no session state, and building one makes a closure per method
   * (about 15 KB), which a session would otherwise pay for each time it opens.
   */
  private readonly userGateways = new WeakMap<
    Client4,
    { key: string; userId: string; gateway: UserGateway }
  >();
  private readonly verified: LRUCache<string, AuthenticatedUser>;
  /** Tokens (hashed) that worked here, so a later refusal can say the token is no longer accepted. */
  private readonly seen: LRUCache<string, true>;
  /** The one read of the server's token switch in flight; refusals at the same moment share it. */
  private tokenSwitch: Promise<boolean | undefined> | undefined;
  /** How many of Mattermost's recent answers were 429s, for /health. */
  private readonly answers = new AnswerWindow();

  constructor(
    private readonly settings: GatewaySettings,
    private readonly metrics: BridgeMetrics,
    private readonly log: Logger,
    rateLimiter?: RateLimiter,
  ) {
    this.upstream = new UpstreamCaller(settings, metrics, log, rateLimiter);
    this.caches = new GatewayCaches({ max: settings.cacheMaxEntries, ttlMs: settings.cacheTtlMs });
    this.clients = new LRUCache({ max: settings.maxUsers });
    this.verified = new LRUCache({ max: settings.cacheMaxEntries, ttl: settings.tokenCacheTtlMs });
    this.seen = new LRUCache({ max: settings.cacheMaxEntries });
  }

  private clientFor(key: string, token: string): Client4 {
    let client = this.clients.get(key);
    if (!client) {
      client = createMattermostClient(
        this.settings.mattermostUrl,
        token,
        (operation, status, seconds, requestId) => {
          const labels = { operation, status: String(status) };
          this.metrics.upstreamRequests.inc(labels);
          this.answers.record(status);
          this.metrics.upstreamDuration.observe(labels, seconds);
          // Logged inside the caller's context, so the line also carries the bridge's correlation id.
          this.log.debug(
            {
              operation,
              status,
              duration_ms: Math.round(seconds * 1000),
              mattermost_request_id: requestId,
            },
            'mattermost call',
          );
        },
        this.settings.userAgent,
      );
      this.clients.set(key, client);
    }
    return client;
  }

  async verifyToken(token: string): Promise<AuthenticatedUser> {
    const key = tokenKey(token);
    const cached = this.verified.get(key);
    if (cached) return cached;
    const client = this.clientFor(key, token);
    try {
      const me = await this.upstream.call(`token:${key}`, 'users.verify_token', true, () =>
        client.getMe(),
      );
      const user: AuthenticatedUser = {
        id: me.id,
        username: me.username,
        roles: me.roles,
        isSystemAdmin: me.roles.split(' ').includes('system_admin'),
      };
      this.verified.set(key, user);
      this.seen.set(key, true);
      return user;
    } catch (err) {
      if (err instanceof MattermostError && err.status === 401) {
        this.clients.delete(key);
        const refusal = tokenRefusal(await this.tokensEnabled(), this.seen.has(key));
        throw new UnauthorizedError(TOKEN_REFUSAL_MESSAGES[refusal], refusal);
      }
      throw err;
    }
  }

  /**
   * `EnableUserAccessTokens` from the public client configuration (no token needed), read afresh for
   * each refusal (an admin may have just changed it) but once for refusals at the same moment;
   * undefined when Mattermost cannot be asked.
   */
  private tokensEnabled(): Promise<boolean | undefined> {
    this.tokenSwitch ??= this.readTokenSwitch().finally(() => (this.tokenSwitch = undefined));
    return this.tokenSwitch;
  }

  private async readTokenSwitch(): Promise<boolean | undefined> {
    try {
      const response = await fetch(
        `${this.settings.mattermostUrl}/api/v4/config/client?format=old`,
        { signal: AbortSignal.timeout(Math.min(this.settings.timeoutMs, 5000)) },
      );
      if (!response.ok) {
        await response.arrayBuffer();
        return undefined;
      }
      const config = (await response.json()) as { EnableUserAccessTokens?: string };
      if (config.EnableUserAccessTokens === undefined) return undefined;
      return config.EnableUserAccessTokens === 'true';
    } catch {
      return undefined;
    }
  }

  forgetToken(token: string): void {
    this.forgetKey(tokenKey(token));
  }

  private forgetKey(key: string): void {
    this.verified.delete(key);
  }

  forUser(user: AuthenticatedUser, token: string): UserGateway {
    const key = tokenKey(token);
    const client = this.clientFor(key, token);
    const held = this.userGateways.get(client);
    // A renewed token moves its client to a new key: the gateway's 401 hook must forget that key.
    if (held && held.key === key && held.userId === user.id) return held.gateway;
    const gateway = createUserGateway(user.id, client, this.upstream, this.caches, () =>
      this.forgetKey(key),
    );
    this.userGateways.set(client, { key, userId: user.id, gateway });
    return gateway;
  }

  /** The bridge's OAuth bookkeeping in Mattermost with a person's own token. */
  oauthAccount(userId: string, token: string): OAuthAccount {
    const key = tokenKey(token);
    return oauthAccount(
      userCalls(userId, this.clientFor(key, token), this.upstream, this.caches, () =>
        this.forgetKey(key),
      ),
    );
  }

  /**
   * A refreshed OAuth token replaces the old one in the client already serving that person, so
   * the sessions opened with the old token keep working (Mattermost ended it with the refresh).
   */
  renewToken(oldToken: string, newToken: string): void {
    const oldKey = tokenKey(oldToken);
    const client = this.clients.get(oldKey);
    this.verified.delete(oldKey);
    if (!client) return;
    client.setToken(newToken);
    this.clients.delete(oldKey);
    this.clients.set(tokenKey(newToken), client);
  }

  breakerState() {
    return this.upstream.breakerState();
  }

  async health(): Promise<UpstreamHealth> {
    const started = performance.now();
    const breaker = this.upstream.breakerState();
    try {
      const response = await fetch(`${this.settings.mattermostUrl}/api/v4/system/ping`, {
        signal: AbortSignal.timeout(Math.min(this.settings.timeoutMs, 5000)),
      });
      await response.arrayBuffer();
      const latencyMs = Math.round(performance.now() - started);
      const lastMinute = this.answers.within();
      const throttledNow = this.answers.within(THROTTLED_NOW_S).throttled > 0;
      if (response.status >= 500) {
        return {
          reachable: false,
          latencyMs,
          breaker,
          lastMinute,
          throttledNow,
          error: `Mattermost answered HTTP ${response.status}`,
          status: response.status,
        };
      }
      return {
        reachable: true,
        latencyMs,
        breaker,
        lastMinute,
        throttledNow,
        status: response.status,
      };
    } catch (err) {
      const cause = (err as { cause?: { code?: unknown } }).cause?.code;
      return {
        reachable: false,
        breaker,
        lastMinute: this.answers.within(),
        throttledNow: this.answers.within(THROTTLED_NOW_S).throttled > 0,
        error: (err as Error).name === 'TimeoutError' ? 'timeout' : 'unreachable',
        ...(typeof cause === 'string' ? { cause } : {}),
      };
    }
  }

  /** Shares the names of teams, channels and users with the other bridges of a cluster. */
  shareNames(shared: SharedNames): void {
    this.caches.share(shared);
  }

  /** A WebSocket event some user received: what it changed leaves the caches. */
  noteEvent(ev: DirectoryEvent): void {
    forgetChangedBy(this.caches, ev);
  }

  async close(): Promise<void> {
    this.caches.clear();
    this.clients.clear();
    this.verified.clear();
    this.seen.clear();
  }
}
