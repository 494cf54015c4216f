import { jest } from '@jest/globals';
import type { SimUser } from '@mm-mcp/simulator';
import { gatewaySettings } from '../../src/bridge.js';
import { loadConfig } from '../../src/config.js';
import { MattermostGateway } from '../../src/gateway/gateway.js';
import { createBridgeMetrics } from '../../src/observability/bridge-metrics.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetricsRegistry } from '../../src/observability/metrics.js';
import { adminIntegrationTools } from '../../src/tools/admin-integrations.js';
import { adminSystemTools } from '../../src/tools/admin-system.js';
import { adminUserTools } from '../../src/tools/admin-users.js';
import { bookmarkTools } from '../../src/tools/bookmarks.js';
import { channelManageTools } from '../../src/tools/channel-manage.js';
import { channelMemberTools } from '../../src/tools/channel-members.js';
import type { ToolContext } from '../../src/tools/define.js';
import { allTools } from '../../src/tools/index.js';
import { statusTools } from '../../src/tools/statuses.js';
import { teamTools } from '../../src/tools/teams.js';
import { unreadTools } from '../../src/tools/unreads.js';
import { userTools } from '../../src/tools/users.js';
import { useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, uniqueName } from '../helpers/stack.js';
import { expectError, expectOk, expectToolsMatchSnapshots } from '../helpers/tool-expectations.js';
import { MattermostError } from '../../src/errors.js';

jest.setTimeout(40_000);

const { stack, ws, admin, alice } = useStack({ connect: ['admin', 'alice'] });
let gateway: MattermostGateway;

beforeAll(async () => {
  const log = createLogger({ level: 'silent' });
  gateway = new MattermostGateway(
    gatewaySettings(loadConfig({ MATTERMOST_URL: stack.sim.url, LOG_LEVEL: 'silent' })),
    createBridgeMetrics(createMetricsRegistry()),
    log,
  );
});

afterAll(async () => {
  await gateway?.close();
});

/**
 * Runs a tool's handler as `user` on a real gateway, past the bridge's own admin-only filter, to
 * show that Mattermost itself refuses a non-admin (the filter is not the only defence).
 */
async function runAs(user: SimUser, name: string, args: Record<string, unknown>): Promise<unknown> {
  const tool = allTools.find((t) => t.name === name)!;
  const authenticated = await gateway.verifyToken(user.token);
  const ctx: ToolContext = {
    user: authenticated,
    mm: gateway.forUser(authenticated, user.token),
    log: createLogger({ level: 'silent' }),
    signal: new AbortController().signal,
    settings: { mattermostUrl: stack.sim.url, maxOutputChars: 20_000 },
    correlationId: 'test',
  };
  return tool.handler(tool.input.parse(args), ctx);
}

async function expectMattermost403(user: SimUser, name: string, args: Record<string, unknown>) {
  const error = await runAs(user, name, args).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(MattermostError);
  expect((error as MattermostError).status).toBe(403);
}

describe('the channel, team, user and admin tools as a system admin lists them', () => {
  it('are all listed with hints, and each schema matches its snapshot', async () => {
    const mine = [
      ...channelManageTools,
      ...channelMemberTools,
      ...unreadTools,
      ...bookmarkTools,
      ...teamTools,
      ...userTools,
      ...statusTools,
      ...adminSystemTools,
      ...adminUserTools,
      ...adminIntegrationTools,
    ];
    const kinds = new Map(mine.map(({ name, kind }) => [name, kind]));
    const listed = await expectToolsMatchSnapshots(admin, [...kinds.keys()], {
      readOnly: (name) => kinds.get(name) === 'read',
    });
    for (const [name, kind] of kinds) {
      if (kind !== 'read') {
        expect(listed.get(name)!.annotations?.destructiveHint).toBe(kind === 'destructive');
      }
    }
  });
});

