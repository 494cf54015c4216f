import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { SharedRateLimiter } from '../../src/cluster/shared-rate-limiter.js';
import { SocketLeases } from '../../src/cluster/socket-lease.js';
import { EventRelay, STREAM_START, type RelayedMessage } from '../../src/cluster/event-relay.js';
import { redisAvailability, useRedisLinks } from '../helpers/redis-server.js';
import { startCluster, waitFor, type ClusterStack } from '../helpers/cluster.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the cluster tests: ${available.message}`);

jest.setTimeout(60_000);

const limits = { ratePerUser: 5, rateGlobal: 1000, rateMaxWaitMs: 0, maxUsers: 100 };

describeRedis('rate limits shared through Redis', () => {
  const server = useRedisLinks();
  let prefixes = 0;
  /** A bridge's link, with a key prefix of its own. */
  const link = () => server.link(`t${prefixes++}x`);

  it('counts one user against one budget whichever bridge serves the request', async () => {
    const a = await link();
    // A second bridge: its own connection, the same prefix.
    const b = await server.link(a.settings.prefix);
    const onA = new SharedRateLimiter(a, limits);
    const onB = new SharedRateLimiter(b, limits);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await (i % 2 ? onB : onA).reserve('user-1'));
    expect(answers.every((r) => 'waitMs' in r && r.waitMs === 0)).toBe(true);
    // The sixth request within the same second is over the user's budget on either bridge.
    expect(await onB.reserve('user-1')).toEqual({ refused: 'user' });
    expect(await onA.reserve('user-1')).toEqual({ refused: 'user' });
    // Another user has a budget of their own.
    expect(await onA.reserve('user-2')).toEqual({ waitMs: 0, scope: 'user' });
  });

  it('books a wait instead of refusing while the wait is within the limit', async () => {
    const l = await link();
    const limiter = new SharedRateLimiter(l, { ...limits, ratePerUser: 2, rateMaxWaitMs: 2000 });
    await limiter.reserve('u');
    await limiter.reserve('u');
    const third = await limiter.reserve('u');
    expect('waitMs' in third && third.waitMs).toBeGreaterThan(300);
    expect('waitMs' in third && third.waitMs).toBeLessThanOrEqual(500);
  });

  it('keeps every key it writes under a time to live', async () => {
    const l = await link();
    await new SharedRateLimiter(l, limits).reserve('ttl-user');
    const probe = new Redis(server.redis.url);
    try {
      const keys = await probe.keys(`${l.settings.prefix}:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await probe.pttl(key)).toBeGreaterThan(0);
    } finally {
      probe.disconnect();
    }
  });
});

describeRedis('socket leases and the event relay', () => {
  const relays: EventRelay[] = [];
  const { link } = useRedisLinks(() => {
    for (const relay of relays) relay.stop();
  });
  const bridgeLink = () => link('lease');

  it("gives a user's socket to one bridge, and to another once the holder stops renewing", async () => {
    const a = new SocketLeases(await bridgeLink(), 'bridge-a', 400);
    const b = new SocketLeases(await bridgeLink(), 'bridge-b', 400);
    expect(await a.acquire('u1')).toBe(true);
    expect(await b.acquire('u1')).toBe(false);
    expect(await a.renew('u1')).toBe(true);
    expect(await a.holder('u1')).toBe('bridge-a');
    // The holder dies: nobody renews; the lease expires and the other bridge takes it.
    await waitFor('the lease to pass to bridge-b', async () =>
      (await b.acquire('u1')) ? true : undefined,
    );
    expect(await a.renew('u1')).toBe(false);
    expect(await b.holder('u1')).toBe('bridge-b');
    // A bridge that stops cleanly hands the lease over at once.
    await b.release('u1');
    expect(await a.acquire('u1')).toBe(true);
    // Many users' leases kept or taken in one round trip: held, free, and another bridge's.
    const claimed = await b.claim(['u1', 'u2']);
    expect(claimed.alone).toBe(false);
    expect([...claimed.held]).toEqual([
      ['u1', false],
      ['u2', true],
    ]);
    expect([...(await b.claim(['u2'])).held]).toEqual([['u2', true]]);
  });

  it("carries a user's events to every bridge following that user, and only that user", async () => {
    const settings = { maxLen: 100, ttlMs: 60_000 };
    const holder = new EventRelay(await bridgeLink(), settings);
    const listener = new EventRelay(await bridgeLink(), settings);
    relays.push(holder, listener);
    await Promise.all([holder.start(), listener.start()]);
    const got: RelayedMessage[] = [];
    const other: RelayedMessage[] = [];
    const position = { connectionId: 'c1', sequence: 2 };
    // Published before the listener reads: a stream keeps it for a reader starting from before.
    const first = await holder.publish('u1', {
      kind: 'event',
      event: { event: 'posted', seq: 1 },
      position,
    });
    expect(first).toBeDefined();
    listener.follow('u1', STREAM_START, (entry) => got.push(entry.message));
    listener.follow('u2', STREAM_START, (entry) => other.push(entry.message));
    await holder.publish('u1', { kind: 'resync', reason: 'test' });
    await waitFor('two relayed messages', async () => (got.length === 2 ? true : undefined));
    expect(got).toEqual([
      { kind: 'event', event: { event: 'posted', seq: 1 }, position },
      { kind: 'resync', reason: 'test' },
    ]);
    expect(other).toEqual([]);
    // What the holder appended last, and what came after an id, for a bridge taking over.
    expect((await listener.last('u1'))?.message).toEqual({ kind: 'resync', reason: 'test' });
    expect((await listener.after('u1', first!)).map((e) => e.message.kind)).toEqual(['resync']);
    const lastRead = listener.unfollow('u1');
    expect(lastRead).toBe((await listener.last('u1'))?.id);
    await holder.publish('u2', { kind: 'released' });
    await waitFor("the other user's message", async () => (other.length === 1 ? true : undefined));
    expect(got).toHaveLength(2);
  });
});

describeRedis('a cluster of two bridges', () => {
  let stack: ClusterStack;

  beforeAll(async () => {
    stack = await startCluster(2, { BRIDGE_WEBHOOK_TOKENS: 'clusterhooktoken0123456789' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('shows a webhook delivered to one bridge through the other', async () => {
    const alice = stack.sim.users.alice!;
    const rest = stack.rest(alice);
    const teams = await rest.getMyTeams();
    const team = teams[0]!;
    const channel = await rest.getChannelByName(team.id, 'town-square');
    const [first, second] = stack.bridges;
    const res = await fetch(`${first!.url}/hooks/outgoing`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        token: 'clusterhooktoken0123456789',
        team_id: team.id,
        team_domain: team.name,
        channel_id: channel.id,
        channel_name: channel.name,
        timestamp: Date.now(),
        user_id: alice.id,
        user_name: alice.username,
        post_id: 'clusterpost000000000000001',
        text: 'deploy finished on the cluster',
        trigger_word: '',
        file_ids: '',
      }),
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(200);
    const client = await stack.connect(second!, alice);
    const text = await waitFor('the delivery on the second bridge', async () => {
      const read = await client.readResource({ uri: 'mattermost://webhooks/outgoing' });
      const body = (read.contents[0] as { text: string }).text;
      return body.includes('deploy finished on the cluster') ? body : undefined;
    });
    expect(text).toContain('deploy finished on the cluster');
  });

  it('reports Redis on /health and keeps serving calls while Redis is away, then recovers', async () => {
    const [first] = stack.bridges;
    const health = async () =>
      (await (await fetch(`${first!.url}/health`)).json()) as {
        status: string;
        components: Record<string, string>;
      };
    expect((await health()).components).toMatchObject({ redis: 'ok', mattermost: 'ok' });
    const client = await stack.connect(first!, stack.sim.users.bob!);

    await stack.redis.stop(true);
    await waitFor('redis down on /health', async () =>
      (await health()).components.redis === 'down' ? true : undefined,
    );
    const during = await client.callTool({ name: 'get_me', arguments: {} });
    expect(during.isError).toBeFalsy();
    const metrics = await (await fetch(`${first!.url}/metrics`)).text();
    expect(metrics).toMatch(/^mcp_bridge_redis_up 0$/m);

    await stack.redis.start();
    await waitFor(
      'redis back on /health',
      async () => ((await health()).components.redis === 'ok' ? true : undefined),
      20_000,
    );
    const after = await client.callTool({ name: 'get_me', arguments: {} });
    expect(after.isError).toBeFalsy();
  });
});
