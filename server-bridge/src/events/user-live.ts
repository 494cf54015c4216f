import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../observability/logger.js';
import { ResourceUris, parseResourceUri } from '../resources/uris.js';
import type { WebhookDelivery } from '../webhooks/feed.js';
import { Coalescer } from './coalescer.js';
import type { ChangedPost, LiveAccess, LiveSettings, LiveSink } from './live-types.js';
import { effectsOf, feedEventsOfPost, reactionPostId, type FeedEvent } from './routing.js';
import { TeamFeeds } from './team-feed.js';
import { UserSocket, type SocketEvent } from './user-socket.js';

/** Resources whose content lives in the bridge itself: nothing to re-read from Mattermost. */
const LOCAL_KINDS = new Set(['teamEvents', 'webhooks']);
const RESYNC_CONCURRENCY = 4;
/** Events routed to a team feed, whose team may need a lookup. */
const TEAM_LOOKUP_EVENTS = new Set([
  'posted',
  'post_edited',
  'post_deleted',
  'reaction_added',
  'reaction_removed',
]);
/** Sessions handed an update per turn of the event loop (see `fanOut`). */
const FANOUT_SLICE = 50;
/** The backfill looks this far before the last event, for clocks and in-flight events. */
const BACKFILL_OVERLAP_MS = 5000;

export type LiveMode = 'idle' | 'websocket' | 'polling';

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

/**
 * Everything live for one Mattermost user: one event source shared by all of the user's MCP
 * sessions (reference counted, closed when idle), the resources they subscribed to, change
 * detection and per-resource coalescing of the updates they receive.
 */
export class UserLive {
  private readonly sinks = new Set<LiveSink>();
  private readonly subscribers = new Map<string, Set<LiveSink>>();
  /** Digest of each subscribed resource as last read, to tell after a resync what changed. */
  private readonly digests = new Map<string, string>();
  private readonly digestRefreshes = new Map<string, NodeJS.Timeout>();
  /** First reads of newly subscribed resources, shared by concurrent subscribers. */
  private readonly baselines = new Map<string, Promise<void>>();
  private readonly updates: Coalescer<string>;
  private readonly listChanges: Coalescer<'list'>;
  readonly feeds: TeamFeeds;
  private readonly channelTeams = new LRUCache<string, string>({ max: 5000 });
  private readonly postRoots = new LRUCache<string, string>({ max: 20_000 });
  private readonly memberships = new LRUCache<string, boolean>({ max: 2000, ttl: 30_000 });
  private readonly lastStatuses = new Map<string, string>();
  private socket?: UserSocket;
  private tick?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private polling = false;
  private keepFeedUntil = 0;
  private membershipDigest?: string;
  /** Teams whose live feed someone follows or read: the backfill fills these. */
  private readonly feedTeams = new Set<string>();
  /** Bridge time of the last event taken from the WebSocket (or of the last backfill). */
  private lastEventAt = Date.now();
  private processing: Promise<void> = Promise.resolve();
  private resyncing?: Promise<void>;
  private resyncAgain = false;
  private closed = false;
  /** This user's counters; the hub's `totals` add up all users' for `/metrics`. */
  readonly stats: LiveCounters = newCounters();

  constructor(
    readonly userId: string,
    readonly username: string,
    private access: LiveAccess,
    private token: string,
    private readonly settings: LiveSettings,
    private readonly log: Logger,
    private readonly onIdle: (live: UserLive) => void,
    private readonly totals: LiveCounters = newCounters(),
    /** Told how long handing one update to all its sessions took. */
    private readonly onFanout?: (seconds: number, sessions: number) => void,
  ) {
    this.feeds = new TeamFeeds(settings.feedPerTeam);
    this.updates = new Coalescer(settings.coalesceMs, (uri) => this.deliver(uri));
    this.listChanges = new Coalescer(settings.coalesceMs, () => {
      for (const sink of this.sinks) sink.resourcesListChanged();
    });
  }

  get mode(): LiveMode {
    if (this.polling) return 'polling';
    return this.socket ? 'websocket' : 'idle';
  }

