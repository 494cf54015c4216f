import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openTeam, uniqueName } from '../helpers/stack.js';
import { until } from '../helpers/wait.js';
import { captureLogs } from './logs.js';
import { policyBridge, policyWorld, type PolicyWorld } from './setup.js';

/** The channel entries of the environment, checked at start as the bridge's bot. */
describe('channel entries that name nothing', () => {
  let world: PolicyWorld;
  let botToken: string;
  let withBot: { id: string; name: string };
  let withoutBot: { id: string; name: string };
  let elsewhere: { team: string; channel: string };

  beforeAll(async () => {
    world = await policyWorld();
    const admin = world.stack.rest(world.stack.sim.admin);
    const bot = await admin.createBot({
      username: uniqueName('bot'),
      display_name: 'MCP',
    } as never);
    botToken = (await admin.createUserAccessToken(bot.user_id, 'bridge')).token ?? '';
    await admin.addToTeam(world.team.id, bot.user_id);
    const privateChannel = async (prefix: string) => {
      const made = await admin.createChannel({
        team_id: world.team.id,
        name: uniqueName(prefix),
        display_name: prefix,
        type: 'P',
      } as never);
      return { id: made.id, name: made.name };
    };
    withBot = await privateChannel('with-bot');
    await admin.addToChannel(bot.user_id, withBot.id);
    withoutBot = await privateChannel('without-bot');
    // A team the bot is not in: its channels are out of the bot's sight.
    const other = await openTeam(admin, [world.alice]);
    const otherChannel = await admin.createChannel({
      team_id: other.id,
      name: uniqueName('far'),
      display_name: 'far',
      type: 'O',
    } as never);
    elsewhere = { team: other.name, channel: otherChannel.name };
  }, 60_000);

  afterAll(async () => {
    await world?.stack.stop();
  });

  /** The warnings of a bridge started with `env`, once its check has ended. */
  async function warningsOf(env: Record<string, string>) {
    const logs = captureLogs();
    const bridge = await policyBridge(world, env, { logger: logs.logger });
    try {
      if (env.MATTERMOST_BOT_TOKEN)
        await until(
          `the channel entries to be checked`,
          () => logs.lines.some((line) => line.msg === 'channel entries checked'),
          10_000,
        );
      const summary = logs.lines.find((line) => line.msg === 'channel entries checked');
      const warnings = logs.lines.filter((line) => line.level === 40 && 'entry' in line);
      return Object.assign(warnings, { summary });
    } finally {
      await bridge.stop(1000);
    }
  }

  it('warns once per entry naming nothing, with its settings and why, and never the token', async () => {
    const { team, open, announce } = world;
    const warnings = await warningsOf({
      MATTERMOST_BOT_TOKEN: botToken,
      BRIDGE_CHANNEL_DENY: `${team.name}/${open.name},${team.name}/nosuchchan`,
      BRIDGE_CHANNEL_ALLOW: `${team.name}/nosuchchan,${announce.id},${open.name},@${world.alice.username}`,
      BRIDGE_CHANNEL_ALLOW_WRITE: `${team.name}/~${withBot.name},${withBot.id},@NoSuchUser`,
      BRIDGE_CHANNEL_DENY_WRITE: `${withoutBot.id},nosuchteam/${open.name},nowhere-at-all`,
      BRIDGE_POLICY_PROFILES: JSON.stringify([
        {
          name: 'contractors',
          channel_allow: [`${elsewhere.team}/${elsewhere.channel}`],
          channel_deny: [`${team.name}/${announce.name}`, 'zzzzzzzzzzzzzzzzzzzzzzzzzz'],
          applies_to: { users: ['alice'] },
        },
      ]),
    });
    const byEntry = Object.fromEntries(warnings.map((line) => [line.entry, line]));
    expect(Object.keys(byEntry).sort()).toEqual(
      [
        `${team.name}/nosuchchan`,
        '@nosuchuser',
        withoutBot.id,
        `nosuchteam/${open.name}`,
        'nowhere-at-all',
        `${elsewhere.team}/${elsewhere.channel}`,
        'zzzzzzzzzzzzzzzzzzzzzzzzzz',
      ].sort(),
    );
    expect(warnings).toHaveLength(7);
    expect(byEntry[`${team.name}/nosuchchan`]).toMatchObject({
      setting: 'BRIDGE_CHANNEL_ALLOW, BRIDGE_CHANNEL_DENY',
      reason: 'not found (or private and the bot is not in it)',
      msg: `BRIDGE_CHANNEL_ALLOW, BRIDGE_CHANNEL_DENY: the channel entry ${team.name}/nosuchchan matches nothing the bot can find: not found (or private and the bot is not in it)`,
    });
    expect(byEntry[withoutBot.id]).toMatchObject({
      setting: 'BRIDGE_CHANNEL_DENY_WRITE',
      reason: 'not found (or private and the bot is not in it)',
    });
    expect(byEntry['@nosuchuser']).toMatchObject({ reason: 'no user with that username' });
    expect(byEntry[`nosuchteam/${open.name}`]).toMatchObject({
      reason: 'no such team (or the bot is not in it)',
    });
    expect(byEntry['nowhere-at-all']!.reason).toBe(
      `not found in the bot's teams, ${team.name} (or private and the bot is not in it)`,
    );
    expect(byEntry[`${elsewhere.team}/${elsewhere.channel}`]).toMatchObject({
      setting: 'BRIDGE_POLICY_PROFILES contractors channel_allow',
      reason: `not found (or private and the bot is not in it); the bot is not in team ${elsewhere.team}, whose channels it cannot see`,
    });
    expect(byEntry.zzzzzzzzzzzzzzzzzzzzzzzzzz).toMatchObject({
      setting: 'BRIDGE_POLICY_PROFILES contractors channel_deny',
    });
    expect(JSON.stringify(warnings)).not.toContain(botToken);
  });

  it('is quiet when every entry names something, a private channel of the bot’s and @username included', async () => {
    const { team, open, announce } = world;
    const warnings = await warningsOf({
      MATTERMOST_BOT_TOKEN: botToken,
      BRIDGE_CHANNEL_ALLOW: `${team.name}/${open.name},${announce.id},${open.name},@${world.bob.username}`,
      BRIDGE_CHANNEL_DENY: `${team.name}/${withBot.name},${withBot.id}`,
    });
    expect([...warnings]).toEqual([]);
    // Every entry was looked up: by name, by id, bare, as a DM, and a private one both ways.
    expect(warnings.summary).toMatchObject({ entries: 6, unknown: 0 });
  });

  it('checks nothing without a bot token', async () => {
    const logs = captureLogs();
    const bridge = await policyBridge(
      world,
      { BRIDGE_CHANNEL_DENY: `${world.team.name}/nosuchchan` },
      { logger: logs.logger },
    );
    await bridge.stop(1000);
    expect(logs.lines.filter((line) => /channel entr/.test(String(line.msg)))).toEqual([]);
  });
});