describe('admin tools are refused to everyone else', () => {
  it('the bridge neither lists nor runs them for a non-admin', async () => {
    const { tools } = await alice.listTools();
    expect(
      tools.filter((t) => t.name === 'get_system_health' || t.name === 'deactivate_user'),
    ).toEqual([]);
    for (const name of ['get_system_health', 'deactivate_user']) {
      const outcome = await alice.callTool({ name, arguments: { user: ws.bob.id } }).then(
        (result) => textOf(result),
        (err: unknown) => String(err),
      );
      expect(outcome).toMatch(/not found|system admins only/i);
    }
    expect((await stack.rest(ws.bob).getUser(ws.bob.id)).delete_at).toBe(0);
  });

  it('Mattermost answers 403 when a non-admin reaches it anyway', async () => {
    await expectMattermost403(ws.alice, 'get_system_health', {});
    await expectMattermost403(ws.alice, 'get_analytics', {});
    await expectMattermost403(ws.alice, 'get_config_value', { path: 'ServiceSettings.SiteURL' });
    await expectMattermost403(ws.alice, 'deactivate_user', { user: ws.bob.id });
    await expectMattermost403(ws.alice, 'activate_user', { user: ws.bob.id });
    await expectMattermost403(ws.alice, 'set_user_roles', {
      user: ws.bob.id,
      roles: ['system_user', 'system_admin'],
    });
    await expectMattermost403(ws.alice, 'list_bots', {});
    await expectMattermost403(ws.alice, 'create_bot', { username: uniqueName('bot').slice(0, 20) });
    await expectMattermost403(ws.alice, 'list_incoming_webhooks', {});
    await expectMattermost403(ws.alice, 'list_outgoing_webhooks', {});
    await expectMattermost403(ws.alice, 'create_outgoing_webhook', {
      team: ws.team.name,
      trigger_words: ['go'],
      callback_url: 'https://example.com/hook',
    });
    await expectMattermost403(ws.alice, 'list_user_access_tokens', { user: ws.bob.id });
    const bobToken = await stack.rest(stack.sim.admin).createUserAccessToken(ws.bob.id, 'other');
    await expectMattermost403(ws.alice, 'revoke_user_access_token', { token_id: bobToken.id });
    // Nothing changed on the way: bob is still active.
    expect((await stack.rest(ws.bob).getUser(ws.bob.id)).delete_at).toBe(0);
  });
});

describe('system', () => {
  it('get_system_health pings Mattermost and shows settings and usage', async () => {
    const result = await callTool(admin, 'get_system_health', {});
    expectOk(result);
    expect(result.structuredContent).toMatchObject({
      status: 'OK',
      database_status: 'OK',
      settings: {
        'ServiceSettings.SiteURL': stack.sim.url,
        'ServiceSettings.EnableUserAccessTokens': true,
      },
    });
    const analytics = result.structuredContent!.analytics as Record<string, number>;
    expect(analytics.team_count).toBeGreaterThanOrEqual(1);
    expect(textOf(result)).toContain('Mattermost: OK · database: OK');
  });

  it('get_analytics counts the server or one team', async () => {
    const server = await callTool(admin, 'get_analytics', {});
    expectOk(server);
    const team = await callTool(admin, 'get_analytics', { team: ws.team.name });
    expect(team.structuredContent).toMatchObject({
      team: ws.team.name,
      analytics: {
        channel_open_count: (await stack.rest(stack.sim.admin).getChannels(ws.team.id)).length,
      },
    });
    expect(
      (server.structuredContent!.analytics as Record<string, number>).unique_user_count,
    ).toBeGreaterThanOrEqual(3);
    expectError(await callTool(admin, 'get_analytics', { team: 'no-such-team-x' }), 'No team');
    expectError(await callTool(admin, 'get_analytics', { team: '' }), 'team');
  });

  it('get_config_value reads a setting or a section and never shows a secret', async () => {
    await stack.rest(stack.sim.admin).patchConfig({
      EmailSettings: { SMTPPassword: 'hunter2-smtp', SMTPUsername: 'mailer' },
    } as never);
    const site = await callTool(admin, 'get_config_value', { path: 'servicesettings.siteurl' });
    expectOk(site);
    expect(site.structuredContent).toEqual({
      path: 'ServiceSettings.SiteURL',
      value: stack.sim.url,
    });
    const email = await callTool(admin, 'get_config_value', { path: 'EmailSettings' });
    expectOk(email);
    expect(textOf(email)).not.toContain('hunter2-smtp');
    expect(email.structuredContent!.value).toMatchObject({
      SMTPPassword: '[redacted]',
      SMTPUsername: 'mailer',
    });
    const direct = await callTool(admin, 'get_config_value', {
      path: 'EmailSettings.SMTPPassword',
    });
    expect(direct.structuredContent!.value).toBe('[redacted]');
    const whole = await callTool(admin, 'get_config_value', { path: 'ServiceSettings' });
    expect((whole.structuredContent!.value as Record<string, unknown>).EnableUserAccessTokens).toBe(
      true,
    );
    expectError(
      await callTool(admin, 'get_config_value', { path: 'ServiceSettings.NoSuchThing' }),
      'no setting',
      'SiteURL',
    );
    expectError(await callTool(admin, 'get_config_value', { path: 'a b' }), 'path');
    expectError(await callTool(admin, 'get_config_value', {}), 'path');
  });
});