  get sessionCount(): number {
    return this.sinks.size;
  }

  get subscriptionCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Takes newer credentials without adding a session (one-request servers). */
  refresh(access: LiveAccess, token: string): void {
    this.access = access;
    this.token = token;
    this.scheduleIdle();
  }

  attach(sink: LiveSink, access: LiveAccess, token: string): void {
    this.sinks.add(sink);
    this.access = access;
    this.token = token;
    clearTimeout(this.idleTimer);
  }

  detach(sink: LiveSink): void {
    this.sinks.delete(sink);
    for (const [uri, set] of this.subscribers) {
      set.delete(sink);
      if (set.size === 0) this.dropUri(uri);
    }
    this.scheduleIdle();
  }

  /**
   * Resolves once the resource's state at subscription time is known (one read per user and
   * resource): a change after that is notified even if it happens before the WebSocket is up,
   * since the socket's first connection ends with a resync against that state.
   */
  subscribe(sink: LiveSink, uri: string): Promise<void> {
    let set = this.subscribers.get(uri);
    if (!set) this.subscribers.set(uri, (set = new Set()));
    set.add(sink);
    this.ensureSource();
    const parsed = parseResourceUri(uri);
    if (parsed?.kind === 'userStatus') void this.pollStatuses();
    if (parsed?.kind === 'teamEvents') this.feedTeams.add(parsed.teamId);
    if (this.digests.has(uri)) return Promise.resolve();
    let baseline = this.baselines.get(uri);
    if (!baseline) {
      baseline = this.refreshDigest(uri).then(
        () => undefined,
        () => undefined,
      );
      this.baselines.set(uri, baseline);
      void baseline.finally(() => this.baselines.delete(uri));
    }
    return baseline;
  }

  unsubscribe(sink: LiveSink, uri: string): void {
    const set = this.subscribers.get(uri);
    if (!set) return;
    set.delete(sink);
    if (set.size === 0) this.dropUri(uri);
    this.scheduleIdle();
  }

  /** Someone read a live feed: keep the event source open a while so the feed fills. */
  keepFeedAlive(): void {
    this.keepFeedUntil = Date.now() + this.settings.idleCloseMs;
    this.ensureSource();
    this.scheduleIdle();
  }

  /** How many entries each of this user's stores holds (each bounded by settings), for diagnostics. */
  retained(): {
    feedEvents: number;
    postRoots: number;
    channelTeams: number;
    subscriptions: number;
    pendingUpdates: number;
  } {
    return {
      feedEvents: this.feeds.size,
      postRoots: this.postRoots.size,
      channelTeams: this.channelTeams.size,
      subscriptions: this.subscribers.size,
      pendingUpdates: this.updates.size,
    };
  }

  teamEvents(teamId: string): FeedEvent[] {
    this.feedTeams.add(teamId);
    return this.feeds.of(teamId);
  }

  /** A delivery of an outgoing webhook: update the subscribers who may see its channel. */
  async onWebhook(delivery: WebhookDelivery): Promise<void> {
    const uris = [ResourceUris.webhooks, ResourceUris.channelPosts(delivery.channel_id)].filter(
      (u) => this.subscribers.has(u),
    );
    if (uris.length === 0) return;
    if (!(await this.canSee(delivery.channel_id))) return;
    if (!(await this.access.channelAllowed(delivery.channel_id).catch(() => false))) return;
    for (const uri of uris) this.updates.mark(uri);
  }

