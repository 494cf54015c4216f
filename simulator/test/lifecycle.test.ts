import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { failure, startWithPeople, type Client, type Person } from './support/core.js';
import { holdsWithin } from './support/workspace.js';

const until = holdsWithin;

// Restarting keeps the data; timed statuses end on their own.
describe('server lifecycle and timed state', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;

  beforeAll(async () => {
    const started = await startWithPeople('alice');
    ({ sim, admin } = started);
    alice = started.people['alice']!;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('keeps data, tokens and the URL across a restart, and only admins may restart', async () => {
    const team = await admin.createTeam({ name: 'keep', display_name: 'Keep', type: 'O' } as never);
    await admin.addToTeam(team.id, alice.id);
    const town = await alice.client.getChannelByName(team.id, 'town-square');
    const post = await alice.client.createPost({
      channel_id: town.id,
      message: 'survives restarts',
    });
    const refused = await fetch(`${sim.url}/api/v4/simulator/restart`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice.token}` },
    });
    expect(refused.status).toBe(403);
    await sim.restart();
    // The restart closes every connection, so a client's first call may meet a dropped keep-alive socket.
    const after = async () =>
      (await alice.client.getPost(post.id).catch(() => undefined))?.message === 'survives restarts';
    expect(await until(after, 5000)).toBe(true);
    const answer = await fetch(`${sim.url}/api/v4/simulator/restart`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.admin.token}` },
    });
    expect(answer.status).toBe(200);
    expect(
      await until(
        async () => (await alice.client.getMe().catch(() => undefined))?.id === alice.id,
        5000,
      ),
    ).toBe(true);
  });

  it('ends a timed Do Not Disturb and returns to the previous status', async () => {
    await alice.client.updateStatus({ user_id: alice.id, status: 'away' } as never);
    const end = Math.floor(Date.now() / 1000) + 1;
    await alice.client.updateStatus({
      user_id: alice.id,
      status: 'dnd',
      dnd_end_time: end,
    } as never);
    expect((await alice.client.getStatus(alice.id)).status).toBe('dnd');
    expect(
      await until(async () => (await alice.client.getStatus(alice.id)).status === 'away', 5000),
    ).toBe(true);
  });

  it('clears an expired custom status', async () => {
    const expiresAt = new Date(Date.now() + 1000).toISOString();
    await alice.client.updateCustomStatus({
      emoji: 'coffee',
      text: 'Back soon',
      duration: 'date_and_time' as never,
      expires_at: expiresAt,
    });
    expect((await alice.client.getMe()).props['customStatus']).toContain('Back soon');
    expect(
      await until(
        async () => (await alice.client.getMe()).props['customStatus'] === undefined,
        5000,
      ),
    ).toBe(true);
  });

  it('stops listening on stop', async () => {
    const other = await startWithPeople();
    await other.sim.stop();
    expect((await failure(other.admin.getMe())).status).toBe(0);
  });
});
