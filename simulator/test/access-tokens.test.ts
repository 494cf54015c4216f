import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { clientFor, failure, startWithPeople, type Client, type Person } from './support/core.js';

// Personal access tokens and bot tokens, with Mattermost's permission rules and the
// EnableUserAccessTokens switch.
describe('personal access tokens and bots', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob');
    ({ sim, admin } = started);
    [alice, bob] = [started.people['alice']!, started.people['bob']!];
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('refuses token management to users without the token role', async () => {
    expect((await failure(alice.client.createUserAccessToken(alice.id, 'mine'))).status).toBe(403);
    expect((await failure(alice.client.getUserAccessTokensForUser(alice.id))).status).toBe(403);
  });

  it('lets a user with system_user_access_token manage their own tokens only', async () => {
    await admin.updateUserRoles(alice.id, 'system_user system_user_access_token');
    const created = await alice.client.createUserAccessToken(alice.id, 'AI assistant access');
    expect(created).toMatchObject({
      user_id: alice.id,
      description: 'AI assistant access',
      is_active: true,
    });
    expect(created.token).toMatch(/^[a-z0-9]{26}$/);
    const listed = await alice.client.getUserAccessTokensForUser(alice.id);
    expect(listed.find((t) => t.id === created.id)).toEqual({
      id: created.id,
      user_id: alice.id,
      description: 'AI assistant access',
      is_active: true,
      expires_at: 0,
    });
    expect((await failure(alice.client.createUserAccessToken(bob.id, 'not yours'))).status).toBe(
      403,
    );

    const viaToken = clientFor(sim.url, created.token);
    expect((await viaToken.getMe()).id).toBe(alice.id);
    await alice.client.disableUserAccessToken(created.id);
    expect((await failure(viaToken.getMe())).status).toBe(401);
    await alice.client.enableUserAccessToken(created.id);
    expect((await viaToken.getMe()).id).toBe(alice.id);
    await alice.client.revokeUserAccessToken(created.id);
    expect((await failure(viaToken.getMe())).status).toBe(401);
    expect((await failure(admin.getUserAccessToken(created.id))).status).toBe(404);
  });

  it('lets admins manage anyone’s tokens and list them all', async () => {
    const made = await admin.createUserAccessToken(bob.id, 'for bob');
    const all = await admin.getUserAccessTokens();
    expect(all.map((t) => t.id)).toContain(made.id);
    expect(all.every((t) => !('token' in t))).toBe(true);
    expect((await failure(bob.client.getUserAccessTokens())).status).toBe(403);
  });

  it('creates bots whose tokens keep working when personal access tokens are off', async () => {
    const bot = await admin.createBot({
      username: 'helper-bot',
      display_name: 'Helper',
      description: 'Helps',
    });
    expect(bot).toMatchObject({ username: 'helper-bot', display_name: 'Helper' });
    const botToken = await admin.createUserAccessToken(bot.user_id, 'bot token');
    const botClient = clientFor(sim.url, botToken.token);
    const me = await botClient.getMe();
    expect(me.is_bot).toBe(true);
    expect((await failure(alice.client.createBot({ username: 'nope-bot' }))).status).toBe(403);

    // The admin acts through a login session (the simulator's admin token is one), which keeps
    // working when personal access tokens are off.
    await admin.patchConfig({ ServiceSettings: { EnableUserAccessTokens: false } } as never);
    try {
      expect((await failure(bob.client.getMe())).status).toBe(401);
      expect((await admin.getMe()).username).toBe('sysadmin');
      expect((await botClient.getMe()).id).toBe(bot.user_id);
      expect(await failure(admin.createUserAccessToken(bob.id, 'off'))).toEqual({
        status: 501,
        id: 'app.user_access_token.disabled',
      });
      // Bots are exempt from the switch, for new tokens too.
      const another = await admin.createUserAccessToken(bot.user_id, 'second bot token');
      expect((await clientFor(sim.url, another.token).getMe()).id).toBe(bot.user_id);
    } finally {
      await admin.patchConfig({ ServiceSettings: { EnableUserAccessTokens: true } } as never);
    }
    expect((await bob.client.getMe()).username).toBe('bob');

    await admin.disableBot(bot.user_id);
    expect((await failure(botClient.getMe())).status).toBe(401);
    const bots = await admin.getBotsIncludeDeleted();
    expect(bots.find((b) => b.user_id === bot.user_id)?.delete_at).toBeGreaterThan(0);
  });
});
