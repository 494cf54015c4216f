import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import type { SimUser } from '@mm-mcp/simulator';
import type { RunningBridge } from '../../src/index.js';
import { startCluster, type ClusterStack } from '../helpers/cluster.js';
import { redisAvailability } from '../helpers/redis-server.js';
import { until } from '../helpers/wait.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the cluster tests: ${available.message}`);

jest.setTimeout(60_000);

describeRedis('names the bridges of a cluster share', () => {
  let stack: ClusterStack;

  beforeAll(async () => {
    stack = await startCluster(2);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const as = (bridge: RunningBridge, user: SimUser) =>
    bridge.gateway.forUser(
      { id: user.id, username: user.username, roles: 'system_user', isSystemAdmin: false },
      user.token,
    );

  /** The Mattermost requests a lookup made, by path. */
  async function requestsOf(user: SimUser, lookup: () => Promise<unknown>): Promise<string[]> {
    const recording = stack.sim.recordRequests();
    try {
      await lookup();
      return recording.of(user.id).map((r) => r.path);
    } finally {
      recording.stop();
    }
  }

  it('resolves a name another bridge looked up without asking Mattermost, per viewer, until an event changes it', async () => {
    const [a, b] = stack.bridges;
    const { alice, bob } = stack.sim.users;
    const team = (await stack.rest(alice!).getMyTeams())[0]!;
    const byName = (bridge: RunningBridge, user: SimUser, name: string) =>
      requestsOf(user, () => as(bridge, user).getChannelByName(team.id, name));

    expect(await byName(a!, alice!, 'town-square')).toHaveLength(1);
    // Another bridge, the same viewer: from Redis.
    expect(await byName(b!, alice!, 'Town-Square')).toEqual([]);
    // Another viewer asks Mattermost: what one person may see is never handed to another.
    expect(await byName(b!, bob!, 'town-square')).toHaveLength(1);
    // Team and user names too.
    expect(await requestsOf(alice!, () => as(a!, alice!).getTeamByName(team.name))).toHaveLength(1);
    expect(await requestsOf(alice!, () => as(b!, alice!).getTeamByName(team.name))).toEqual([]);
    expect(await requestsOf(alice!, () => as(a!, alice!).getUserByUsername('bob'))).toHaveLength(1);
    expect(await requestsOf(alice!, () => as(b!, alice!).getUserByUsername('bob'))).toEqual([]);

    // An event on one bridge says the channel changed: every bridge's next lookup asks again.
    const channel = await as(a!, alice!).getChannelByName(team.id, 'town-square');
    a!.gateway.noteEvent({
      event: 'channel_updated',
      data: { channel: JSON.stringify({ id: channel.id }) },
    });
    const probe = new Redis(stack.redis.url);
    try {
      const key = `mcp-bridge:names:channel:${alice!.id}:${team.id}:town-square`;
      await until('the name to be forgotten in Redis', async () => (await probe.exists(key)) === 0);
    } finally {
      probe.disconnect();
    }
    const c = await stack.addBridge();
    expect(await byName(c, alice!, 'town-square')).toHaveLength(1);
  });
});
