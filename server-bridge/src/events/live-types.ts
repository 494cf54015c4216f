import type { Logger } from '../observability/logger.js';
import type { LiveClock } from './live-clock.js';
import type { EventSource, SourceOwner } from './live-source.js';
import type { ReconnectPolicy, SocketEvent } from './user-socket.js';

/** How the live layer behaves; filled from the bridge's configuration. */
export interface LiveSettings {
  mattermostUrl: string;
  /** Use Mattermost's WebSocket (`BRIDGE_WEBSOCKET`); false means polling only. */
  websocket: boolean;
  /** Polling period, for the fallback and for other users' statuses (`BRIDGE_POLL_INTERVAL_MS`). */
  pollIntervalMs: number;
  /** At most one update per resource per window (`BRIDGE_NOTIFY_COALESCE_MS`). */
  coalesceMs: number;
  /** A user's WebSocket closes after this long without subscriptions (`BRIDGE_EVENT_IDLE_CLOSE_MS`). */
  idleCloseMs: number;
  /** Failed connection attempts in a row before polling stands in for the WebSocket. */
  failuresBeforePolling: number;
  reconnect: ReconnectPolicy;
  /**
   * How often the bridge pings each WebSocket (`BRIDGE_WEBSOCKET_PING_MS`): a ping answered
   * `FAIL`, or nothing received for two periods, makes the socket count as silent.
   */
  pingIntervalMs: number;
  /** Events kept per team feed. */
  feedPerTeam: number;
  /**
   * Resources one session may follow at once (`BRIDGE_MAX_SUBSCRIPTIONS`); in the 2026-07-28 era,
   * all of one user's listen streams together.
   */
  maxSubscriptions: number;
  /** Open `subscriptions/listen` streams one user may hold (2026-07-28 era). */
  maxListenStreams: number;
}

/** What a session's MCP server does with live changes. */
export interface LiveSink {
  /** Hands the notification to the session's transport; settles when it was written. */
  resourceUpdated(uri: string): Promise<void> | void;
  resourcesListChanged(): void;
  /**
   * Live updates for the session are over for good (the user's token no longer works): the
   * session should end rather than keep subscriptions that will never fire.
   */
  ended?(reason: string): void;
}

/** A resource as read for change detection: its content, or undefined when it cannot be read. */
export type ResourceReader = (uri: string) => Promise<string | undefined>;

/**
 * What the live layer needs from Mattermost for one user, provided by the resources layer on top
 * of that user's gateway (every call acts as the user, so Mattermost enforces permissions).
 */
export interface LiveAccess {
  read: ResourceReader;
  /** Whether the channel rules let assistants read a channel: events of others are dropped. */
  channelAllowed(channelId: string): Promise<boolean>;
  /** The team of a channel ('' for direct and group channels); undefined when not visible. */
  channelTeam(channelId: string): Promise<string | undefined>;
  /** Whether the user is a member of the channel. */
  isChannelMember(channelId: string): Promise<boolean>;
  /** Statuses by user id, in one batched call (`POST /users/status/ids`). */
  statuses(userIds: string[]): Promise<Record<string, string>>;
  /** The user's channels in a team, with their names and last activity. */
  myChannels(teamId: string): Promise<Array<{ id: string; name: string; last_post_at: number }>>;
  /** Posts of a channel created, edited, deleted or reacted to since a time (Unix ms). */
  postsSince(channelId: string, sinceMs: number): Promise<ChangedPost[]>;
  /** The root of a post's thread (the post itself for a root); undefined when not visible. */
  postRoot(postId: string): Promise<string | undefined>;
}

/** A post as the backfill of the live feeds needs it. */
export interface ChangedPost {
  id: string;
  channel_id: string;
  root_id: string;
  user_id: string;
  message: string;
  type: string;
  create_at: number;
  edit_at: number;
  delete_at: number;
  /** When the post last changed (what `since` compares with). */
  update_at?: number;
  /** Its current reactions (Mattermost sends them in the post's metadata). */
  reactions?: Array<{ user_id: string; emoji_name: string; create_at: number }>;
}

export interface LiveCounters {
  /** Mattermost events received over WebSockets. */
  events: number;
  /** Events dropped because the same change was already seen. */
  duplicates: number;
  resyncs: number;
  /** `resources/updated` notifications sent, one per session. */
  notifications: number;
  polls: number;
}

export function newCounters(): LiveCounters {
  return { events: 0, duplicates: 0, resyncs: 0, notifications: 0, polls: 0 };
}

/** What the hub hands each user's live state besides its settings. */
export interface UserLiveHooks {
  /** The hub's counters, which add up all users' for `/metrics`. */
  totals?: LiveCounters;
  /** Told how long handing one update to all its sessions took. */
  onFanout?: (seconds: number, sessions: number) => void;
  /** Told of every event from Mattermost (the gateway forgets what it changed). */
  onEvent?: (ev: SocketEvent) => void;
  clock?: LiveClock;
  /** Builds the user's event source instead of a `LiveSource` of its own (a cluster's bridges). */
  source?: SourceFactory;
}

/** An event source for one user's live state; `owner.userId` names the user. */
export type SourceFactory = (
  owner: SourceOwner & { userId: string },
  token: () => string,
  log: Logger,
) => EventSource;
