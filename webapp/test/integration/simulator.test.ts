/**
 * @jest-environment node
 */
// The plugin's Mattermost calls against the simulator over real HTTP: the same functions the
// System Console settings and the AI assistant access panel call, with Node's fetch. People act
// through login sessions, as in the browser (the user through the session cookie and the MMCSRF
// token); personal access tokens would stop working when a test turns them off.
import { createBotToken, createBridgeBot, makeOrdinaryBot } from '../../src/admin/provisioning/api';
import {
  handedOverSettings,
  handOverSettings,
  HandoverError,
} from '../../src/admin/settings-handover/handover';
import {
  createOutgoingHook,
  getMyTeams,
  getPublicChannels,
} from '../../src/admin/webhook-helper/api';
import {
  advertisedBridge,
  findBridgeBot,
  hasRole,
  type MattermostUser,
} from '../../src/bridge/bot';
import { createClient, type Client } from '../../src/client/client';
import { ApiError } from '../../src/client/errors';
import {
  AI_ACCESS_PREFIX,
  createAiAccessToken,
  explainTokenError,
  getMe,
  listAiAccessTokens,
  revokeToken,
} from '../../src/user-settings/ai-access/api';
import { browserSession, createPerson } from '../support/sessions';
import {
  enableTestFeatures,
  startSimulatorProcess,
  type SimulatorProcess,
} from '../support/simulator-process';

let sim: SimulatorProcess;
/** A system admin signed in with a session, as in the System Console. */
let admin: Client;
/** A regular user with the token role, signed in through the session cookie, as in the browser. */
let user: Client;
let userId: string;

const withToken = (token: string) => createClient({ siteUrl: sim.url, fetch, authToken: token });

beforeAll(async () => {
  sim = await startSimulatorProcess('empty');
  await enableTestFeatures(sim);
  await createPerson(sim.url, sim.adminToken, 'console-admin', 'system_user system_admin');
  userId = await createPerson(
    sim.url,
    sim.adminToken,
    'carol',
    'system_user system_user_access_token',
  );
  admin = await browserSession(sim.url, 'console-admin');
  user = await browserSession(sim.url, 'carol');
}, 150_000);

afterAll(async () => {
  await sim?.stop();
});

describe('provisioning against the simulator', () => {
  let botToken: string;

  test('creates the mcp-bridge bot as an ordinary bot and issues its token', async () => {
    expect(await findBridgeBot(admin)).toBeUndefined();
    const created = await createBridgeBot(admin);
    const bot = (await findBridgeBot(admin)) as MattermostUser;
    expect(bot).toMatchObject({ id: created.user_id, username: 'mcp-bridge', is_bot: true });
    expect(hasRole(bot, 'system_admin')).toBe(false);

    const token = await createBotToken(admin, bot.id, new Date());
    expect(token.user_id).toBe(bot.id);
    botToken = token.token;
    const asBot = withToken(botToken);
    await expect(getMe(asBot)).resolves.toMatchObject({ id: bot.id, username: 'mcp-bridge' });
    // The server configuration stays closed to it: the bridge reads its settings elsewhere.
    await expect(asBot.get('/config')).rejects.toMatchObject({ status: 403 });
  });

  test('a bot an older set-up made a system admin becomes an ordinary bot again', async () => {
    const bot = (await findBridgeBot(admin)) as MattermostUser;
    await withToken(sim.adminToken).put(`/users/${bot.id}/roles`, {
      roles: 'system_user system_admin',
    });
    await makeOrdinaryBot(admin, bot.id);
    expect(hasRole((await findBridgeBot(admin)) as MattermostUser, 'system_admin')).toBe(false);
  });

  test("hands the saved settings to the bot's preferences, channel names as ids, readable by the bot", async () => {
    const setup = withToken(sim.adminToken);
    const team = await setup.post<{ id: string }>('/teams', {
      name: 'legal',
      display_name: 'Legal',
      type: 'O',
    });
    const vault = await setup.post<{ id: string }>('/channels', {
      team_id: team.id,
      name: 'vault',
      display_name: 'Vault',
      type: 'P',
    });
    const plugin = (values: Record<string, unknown>) =>
      admin.put('/config/patch', {
        PluginSettings: { Plugins: { 'mattermost-mcp-bridge': values } },
      });
    await plugin({
      bridgeurl: 'https://mcp.example.com',
      readonly: true,
      toolsets: 'posts,users',
      channeldenylist: 'legal/vault, @carol',
      channelallowlist: '',
      accesspolicy: 'token_role',
    });
    await handOverSettings(admin);

    const bot = (await findBridgeBot(admin)) as MattermostUser;
    const expected = {
      bridgeurl: 'https://mcp.example.com',
      readonly: 'true',
      toolsets: 'posts,users',
      channeldenylist: `${vault.id},@carol`,
      accesspolicy: 'token_role',
    };
    expect(await handedOverSettings(admin, bot.id)).toEqual(expected);
    // The bot reads them with its own token, as the bridge does.
    const own = await withToken(botToken).get<{ name: string; value: string }[]>(
      '/users/me/preferences/mcp_bridge_settings',
    );
    expect(Object.fromEntries(own.map((p) => [p.name, p.value]))).toEqual(expected);

    // An entry naming nothing stops the hand-over; the bot keeps what it had.
    await plugin({ readonly: false, channeldenylist: 'legal/no-such-room, @nobody' });
    const refused = await handOverSettings(admin).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HandoverError);
    expect((refused as Error).message).toContain('legal/no-such-room, @nobody');
    expect(await handedOverSettings(admin, bot.id)).toEqual(expected);

    // A cleared setting is removed: the bridge's environment decides it again.
    await plugin({ readonly: false, channeldenylist: '', toolsets: '' });
    await handOverSettings(admin);
    expect(await handedOverSettings(admin, bot.id)).toEqual({
      bridgeurl: 'https://mcp.example.com',
      readonly: 'false',
      accesspolicy: 'token_role',
    });
  });

  test('every user reads what the bridge advertises on the bot', async () => {
    await withToken(botToken).put('/users/me/patch', {
      props: { mcp_bridge_url: 'http://127.0.0.1:8787', mcp_bridge_version: '0.1.0' },
    });
    const seen = await findBridgeBot(user);
    expect(seen && advertisedBridge(seen)).toEqual({
      url: 'http://127.0.0.1:8787',
      version: '0.1.0',
    });
  });
});

