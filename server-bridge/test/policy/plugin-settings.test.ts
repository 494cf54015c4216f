import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RunningBridge } from '../../src/index.js';
import { BRIDGE_VERSION } from '../../src/version.js';
import { combinePolicy, policyFromConfig } from '../../src/policy/policy.js';
import { pluginSettingsFromPreferences } from '../../src/plugin-settings/parse.js';
import { loadConfig } from '../../src/config.js';
import { callTool, textOf } from '../helpers/stack.js';
import { connectWith } from './client.js';
import { captureLogs } from './logs.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';
import { until as waitUntil } from '../helpers/wait.js';

const CATEGORY = 'mcp_bridge_settings';

const until = (check: () => boolean | Promise<boolean>, ms = 5000) =>
  waitUntil('the settings to apply', check, ms);

describe('how the System Console and the environment combine', () => {
  const env = (extra: Record<string, string> = {}) =>
    policyFromConfig(loadConfig({ MATTERMOST_URL: 'http://mm.test', ...extra }));

  it('reads the settings the plugin saved as the bot’s preferences, one per setting', () => {
    const settings = pluginSettingsFromPreferences([
      { name: 'bridgeurl', value: 'https://mcp.example.com/' },
      { name: 'readonly', value: 'true' },
      { name: 'toolsets', value: 'posts, users' },
      { name: 'channeldenylist', value: 'id1\nid2' },
      { name: 'channelallowlist', value: '' },
      { name: 'AllowBroadcastMentions', value: 'TRUE' },
      { name: 'accesspolicy', value: 'token_role' },
      { name: 'unknown', value: 'x' },
    ]);
    expect(settings).toEqual({
      bridgeurl: 'https://mcp.example.com',
      readonly: true,
      toolsets: ['posts', 'users'],
      channeldenylist: ['id1', 'id2'],
      allowbroadcastmentions: true,
      accesspolicy: 'token_role',
    });
    expect(pluginSettingsFromPreferences([{ name: 'readonly', value: 'maybe' }])).toEqual({});
    expect(pluginSettingsFromPreferences([])).toBeUndefined();
  });

  it('takes the stricter of the two for every setting', () => {
    expect(combinePolicy(env(), { readonly: true }).readOnly).toBe(true);
    expect(combinePolicy(env({ BRIDGE_READ_ONLY: 'true' }), { readonly: false }).readOnly).toBe(
      true,
    );
    expect(combinePolicy(env(), { allowbroadcastmentions: true }).allowBroadcastMentions).toBe(
      false,
    );
    expect(
      combinePolicy(env({ BRIDGE_ALLOW_BROADCAST_MENTIONS: 'true' }), {
        allowbroadcastmentions: false,
      }).allowBroadcastMentions,
    ).toBe(false);
    expect(
      combinePolicy(env({ BRIDGE_ALLOW_BROADCAST_MENTIONS: 'true' }), {}).allowBroadcastMentions,
    ).toBe(true);
    expect(
      combinePolicy(env({ BRIDGE_ALLOWED_TOOLSETS: 'posts,users,files' }), {
        toolsets: ['users', 'teams'],
      }).allowedToolsets,
    ).toEqual(['users']);
    expect(combinePolicy(env(), { toolsets: ['users'] }).allowedToolsets).toEqual(['users']);
    const both = combinePolicy(env({ BRIDGE_CHANNEL_DENY: 'eng/a' }), {
      channeldenylist: ['eng/b'],
    });
    expect(both.channels.read.deny).toHaveLength(2);
    expect(combinePolicy(env(), { accesspolicy: 'token_role' }).accessPolicy).toBe('token_role');
    expect(
      combinePolicy(env({ BRIDGE_ACCESS_POLICY: 'token_role' }), { accesspolicy: 'everyone' })
        .accessPolicy,
    ).toBe('token_role');
  });
});

