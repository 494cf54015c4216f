import { documentTextsFrom, type DocumentTexts } from '../documents/document-text.js';
import type { McpServer } from '@modelcontextprotocol/server';
import type { Router } from 'express';
import type { BridgeConfig } from '../config.js';
import type { AuthenticatedUser } from '../gateway/types.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { ServerExtension } from '../mcp/registry.js';
import type { ChannelGuard } from '../policy/channel-guard.js';
import type { Logger } from '../observability/logger.js';
import { registerLiveSurface } from '../resources/session.js';
import { StreamEventLog, type SessionEventStore } from '../streams/event-store.js';
import { WebhookFeed } from '../webhooks/feed.js';
import { createOutgoingWebhookRouter } from '../webhooks/outgoing-route.js';
import type { Registry } from 'prom-client';
import { clusterSources, type SocketCluster } from './cluster-source.js';
import { systemClock } from './live-clock.js';
import { LiveHub } from './live-hub.js';
import { registerLiveMetrics } from './live-metrics.js';
import type { LiveSettings } from './live-types.js';

/** Deliveries kept for `mattermost://webhooks/outgoing`. */
const WEBHOOK_FEED_SIZE = 1000;
/** Events kept per team feed. */
const FEED_PER_TEAM = 500;
/** Listen streams one user may hold open: a client needs one, a few clients a few each. */
const MAX_LISTEN_STREAMS = 16;
/** A dropped WebSocket that was up comes back within this (at random, to spread many users). */
const FIRST_RECONNECT_MS = 500;

export function liveSettingsFrom(config: BridgeConfig): LiveSettings {
  return {
    mattermostUrl: config.MATTERMOST_URL,
    websocket: config.BRIDGE_WEBSOCKET,
    pollIntervalMs: config.BRIDGE_POLL_INTERVAL_MS,
    coalesceMs: config.BRIDGE_NOTIFY_COALESCE_MS,
    idleCloseMs: config.BRIDGE_EVENT_IDLE_CLOSE_MS,
    failuresBeforePolling: 3,
    reconnect: {
      firstMs: Math.min(FIRST_RECONNECT_MS, config.BRIDGE_WEBSOCKET_RETRY_MS),
      minMs: config.BRIDGE_WEBSOCKET_RETRY_MS,
      maxMs: 300_000,
      jitterMs: Math.min(2000, config.BRIDGE_WEBSOCKET_RETRY_MS),
      maxFails: 7,
    },
    pingIntervalMs: config.BRIDGE_WEBSOCKET_PING_MS,
    feedPerTeam: FEED_PER_TEAM,
    maxSubscriptions: config.BRIDGE_MAX_SUBSCRIPTIONS,
    maxListenStreams: MAX_LISTEN_STREAMS,
  };
}

/**
 * The live part of the bridge, built once per bridge: the per-user event sources, the outgoing
 * webhook feed and receiver, and the store that makes SSE streams resumable. The HTTP app mounts
 * `webhookRouter` at `/hooks/outgoing`; each session's transport takes `eventStoreForSession()`;
 * each session's server calls `registerSession()` before it connects.
 */
export class BridgeLive {
  readonly hub: LiveHub;
  readonly webhooks = new WebhookFeed(WEBHOOK_FEED_SIZE);
  /** Texts of PDF and Office files, for the file resource and read_file alike. */
  readonly documents: DocumentTexts;
  readonly streamEvents: StreamEventLog;
  readonly webhookRouter: Router;

  constructor(
    config: BridgeConfig,
    log: Logger,
    registry?: Registry,
    settings: LiveSettings = liveSettingsFrom(config),
    /** The cluster this bridge shares its users' WebSockets with, if any. */
    cluster?: SocketCluster,
  ) {
    this.hub = new LiveHub(
      settings,
      log.child({ component: 'live' }),
      this.webhooks,
      systemClock,
      // Polling alone needs no sharing: each bridge polls for its own subscribers.
      cluster && settings.websocket ? clusterSources(cluster, settings, systemClock) : undefined,
    );
    if (registry) registerLiveMetrics(registry, this.hub);
    this.streamEvents = new StreamEventLog(config.BRIDGE_EVENT_STORE_MAX);
    this.documents = documentTextsFrom(config);
    this.webhookRouter = createOutgoingWebhookRouter({
      tokens: config.BRIDGE_WEBHOOK_TOKENS ?? [],
      replyText: config.BRIDGE_WEBHOOK_REPLY,
      feed: this.webhooks,
      log: log.child({ component: 'webhooks' }),
    });
  }

  eventStoreForSession(): SessionEventStore {
    return this.streamEvents.forSession();
  }

  /** Resources, prompts and live updates for one session; returns its cleanup. */
  registerSession(
    server: McpServer,
    session: {
      user: AuthenticatedUser;
      token: string;
      mm: UserGateway;
      guard: ChannelGuard;
      observeOnly?: boolean;
    },
  ): () => void {
    return registerLiveSurface(server, {
      hub: this.hub,
      webhooks: this.webhooks,
      documents: this.documents,
      ...session,
    });
  }

  /** `registerSession` as the per-session extension the tool registry runs. */
  readonly extension: ServerExtension = (server, session) =>
    this.registerSession(server, {
      user: session.user,
      token: session.token,
      mm: session.mm,
      guard: session.guard,
      observeOnly: session.perRequest,
    });

  close(): void {
    this.hub.close();
  }
}
