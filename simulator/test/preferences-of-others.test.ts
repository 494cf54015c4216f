import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { clientFor, failure, startWithPeople, type Client, type Person } from './support/core.js';

// Writing another user's preferences, as Mattermost checks it (`updatePreferences`,
// `SessionHasPermissionToUser`): oneself always, someone else with `edit_other_users`, which only
// system admins hold by default. The plugin's System Console page relies on it to hand the bridge's
// settings to the bridge's bot, and an ordinary user must not be able to do the same.
describe("another user's preferences", () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let botId: string;
  let botToken: string;
  const entry = (value: string) => ({
    user_id: botId,
    category: 'mcp_bridge_settings',
    name: 'readonly',
    value,
  });

  beforeAll(async () => {
    const started = await startWithPeople('alice');
    ({ sim, admin } = started);
    alice = started.people['alice']!;
    const bot = await admin.createBot({ username: 'mcp-bridge', display_name: 'MCP' } as never);
    botId = bot.user_id;
    botToken = (await admin.createUserAccessToken(botId, 'bridge')).token!;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('a system admin may write and read a bot’s preferences', async () => {
    await admin.savePreferences(botId, [entry('true')]);
    const seen = (await admin.getUserPreferences(botId)) as unknown as { value: string }[];
    expect(seen).toEqual([expect.objectContaining(entry('true'))]);
  });

  it('the bot reads its own, with no admin role', async () => {
    const bot = clientFor(sim.url, botToken);
    expect((await bot.getMe()).roles.split(' ')).not.toContain('system_admin');
    const own = (await bot.getMyPreferences()) as unknown as { category: string; value: string }[];
    expect(own.filter((p) => p.category === 'mcp_bridge_settings')).toEqual([
      expect.objectContaining(entry('true')),
    ]);
  });

  it('an ordinary user may neither write nor read them (edit_other_users)', async () => {
    expect(await failure(alice.client.savePreferences(botId, [entry('false')]))).toEqual({
      status: 403,
      id: 'api.context.permissions.app_error',
    });
    expect((await failure(alice.client.getUserPreferences(botId))).status).toBe(403);
    const seen = (await admin.getUserPreferences(botId)) as unknown as { value: string }[];
    expect(seen[0]?.value).toBe('true');
  });
});
