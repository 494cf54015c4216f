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

  const bridgeAs = (bridge: RunningBridge, user: SimUser, isSystemAdmin = false) =>
    bridge.gateway.forUser(
      {
        id: user.id,
        username: user.username,
        roles: isSystemAdmin ? 'system_admin system_user' : 'system_user',
        isSystemAdmin,
      },
      user.token,
    );
  const as = (bridge: RunningBridge, user: SimUser) => bridgeAs(bridge, user);

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

  it('forgets the names a write changes on one bridge, for every bridge, without an event', async () => {
    const [a, b] = stack.bridges;
    const { alice, carol } = stack.sim.users;
    const team = (await stack.rest(alice!).getMyTeams())[0]!;
    const made = await stack.rest(alice!).createChannel({
      team_id: team.id,
      name: `before-${Date.now()}`,
      display_name: 'Before',
      type: 'O',
    } as never);
    // Bridge a looks the channel and carol up by name: the cluster's names now hold both.
    await as(a!, alice!).getChannelByName(team.id, made.name);
    await as(a!, alice!).getUserByUsername(carol!.username);
    // A channel renamed and a user renamed through bridge a, which answers no event here.
    await as(a!, alice!).patchChannel(made.id, { name: `${made.name}-after` });
    const admin = stack.sim.admin;
    const asAdmin = bridgeAs(a!, admin, true);
    await asAdmin.patchUser(carol!.id, { username: `${carol!.username}-renamed` });
    try {
      // Bridge b, which never cached either name itself, must not find them by their old names.
      await expect(as(b!, alice!).getChannelByName(team.id, made.name)).rejects.toMatchObject({
        status: 404,
      });
      await expect(as(b!, alice!).getUserByUsername(carol!.username)).rejects.toMatchObject({
        status: 404,
      });
      expect((await as(b!, alice!).getChannelByName(team.id, `${made.name}-after`)).id).toBe(
        made.id,
      );
    } finally {
      await asAdmin.patchUser(carol!.id, { username: carol!.username });
    }
  });
});