  async canSee(channelId: string): Promise<boolean> {
    const cached = this.memberships.get(channelId);
    if (cached !== undefined) return cached;
    const member = await this.access.isChannelMember(channelId).catch(() => false);
    this.memberships.set(channelId, member);
    return member;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.digestRefreshes.values()) clearTimeout(timer);
    this.digestRefreshes.clear();
    this.closeSource();
    this.updates.close();
    this.listChanges.close();
    this.subscribers.clear();
    this.sinks.clear();
  }

  private count(name: keyof LiveCounters): void {
    this.stats[name]++;
    this.totals[name]++;
  }

  private dropUri(uri: string): void {
    this.subscribers.delete(uri);
    this.digests.delete(uri);
    clearTimeout(this.digestRefreshes.get(uri));
    this.digestRefreshes.delete(uri);
    this.updates.forget(uri);
  }

  private ensureSource(): void {
    if (this.closed) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.tick) {
      this.tick = setInterval(() => void this.onTick(), this.settings.pollIntervalMs);
      this.tick.unref();
    }
    if (!this.settings.websocket) {
      this.polling = true;
      return;
    }
    if (this.socket) return;
    const socket = new UserSocket({
      mattermostUrl: this.settings.mattermostUrl,
      token: this.token,
      reconnect: this.settings.reconnect,
      log: this.log,
    });
    socket.on('event', (ev) => {
      this.processing = this.processing
        .then(() => this.onEvent(ev))
        .catch((err: unknown) => {
          this.log.warn({ err, event: ev.event }, 'live event not processed');
        });
    });
    socket.on('open', ({ resumed }) => {
      this.log.debug({ user_id: this.userId, resumed }, 'mattermost websocket open');
      if (this.polling) {
        // Back from polling: the WebSocket takes over, and one resync covers the switch.
        this.polling = false;
        void this.resync('websocket restored');
      } else if (!resumed) {
        // Changes between the subscriptions' first reads and this connection came as no event.
        void this.resync('websocket open');
      }
    });
    socket.on('missed', () => void this.resync('new websocket connection'));
    socket.on('down', (failures) => {
      if (failures >= this.settings.failuresBeforePolling && !this.polling) {
        this.log.warn(
          { user_id: this.userId, failures },
          'mattermost websocket failing; polling instead',
        );
        this.polling = true;
        void this.resync('websocket down');
      }
    });
    this.socket = socket;
    socket.start();
  }

  /** Closes the event source once nothing needs it: no subscription, no recently read feed. */
  private scheduleIdle(): void {
    if (this.closed || this.subscribers.size > 0 || this.idleTimer) return;
    const wait = Math.max(this.settings.idleCloseMs, this.keepFeedUntil - Date.now());
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.subscribers.size > 0) return;
      if (Date.now() < this.keepFeedUntil) {
        this.scheduleIdle();
        return;
      }
      this.closeSource();
      if (this.sinks.size === 0) this.onIdle(this);
    }, wait);
    this.idleTimer.unref();
  }

  private closeSource(): void {
    clearTimeout(this.idleTimer);
    clearInterval(this.tick);
    this.tick = undefined;
    this.idleTimer = undefined;
    this.socket?.stop();
    this.socket = undefined;
    this.polling = false;
    this.membershipDigest = undefined;
  }

  private async onTick(): Promise<void> {
    if (this.polling) {
      this.count('polls');
      await this.resync('poll');
    } else {
      await this.pollStatuses();
    }
  }

  private async onEvent(ev: SocketEvent): Promise<void> {
    if (ev.event === 'hello' || this.closed) return;
    this.count('events');
    this.lastEventAt = Date.now();
    await this.learnTeam(ev);
    await this.learnRoot(ev);
    const effects = effectsOf(ev, {
      userId: this.userId,
      username: this.username,
      teamOf: (channelId) => this.channelTeams.get(channelId),
      rootOf: (postId) => this.postRoots.get(postId),
    });
    if (effects.post) this.postRoots.set(effects.post.id, effects.post.root_id);
    // Content of a channel the rules hide is dropped here: it enters no feed and notifies no one.
    if ((effects.feed || effects.post) && !(await this.allowed(effects))) return;
    if (effects.feed && !this.feeds.add(effects.feed)) {
      this.count('duplicates');
      return;
    }
    for (const uri of effects.uris) if (this.subscribers.has(uri)) this.updates.mark(uri);
    if (effects.listChanged) {
      this.memberships.clear();
      this.listChanges.mark('list');
    }
  }

  private async allowed(effects: ReturnType<typeof effectsOf>): Promise<boolean> {
    const channelId = effects.feed?.channel_id ?? effects.post?.channel_id;
    return !!channelId && (await this.access.channelAllowed(channelId).catch(() => false));
  }

  /**
   * Post and reaction events other than `posted` do not name the team: look the channel (which
   * Mattermost names in the broadcast) up once.
   */
  private async learnTeam(ev: SocketEvent): Promise<void> {
    const channelId = ev.broadcast?.channel_id;
    if (!channelId || this.channelTeams.has(channelId)) return;
    if (ev.event === 'posted' && typeof ev.data?.team_id === 'string') {
      this.channelTeams.set(channelId, ev.data.team_id);
      return;
    }
    if (!TEAM_LOOKUP_EVENTS.has(ev.event)) return;
    const team = await this.access.channelTeam(channelId).catch(() => undefined);
    if (team !== undefined) this.channelTeams.set(channelId, team);
  }

  /**
   * A reaction names its post only: when that post is a reply the bridge never saw, look its
   * thread up once, so subscribers of the thread hear of it (only if anyone follows a thread).
   */
  private async learnRoot(ev: SocketEvent): Promise<void> {
    const postId = reactionPostId(ev);
    if (!postId || this.postRoots.has(postId)) return;
    const followsThreads = [...this.subscribers.keys()].some(
      (uri) => parseResourceUri(uri)?.kind === 'thread',
    );
    if (!followsThreads) return;
    const root = await this.access.postRoot(postId).catch(() => undefined);
    if (root !== undefined) this.postRoots.set(postId, root);
  }

  private deliver(uri: string): void {
    const set = this.subscribers.get(uri);
    if (!set) return;
    const started = performance.now();
    void this.fanOut(uri, [...set], set).then((sent) =>
      this.onFanout?.((performance.now() - started) / 1000, sent),
    );
    // With events driving updates, keep the digest current so a later resync only reports
    // what changed after this notification. Read a window later, off the fan-out's path.
    if (!this.polling) this.scheduleDigestRefresh(uri);
  }

  /**
   * Hands an update to its sessions a slice at a time, yielding to the event loop in between:
   * each slice's notifications are written out before the next slice starts, so the first
   * sessions hear of it at once instead of all waiting for the last, and other requests are
   * served between slices. Sends are never awaited in turn: a stalled session holds up nobody.
   * Settles, with the number of sessions served, once every send has settled.
   */
  private async fanOut(uri: string, sinks: LiveSink[], current: Set<LiveSink>): Promise<number> {
    const sent: Array<Promise<void> | void> = [];
    for (let i = 0; i < sinks.length; i += FANOUT_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed) break;
      for (const sink of sinks.slice(i, i + FANOUT_SLICE)) {
        // A session that unsubscribed or ended meanwhile is skipped.
        if (!current.has(sink) || this.subscribers.get(uri) !== current) continue;
        this.count('notifications');
        sent.push(sink.resourceUpdated(uri));
      }
    }
    await Promise.allSettled(sent);
    return sent.length;
  }

  private scheduleDigestRefresh(uri: string): void {
    if (this.digestRefreshes.has(uri)) return;
    const timer = setTimeout(() => {
      this.digestRefreshes.delete(uri);
      void this.refreshDigest(uri);
    }, this.settings.coalesceMs);
    timer.unref();
    this.digestRefreshes.set(uri, timer);
  }

  private async refreshDigest(uri: string): Promise<string | undefined> {
    if (LOCAL_KINDS.has(parseResourceUri(uri)?.kind ?? '')) return undefined;
    const content = await this.access.read(uri).catch(() => undefined);
    const digest = createHash('sha256')
      .update(content ?? '\u0000unreadable')
      .digest('base64url');
    if (this.subscribers.has(uri)) this.digests.set(uri, digest);
    return digest;
  }

  /**
   * Re-reads every subscribed resource over REST and notifies those that changed: after the
   * WebSocket came back on a new connection (events were lost), on every polling tick, and when
   * switching between polling and the WebSocket.
   */
  resync(reason: string): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = (async () => {
      do {
        this.resyncAgain = false;
        this.count('resyncs');
        this.log.debug({ user_id: this.userId, reason }, 'resync');
        await this.resyncOnce();
      } while (this.resyncAgain && !this.closed);
    })().finally(() => {
      this.resyncing = undefined;
    });
    return this.resyncing;
  }

  private async resyncOnce(): Promise<void> {
    const uris = [...this.subscribers.keys()].filter((uri) => {
      const kind = parseResourceUri(uri)?.kind ?? '';
      return !LOCAL_KINDS.has(kind) && kind !== 'userStatus';
    });
    let next = 0;
    const worker = async () => {
      while (next < uris.length && !this.closed) {
        const uri = uris[next++]!;
        const before = this.digests.get(uri);
        const after = await this.refreshDigest(uri);
        if (before !== undefined && after !== undefined && before !== after) this.updates.mark(uri);
      }
    };
    await Promise.all(Array.from({ length: RESYNC_CONCURRENCY }, worker));
    await this.backfillFeeds();
    await this.pollStatuses(true);
    await this.checkMemberships();
  }

  /**
   * Events the WebSocket did not deliver (a new connection after a restart, or polling) are
   * recovered from the posts changed since the last event: they enter the team feeds under the
   * same keys as live events, so whatever both paths see is kept once.
   */
  private async backfillFeeds(): Promise<void> {
    const since = this.lastEventAt - BACKFILL_OVERLAP_MS;
    const startedAt = Date.now();
    const channels = new Map<string, { team: string; name: string }>();
    for (const team of this.feedTeams) {
      // Reactions leave a channel's last_post_at alone: channels the feed already shows activity
      // in are read too, since that is where reactions to recent posts happen.
      const active = new Set(this.feeds.of(team).map((e) => e.channel_id));
      const mine = await this.access.myChannels(team).catch(() => []);
      for (const c of mine) {
        if (c.last_post_at >= since || active.has(c.id)) channels.set(c.id, { team, name: c.name });
      }
    }
    const touched = new Set<string>();
    for (const [channelId, { team, name }] of channels) {
      const posts = await this.access.postsSince(channelId, since).catch(() => [] as ChangedPost[]);
      for (const post of posts.sort((a, b) => a.create_at - b.create_at)) {
        this.postRoots.set(post.id, post.root_id || post.id);
        for (const feed of feedEventsOfPost(post, team, name, since)) {
          if (this.feeds.add(feed)) touched.add(feed.team_id);
        }
      }
    }
    for (const team of touched) {
      const uri = ResourceUris.teamEvents(team);
      if (this.subscribers.has(uri)) this.updates.mark(uri);
    }
    this.lastEventAt = Math.max(this.lastEventAt, startedAt);
  }

  /** Joined or left a channel or team while events were not flowing: the lists changed. */
  private async checkMemberships(): Promise<void> {
    const ids = await this.access.read(ResourceUris.teams).catch(() => undefined);
    if (ids === undefined) return;
    const digest = createHash('sha256').update(ids).digest('base64url');
    if (this.membershipDigest !== undefined && digest !== this.membershipDigest) {
      this.memberships.clear();
      this.listChanges.mark('list');
      if (this.subscribers.has(ResourceUris.teams)) this.updates.mark(ResourceUris.teams);
    }
    this.membershipDigest = digest;
  }

  /**
   * Mattermost pushes `status_change` only to the user concerned, so other users' statuses are
   * polled, all subscribed ones in one `POST /users/status/ids`. The user's own status comes
   * with the WebSocket and is polled only while polling stands in for it.
   */
  private async pollStatuses(includeSelf = this.polling): Promise<void> {
    const ids: string[] = [];
    for (const uri of this.subscribers.keys()) {
      const parsed = parseResourceUri(uri);
      if (parsed?.kind === 'userStatus' && (includeSelf || parsed.userId !== this.userId)) {
        ids.push(parsed.userId);
      }
    }
    if (ids.length === 0) return;
    const statuses = await this.access.statuses(ids).catch(() => undefined);
    if (!statuses) return;
    for (const id of ids) {
      const status = statuses[id];
      if (status === undefined) continue;
      const before = this.lastStatuses.get(id);
      this.lastStatuses.set(id, status);
      if (before !== undefined && before !== status) this.updates.mark(ResourceUris.userStatus(id));
    }
  }
}
