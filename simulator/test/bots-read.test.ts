import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { failure, startWithPeople, type Client, type Person } from './support/core.js';

// Listing bots needs read_bots, which Mattermost's default roles give to system admins only.
describe('reading bot accounts', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;

  beforeAll(async () => {
    const started = await startWithPeople('alice');
    ({ sim, admin } = started);
    alice = started.people['alice']!;
    await admin.createBot({ username: 'lister-bot', display_name: 'Lister' });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('lists bots for a system admin', async () => {
    const bots = await admin.getBots();
    expect(bots.map((b) => b.username)).toContain('lister-bot');
  });

  it('refuses a regular user with 403 instead of an empty list', async () => {
    const refused = await failure(alice.client.getBots());
    expect(refused.status).toBe(403);
    expect((await failure(alice.client.getBotsIncludeDeleted())).status).toBe(403);
  });
});
