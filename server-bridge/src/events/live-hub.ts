import type { Logger } from '../observability/logger.js';
import type { WebhookFeed } from '../webhooks/feed.js';
import { systemClock, type LiveClock } from './live-clock.js';
import {
  newCounters,
  type LiveAccess,
  type LiveCounters,
  type LiveSettings,
  type LiveSink,
  type SourceFactory,
} from './live-types.js';
import type { FeedEvent } from './routing.js';
import type { SocketEvent } from './user-socket.js';
import { UserLive } from './user-live.js';

/** One MCP session's handle on its user's live state. */
export interface LiveSession {
  /** Resolves when the resource's current state is known, so later changes are notified. */
  subscribe(uri: string): Promise<void>;
  unsubscribe(uri: string): void;
  /** The recent events of a team, as this user received them. */
  teamEvents(teamId: string): FeedEvent[];
  /** Whether the user is a member of a channel (cached briefly). */
  canSee(channelId: string): Promise<boolean>;
  detach(): void;
}

export interface LiveStats {
  users: number;
  sessions: number;
  subscriptions: number;
  websockets: number;
  polling: number;
  /** Users whose events another bridge of the cluster relays here. */
  relayed: number;
}

/**
 * The bridge's live layer: one `UserLive` per Mattermost user with open sessions, created on the
 * first session and dropped when the last one is gone and its event source went idle.
 */
export class LiveHub {
  private readonly users = new Map<string, UserLive>();
  /** Counters summed over every user, since the bridge started. */
  readonly totals: LiveCounters = newCounters();
  /** Told how long handing one update to all its sessions took (for `/metrics`). */
  onFanout?: (seconds: number, sessions: number) => void;
  /** Told of every event any user's WebSocket brings (the gateway forgets what changed). */
  onEvent?: (ev: SocketEvent) => void;
  private readonly unhookFeed?: () => void;

  constructor(
    readonly settings: LiveSettings,
    private readonly log: Logger,
    webhookFeed?: WebhookFeed,
    private readonly clock: LiveClock = systemClock,
    /** On a bridge of a cluster: sources sharing one WebSocket per user with the other bridges. */
    private readonly source?: SourceFactory,
  ) {
    if (webhookFeed) {
      const onDelivery = (delivery: Parameters<UserLive['onWebhook']>[0]) => {
        for (const live of this.users.values()) void live.onWebhook(delivery);
      };
      webhookFeed.on('delivery', onDelivery);
      this.unhookFeed = () => webhookFeed.off('delivery', onDelivery);
    }
  }

  private userLive(
    user: { id: string; username: string },
    token: string,
    access: LiveAccess,
  ): UserLive {
    let live = this.users.get(user.id);
    if (!live) {
      live = new UserLive(
        user.id,
        user.username,
        access,
        token,
        this.settings,
        this.log,
        (idle) => {
          if (this.users.get(idle.userId) === idle) {
            this.users.delete(idle.userId);
            idle.close();
          }
        },
        {
          totals: this.totals,
          onFanout: (seconds, sessions) => this.onFanout?.(seconds, sessions),
          onEvent: (ev) => this.onEvent?.(ev),
          clock: this.clock,
          ...(this.source ? { source: this.source } : {}),
        },
      );
      this.users.set(user.id, live);
    }
    return live;
  }

  /**
   * A session's handle for a server that lives for one request (the 2026-07-28 era): it reads
   * the user's live state but receives nothing, since its server is gone before any change.
   */
  observe(user: { id: string; username: string }, token: string, access: LiveAccess): LiveSession {
    const owner = this.userLive(user, token, access);
    owner.refresh(access, token);
    return {
      subscribe: async () => {
        throw new Error(
          'This connection cannot receive updates: follow resources with subscriptions/listen.',
        );
      },
      unsubscribe: () => undefined,
      teamEvents: (teamId) => {
        owner.keepFeedAlive();
        return owner.teamEvents(teamId);
      },
      canSee: (channelId) => owner.canSee(channelId),
      detach: () => undefined,
    };
  }

  attach(
    user: { id: string; username: string },
    token: string,
    access: LiveAccess,
    sink: LiveSink,
  ): LiveSession {
    const live = this.userLive(user, token, access);
    live.attach(sink, access, token);
    const owner = live;
    let detached = false;
    return {
      subscribe: async (uri) => {
        if (!detached) await owner.subscribe(sink, uri);
      },
      unsubscribe: (uri) => owner.unsubscribe(sink, uri),
      teamEvents: (teamId) => {
        owner.keepFeedAlive();
        return owner.teamEvents(teamId);
      },
      canSee: (channelId) => owner.canSee(channelId),
      detach: () => {
        if (detached) return;
        detached = true;
        owner.detach(sink);
      },
    };
  }

  /** The live state of a user, for tests and diagnostics. */
  user(userId: string): UserLive | undefined {
    return this.users.get(userId);
  }

  stats(): LiveStats {
    const s: LiveStats = {
      users: 0,
      sessions: 0,
      subscriptions: 0,
      websockets: 0,
      polling: 0,
      relayed: 0,
    };
    for (const live of this.users.values()) {
      s.users++;
      s.sessions += live.sessionCount;
      s.subscriptions += live.subscriptionCount;
      if (live.mode === 'websocket') s.websockets++;
      if (live.mode === 'polling') s.polling++;
      if (live.mode === 'relayed') s.relayed++;
    }
    return s;
  }

  /** The users whose Mattermost WebSocket this bridge holds (at most `limit`, for `/health`). */
  socketUsers(limit = 100): string[] {
    const held: string[] = [];
    for (const live of this.users.values()) {
      if (held.length >= limit) break;
      if (live.mode === 'websocket') held.push(live.userId);
    }
    return held;
  }

  close(): void {
    this.unhookFeed?.();
    for (const live of this.users.values()) live.close();
    this.users.clear();
  }
}
