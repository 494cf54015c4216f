import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, textOf, uniqueName, type Client4 } from '../helpers/stack.js';
import { expectToolsMatchSnapshots, ok } from '../helpers/tool-expectations.js';

jest.setTimeout(60_000);

const TOOLS = ['update_user', 'create_user', 'list_bots', 'list_team_channels', 'list_teams'];

let rest: Client4;
const { stack, ws, admin, alice } = useStack({
  prepare: async (stack, ws) => {
    rest = stack.rest(stack.sim.admin);
    await rest.addToTeam(ws.team.id, stack.sim.admin.id);
  },
  connect: ['admin', 'alice'],
});

/** A call the bridge refuses to a regular user: not listed, so not found, or refused as admin-only. */
async function refusedToUser(name: string, args: Record<string, unknown>) {
  const outcome = await alice.callTool({ name, arguments: args }).then(
    (result) => (result.isError ? textOf(result) : 'ran'),
    (err: unknown) => String(err),
  );
  expect(outcome).toMatch(/not found|system admins only/i);
}

describe('accounts and private channels for system admins, through the MCP client', () => {
  it('lists each tool to admins with its schemas; the account tools to nobody else', async () => {
    await expectToolsMatchSnapshots(admin, TOOLS, { outputSchema: true });
    const theirs = (await alice.listTools()).tools.map((t) => t.name);
    expect(theirs).not.toContain('update_user');
    expect(theirs).not.toContain('create_user');
  });

  it('changes another person’s profile; a regular user is refused', async () => {
    const out = await ok(admin, 'update_user', {
      user: `@${ws.bob.username}`,
      nickname: 'Bobby',
      position: 'Gizmo lead',
    });
    expect(out).toMatchObject({ id: ws.bob.id, position: 'Gizmo lead' });
    expect(await rest.getUser(ws.bob.id)).toMatchObject({ nickname: 'Bobby' });
    await refusedToUser('update_user', { user: `@${ws.bob.username}`, nickname: 'Nope' });
    // Mattermost itself refuses her too (edit_other_users).
    await expect(
      stack.rest(ws.alice).patchUser({ id: ws.bob.id, nickname: 'Nope' } as never),
    ).rejects.toMatchObject({ status_code: 403 });
    expect((await rest.getUser(ws.bob.id)).nickname).toBe('Bobby');
    const empty = await callTool(admin, 'update_user', { user: `@${ws.bob.username}` });
    expect(textOf(empty)).toContain('what to change');
  });

  it('creates an account whose password nobody was told; a regular user is refused', async () => {
    const username = uniqueName('fresh').slice(0, 20);
    const out = await ok(admin, 'create_user', {
      username,
      email: `${username}@example.com`,
      first_name: 'Fresh',
    });
    expect(out).toMatchObject({ username, display_name: 'Fresh' });
    expect(JSON.stringify(out)).not.toMatch(/password/i);
    expect((await rest.getUserByUsername(username)).id).toBe(out.id);
    await refusedToUser('create_user', { username: 'sneaky', email: 'sneaky@example.com' });
    await expect(rest.getUserByUsername('sneaky')).rejects.toThrow();
  });

  it('lists another person’s teams to a system admin; Mattermost refuses a regular user', async () => {
    const out = await ok(admin, 'list_teams', { user: `@${ws.bob.username}` });
    expect(out.teams).toEqual([expect.objectContaining({ id: ws.team.id })]);
    const mine = await ok(alice, 'list_teams', {});
    expect(mine.teams).toEqual([expect.objectContaining({ id: ws.team.id })]);
    const refused = await callTool(alice, 'list_teams', { user: `@${ws.bob.username}` });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/permission/i);
  });

  it('describes one bot by its user id', async () => {
    const bot = await rest.createBot({
      username: uniqueName('desk-bot'),
      description: 'answers',
    } as never);
    const out = await ok(admin, 'list_bots', { bot: bot.user_id });
    expect(out).toMatchObject({
      bots: [expect.objectContaining({ username: bot.username })],
      has_more: false,
    });
    expect(textOf(await callTool(admin, 'list_bots', { bot: ws.bob.id }))).toContain('not a bot');
    await refusedToUser('list_bots', { bot: bot.user_id });
  });

  it('lists every private channel of a team to a system admin, only her own to a user', async () => {
    const hush = await rest.createChannel({
      team_id: ws.team.id,
      name: uniqueName('hush'),
      display_name: 'Hush',
      type: 'P',
    } as never);
    const ids = (out: Record<string, unknown>) =>
      (out.channels as { id: string }[]).map((c) => c.id);
    // The admin created it and so is in it: take her out to show membership is not needed.
    await rest.removeFromChannel(stack.sim.admin.id, hush.id);
    const everything = await ok(admin, 'list_team_channels', {
      team: ws.team.name,
      filter: 'private',
    });
    expect(everything.channels).toEqual([expect.objectContaining({ id: hush.id, member: false })]);
    expect(
      ids(await ok(alice, 'list_team_channels', { team: ws.team.name, filter: 'private' })),
    ).toEqual([]);
  });
});