describe('users', () => {
  it('list_users lists accounts, by role and deactivated only, a page at a time', async () => {
    const all = await callTool(admin, 'list_users', {});
    expectOk(all);
    const usernames = (all.structuredContent!.users as Array<{ username: string }>).map(
      (u) => u.username,
    );
    expect(usernames).toEqual(expect.arrayContaining(['sysadmin', ws.alice.username]));
    const admins = await callTool(admin, 'list_users', { role: 'system_admin' });
    expect(
      (admins.structuredContent!.users as Array<{ username: string }>).map((u) => u.username),
    ).toEqual(['sysadmin']);
    expectError(await callTool(admin, 'list_users', { role: 'Not A Role' }), 'role');
    expectError(await callTool(admin, 'list_users', { cursor: 'nope' }), 'cursor');
  });

  it('deactivate_user and activate_user switch an account, and reads see it at once', async () => {
    const carol = await createUser(stack, 'carol');
    await callTool(admin, 'get_user', { user: carol.id });
    const off = await callTool(admin, 'deactivate_user', { user: `@${carol.username}` });
    expectOk(off);
    expect(off.structuredContent).toMatchObject({ deactivated: true });
    expect((await stack.rest(stack.sim.admin).getUser(carol.id)).delete_at).toBeGreaterThan(0);
    const seen = await callTool(admin, 'get_user', { user: carol.id });
    expect(seen.structuredContent).toMatchObject({ deactivated: true });
    const inactive = await callTool(admin, 'list_users', { inactive: true });
    expect((inactive.structuredContent!.users as Array<{ id: string }>).map((u) => u.id)).toContain(
      carol.id,
    );
    const on = await callTool(admin, 'activate_user', { user: carol.id });
    expectOk(on);
    expect((await stack.rest(stack.sim.admin).getUser(carol.id)).delete_at).toBe(0);
    expectError(await callTool(admin, 'deactivate_user', { user: 'sysadmin' }), 'your own account');
    expectError(await callTool(admin, 'deactivate_user', { user: '@nobody-here-xyz' }), 'No user');
    expectError(await callTool(admin, 'activate_user', { user: '@nobody-here-xyz' }), 'No user');
    expectError(await callTool(admin, 'activate_user', {}), 'user');
  });

  it('set_user_roles replaces system roles', async () => {
    const dave = await createUser(stack, 'dave');
    const result = await callTool(admin, 'set_user_roles', {
      user: dave.username,
      roles: ['system_user', 'system_user_access_token'],
    });
    expectOk(result);
    expect((await stack.rest(stack.sim.admin).getUser(dave.id)).roles.split(' ').sort()).toEqual([
      'system_user',
      'system_user_access_token',
    ]);
    expectError(
      await callTool(admin, 'set_user_roles', { user: dave.id, roles: ['system_admin'] }),
      'system_user',
    );
    expectError(await callTool(admin, 'set_user_roles', { user: dave.id, roles: [] }), 'roles');
    expectError(
      await callTool(admin, 'set_user_roles', {
        user: dave.id,
        roles: ['system_user', 'no_such_role'],
      }),
      'Mattermost refused the request',
    );
    expect((await stack.rest(stack.sim.admin).getUser(dave.id)).roles).toContain(
      'system_user_access_token',
    );
    expectError(
      await callTool(admin, 'set_user_roles', { user: '@nobody-here-xyz', roles: ['system_user'] }),
      'No user',
    );
  });

  it('list_user_access_tokens shows ids and descriptions only; revoke_user_access_token revokes', async () => {
    const erin = await createUser(stack, 'erin');
    const extra = await stack.rest(stack.sim.admin).createUserAccessToken(erin.id, 'CI pipeline');
    const listed = await callTool(admin, 'list_user_access_tokens', { user: erin.id });
    expectOk(listed);
    expect(textOf(listed)).toContain(`CI pipeline · active · id ${extra.id}`);
    expect(textOf(listed)).not.toContain(extra.token!);
    expect(textOf(listed)).not.toContain(erin.token);
    const revoked = await callTool(admin, 'revoke_user_access_token', { token_id: extra.id });
    expectOk(revoked);
    const after = await stack.rest(stack.sim.admin).getUserAccessTokensForUser(erin.id);
    expect(after.map((t) => t.id)).not.toContain(extra.id);
    expectError(
      await callTool(admin, 'revoke_user_access_token', { token_id: extra.id }),
      'Not found',
    );
    expectError(await callTool(admin, 'revoke_user_access_token', { token_id: 'abc' }), 'token_id');
    expectError(
      await callTool(admin, 'list_user_access_tokens', { user: '@nobody-here-xyz' }),
      'No user',
    );
    expectError(await callTool(admin, 'list_user_access_tokens', {}), 'user');
  });
});

