import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startSimulator, type Simulator } from '../src/index.js';
import { clientFor, failure, type Client } from './support/core.js';

const DAY = 86_400_000;

// The demo workspace: what a person (alice) sees through the official client.
describe('demo seed', () => {
  let sim: Simulator;
  let alice: Client;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
    alice = clientFor(sim.url, sim.users['alice']!.token);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('has ten people with profiles and working tokens, and an admin', async () => {
    const names = Object.keys(sim.users).sort();
    expect(names).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
      'erin',
      'frank',
      'grace',
      'heidi',
      'ivan',
      'judy',
      'sysadmin',
    ]);
    for (const name of names) {
      const me = await clientFor(sim.url, sim.users[name]!.token).getMe();
      expect(me.username).toBe(name);
    }
    const me = await alice.getMe();
    expect(me).toMatchObject({
      first_name: 'Alice',
      last_name: 'Johnson',
      position: 'Product Manager',
    });
    expect(me.roles).toBe('system_user');
    expect(me.timezone?.manualTimezone).toBe('Europe/London');
    expect(JSON.parse(me.props['customStatus'] ?? '{}').text).toBe('Planning Q3 roadmap');
  });

  it('has two teams with public and private channels, DMs and a group message', async () => {
    const teams = await alice.getMyTeams();
    expect(teams.map((t) => t.name).sort()).toEqual(['acme', 'research']);
    const acme = teams.find((t) => t.name === 'acme')!;
    const channels = await alice.getMyChannels(acme.id);
    const types = new Set(channels.map((c) => c.type));
    expect([...types].sort()).toEqual(['D', 'G', 'O', 'P']);
    expect(channels.map((c) => c.name)).toEqual(
      expect.arrayContaining(['engineering', 'releases', 'leadership', 'town-square']),
    );
    const bob = clientFor(sim.url, sim.users['bob']!.token);
    expect((await failure(bob.getChannelByName(acme.id, 'leadership'))).status).toBe(403);
  });

  it('holds two weeks of history with threads, reactions, pins, files and saved posts', async () => {
    const store = sim.context.store;
    const posts = [...store.posts.values()];
    expect(posts.length).toBeGreaterThan(250);
    const oldest = Math.min(...posts.map((p) => p.create_at));
    expect(Date.now() - oldest).toBeGreaterThan(12 * DAY);
    expect(Date.now() - oldest).toBeLessThan(15 * DAY);
    expect(posts.filter((p) => p.root_id).length).toBeGreaterThan(40);
    expect(posts.filter((p) => p.is_pinned).length).toBeGreaterThan(2);

    const acme = await alice.getTeamByName('acme');
    const eng = await alice.getChannelByName(acme.id, 'engineering');
    const history = await alice.getPosts(eng.id, 0, 200);
    expect(history.order.length).toBeGreaterThan(30);
    const withReactions = Object.values(history.posts).filter(
      (p) => (p.metadata.reactions ?? []).length > 0,
    );
    expect(withReactions.length).toBeGreaterThan(3);
    const withFile = Object.values(history.posts).find((p) => p.metadata.files?.length);
    expect(withFile?.metadata.files?.[0]).toMatchObject({
      name: 'latency-metrics.csv',
      mime_type: 'text/csv',
    });

    const files = [...store.files.values()];
    expect(files.map((f) => f.mime_type).sort()).toEqual(['image/png', 'text/csv', 'text/plain']);
    const png = files.find((f) => f.mime_type === 'image/png')!;
    expect(png.data.subarray(1, 4).toString('ascii')).toBe('PNG');

    const saved = await alice.getFlaggedPosts(sim.users['alice']!.id);
    expect(saved.order.length).toBe(4);
    const threads = await alice.getUserThreads(sim.users['alice']!.id, acme.id, {});
    expect(threads.total).toBeGreaterThan(3);
  });

  it('shows statuses, including Do Not Disturb with an end time, and unread mentions for alice', async () => {
    const ids = ['alice', 'carol', 'dave'].map((n) => sim.users[n]!.id);
    const statuses = await alice.getStatusesByIds(ids);
    const byUser = Object.fromEntries(statuses.map((s) => [s.user_id, s]));
    expect(byUser[ids[0]!]?.status).toBe('online');
    expect(byUser[ids[1]!]?.status).toBe('away');
    expect(byUser[ids[2]!]?.status).toBe('dnd');
    expect(byUser[ids[2]!]?.dnd_end_time).toBeGreaterThan(Date.now() / 1000);
    const acme = await alice.getTeamByName('acme');
    const members = await alice.getMyChannelMembers(acme.id);
    expect(members.reduce((n, m) => n + m.mention_count, 0)).toBeGreaterThan(0);
  });

  it('has alice’s own sidebar category, and profile attributes once an Enterprise licence is in', async () => {
    const acme = await alice.getTeamByName('acme');
    const sidebar = await alice.getChannelCategories(sim.users['alice']!.id, acme.id);
    const shipping = sidebar.categories.find((c) => c.display_name === 'Shipping')!;
    expect(shipping.type).toBe('custom');
    expect(shipping.channel_ids).toHaveLength(2);
    expect((await failure(alice.getCustomProfileAttributeFields())).status).toBe(403);
    const admin = clientFor(sim.url, sim.users['sysadmin']!.token);
    const licensed = await fetch(`${sim.url}/api/v4/simulator/license`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${sim.users['sysadmin']!.token}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ sku: 'enterprise' }),
    });
    expect(licensed.status).toBe(200);
    try {
      const fields = await alice.getCustomProfileAttributeFields();
      expect(fields.map((f) => f.name)).toEqual(['Department', 'Location', 'Manager']);
      const bob = await alice.getUserCustomProfileAttributesValues(sim.users['bob']!.id);
      const [department, location, manager] = fields;
      const engineering = department!.attrs.options!.find((o) => o.name === 'Engineering')!;
      expect(bob).toEqual({
        [department!.id]: engineering.id,
        [location!.id]: 'Berlin',
        [manager!.id]: sim.users['alice']!.id,
      });
    } finally {
      await admin.removeLicense();
    }
  });

  it('tells the same story on every start', async () => {
    const again = await startSimulator({ seed: 'demo' });
    try {
      const messages = (s: Simulator) =>
        [...s.context.store.posts.values()]
          .sort((a, b) => a.create_at - b.create_at)
          .map((p) => p.message);
      expect(messages(again)).toEqual(messages(sim));
    } finally {
      await again.stop();
    }
  });
});
