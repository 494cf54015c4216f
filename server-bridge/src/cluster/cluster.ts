import type { BridgeConfig } from '../config.js';
import type { RateLimits } from '../gateway/rate-limiter.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { WebhookFeed } from '../webhooks/feed.js';
import { RedisLink, type RedisState } from './redis-link.js';
import { RedisOAuthStore } from './oauth-store.js';
import { SessionDirectory } from './session-directory.js';
import { SharedSessionState } from './session-state.js';
import type { SessionStateStore } from '../mcp/session-state.js';
import { SharedRateLimiter } from './shared-rate-limiter.js';
import { WebhookRelay } from './webhook-relay.js';
import { Counter, Gauge } from 'prom-client';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { EventRelay } from './event-relay.js';
import { SocketCoordinator } from './socket-coordinator.js';
import { SocketLeases } from './socket-lease.js';
import { SharedEventStore } from './shared-event-store.js';
import { RedisSharedNames } from './shared-names.js';
import type { SessionEventStore } from '../streams/event-store.js';

/** Events kept per user's relay stream: a takeover reads the last few, a slow bridge the rest. */
const RELAY_MAX_EVENTS = 1000;
/** A user's relay stream outlives its last event this long (Mattermost holds a connection 5 min). */
const RELAY_TTL_MS = 10 * 60_000;

/** What a bridge shares with the other bridges of its cluster through Redis. */
export interface Cluster {
  link: RedisLink;
  rateLimiter: SharedRateLimiter;
  sessions: SessionDirectory;
  /** OAuth clients, grants and tokens, for every bridge of the cluster. */
  oauthStore: RedisOAuthStore;
  /** Session state (enabled toolsets) any bridge of the cluster reads. */
  sessionState: SessionStateStore;
  /** One Mattermost WebSocket per user across the cluster: leases and the event relay. */
  sockets: SocketCoordinator;
  /** A session's resumable SSE messages, readable by every bridge; `local` while Redis is away. */
  eventStore(sessionId: () => string | undefined, local: SessionEventStore): SharedEventStore;
  /** Names of teams, channels and users the bridges looked up, per viewer. */
  names: RedisSharedNames;
  /** Shares the webhook feed once the live layer has built it. */
  shareWebhooks(feed: WebhookFeed): Promise<void>;
  health(): { status: RedisState };
  stop(): Promise<void>;
}

/** Joins the cluster named by `REDIS_URL`; undefined when the bridge runs alone. */
export async function joinCluster(
  config: BridgeConfig,
  limits: RateLimits,
  metrics: BridgeMetrics,
  log: Logger,
  /** This bridge's own session state, kept too and read when Redis does not answer. */
  localState: SessionStateStore,
): Promise<Cluster | undefined> {
  if (!config.REDIS_URL) return undefined;
  const clusterLog = log.child({ component: 'cluster' });
  const link = new RedisLink(
    {
      url: config.REDIS_URL,
      prefix: config.REDIS_PREFIX,
      commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    },
    clusterLog,
  );
  const up = new Gauge({
    name: 'mcp_bridge_redis_up',
    help: 'Whether the bridge reaches Redis (1) or serves alone until it does (0).',
    registers: [metrics.registry],
  });
  const fallbacks = new Counter({
    name: 'mcp_bridge_redis_fallbacks_total',
    help: 'Operations done locally because Redis did not answer, by kind.',
    labelNames: ['kind'],
    registers: [metrics.registry],
  });
  link.onStateChange((state) => up.set(state === 'up' ? 1 : 0));
  await link.start();
  up.set(link.status === 'up' ? 1 : 0);
  const relays: WebhookRelay[] = [];
  const events = new EventRelay(link, { maxLen: RELAY_MAX_EVENTS, ttlMs: RELAY_TTL_MS });
  await events.start();
  // This bridge's name on the leases it holds: unique per process, readable in Redis.
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const sockets = new SocketCoordinator(
    new SocketLeases(link, owner, config.BRIDGE_SOCKET_LEASE_MS),
    events,
    clusterLog,
  );
  return {
    sockets,
    names: new RedisSharedNames(link, config.BRIDGE_CACHE_TTL_MS),
    eventStore: (sessionId, local) =>
      new SharedEventStore(link, sessionId, local, {
        maxLen: config.BRIDGE_EVENT_STORE_MAX,
        ttlMs: config.BRIDGE_SESSION_IDLE_MS,
      }),
    link,
    rateLimiter: new SharedRateLimiter(link, limits, () => fallbacks.inc({ kind: 'rate_limit' })),
    sessions: new SessionDirectory(link, config.BRIDGE_SESSION_IDLE_MS),
    oauthStore: new RedisOAuthStore(link, config.BRIDGE_OAUTH_MAX_RECORDS, () =>
      fallbacks.inc({ kind: 'oauth' }),
    ),
    sessionState: new SharedSessionState(link, config.BRIDGE_SESSION_IDLE_MS, localState, () =>
      fallbacks.inc({ kind: 'session_state' }),
    ),
    async shareWebhooks(feed) {
      const relay = new WebhookRelay(link, feed, clusterLog);
      relays.push(relay);
      await relay.start();
    },
    health: () => ({ status: link.status }),
    async stop() {
      for (const relay of relays) relay.stop();
      await sockets.stop();
      await link.stop();
    },
  };
}