describe('AI assistant access against the simulator', () => {
  test("creates, lists and revokes the user's AI assistant token, leaving other tokens alone", async () => {
    const me = await getMe(user);
    expect(me.id).toBe(userId);
    const other = await user.post<{ id: string }>(`/users/${userId}/tokens`, {
      description: 'CLI scripts',
    });

    const created = await createAiAccessToken(user, userId, 'Claude Code', new Date());
    expect(created.description.startsWith(`${AI_ACCESS_PREFIX} (Claude Code) `)).toBe(true);
    await expect(getMe(withToken(created.token))).resolves.toMatchObject({ id: userId });
    expect((await listAiAccessTokens(user, userId)).map((t) => t.id)).toEqual([created.id]);

    await revokeToken(user, created.id);
    expect(await listAiAccessTokens(user, userId)).toEqual([]);
    await expect(getMe(withToken(created.token))).rejects.toMatchObject({ status: 401 });
    const remaining = await user.get<{ id: string }[]>(`/users/${userId}/tokens`);
    expect(remaining.map((t) => t.id)).toEqual([other.id]);
  });

  test('without the token role, creating one answers 403, explained in terms of Manage Roles', async () => {
    await admin.put(`/users/${userId}/roles`, { roles: 'system_user' });
    try {
      const error = await createAiAccessToken(user, userId, 'Cursor', new Date()).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(403);
      expect(explainTokenError(error)).toContain('Manage Roles');
    } finally {
      await admin.put(`/users/${userId}/roles`, { roles: 'system_user system_user_access_token' });
    }
  });

  test('with personal access tokens off, creating one answers 501, explained in terms of the System Console', async () => {
    const config = await admin.get<{ ServiceSettings: Record<string, unknown> }>('/config');
    await admin.put('/config', {
      ...config,
      ServiceSettings: { ...config.ServiceSettings, EnableUserAccessTokens: false },
    });
    try {
      const error = await createAiAccessToken(user, userId, 'VS Code', new Date()).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(501);
      expect(explainTokenError(error)).toContain('Enable Personal Access Tokens');
    } finally {
      await admin.put('/config', config);
    }
  });
});

describe('outgoing webhook against the simulator', () => {
  test('creates a JSON hook on a public channel that calls the bridge', async () => {
    const setup = withToken(sim.adminToken);
    const team = await setup.post<{ id: string }>('/teams', {
      name: 'engineering',
      display_name: 'Engineering',
      type: 'O',
    });
    const me = await getMe(admin);
    await setup.post(`/teams/${team.id}/members`, { team_id: team.id, user_id: me.id });
    await setup.post('/channels', { team_id: team.id, name: 'hr', display_name: 'HR', type: 'P' });

    const teams = await getMyTeams(admin);
    expect(teams.map((t) => t.id)).toEqual([team.id]);
    const channels = await getPublicChannels(admin, team.id);
    expect(channels.length).toBeGreaterThan(0);
    expect(channels.map((c) => c.name)).not.toContain('hr');

    const hook = await createOutgoingHook(admin, {
      teamId: team.id,
      channelId: channels[0]!.id,
      triggerWords: [],
      bridgeUrl: 'http://127.0.0.1:8787',
    });
    expect(hook.token).toMatch(/^[a-z0-9]{26}$/);
    expect(hook).toMatchObject({
      channel_id: channels[0]!.id,
      callback_urls: ['http://127.0.0.1:8787/hooks/outgoing'],
      content_type: 'application/json',
    });
  });
});
