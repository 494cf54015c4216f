import { ChangeDetector } from '../../src/events/change-detector.js';
import { FeedBackfill, POSTS_SINCE_CAP } from '../../src/events/feed-backfill.js';
import type { ChangedPost, LiveAccess, LiveSettings } from '../../src/events/live-types.js';
import { TeamFeeds } from '../../src/events/team-feed.js';
import { UserLive } from '../../src/events/user-live.js';
import { createLogger } from '../../src/observability/logger.js';
import { ResourceUris } from '../../src/resources/uris.js';
import { ManualClock } from '../helpers/manual-clock.js';
import { MattermostError } from '../../src/errors.js';

const TEAM = 'team00000000000000000000000';
const CHANNEL = 'chan00000000000000000000000';

/** A channel's posts as Mattermost's `since` query answers: changed strictly after, oldest first, capped. */
function channelWith(posts: ChangedPost[]) {
  let failures = 0;
  let requests = 0;
  const access = {
    myChannels: async () => [
      { id: CHANNEL, name: 'town', last_post_at: Math.max(...posts.map((p) => p.create_at)) },
    ],
    postsSince: async (_channel: string, since: number) => {
      requests++;
      if (failures > 0) {
        failures--;
        throw new Error('502 from Mattermost');
      }
      return posts
        .filter((p) => p.update_at! > since)
        .sort((a, b) => a.update_at! - b.update_at!)
        .slice(0, POSTS_SINCE_CAP);
    },
  } as unknown as LiveAccess;
  return {
    access,
    failNext: (n: number) => (failures = n),
    get requests() {
      return requests;
    },
  };
}

const postAt = (i: number, at: number): ChangedPost => ({
  id: `post${String(i).padStart(22, '0')}`,
  channel_id: CHANNEL,
  root_id: '',
  user_id: 'someone',
  message: `message ${i}`,
  type: '',
  create_at: at,
  edit_at: 0,
  delete_at: 0,
  update_at: at,
});

describe('FeedBackfill', () => {
  it('pages past the 1000-post cap of a since query, keeping every post once', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    // 2,500 posts, some sharing a millisecond across a page boundary.
    const posts = Array.from({ length: 2500 }, (_, i) => postAt(i, start + 10 + Math.floor(i / 3)));
    const channel = channelWith(posts);
    const feeds = new TeamFeeds(5000);
    const backfill = new FeedBackfill(feeds, clock, () => undefined);
    backfill.teams.add(TEAM);
    await clock.advance(2000);
    const { complete } = await backfill.run(channel.access);
    expect(complete).toBe(true);
    const ids = feeds.of(TEAM).map((e) => e.post_id);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toHaveLength(2500);
    expect(channel.requests).toBe(3);
  });

  it('moves its watermark only over what it read: a failed request loses nothing', async () => {
    const clock = new ManualClock();
    const start = clock.now();
    const channel = channelWith([postAt(1, start + 1000)]);
    const feeds = new TeamFeeds(100);
    const backfill = new FeedBackfill(feeds, clock, () => undefined);
    backfill.teams.add(TEAM);
    backfill.streamBroken();
    await clock.advance(20_000);
    channel.failNext(1);
    expect((await backfill.run(channel.access)).complete).toBe(false);
    // Live events on the new connection do not move a watermark that is owed a backfill.
    backfill.eventReceived();
    await clock.advance(20_000);
    const again = await backfill.run(channel.access);
    expect(again.complete).toBe(true);
    expect(feeds.of(TEAM).map((e) => e.message)).toEqual(['message 1']);
    expect([...again.touched]).toEqual([TEAM]);
  });
});

describe('ChangeDetector', () => {
  const URI = ResourceUris.channelPosts(CHANNEL);

  const detector = (clock: ManualClock) => {
    const state = { content: 'v1' as string | Error };
    const d = new ChangeDetector(
      async () => {
        if (state.content instanceof Error) throw state.content;
        return state.content;
      },
      clock,
      100,
      () => false,
      () => true,
    );
    return { d, state };
  };

  it('keeps an event-driven refresh only once the stream confirms it delivered everything before', async () => {
    const clock = new ManualClock();
    const { d, state } = detector(clock);
    await d.baseline(URI);
    // A change was notified by its event; a second one happens before the refresh reads, and its
    // event is lost with the stream: the refresh is not confirmed.
    state.content = 'v3';
    d.afterUpdate(URI, async () => false);
    await clock.advance(100);
    const changed: string[] = [];
    expect(await d.check([URI], (uri) => changed.push(uri))).toBe(true);
    expect(changed).toEqual([URI]);

    // Confirmed this time: a later resync finds nothing new.
    state.content = 'v4';
    d.afterUpdate(URI, async () => true);
    await clock.advance(100);
    changed.length = 0;
    await d.check([URI], (uri) => changed.push(uri));
    expect(changed).toEqual([]);
  });

  it('drops a refresh that was under way when the stream broke', async () => {
    const clock = new ManualClock();
    const { d, state } = detector(clock);
    await d.baseline(URI);
    state.content = 'v2';
    let confirm!: (ok: boolean) => void;
    d.afterUpdate(URI, () => new Promise((resolve) => (confirm = resolve)));
    await clock.advance(100);
    d.streamBroken();
    confirm(true);
    await clock.advance(1);
    const changed: string[] = [];
    await d.check([URI], (uri) => changed.push(uri));
    expect(changed).toEqual([URI]);
  });

  it('reports nothing for a failed read and the change once the resource reads again', async () => {
    const clock = new ManualClock();
    const { d, state } = detector(clock);
    await d.baseline(URI);
    state.content = new Error('503');
    const changed: string[] = [];
    expect(await d.check([URI], (uri) => changed.push(uri))).toBe(false);
    expect(changed).toEqual([]);
    state.content = 'v1';
    expect(await d.check([URI], (uri) => changed.push(uri))).toBe(true);
    expect(changed).toEqual([]);
    state.content = 'v2';
    await d.check([URI], (uri) => changed.push(uri));
    expect(changed).toEqual([URI]);
  });
});

