import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, uniqueName } from '../helpers/stack.js';
import { expectToolsMatchSnapshots, okResult } from '../helpers/tool-expectations.js';

jest.setTimeout(60_000);

const { stack, ws, alice, admin: adminMcp } = useStack({ connect: ['alice', 'admin'] });

/** An admin-only control of the simulator (licence, directory sync) over its REST API. */
async function control(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.sim.url}/api/v4${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${stack.sim.admin.token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

const NEW_TOOLS = [
  'list_groups',
  'list_group_members',
  'set_channel_admin',
  'set_team_admin',
  'get_membership',
  'get_role',
  'get_channel_moderation',
  'search_users_in',
  'list_user_channels',
  'list_channel_members',
];

it('lists every new tool with its kind, its schema matching the snapshot', async () => {
  const byName = await expectToolsMatchSnapshots(adminMcp, NEW_TOOLS);
  expect(byName.get('list_groups')?.annotations?.readOnlyHint).toBe(true);
  expect(byName.get('set_channel_admin')?.annotations?.readOnlyHint).toBe(false);
  expect(byName.get('set_channel_admin')?.annotations?.destructiveHint).toBe(false);
  // Channel moderation is a system console setting: regular users are not offered it.
  const mine = (await alice.listTools()).tools.map((t) => t.name);
  expect(mine).not.toContain('get_channel_moderation');
});

describe('groups', () => {
  it('finds no group on an unlicensed server, and refuses linked groups with the reason', async () => {
    const empty = await okResult(alice, 'list_groups', {});
    expect(empty.structuredContent).toEqual({ groups: [], has_more: false });
    const linked = await callTool(alice, 'list_groups', { channel: ws.channel.id });
    expect(linked.isError).toBe(true);
    expect(textOf(linked)).toMatch(/licen[cs]e/i);
  });

  it("lists custom and directory groups, their members, a user's groups and linked groups", async () => {
    await control('/simulator/license', { sku: 'enterprise' });
    const name = uniqueName('backend');
    // A custom group made by a regular user, as the webapp does.
    const custom = await stack.rest(ws.alice).createGroupWithUserIds({
      name,
      display_name: 'Backend Team',
      source: 'custom',
      allow_reference: true,
      user_ids: [ws.alice.id, ws.bob.id],
    } as never);
    const carol = await createUser(stack, 'carol');
    const ldapName = uniqueName('ops');
    const ldap = await control('/simulator/groups', {
      name: ldapName,
      display_name: 'Operations',
      user_ids: [carol.id, ws.bob.id],
    });
    await control(`/groups/${String(ldap.id)}/channels/${ws.channel.id}/link`, { auto_add: true });
    await control(`/groups/${String(ldap.id)}/teams/${ws.team.id}/link`, {});

    const search = await okResult(alice, 'list_groups', { term: 'backend' });
    expect(search.structuredContent?.groups).toEqual([
      expect.objectContaining({ id: custom.id, name, source: 'custom', member_count: 2 }),
    ]);
    expect(textOf(search)).toContain(`@${name} — Backend Team · 2 members · custom`);

    const members = await okResult(alice, 'list_group_members', { group: `@${name}` });
    expect(
      (members.structuredContent?.members as { username: string }[]).map((m) => m.username).sort(),
    ).toEqual([ws.alice.username, ws.bob.username].sort());

    const bobs = await okResult(alice, 'list_groups', { user: `@${ws.bob.username}` });
    expect(
      (bobs.structuredContent?.groups as { name: string }[]).map((g) => g.name).sort(),
    ).toEqual([name, ldapName].sort());

    for (const place of [{ channel: ws.channel.id }, { team: ws.team.name }]) {
      const linked = await okResult(alice, 'list_groups', place);
      expect(linked.structuredContent?.groups).toEqual([
        expect.objectContaining({ name: ldapName, source: 'ldap', member_count: 2 }),
      ]);
    }
  });

  it('names an unknown group and refuses ambiguous filters', async () => {
    const unknown = await callTool(alice, 'list_group_members', { group: '@no-such-group' });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toContain('No group @no-such-group');
    const both = await callTool(alice, 'list_groups', { user: ws.bob.id, team: ws.team.id });
    expect(both.isError).toBe(true);
    expect(textOf(both)).toContain('at most one');
  });
});

describe('roles and memberships', () => {
  it('lets a channel admin make and unmake admins, and refuses plain members', async () => {
    const admin = stack.rest(stack.sim.admin);
    const channel = await admin.createChannel({
      team_id: ws.team.id,
      name: uniqueName('roles'),
      display_name: 'Roles',
      type: 'P',
    } as never);
    for (const user of [ws.alice, ws.bob]) await admin.addToChannel(user.id, channel.id);

    const refused = await callTool(alice, 'set_channel_admin', {
      channel: channel.id,
      user: ws.bob.username,
    });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/permission/i);

    await admin.updateChannelMemberSchemeRoles(channel.id, ws.alice.id, true, true);
    const made = await okResult(alice, 'set_channel_admin', {
      channel: channel.id,
      user: ws.bob.username,
    });
    expect(made.structuredContent?.membership).toEqual({
      roles: ['channel_user', 'channel_admin'],
      admin: true,
      guest: false,
    });
    expect(textOf(made)).toContain(`@${ws.bob.username} is now admin of`);
    const member = await admin.getChannelMember(channel.id, ws.bob.id);
    expect(member.scheme_admin).toBe(true);

    const unmade = await okResult(alice, 'set_channel_admin', {
      channel: channel.id,
      user: ws.bob.username,
      admin: false,
    });
    expect(unmade.structuredContent?.membership).toMatchObject({ admin: false });
    expect((await admin.getChannelMember(channel.id, ws.bob.id)).scheme_admin).toBe(false);
  });

  it('keeps team roles for team admins, and never makes a guest an admin', async () => {
    const refused = await callTool(alice, 'set_team_admin', {
      team: ws.team.name,
      user: ws.bob.id,
    });
    expect(refused.isError).toBe(true);

    const made = await okResult(adminMcp, 'set_team_admin', {
      team: ws.team.name,
      user: ws.alice.id,
    });
    expect(made.structuredContent?.membership).toMatchObject({ admin: true });
    const byTeamAdmin = await okResult(alice, 'set_team_admin', {
      team: ws.team.id,
      user: ws.bob.id,
    });
    expect(byTeamAdmin.structuredContent?.membership).toMatchObject({ admin: true });
    await okResult(alice, 'set_team_admin', { team: ws.team.id, user: ws.bob.id, admin: false });

    const admin = stack.rest(stack.sim.admin);
    const guest = await createUser(stack, 'guest');
    await admin.updateUserRoles(guest.id, 'system_guest');
    await admin.addToTeam(ws.team.id, guest.id);
    await admin.addToChannel(guest.id, ws.channel.id);
    const guestMembership = await okResult(alice, 'get_membership', {
      user: guest.username,
      channel: ws.channel.id,
    });
    expect(guestMembership.structuredContent?.membership).toEqual({
      roles: ['channel_guest'],
      admin: false,
      guest: true,
    });
    const promoted = await callTool(alice, 'set_team_admin', { team: ws.team.id, user: guest.id });
    expect(promoted.isError).toBe(true);
    expect(textOf(promoted)).toMatch(/guest/i);
  });

  it('tells whether someone is in a channel or team, and their role', async () => {
    const inTeam = await okResult(alice, 'get_membership', {
      user: ws.bob.username,
      team: ws.team.name,
    });
    expect(inTeam.structuredContent).toMatchObject({ member: true, place: `team ${ws.team.name}` });
    const outsider = await createUser(stack, 'outsider');
    const notIn = await okResult(alice, 'get_membership', {
      user: outsider.username,
      channel: ws.channel.id,
    });
    expect(notIn.structuredContent).toMatchObject({ member: false });
    expect(textOf(notIn)).toContain('is not a member of');
    const neither = await callTool(alice, 'get_membership', { user: ws.bob.id });
    expect(neither.isError).toBe(true);
  });

  it("reads a role and, for an admin on a licensed server, a channel's moderation", async () => {
    const role = await okResult(alice, 'get_role', { role: 'channel_admin' });
    expect(role.structuredContent?.permissions).toContain('manage_channel_roles');
    const unknown = await callTool(alice, 'get_role', { role: 'no_such_role' });
    expect(unknown.isError).toBe(true);

    const moderation = await okResult(adminMcp, 'get_channel_moderation', {
      channel: ws.channel.id,
    });
    expect(moderation.structuredContent?.settings).toContainEqual({
      permission: 'create_post',
      members: true,
      guests: true,
    });
    expect(textOf(moderation)).toContain('manage_members: members yes');
  });
});

describe('people in a place', () => {
  it('searches inside and outside a channel and a team', async () => {
    const dana = await createUser(stack, 'dana');
    await stack.rest(stack.sim.admin).addToTeam(ws.team.id, dana.id);
    const inside = await okResult(alice, 'search_users_in', {
      term: 'bob',
      channel: ws.channel.id,
    });
    expect((inside.structuredContent?.users as { id: string }[]).map((u) => u.id)).toEqual([
      ws.bob.id,
    ]);
    const outside = await okResult(alice, 'search_users_in', {
      term: 'dana',
      channel: ws.channel.id,
      outside: true,
    });
    expect((outside.structuredContent?.users as { id: string }[]).map((u) => u.id)).toEqual([
      dana.id,
    ]);
    const notInTeam = await okResult(alice, 'search_users_in', {
      term: 'dana',
      team: ws.team.id,
      outside: true,
    });
    expect(notInTeam.structuredContent?.users).toEqual([]);
  });

  it('refuses to search a private channel the caller cannot read', async () => {
    const secret = await stack.rest(stack.sim.admin).createChannel({
      team_id: ws.team.id,
      name: uniqueName('secret'),
      display_name: 'Secret',
      type: 'P',
    } as never);
    const result = await callTool(alice, 'search_users_in', { term: 'a', channel: secret.id });
    expect(result.isError).toBe(true);
  });

  it('lists channel members by status and by name', async () => {
    await stack.rest(ws.bob).updateStatus({ user_id: ws.bob.id, status: 'dnd' } as never);
    const dnd = await okResult(alice, 'list_channel_members', {
      channel: ws.channel.id,
      status: 'dnd',
    });
    expect((dnd.structuredContent?.members as { user_id: string }[]).map((m) => m.user_id)).toEqual(
      [ws.bob.id],
    );
    expect(textOf(dnd)).toContain('1 dnd member of');
    const outsider = await createUser(stack, 'nobody');
    const some = await okResult(alice, 'list_channel_members', {
      channel: ws.channel.id,
      users: [ws.bob.username, outsider.username],
    });
    expect(
      (some.structuredContent?.members as { user_id: string }[]).map((m) => m.user_id),
    ).toEqual([ws.bob.id]);
  });

  it("lists one's own channels with roles, and another's only for an admin", async () => {
    const mine = await okResult(alice, 'list_user_channels', { team: ws.team.name });
    const names = (mine.structuredContent?.channels as { name: string }[]).map((c) => c.name);
    expect(names).toContain(ws.channel.name);
    expect(names).toContain('town-square');
    const others = await callTool(alice, 'list_user_channels', {
      team: ws.team.name,
      user: ws.bob.username,
    });
    expect(others.isError).toBe(true);
    const asAdmin = await okResult(adminMcp, 'list_user_channels', {
      team: ws.team.name,
      user: ws.bob.username,
    });
    expect(
      (asAdmin.structuredContent?.channels as { name: string }[]).map((c) => c.name),
    ).toContain(ws.channel.name);
  });
});
