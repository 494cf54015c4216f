import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, uniqueName } from '../helpers/stack.js';
import { expectError, expectOk } from '../helpers/tool-expectations.js';

jest.setTimeout(40_000);

let openTeam: { id: string; name: string };
let inviteTeam: { id: string; name: string };

const { stack, ws, alice, bob } = useStack({
  prepare: async (stack) => {
    const admin = stack.rest(stack.sim.admin);
    openTeam = await admin.createTeam({
      name: uniqueName('open'),
      display_name: 'Open Team',
      type: 'O',
      allow_open_invite: true,
    } as never);
    inviteTeam = await admin.createTeam({
      name: uniqueName('invite'),
      display_name: 'Invite Team',
      type: 'I',
    } as never);
  },
  connect: ['alice', 'bob'],
});

const PERMISSION = 'You do not have permission';

describe('teams', () => {
  it('get_team describes a team and says whether the user is in it', async () => {
    const mine = await callTool(alice, 'get_team', { team: ws.team.name });
    expectOk(mine);
    expect(mine.structuredContent).toMatchObject({ id: ws.team.id, member: true, type: 'open' });
    const other = await callTool(alice, 'get_team', { team: openTeam.id });
    expect(other.structuredContent).toMatchObject({ name: openTeam.name, member: false });
    expect(textOf(other)).toContain('you are not a member');
    expectError(await callTool(alice, 'get_team', { team: inviteTeam.name }), 'No team');
    expectError(
      await callTool(alice, 'get_team', { team: 'no-such-team-x' }),
      'No team "no-such-team-x"',
    );
    expectError(await callTool(alice, 'get_team', {}), 'team');
  });

  it('list_team_members lists members with usernames, admins first', async () => {
    const result = await callTool(alice, 'list_team_members', { team: ws.team.name });
    expectOk(result);
    const members = result.structuredContent!.members as Array<{
      username: string;
      admin: boolean;
    }>;
    expect(members.map((m) => m.username)).toEqual(
      expect.arrayContaining([ws.alice.username, ws.bob.username]),
    );
    expect(members[0]!.admin).toBe(true);
    expect(textOf(result)).toContain(`members of ${ws.team.name}:`);
    expectError(await callTool(alice, 'list_team_members', { team: openTeam.name }), PERMISSION);
    expectError(await callTool(alice, 'list_team_members', { team: 'no-such-team-x' }), 'No team');
    expectError(
      await callTool(alice, 'list_team_members', { team: ws.team.name, cursor: 'x' }),
      'cursor',
    );
  });

  it('browse_teams lists open teams the user has not joined', async () => {
    const result = await callTool(alice, 'browse_teams', {});
    expectOk(result);
    const names = (result.structuredContent!.teams as Array<{ name: string }>).map((t) => t.name);
    expect(names).toContain(openTeam.name);
    expect(names).not.toContain(ws.team.name);
    expect(names).not.toContain(inviteTeam.name);
    expectError(await callTool(alice, 'browse_teams', { cursor: 'garbage' }), 'cursor');
    expectError(await callTool(alice, 'browse_teams', { cursor: 3 }), 'cursor');
  });

  it('join_team joins an open team; leave_team leaves it; both refuse what they cannot do', async () => {
    const joined = await callTool(bob, 'join_team', { team: openTeam.name });
    expectOk(joined);
    expect(textOf(joined)).toContain(`Joined ${openTeam.name}`);
    expect((await stack.rest(ws.bob).getMyTeams()).map((t) => t.id)).toContain(openTeam.id);
    const get = await callTool(bob, 'get_team', { team: openTeam.name });
    expect(get.structuredContent).toMatchObject({ member: true });
    const left = await callTool(bob, 'leave_team', { team: openTeam.id });
    expectOk(left);
    expect((await stack.rest(ws.bob).getMyTeams()).map((t) => t.id)).not.toContain(openTeam.id);
    expectError(await callTool(bob, 'leave_team', { team: openTeam.id }), 'not a member');
    // An invite-only team is invisible to non-members, so joining it is refused as unknown.
    expectError(await callTool(bob, 'join_team', { team: inviteTeam.name }), 'No team');
    expectError(await callTool(bob, 'join_team', { team: inviteTeam.id }), 'No team');
    expectError(await callTool(bob, 'join_team', { team: 'no-such-team-x' }), 'No team');
    expectError(await callTool(bob, 'leave_team', { team: 'no-such-team-x' }), 'No team');
    expectError(await callTool(bob, 'join_team', { team: '' }), 'team');
    expectError(await callTool(bob, 'leave_team', {}), 'team');
  });

  it('add_team_member adds someone; someone outside the team is refused', async () => {
    const dave = await createUser(stack, 'dave');
    const admin = await stack.connect(stack.sim.admin);
    const added = await callTool(admin, 'add_team_member', {
      team: inviteTeam.name,
      user: `@${dave.username}`,
    });
    expectOk(added);
    expect(added.structuredContent).toMatchObject({ user: { username: dave.username } });
    expect((await stack.rest(dave).getMyTeams()).map((t) => t.id)).toContain(inviteTeam.id);
    // dave can see the open team but is not in it, so he may not add others to it.
    const daveClient = await stack.connect(dave);
    const erin = await createUser(stack, 'erin');
    expectError(
      await callTool(daveClient, 'add_team_member', { team: openTeam.name, user: erin.id }),
      PERMISSION,
    );
    expectError(
      await callTool(admin, 'add_team_member', { team: inviteTeam.id, user: '@nobody-here-xyz' }),
      'No user',
    );
    expectError(
      await callTool(admin, 'add_team_member', { team: 'no-such-team-x', user: erin.id }),
      'No team',
    );
    expectError(await callTool(admin, 'add_team_member', { team: inviteTeam.id }), 'user');
  });
});

