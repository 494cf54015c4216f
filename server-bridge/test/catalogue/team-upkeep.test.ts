import { jest } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, type Client4 } from '../helpers/stack.js';
import { expectToolsMatchSnapshots, ok } from '../helpers/tool-expectations.js';

jest.setTimeout(60_000);

const TOOLS = [
  'invite_to_team',
  'remove_team_member',
  'update_team',
  'list_new_team_members',
  'list_shared_teams',
  'add_channel_members',
  'add_team_members',
  'mark_channels_read',
  'get_channel_member_counts',
  'get_users',
];

type Results = { item: string; ok: boolean; error?: string }[];

/** Alice is a team admin of the workspace's team, Bob a plain member, Gus a guest in it. */
const { stack, ws, alice, bob } = useStack({ prepare, connect: ['alice', 'bob'] });
let admin: Client4;
let gus: Client;
let carol: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;

/** The roles and people of this file, given before anyone connects. */
async function prepare(): Promise<void> {
  admin = stack.rest(stack.sim.admin);
  await admin.updateTeamMemberSchemeRoles(ws.team.id, ws.alice.id, true, true);
  const guest = await createUser(stack, 'gus');
  await admin.updateUserRoles(guest.id, 'system_guest');
  carol = await createUser(stack, 'carol');
  outsider = await createUser(stack, 'outsider');
  for (const user of [guest, carol]) await admin.addToTeam(ws.team.id, user.id);
  gus = await stack.connect(guest);
}

describe('team upkeep and bulk tools through the MCP client', () => {
  it('lists each tool with its annotations, its schemas matching the snapshots', async () => {
    const tools = await expectToolsMatchSnapshots(alice, TOOLS, { outputSchema: true });
    const hint = (name: string) => tools.get(name)?.annotations;
    expect(hint('get_users')?.readOnlyHint).toBe(true);
    expect(hint('remove_team_member')?.destructiveHint).toBe(true);
  });

  it('invites by email only once the admin turns invitations on, and never as a guest', async () => {
    const args = { team: ws.team.name, emails: ['dana@example.com'], channels: [ws.channel.id] };
    const off = await callTool(alice, 'invite_to_team', args);
    expect(off.isError).toBe(true);
    expect(textOf(off)).toContain('Enable Email Invitations');

    await admin.patchConfig({ ServiceSettings: { EnableEmailInvitations: true } } as never);
    const sent = await ok(alice, 'invite_to_team', args);
    expect(sent).toMatchObject({ succeeded: 1, failed: 0 });
    expect(stack.sim.context.store.emailInvites).toMatchObject([
      { email: 'dana@example.com', team_id: ws.team.id, channel_ids: [ws.channel.id] },
    ]);

    const refused = await callTool(gus, 'invite_to_team', { ...args, channels: undefined });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/permission|Not found/);
    expect(stack.sim.context.store.emailInvites).toHaveLength(1);
  });

  it('changes a team as its admin; a plain member gets Mattermost’s refusal', async () => {
    const refused = await callTool(bob, 'update_team', {
      team: ws.team.name,
      description: 'Bob was here',
    });
    expect(refused.isError).toBe(true);
    const changed = await ok(alice, 'update_team', {
      team: ws.team.name,
      description: 'Where widgets are made',
      open_invite: false,
    });
    expect(changed).toMatchObject({ description: 'Where widgets are made', open_invite: false });
    expect((await admin.getTeam(ws.team.id)).description).toBe('Where widgets are made');
  });

  it('adds many people to a channel, saying for each who could not be added and why', async () => {
    const out = await ok(alice, 'add_channel_members', {
      channel: ws.channel.id,
      users: [`@${carol.username}`, `@${outsider.username}`, '@nobody-here', `@${ws.bob.username}`],
    });
    const results = out.results as Results;
    expect(results.map((r) => [r.item, r.ok])).toEqual([
      [`@${carol.username}`, true],
      [`@${outsider.username}`, false],
      ['@nobody-here', false],
      [`@${ws.bob.username}`, true],
    ]);
    expect(results[1]!.error).toContain('team membership');
    expect(results[2]!.error).toContain('No user @nobody-here');
    const members = await admin.getChannelMembers(ws.channel.id, 0, 100);
    expect(members.map((m) => m.user_id)).toContain(carol.id);
    expect(members.map((m) => m.user_id)).not.toContain(outsider.id);
  });

  it('adds many people to a team per person; a guest is refused the whole batch', async () => {
    const out = await ok(alice, 'add_team_members', {
      team: ws.team.name,
      users: [`@${outsider.username}`, 'a'.repeat(26)],
    });
    expect((out.results as Results).map((r) => r.ok)).toEqual([true, false]);
    const refused = await callTool(gus, 'add_team_members', {
      team: ws.team.name,
      users: [`@${ws.bob.username}`],
    });
    expect(refused.isError).toBe(true);
  });

  it('lists the newest members first and the teams two people share', async () => {
    const newest = await ok(bob, 'list_new_team_members', { team: ws.team.name });
    expect((newest.members as { username: string }[])[0]!.username).toBe(outsider.username);
    const shared = await ok(bob, 'list_shared_teams', { user: `@${ws.alice.username}` });
    // Teams shared with oneself are among one's own teams: the answer is complete.
    expect(shared).toMatchObject({ only_your_teams: false, teams: [{ id: ws.team.id }] });
  });

  it('marks many channels read and counts their members, each channel on its own', async () => {
    const secret = await admin.createChannel({
      team_id: ws.team.id,
      name: `secret-${Date.now().toString(36)}`,
      display_name: 'Secret',
      type: 'P',
    } as never);
    const channels = [ws.channel.id, secret.id];
    // A change names its channels up front: one Bob cannot see stops the call before any is marked.
    const before = await stack.rest(ws.bob).getMyChannelMember(ws.channel.id);
    const refused = await callTool(bob, 'mark_channels_read', { channels });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain(secret.id);
    expect((await stack.rest(ws.bob).getMyChannelMember(ws.channel.id)).last_viewed_at).toBe(
      before.last_viewed_at,
    );
    const read = await ok(bob, 'mark_channels_read', { channels: [ws.channel.id] });
    expect(read).toMatchObject({ succeeded: 1, failed: 0 });
    // A read answers per channel.
    const counts = await ok(bob, 'get_channel_member_counts', { channels });
    const members = await admin.getChannelMembers(ws.channel.id, 0, 100);
    expect(counts.results).toMatchObject([
      { ok: true, member_count: members.length },
      { ok: false },
    ]);
  });

  it('looks up many people at once, naming the ones nobody has', async () => {
    const out = await ok(bob, 'get_users', {
      users: [ws.alice.id, `@${carol.username}`, `${outsider.username}@example.com`, 'ghost-x'],
    });
    expect((out.results as Results).map((r) => r.ok)).toEqual([true, true, true, false]);
  });

  it('removes a member as team admin; a plain member may not', async () => {
    const refused = await callTool(bob, 'remove_team_member', {
      team: ws.team.name,
      user: `@${carol.username}`,
    });
    expect(refused.isError).toBe(true);
    await ok(alice, 'remove_team_member', { team: ws.team.name, user: `@${carol.username}` });
    const left = await admin.getTeamMembersByIds(ws.team.id, [carol.id]);
    expect(left.filter((m) => !m.delete_at)).toEqual([]);
  });
});