describe('bots', () => {
  it('create_bot, list_bots and disable_bot', async () => {
    const username = `bot${Date.now().toString(36)}`;
    const created = await callTool(admin, 'create_bot', {
      username,
      display_name: 'Release Bot',
      description: 'Ships',
    });
    expectOk(created);
    expect(created.structuredContent).toMatchObject({
      username,
      owner: 'sysadmin',
      disabled: false,
    });
    const listed = await callTool(admin, 'list_bots', {});
    expect(textOf(listed)).toContain(`@${username} — Release Bot · Ships · owner @sysadmin`);
    const disabled = await callTool(admin, 'disable_bot', { bot: `@${username}` });
    expectOk(disabled);
    expect(disabled.structuredContent).toMatchObject({ disabled: true });
    const active = await callTool(admin, 'list_bots', {});
    expect(
      (active.structuredContent!.bots as Array<{ username: string }>).map((b) => b.username),
    ).not.toContain(username);
    const everything = await callTool(admin, 'list_bots', { include_disabled: true });
    expect(
      (everything.structuredContent!.bots as Array<{ username: string }>).map((b) => b.username),
    ).toContain(username);
    expectError(await callTool(admin, 'create_bot', { username }), 'Mattermost');
    expectError(await callTool(admin, 'create_bot', { username: 'Bad Name' }), 'username');
    expectError(await callTool(admin, 'disable_bot', { bot: ws.alice.username }), 'not a bot');
    expectError(await callTool(admin, 'disable_bot', { bot: '@nobody-here-xyz' }), 'No user');
    expectError(
      await callTool(admin, 'list_bots', { include_disabled: 'yes' }),
      'include_disabled',
    );
  });
});

