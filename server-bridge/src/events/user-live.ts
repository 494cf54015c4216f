import type { Logger } from '../observability/logger.js';
import { ResourceUris, parseResourceUri } from '../resources/uris.js';
import type { WebhookDelivery } from '../webhooks/feed.js';
import { ChangeDetector } from './change-detector.js';
import { FeedBackfill } from './feed-backfill.js';
import { systemClock, type Cancel, type LiveClock } from './live-clock.js';
import { ownSource, type EventSource, type LiveMode, type TokenVerdict } from './live-source.js';
import { LiveSubscribers } from './live-subscribers.js';
import { Memberships } from './memberships.js';
import {
  newCounters,
  type LiveAccess,
  type UserLiveHooks,
  type LiveCounters,
  type LiveSettings,
  type LiveSink,
} from './live-types.js';
import { EventPlacement } from './event-placement.js';
import type { EventEffects, FeedEvent } from './routing.js';
import { StatusPoller } from './status-poller.js';
import { TeamFeeds } from './team-feed.js';
import type { SocketEvent } from './user-socket.js';
import { MattermostError } from '../errors.js';

/** Resources whose content lives in the bridge itself: nothing to re-read from Mattermost. */
const LOCAL_KINDS = new Set(['teamEvents', 'webhooks']);
/** First wait before a resync that could not read everything runs again (doubling to the poll period). */
const RESYNC_RETRY_MS = 500;

/**
 * Everything live for one Mattermost user: one event source shared by all of the user's MCP
 * sessions (reference counted, closed when idle), the resources they follow, and what turns
 * Mattermost's events, or a resync over REST when events were lost, into updates. The parts:
 * `LiveSource` (WebSocket or polling), `LiveSubscribers` (sessions, coalescing, fan-out),
 * `ChangeDetector` (digests for resyncs), `FeedBackfill` (team feeds), `StatusPoller`.
 */
