import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { enableFeatures, startSimulator, type Simulator } from '../src/index.js';
import { clientFor, failure, type Client } from './support/core.js';
import { eventually } from './support/workspace.js';

const PASSWORD = 'Passw0rd!-long';

// A fresh simulator is a fresh Mattermost: what ships off is off, and the token rules run in the
// server's order.
describe('a fresh server', () => {
  let sim: Simulator;
  let admin: Client;
  let dana: { id: string; client: Client };

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'empty' });
    admin = clientFor(sim.url, sim.admin.token);
    const user = await admin.createUser(
      { username: 'dana', email: 'dana@example.com', password: PASSWORD } as never,
      '',
      '',
    );
    const login = clientFor(sim.url);
    await login.login('dana', PASSWORD);
    dana = { id: user.id, client: clientFor(sim.url, login.getToken()) };
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it("has Mattermost's defaults", async () => {
    const config = await admin.getConfig();
    expect(config.ServiceSettings).toMatchObject({
      EnableUserAccessTokens: false,
      EnableBotAccountCreation: false,
      EnableOAuthServiceProvider: false,
      CollapsedThreads: 'always_on',
    });
    expect(config.RateLimitSettings).toMatchObject({
      Enable: false,
      PerSec: 10,
      MaxBurst: 100,
      VaryByRemoteAddr: true,
      VaryByUser: false,
    });
    const client = await admin.getClientConfig();
    expect(client.EnableUserAccessTokens).toBe('false');
    expect(client.EnableBotAccountCreation).toBe('false');
    expect(client.EnableOAuthServiceProvider).toBe('false');
  });

  it('signs the admin in with a login session, not a personal access token', async () => {
    expect(sim.context.store.sessions.get(sim.admin.token)?.kind).toBe('login');
    expect((await admin.getMe()).username).toBe('sysadmin');
  });

  it('refuses bot creation and the OAuth provider until an admin turns them on', async () => {
    expect(await failure(admin.createBot({ username: 'early-bot' } as never))).toEqual({
      status: 403,
      id: 'api.bot.create_disabled',
    });
    const authorize = await fetch(`${sim.url}/oauth/authorize?client_id=x&response_type=code`);
    await authorize.arrayBuffer();
    expect(authorize.status).toBe(501);
  });

  it('checks the token permission (403) before the tokens switch (501)', async () => {
    expect(await failure(dana.client.createUserAccessToken(dana.id, 'mine'))).toMatchObject({
      status: 403,
    });
    await admin.updateUserRoles(dana.id, 'system_user system_user_access_token');
    expect(await failure(dana.client.createUserAccessToken(dana.id, 'mine'))).toEqual({
      status: 501,
      id: 'app.user_access_token.disabled',
    });
  });

  it('exempts bots, and refuses people’s tokens while tokens are off', async () => {
    await enableFeatures(admin, { botAccounts: true, personalAccessTokens: true });
    const bot = await admin.createBot({ username: 'helper-bot' } as never);
    const pat = await admin.createUserAccessToken(dana.id, 'made while on');
    await enableFeatures(admin, { personalAccessTokens: false });

    const botToken = await admin.createUserAccessToken(bot.user_id, 'bot token');
    expect((await clientFor(sim.url, botToken.token).getMe()).id).toBe(bot.user_id);
    const refused = await fetch(`${sim.url}/api/v4/users/me`, {
      headers: { Authorization: `Bearer ${pat.token}` },
    });
    const body = (await refused.json()) as { id: string; detailed_error: string };
    expect(refused.status).toBe(401);
    // What a client meets; the server's own reason stays inside it.
    expect(body.id).toBe('api.context.session_expired.app_error');
    expect(body.detailed_error).toContain('app.user_access_token.invalid_or_missing');
    expect(body.detailed_error).toContain('EnableUserAccessTokens=false');

    await enableFeatures(admin, { personalAccessTokens: true });
    expect((await clientFor(sim.url, pat.token).getMe()).id).toBe(dana.id);
    await enableFeatures(admin, { personalAccessTokens: false, botAccounts: false });
  });

  it('keeps expires_at on tokens and refuses a token once it has expired', async () => {
    // Client4 has no parameter for `expires_at`: the request as the server's API takes it.
    const createToken = (body: Record<string, unknown>) =>
      fetch(`${sim.url}/api/v4/users/${dana.id}/tokens`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${dana.client.getToken()}` },
        body: JSON.stringify(body),
      });
    await enableFeatures(admin, { personalAccessTokens: true });
    try {
      const expiresAt = Date.now() + 1500;
      const made = (await (
        await createToken({ description: 'short-lived', expires_at: expiresAt })
      ).json()) as { id: string; token: string; expires_at: number };
      expect(made.expires_at).toBe(expiresAt);
      const listed = await dana.client.getUserAccessTokensForUser(dana.id);
      expect(listed.find((t) => t.id === made.id)).toMatchObject({ expires_at: expiresAt });
      expect((await clientFor(sim.url, made.token).getMe()).id).toBe(dana.id);

      const body = await eventually(async () => {
        const res = await fetch(`${sim.url}/api/v4/users/me`, {
          headers: { Authorization: `Bearer ${made.token}` },
        });
        const answer = (await res.json()) as { detailed_error?: string };
        return res.status === 401 ? answer : undefined;
      }, 15_000);
      expect(body.detailed_error).toBe('app.user_access_token.expired');

      const past = await createToken({ description: 'over', expires_at: Date.now() - 1000 });
      await past.arrayBuffer();
      expect(past.status).toBe(400);
    } finally {
      await enableFeatures(admin, { personalAccessTokens: false });
    }
  });
});