describe('webhooks', () => {
  it('create_outgoing_webhook, list both kinds without secrets, and delete_webhook', async () => {
    const created = await callTool(admin, 'create_outgoing_webhook', {
      team: ws.team.name,
      trigger_words: ['deploy'],
      callback_url: 'https://example.com/deploy',
      display_name: 'Deployer',
    });
    expectOk(created);
    expect(created.structuredContent).toMatchObject({
      team: ws.team.name,
      trigger_words: ['deploy'],
      callback_urls: ['https://example.com/deploy'],
      creator: 'sysadmin',
    });
    const outgoingId = created.structuredContent!.id as string;
    const hook = await stack.rest(stack.sim.admin).getOutgoingWebhook(outgoingId);
    const outgoing = await callTool(admin, 'list_outgoing_webhooks', { team: ws.team.id });
    expect(textOf(outgoing)).toContain(`Deployer · team ${ws.team.name} · triggers: deploy`);
    expect(textOf(outgoing)).not.toContain(hook.token);
    expect(JSON.stringify(outgoing.structuredContent)).not.toContain(hook.token);

    const incoming = await stack.rest(stack.sim.admin).createIncomingWebhook({
      channel_id: ws.channel.id,
      display_name: 'Alerts',
    } as never);
    const listed = await callTool(admin, 'list_incoming_webhooks', { team: ws.team.name });
    expect(textOf(listed)).toContain(`Alerts → ${ws.team.name}/~${ws.channel.name} · by @sysadmin`);

    for (const [id, kind] of [
      [outgoingId, 'outgoing'],
      [incoming.id, 'incoming'],
    ] as const) {
      const deleted = await callTool(admin, 'delete_webhook', { webhook_id: id });
      expectOk(deleted);
      expect(deleted.structuredContent).toMatchObject({ kind });
    }
    const none = await callTool(admin, 'list_incoming_webhooks', { team: ws.team.name });
    expect(textOf(none)).toContain('No incoming webhooks');
    expectError(
      await callTool(admin, 'delete_webhook', { webhook_id: incoming.id }),
      'no incoming or outgoing webhook',
    );
    expectError(await callTool(admin, 'delete_webhook', { webhook_id: 'x' }), 'webhook_id');
  });

  it('create_outgoing_webhook checks its arguments', async () => {
    expectError(
      await callTool(admin, 'create_outgoing_webhook', {
        team: ws.team.name,
        callback_url: 'https://example.com/a',
      }),
      'trigger_words',
    );
    expectError(
      await callTool(admin, 'create_outgoing_webhook', {
        team: ws.team.name,
        trigger_words: ['a'],
        callback_url: 'ftp://x',
      }),
      'callback_url',
    );
    expectError(
      await callTool(admin, 'create_outgoing_webhook', {
        team: ws.team.name,
        trigger_words: ['two words'],
        callback_url: 'https://e.com',
      }),
      'trigger_words',
    );
    const secret = await stack.rest(stack.sim.admin).createChannel({
      team_id: ws.team.id,
      name: uniqueName('priv'),
      display_name: 'Private',
      type: 'P',
    } as never);
    expectError(
      await callTool(admin, 'create_outgoing_webhook', {
        team: ws.team.name,
        channel: secret.id,
        callback_url: 'https://e.com',
      }),
      'public channels',
    );
    expectError(
      await callTool(admin, 'create_outgoing_webhook', {
        team: 'no-such-team-x',
        trigger_words: ['a'],
        callback_url: 'https://e.com',
      }),
      'No team',
    );
    expectError(
      await callTool(admin, 'list_outgoing_webhooks', { channel: '~nope-x-y' }),
      'No channel',
    );
    expectError(
      await callTool(admin, 'list_incoming_webhooks', { team: 'no-such-team-x' }),
      'No team',
    );
  });
});