describe('statuses', () => {
  it('set_status sets dnd until a time, get_status and get_statuses read it back', async () => {
    const set = await callTool(alice, 'set_status', { status: 'dnd', dnd_end_time: '2h' });
    expectOk(set);
    expect(set.structuredContent).toMatchObject({
      status: 'dnd',
      manual: true,
      username: ws.alice.username,
    });
    const until = Date.parse(set.structuredContent!.dnd_until as string);
    expect(until).toBeGreaterThan(Date.now() + 110 * 60_000);
    expect(until).toBeLessThan(Date.now() + 121 * 60_000);
    const read = await callTool(bob, 'get_status', { user: `@${ws.alice.username}` });
    expect(read.structuredContent).toMatchObject({ status: 'dnd' });
    expect(textOf(read)).toContain(`@${ws.alice.username}: dnd (set by hand) until`);
    await callTool(bob, 'set_status', { status: 'away' });
    const many = await callTool(alice, 'get_statuses', {
      users: [ws.alice.id, `@${ws.bob.username}`, 'nobody-here-xyz'],
    });
    expectOk(many);
    const statuses = many.structuredContent!.statuses as Array<{
      username: string;
      status: string;
    }>;
    expect(statuses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: ws.alice.username, status: 'dnd' }),
        expect.objectContaining({ username: ws.bob.username, status: 'away' }),
      ]),
    );
    expect(many.structuredContent!.unknown).toEqual(['nobody-here-xyz']);
    expect(textOf(many)).toContain('Unknown: nobody-here-xyz');
  });

  it("status tools refuse bad input, unknown users, and another user's status", async () => {
    expectError(await callTool(alice, 'set_status', { status: 'busy' }), 'status');
    expectError(
      await callTool(alice, 'set_status', { status: 'online', dnd_end_time: '1h' }),
      'dnd_end_time',
    );
    expectError(
      await callTool(alice, 'set_status', { status: 'dnd', dnd_end_time: 'tomorrow' }),
      'dnd_end_time',
    );
    expectError(
      await callTool(alice, 'set_status', { status: 'dnd', dnd_end_time: '2001-01-01T00:00:00Z' }),
      'dnd_end_time',
    );
    expectError(await callTool(alice, 'get_status', { user: '@nobody-here-xyz' }), 'No user');
    expectError(await callTool(alice, 'get_status', {}), 'user');
    expectError(await callTool(alice, 'get_statuses', { users: [] }), 'users');
    // Another user's status can only be set by an admin: Mattermost refuses it (checked over REST).
    await expect(
      stack.rest(ws.alice).updateStatus({ user_id: ws.bob.id, status: 'offline' } as never),
    ).rejects.toMatchObject({ status_code: 403 });
  });

  it('set_custom_status and clear_custom_status change what get_status shows', async () => {
    const set = await callTool(alice, 'set_custom_status', {
      text: 'In a meeting',
      emoji: ':calendar:',
      expires: '1h',
    });
    expectOk(set);
    expect(set.structuredContent).toMatchObject({ text: 'In a meeting', emoji: 'calendar' });
    expect(Date.parse(set.structuredContent!.expires_at as string)).toBeGreaterThan(Date.now());
    const read = await callTool(bob, 'get_status', { user: ws.alice.id });
    expect(read.structuredContent).toMatchObject({
      custom_status: { text: 'In a meeting', emoji: 'calendar' },
    });
    expect(textOf(read)).toContain(':calendar: In a meeting (until');
    const cleared = await callTool(alice, 'clear_custom_status', {});
    expectOk(cleared);
    const after = await callTool(bob, 'get_status', { user: ws.alice.id });
    expect(after.structuredContent!.custom_status).toBeUndefined();
    expectError(await callTool(alice, 'set_custom_status', { text: '' }), 'text');
    expectError(await callTool(alice, 'set_custom_status', { text: 'x'.repeat(101) }), 'text');
    expectError(
      await callTool(alice, 'set_custom_status', { text: 'x', expires: 'soon' }),
      'expires',
    );
  });
});

describe('profile', () => {
  it('update_my_profile changes only the given fields, and get_user sees it at once', async () => {
    // Cache the profile first so a stale copy would show.
    await callTool(bob, 'get_user', { user: ws.alice.id });
    const result = await callTool(alice, 'update_my_profile', {
      position: 'Release manager',
      nickname: 'Al',
    });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({ position: 'Release manager', nickname: 'Al' });
    const me = await callTool(alice, 'get_me', {});
    expect(me.structuredContent).toMatchObject({ position: 'Release manager' });
    const server = await stack.rest(ws.bob).getUser(ws.alice.id);
    expect(server.position).toBe('Release manager');
    expect(server.first_name).toBe('alice');
    const seen = await callTool(bob, 'get_user', { user: ws.alice.id });
    expect(seen.structuredContent).toMatchObject({ position: 'Release manager' });
    expectError(await callTool(alice, 'update_my_profile', {}), 'at least one');
    expectError(
      await callTool(alice, 'update_my_profile', { position: 'x'.repeat(200) }),
      'position',
    );
    expectError(await callTool(alice, 'update_my_profile', { nickname: 7 }), 'nickname');
  });
});