describe('the bridge side of the plugin', () => {
  let world: PolicyWorld;
  let bridge: RunningBridge;
  let polling: RunningBridge;
  let botToken: string;
  let botId: string;

  /** What the plugin's System Console page does on Save: the admin writes the bot's preferences. */
  async function saveSettings(values: Record<string, string>) {
    const admin = world.stack.rest(world.stack.sim.admin);
    await admin.savePreferences(
      botId,
      Object.entries(values).map(([name, value]) => ({
        user_id: botId,
        category: CATEGORY,
        name,
        value,
      })),
    );
  }

  beforeAll(async () => {
    world = await policyWorld();
    const admin = world.stack.rest(world.stack.sim.admin);
    const bot = await admin.createBot({
      username: 'mcp-bridge',
      display_name: 'MCP Bridge',
    } as never);
    botId = bot.user_id;
    botToken = (await admin.createUserAccessToken(bot.user_id, 'bridge service')).token ?? '';
    bridge = await policyBridge(world, {
      MATTERMOST_BOT_TOKEN: botToken,
      BRIDGE_WEBSOCKET: 'true',
      BRIDGE_PLUGIN_POLL_MS: '600000',
      BRIDGE_PUBLIC_URL: 'https://mcp.example.test',
    });
  }, 60_000);

  afterAll(async () => {
    await bridge?.stop(1000);
    await polling?.stop(1000);
    await world?.stack.stop();
  });

  it('advertises its URL and version on the bot profile, readable by every user', async () => {
    const bot = await world.stack.rest(world.alice).getUserByUsername('mcp-bridge');
    expect(bot.props).toMatchObject({
      mcp_bridge_url: 'https://mcp.example.test',
      mcp_bridge_version: BRIDGE_VERSION,
    });
  });

  it('applies a System Console change to new and open sessions as soon as Mattermost announces it', async () => {
    const { client } = await connectWith(bridge.url, world.alice.token);
    let changed = 0;
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      changed += 1;
    });
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('send_message');
    const loads = bridge.plugin!.loads;

    await saveSettings({ readonly: 'true', channeldenylist: world.secret.id });
    // Applied on the bot's preferences_changed event: the poll is ten minutes away.
    await until(() => bridge.plugin!.loads > loads && bridge.policy.current.readOnly);
    // The open session is told its tool list changed.
    await until(() => changed > 0);

    const open = await callTool(client, 'send_message', {
      channel: world.open.id,
      message: 'after the change',
    }).catch((err: Error) => ({
      isError: true,
      content: [{ type: 'text' as const, text: err.message }],
    }));
    expect(open.isError).toBe(true);
    expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('send_message');
    const secret = await callTool(client, 'read_channel', { channel: world.secret.id });
    expect(secret.isError).toBe(true);
    expect(textOf(secret)).toMatch(/policy/);

    const { client: fresh } = await connectWith(bridge.url, world.alice.token);
    const names = (await fresh.listTools()).tools.map((t) => t.name);
    expect(names).toContain('read_channel');
    expect(names).not.toContain('send_message');
    await client.close();
    await fresh.close();

    await saveSettings({ readonly: 'false', channeldenylist: '' });
    await until(() => !bridge.policy.current.readOnly);
  });

  it('applies a policy profile saved in the System Console to the sessions it names only', async () => {
    const alice = (await connectWith(bridge.url, world.alice.token)).client;
    // Another person (bob's verified roles are left uncached for the token_role test below).
    const other = (await connectWith(bridge.url, world.stack.sim.admin.token)).client;
    let changed = 0;
    alice.setNotificationHandler('notifications/tools/list_changed', () => {
      changed += 1;
    });
    const profile = {
      name: 'console-readers',
      read_only: true,
      applies_to: { users: [world.alice.id] },
    };
    await saveSettings({ profile_1: JSON.stringify(profile) });
    await until(() => bridge.policy.profiles.some((p) => p.name === 'console-readers'));
    await until(() => changed > 0);
    expect((await alice.listTools()).tools.map((t) => t.name)).not.toContain('send_message');
    expect((await other.listTools()).tools.map((t) => t.name)).toContain('send_message');
    expect(bridge.policy.current.readOnly).toBe(false);

    await saveSettings({ profile_1: '' });
    await until(() => bridge.policy.profiles.length === 0);
    expect((await alice.listTools()).tools.map((t) => t.name)).toContain('send_message');
    await alice.close();
    await other.close();
  });

  it('reads the settings again by polling when there is no WebSocket', async () => {
    polling = await policyBridge(world, {
      MATTERMOST_BOT_TOKEN: botToken,
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_PLUGIN_POLL_MS: '100',
    });
    expect(polling.policy.current.allowBroadcastMentions).toBe(false);
    await saveSettings({ toolsets: 'users,teams' });
    await until(
      () => JSON.stringify(polling.policy.current.allowedToolsets) === '["users","teams"]',
    );
    const { client } = await connectWith(polling.url, world.alice.token);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('get_me');
    expect(names).not.toContain('read_channel');
    await client.close();
    await saveSettings({ toolsets: '' });
    await until(() => polling.policy.current.allowedToolsets === undefined);
  });

  it('admits only holders of the personal access token role under token_role, with a clear 403', async () => {
    const admin = world.stack.rest(world.stack.sim.admin);
    await admin.updateUserRoles(world.bob.id, 'system_user system_user_access_token');
    await saveSettings({ accesspolicy: 'token_role' });
    await until(() => bridge.policy.current.accessPolicy === 'token_role');

    const refused = await fetch(`${bridge.url}/mcp`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${world.alice.token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as { error: string; error_description: string };
    expect(body.error).toBe('access_denied');
    expect(body.error_description).toContain('personal access token role');

    const { client } = await connectWith(bridge.url, world.bob.token);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    const { client: adminClient } = await connectWith(bridge.url, world.stack.sim.admin.token);
    await adminClient.close();

    await saveSettings({ accesspolicy: 'everyone' });
    await until(() => bridge.policy.current.accessPolicy === 'everyone');
  });

  it('runs with an ordinary bot: no admin role, and the server configuration closed to it', async () => {
    const bot = await world.stack.rest(world.stack.sim.admin).getUser(botId);
    expect(bot.roles.split(' ')).not.toContain('system_admin');
    const config = await fetch(`${world.stack.sim.url}/api/v4/config`, {
      headers: { Authorization: `Bearer ${botToken}` },
    });
    expect(config.status).toBe(403);
    expect(bridge.plugin!.loads).toBeGreaterThan(0);
  });

  it('never advertises the address it listens on: only BRIDGE_PUBLIC_URL or the saved Bridge URL', async () => {
    const admin = world.stack.rest(world.stack.sim.admin);
    const props = async () =>
      ((await admin.getUser(botId)).props ?? {}) as Record<string, string | undefined>;
    // Start from a bot advertising nothing.
    await admin.patchUser({ id: botId, props: {} } as never);
    await saveSettings({ bridgeurl: '' });
    const logs = captureLogs();
    const unnamed = await policyBridge(
      world,
      { MATTERMOST_BOT_TOKEN: botToken, BRIDGE_WEBSOCKET: 'true', BRIDGE_PLUGIN_POLL_MS: '600000' },
      { logger: logs.logger },
    );
    try {
      expect((await props()).mcp_bridge_url).toBeUndefined();
      expect(logs.lines.map((l) => l.msg)).toContain(
        'not advertising the bridge to users: BRIDGE_PUBLIC_URL is unset and the plugin has no Bridge URL saved',
      );
      // The admin saves a Bridge URL in the System Console: the bridge advertises that one.
      await saveSettings({ bridgeurl: 'https://mcp.saved.example/' });
      await until(async () => (await props()).mcp_bridge_url === 'https://mcp.saved.example');
    } finally {
      await unnamed.stop(1000);
      await saveSettings({ bridgeurl: '' });
    }
  });

  it("tells how to make a new bot token when Mattermost refuses the bot's, not a personal token's way", async () => {
    const logs = captureLogs();
    const refused = await policyBridge(
      world,
      { MATTERMOST_BOT_TOKEN: 'not-a-real-bot-token-0000000000' },
      { logger: logs.logger },
    );
    try {
      const warning = logs.lines.find(
        (l) => l.msg === 'the bot token could not be verified; plugin settings are not read',
      );
      expect(String(warning?.err)).toMatch(/MATTERMOST_BOT_TOKEN/);
      expect(String(warning?.err)).toMatch(/Integrations > Bot Accounts/);
      expect(String(warning?.err)).toMatch(/Create a bridge token/);
      expect(String(warning?.err)).not.toMatch(/Profile > Security/);
      expect(JSON.stringify(logs.lines)).not.toContain('not-a-real-bot-token');
    } finally {
      await refused.stop(1000);
    }
  });

  it('lets the Mattermost site read /health across origins, and no other site', async () => {
    const site = new URL(world.stack.sim.url).origin;
    const fromSite = await fetch(`${bridge.url}/health`, { headers: { Origin: site } });
    expect(fromSite.headers.get('access-control-allow-origin')).toBe(site);
    const fromElsewhere = await fetch(`${bridge.url}/health`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(fromElsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });
});