export class UserLive {
  private readonly subs: LiveSubscribers;
  private readonly detector: ChangeDetector;
  private readonly source: EventSource;
  readonly feeds: TeamFeeds;
  private readonly backfill: FeedBackfill;
  private readonly statuses: StatusPoller;
  private readonly placement: EventPlacement;
  private readonly memberships = new Memberships();
  private cancelIdle?: Cancel;
  private cancelResyncRetry?: Cancel;
  private resyncRetryMs = RESYNC_RETRY_MS;
  private keepFeedUntil = 0;
  /** Events in processing, one queue per channel: in order within a channel, none waits on another's lookups. */
  private readonly lanes = new Map<string, Promise<void>>();
  private resyncing?: Promise<void>;
  private resyncAgain = false;
  private closed = false;
  private readonly totals: LiveCounters;
  private readonly clock: LiveClock;
  private readonly onSocketEvent?: (ev: SocketEvent) => void;
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
    hooks: UserLiveHooks = {},
  ) {
    this.totals = hooks.totals ?? newCounters();
    this.clock = hooks.clock ?? systemClock;
    this.onSocketEvent = hooks.onEvent;
    const clock = this.clock;
    this.feeds = new TeamFeeds(settings.feedPerTeam);
    this.statuses = new StatusPoller(userId);
    this.placement = new EventPlacement(userId, username);
    this.backfill = new FeedBackfill(this.feeds, clock, (id, root) =>
      this.placement.learnRoot(id, root),
    );
    const isLocal = (uri: string) => LOCAL_KINDS.has(parseResourceUri(uri)?.kind ?? '');
    this.detector = new ChangeDetector(
      (uri) => this.access.read(uri),
      clock,
      settings.coalesceMs,
      isLocal,
      (uri) => this.subs.has(uri),
    );
    this.subs = new LiveSubscribers(settings.coalesceMs, clock, {
      notified: () => this.count('notifications'),
      // With events driving updates, keep the digest current so a later resync only reports
      // what changed after this notification.
      delivered: (uri) => {
        if (this.source.streaming) this.detector.afterUpdate(uri, () => this.source.checkpoint());
      },
      fanOutTook: hooks.onFanout,
    });
    const source = hooks.source ?? ownSource(settings, clock); // a cluster's: cluster-source.ts
    this.source = source(this, () => this.token, log.child({ user_id: userId }));
  }

  get mode(): LiveMode {
    return this.source.mode;
  }

  /** Whether changes arrive as events on a connected WebSocket (not by polling, not while reconnecting). */
  get streaming(): boolean {
    return this.source.streaming;
  }

  /** Whether a resource's update waits on its coalescing window. */
  get coalescing(): boolean {
    return this.subs.coalescing;
  }

  get sessionCount(): number {
    return this.subs.sessionCount;
  }

  get subscriptionCount(): number {
    return this.subs.subscriptionCount;
  }

  /** Takes newer credentials without adding a session (one-request servers). */
  refresh(access: LiveAccess, token: string): void {
    this.access = access;
    this.token = token;
    this.scheduleIdle();
  }

  attach(sink: LiveSink, access: LiveAccess, token: string): void {
    this.subs.attach(sink);
    this.access = access;
    this.token = token;
    this.cancelIdle?.();
    this.cancelIdle = undefined;
  }

  detach(sink: LiveSink): void {
    for (const uri of this.subs.detach(sink)) this.forget(uri);
    this.scheduleIdle();
  }

  /**
   * Resolves once the resource's state at subscription time is known (one read per user and
   * resource): a change after that is notified even if it happens before the WebSocket is up,
   * since the socket's first connection ends with a resync against that state.
   */
  subscribe(sink: LiveSink, uri: string): Promise<void> {
    this.subs.add(sink, uri);
    this.ensureSource();
    const parsed = parseResourceUri(uri);
    if (parsed?.kind === 'teamEvents') this.backfill.teams.add(parsed.teamId);
    const baseline = this.detector.baseline(uri);
    if (parsed?.kind !== 'userStatus') return baseline;
    // A status is compared with its last poll: the first poll is this subscription's baseline.
    const polled = this.pollStatuses(this.mode === 'polling');
    return Promise.all([baseline, polled]).then(() => undefined);
  }

  unsubscribe(sink: LiveSink, uri: string): void {
    if (this.subs.remove(sink, uri)) this.forget(uri);
    this.scheduleIdle();
  }

  /** Someone read a live feed: keep the event source open a while so the feed fills. */
  keepFeedAlive(): void {
    this.keepFeedUntil = this.clock.now() + this.settings.idleCloseMs;
    this.ensureSource();
    this.scheduleIdle();
  }

  /** How many entries each of this user's stores holds (each bounded by settings), for diagnostics. */
  retained() {
    return {
      feedEvents: this.feeds.size,
      ...this.placement.sizes,
      subscriptions: this.subs.resourceCount,
      pendingUpdates: this.subs.pendingUpdates,
    };
  }

  teamEvents(teamId: string): FeedEvent[] {
    this.backfill.teams.add(teamId);
    return this.feeds.of(teamId);
  }

  /** A delivery of an outgoing webhook: update the subscribers who may see its channel. */
  async onWebhook(delivery: WebhookDelivery): Promise<void> {
    const uris = [ResourceUris.webhooks, ResourceUris.channelPosts(delivery.channel_id)].filter(
      (u) => this.subs.has(u),
    );
    if (uris.length === 0) return;
    if (!(await this.canSee(delivery.channel_id))) return;
    if (!(await this.access.channelAllowed(delivery.channel_id).catch(() => false))) return;
    for (const uri of uris) this.subs.mark(uri);
  }

  canSee(channelId: string): Promise<boolean> {
    return this.memberships.isMember(this.access, channelId);
  }

  close(): void {
    this.closed = true;
    this.cancelResyncRetry?.();
    this.cancelIdle?.();
    this.source.stop();
    this.detector.close();
    this.subs.close();
  }

  // The event source's owner (see `SourceOwner`).

  event(ev: SocketEvent): void {
    this.onSocketEvent?.(ev);
    const lane = ev.broadcast?.channel_id ?? '';
    const next = (this.lanes.get(lane) ?? Promise.resolve())
      .then(() => this.onEvent(ev))
      .catch((err: unknown) => this.log.warn({ err, event: ev.event }, 'live event not processed'))
      .finally(() => {
        if (this.lanes.get(lane) === next) this.lanes.delete(lane);
      });
    this.lanes.set(lane, next);
  }

  streamBroken(): void {
    this.detector.streamBroken();
    this.backfill.streamBroken();
  }

  streamResumed(): void {
    this.backfill.streamResumed();
  }

  tick(polling: boolean): void {
    if (!polling) {
      void this.pollStatuses(false);
      return;
    }
    this.count('polls');
    void this.resync('poll');
  }

  async checkToken(): Promise<TokenVerdict> {
    try {
      await this.access.read(ResourceUris.me);
      return 'valid';
    } catch (err) {
      return err instanceof MattermostError && err.status === 401 ? 'gone' : 'unknown';
    }
  }

  tokenGone(): void {
    this.subs.end('The Mattermost token of this session no longer works.');
    this.close();
    this.onIdle(this);
  }

  /**
   * Re-reads every subscribed resource over REST and notifies those that changed: after the
   * WebSocket came back on a new connection (events were lost), on every polling tick, when
   * switching between polling and the WebSocket, and again (backing off) while a resync could
   * not read everything.
   */
  resync(reason: string): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = (async () => {
      let complete = true;
      do {
        this.resyncAgain = false;
        this.count('resyncs');
        this.log.debug({ user_id: this.userId, reason }, 'resync');
        complete = await this.resyncOnce();
      } while (this.resyncAgain && !this.closed);
      await this.retryIfIncomplete(complete);
    })().finally(() => {
      this.resyncing = undefined;
    });
    return this.resyncing;
  }

  private count(name: keyof LiveCounters): void {
    this.stats[name]++;
    this.totals[name]++;
  }

  private forget(uri: string): void {
    this.detector.drop(uri);
    this.statuses.forget(uri);
  }

  private ensureSource(): void {
    if (this.closed) return;
    this.cancelIdle?.();
    this.cancelIdle = undefined;
    this.source.start();
  }

  /** Closes the event source once nothing needs it: no subscription, no recently read feed. */
  private scheduleIdle(): void {
    if (this.closed || this.subs.resourceCount > 0 || this.cancelIdle) return;
    const wait = Math.max(this.settings.idleCloseMs, this.keepFeedUntil - this.clock.now());
    this.cancelIdle = this.clock.after(wait, () => {
      this.cancelIdle = undefined;
      if (this.subs.resourceCount > 0) return;
      if (this.clock.now() < this.keepFeedUntil) {
        this.scheduleIdle();
        return;
      }
      this.source.stop();
      this.memberships.reset();
      if (this.subs.sessionCount === 0) this.onIdle(this);
    });
  }

  private async onEvent(ev: SocketEvent): Promise<void> {
    if (ev.event === 'hello' || this.closed) return;
    this.count('events');
    const { effects, teamKnown } = await this.placement.place(
      ev,
      this.access,
      () => this.subs.uris,
    );
    // Content of a channel the rules hide is dropped here: it enters no feed and notifies no one.
    const verdict = effects.feed || effects.post ? await this.allowed(effects) : true;
    if (verdict === false) return this.backfill.eventReceived();
    if (verdict === undefined || !teamKnown) {
      // Mattermost did not answer a lookup: the event cannot be placed now. A resync (with the
      // feed backfill) places it once Mattermost answers again.
      this.backfill.streamBroken();
      this.resyncSoon();
      if (verdict === undefined) return;
      effects.feed = undefined;
    }
    // A change the feed already holds (a backfill read it first) is not notified to the feed
    // again; the other resources it touches are, since that backfill did not tell them.
    const repeated = !!effects.feed && !this.feeds.add(effects.feed);
    if (repeated) this.count('duplicates');
    const feedUri = effects.feed?.team_id ? ResourceUris.teamEvents(effects.feed.team_id) : '';
    for (const uri of effects.uris) if (!repeated || uri !== feedUri) this.subs.mark(uri);
    if (effects.listChanged) {
      this.memberships.changed();
      this.subs.markListChanged();
    }
    this.backfill.eventReceived();
  }

  /** Whether the channel rules let the event through; undefined when that could not be checked. */
  private async allowed(effects: EventEffects): Promise<boolean | undefined> {
    const channelId = effects.feed?.channel_id ?? effects.post?.channel_id;
    if (!channelId) return false;
    return this.access.channelAllowed(channelId).catch(() => undefined);
  }

  private resyncSoon(): void {
    if (this.cancelResyncRetry || this.closed) return;
    this.cancelResyncRetry = this.clock.after(this.resyncRetryMs, () => {
      this.cancelResyncRetry = undefined;
      void this.resync('retry');
    });
  }

  /**
   * A resync that could not read everything runs again, sooner than the next poll; unless the
   * reads failed because the token is gone, which ends the user's live state.
   */
  private async retryIfIncomplete(complete: boolean): Promise<void> {
    if (complete) {
      this.resyncRetryMs = RESYNC_RETRY_MS;
      return;
    }
    if ((await this.checkToken()) === 'gone') return this.tokenGone();
    this.resyncSoon();
    this.resyncRetryMs = Math.min(this.settings.pollIntervalMs, this.resyncRetryMs * 2);
  }

  private async resyncOnce(): Promise<boolean> {
    const uris = [...this.subs.uris].filter((uri) => parseResourceUri(uri)?.kind !== 'userStatus');
    const read = await this.detector.check(uris, (uri) => this.subs.mark(uri));
    const { touched, complete } = await this.backfill.run(this.access);
    for (const team of touched) this.subs.mark(ResourceUris.teamEvents(team));
    await this.pollStatuses(true);
    // Joined or left a team while events were not flowing: the lists changed.
    if (await this.memberships.teamsChanged(this.access)) {
      this.subs.markListChanged();
      this.subs.mark(ResourceUris.teams);
    }
    return read && complete;
  }

  private pollStatuses(includeSelf: boolean): Promise<void> {
    return this.statuses.poll(this.access, this.subs.uris, includeSelf, (uri) =>
      this.subs.mark(uri),
    );
  }
}