describe('UserLive while polling, on a manual clock', () => {
  const settings: LiveSettings = {
    mattermostUrl: 'http://127.0.0.1:9',
    websocket: false,
    pollIntervalMs: 1000,
    coalesceMs: 100,
    idleCloseMs: 5000,
    failuresBeforePolling: 3,
    reconnect: { firstMs: 50, minMs: 50, maxMs: 1000, jitterMs: 0, maxFails: 7 },
    pingIntervalMs: 1000,
    feedPerTeam: 100,
    maxSubscriptions: 10,
    maxListenStreams: 2,
  };

  /** A reader's live state over `access`, timed by `clock`; `closed.idle` once it has gone idle. */
  const pollingReader = (access: LiveAccess, clock: ManualClock) => {
    const closed = { idle: false };
    const live = new UserLive(
      'user0000000000000000000000',
      'reader',
      access,
      'token',
      settings,
      createLogger({ level: 'silent' }),
      () => (closed.idle = true),
      { clock },
    );
    return { live, closed };
  };

  it('notifies a change at the next poll, retries a failed read sooner, and closes when idle', async () => {
    const clock = new ManualClock();
    const URI = ResourceUris.channelPosts(CHANNEL);
    const state = { content: 'v1' as string | Error, reads: 0 };
    const access = {
      read: async (uri: string) => {
        if (uri !== URI) return 'other';
        state.reads++;
        if (state.content instanceof Error) throw state.content;
        return state.content;
      },
      myChannels: async () => [],
      statuses: async () => ({}),
    } as unknown as LiveAccess;
    const { live, closed } = pollingReader(access, clock);
    const notified: number[] = [];
    const sink = {
      resourceUpdated: () => void notified.push(clock.now()),
      resourcesListChanged: () => undefined,
    };
    live.attach(sink, access, 'token');
    const t0 = clock.now();
    await live.subscribe(sink, URI);
    expect(live.mode).toBe('polling');

    state.content = 'v2';
    await clock.advance(999);
    expect(notified).toEqual([]);
    await clock.advance(1);
    expect(notified).toEqual([t0 + 1000]);

    // A failed read is retried before the next poll; the change shows once it reads again.
    state.content = new Error('503');
    await clock.advance(1000);
    const readsAfterFailure = state.reads;
    state.content = 'v3';
    await clock.advance(500);
    expect(state.reads).toBeGreaterThan(readsAfterFailure);
    expect(notified).toEqual([t0 + 1000, t0 + 2500]);

    live.unsubscribe(sink, URI);
    live.detach(sink);
    await clock.advance(5000);
    expect(closed.idle).toBe(true);
    expect(live.mode).toBe('idle');
    live.close();
  });

  it('ends the sessions when polls fail because the token is gone', async () => {
    const clock = new ManualClock();
    const URI = ResourceUris.channelPosts(CHANNEL);
    let revoked = false;
    const access = {
      read: async () => {
        if (revoked) throw new MattermostError('Invalid or expired session.', 401);
        return 'content';
      },
      myChannels: async () => [],
      statuses: async () => ({}),
    } as unknown as LiveAccess;
    const { live, closed } = pollingReader(access, clock);
    const ended: string[] = [];
    const sink = {
      resourceUpdated: () => undefined,
      resourcesListChanged: () => undefined,
      ended: (reason: string) => void ended.push(reason),
    };
    live.attach(sink, access, 'token');
    await live.subscribe(sink, URI);
    revoked = true;
    await clock.advance(1000);
    expect(ended).toEqual(['The Mattermost token of this session no longer works.']);
    expect(closed.idle).toBe(true);
    expect(live.subscriptionCount).toBe(0);
    expect(clock.pending).toBe(0);
  });
});
