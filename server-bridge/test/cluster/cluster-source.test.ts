import { jest } from '@jest/globals';
import { EventRelay, type RelayedMessage } from '../../src/cluster/event-relay.js';
import { RedisLink } from '../../src/cluster/redis-link.js';
import { SocketCoordinator } from '../../src/cluster/socket-coordinator.js';
import { SocketLeases } from '../../src/cluster/socket-lease.js';
import { loadConfig } from '../../src/config.js';
import { liveSettingsFrom } from '../../src/events/bridge-live.js';
import { ClusterSource } from '../../src/events/cluster-source.js';
import { systemClock } from '../../src/events/live-clock.js';
import type { SourceOwner } from '../../src/events/live-source.js';
import type { SocketEvent } from '../../src/events/user-socket.js';
import { createLogger } from '../../src/observability/logger.js';
import { redisAvailability, startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { until } from '../helpers/wait.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the cluster tests: ${available.message}`);

jest.setTimeout(30_000);

const silent = createLogger({ level: 'silent' });
const USER = 'cluster-source-user';
// No Mattermost answers here: the source under test follows; only a takeover opens a socket.
const settings = {
  ...liveSettingsFrom(loadConfig({ MATTERMOST_URL: 'http://127.0.0.1:9' })),
  pingIntervalMs: 400,
};

/** What the source hands its owner (the user's live state), recorded. */
function recordingOwner() {
  const seen = { events: [] as number[], resyncs: [] as string[], broken: 0 };
  const owner: SourceOwner & { userId: string } = {
    userId: USER,
    event: (ev) => void seen.events.push(ev.seq),
    resync: (reason) => void seen.resyncs.push(reason),
    streamBroken: () => void seen.broken++,
    streamResumed: () => undefined,
    tick: () => undefined,
    checkToken: async () => 'valid',
    tokenGone: () => undefined,
  };
  return { owner, seen };
}

const event = (seq: number, connectionId = 'conn-1'): RelayedMessage => ({
  kind: 'event',
  event: { event: 'typing', data: {}, broadcast: {}, seq } as SocketEvent,
  position: { connectionId, sequence: seq + 1 },
});

describeRedis('a bridge following the holder of a user’s socket', () => {
  let redis: RedisServer;
  const stops: Array<() => unknown> = [];
  /** The holder, standing in for another bridge: its lease and its relay. */
  let holderLeases: SocketLeases;
  let holderRelay: EventRelay;
  let coordinator: SocketCoordinator;

  beforeAll(async () => {
    redis = await startRedisServer();
    const link = async () => {
      const l = new RedisLink({ url: redis.url, prefix: 'cs', commandTimeoutMs: 500 }, silent);
      await l.start();
      stops.push(() => l.stop());
      return l;
    };
    const holderLink = await link();
    holderLeases = new SocketLeases(holderLink, 'holder', 1500);
    holderRelay = new EventRelay(holderLink, { maxLen: 100, ttlMs: 60_000 });
    const followerLink = await link();
    const followerRelay = new EventRelay(followerLink, { maxLen: 100, ttlMs: 60_000 });
    await followerRelay.start();
    coordinator = new SocketCoordinator(
      new SocketLeases(followerLink, 'follower', 1500),
      followerRelay,
      silent,
    );
    stops.unshift(() => coordinator.stop());
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await redis.stop(true);
  });

  it('hands over the holder’s events once each, in order, and re-reads over REST after a gap', async () => {
    expect(await holderLeases.acquire(USER)).toBe(true);
    const { owner, seen } = recordingOwner();
    const source = new ClusterSource(coordinator, settings, systemClock, silent, owner, () => 't');
    stops.unshift(() => source.stop());
    source.start();
    await until('the source to follow', () => source.mode === 'relayed');
    expect(seen.resyncs).toEqual(['following the cluster']);

    for (const message of [event(1), event(2), event(2), event(1), event(5)]) {
      await holderRelay.publish(USER, message);
    }
    await until('three events', () => seen.events.length === 3);
    expect(seen.events).toEqual([1, 2, 5]);
    expect(seen.resyncs).toEqual(['following the cluster', 'relayed events missing']);
    // A new connection starts its own sequence.
    await holderRelay.publish(USER, event(0, 'conn-2'));
    await holderRelay.publish(USER, { kind: 'resync', reason: 'websocket open' });
    await until('the resync', () => seen.resyncs.length === 3);
    expect(seen.events).toEqual([1, 2, 5, 0]);
    expect(seen.resyncs[2]).toBe('relayed: websocket open');

    // A checkpoint is confirmed by the holder's answer on the stream, and fails without one.
    const unanswered = await source.checkpoint();
    expect(unanswered).toBe(false);
    await holderRelay.onCheckpointRequest(
      (userId, token) => void holderRelay.publish(userId, { kind: 'checkpoint', token }),
    );
    expect(await source.checkpoint()).toBe(true);

    // The holder lets the socket go: the follower takes the lease at once.
    await holderLeases.release(USER);
    await holderRelay.publish(USER, { kind: 'released' });
    await until('the follower to hold the socket', () => source.holding);
    expect(await holderLeases.holder(USER)).toBe('follower');
    source.stop();
    await until('the lease to be released', async () => !(await holderLeases.holder(USER)));
  });
});
