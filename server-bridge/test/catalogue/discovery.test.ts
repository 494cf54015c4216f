import { jest } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { newId } from '../helpers/fake-gateway.js';
import { useStack } from '../helpers/fixtures.js';
import { createUser, uniqueName, type Client4 } from '../helpers/stack.js';
import { expectToolsMatchSnapshots, ok, refused } from '../helpers/tool-expectations.js';

jest.setTimeout(60_000);

/** The tools this file covers, new or given new arguments. */
const TOOLS = [
  'get_post_info',
  'list_saved_posts',
  'get_attention',
  'search_channels',
  'rename_channel',
  'search_users_in',
  'get_team_stats',
  'list_shared_teams',
  'browse_teams',
  'invite_to_team',
  'create_team',
  'list_channel_members',
  'list_team_members',
  'get_role',
];

const { stack, ws, alice } = useStack({ prepare, connect: ['alice'] });
let admin: Client4;
let gus: Client;
let guestId: string;
let carol: Awaited<ReturnType<typeof createUser>>;
let dave: Awaited<ReturnType<typeof createUser>>;
/** An open team Alice is not in, with a public channel and a post in it. */
let other: { id: string; name: string };
let newsPostId: string;

async function newChannel(type: 'O' | 'P', prefix: string) {
  return admin.createChannel({
    team_id: ws.team.id,
    name: uniqueName(prefix),
    display_name: `${prefix} room`,
    type,
  } as never);
}

/** The people, rooms and teams of this file, made before alice connects. */
async function prepare(): Promise<void> {
  admin = stack.rest(stack.sim.admin);
  carol = await createUser(stack, 'carol');
  dave = await createUser(stack, 'dave');
  await admin.addToTeam(ws.team.id, dave.id);
  const guest = await createUser(stack, 'gus');
  guestId = guest.id;
  await admin.updateUserRoles(guest.id, 'system_guest');
  // A guest sees the people of their own channels: one room with alice.
  await admin.addToTeam(ws.team.id, guest.id);
  const guestRoom = await newChannel('P', 'guestroom');
  await admin.addToChannel(guest.id, guestRoom.id);
  await admin.addToChannel(ws.alice.id, guestRoom.id);
  const team = await admin.createTeam({
    name: uniqueName('other'),
    display_name: 'Other Place',
    type: 'O',
  } as never);
  other = { id: team.id, name: team.name };
  const news = await admin.createChannel({
    team_id: other.id,
    name: uniqueName('news'),
    display_name: 'News',
    type: 'O',
  } as never);
  newsPostId = (await admin.createPost({ channel_id: news.id, message: 'big news' } as never)).id;
  gus = await stack.connect(guest);
}

describe('finding things across the server, through the MCP client', () => {
  it('lists each tool with its annotations, its schemas matching the snapshots', async () => {
    const tools = await expectToolsMatchSnapshots(alice, TOOLS, { outputSchema: true });
    const hint = (name: string) => tools.get(name)?.annotations;
    expect(hint('get_post_info')?.readOnlyHint).toBe(true);
    expect(hint('create_team')?.readOnlyHint).toBe(false);
  });

  it('says where a post of a team not joined yet is, which get_post cannot read', async () => {
    const unread = await refused(alice, 'get_post', { post_id: newsPostId });
    expect(unread).toMatch(/permission/i);
    expect(unread).toContain('get_post_info');
    const info = await ok(alice, 'get_post_info', { post_id: newsPostId });
    expect(info).toMatchObject({
      channel: 'News',
      channel_type: 'public',
      joined_channel: false,
      team_id: other.id,
      team: 'Other Place',
      team_type: 'open',
      joined_team: false,
    });
    // A private channel of Alice's own team stays unknown to her, as Mattermost answers.
    const hush = await newChannel('P', 'hush');
    const secret = await admin.createPost({ channel_id: hush.id, message: 'psst' } as never);
    expect(await refused(alice, 'get_post_info', { post_id: secret.id })).toContain(
      'could not join',
    );
  });

  it('lists the saved posts of one channel or one team', async () => {
    const side = await newChannel('O', 'side');
    await admin.addToChannel(ws.alice.id, side.id);
    const here = await admin.createPost({ channel_id: ws.channel.id, message: 'keep me' } as never);
    const there = await admin.createPost({ channel_id: side.id, message: 'me too' } as never);
    for (const post of [here, there]) await ok(alice, 'save_post', { post_id: post.id });
    const ids = (out: Record<string, unknown>) => (out.posts as { id: string }[]).map((p) => p.id);
    expect(ids(await ok(alice, 'list_saved_posts', { channel: ws.channel.id }))).toEqual([here.id]);
    expect(ids(await ok(alice, 'list_saved_posts', { team: ws.team.name })).sort()).toEqual(
      [here.id, there.id].sort(),
    );
    expect(ids(await ok(alice, 'list_saved_posts', { team: other.name }))).toEqual([]);
  });

  it('finds mentions of the user’s mention keywords, read or not', async () => {
    await admin.patchUser({
      id: ws.alice.id,
      notify_props: { mention_keys: 'gizmo,@alice-alt' },
    } as never);
    const bobRest = stack.rest(ws.bob);
    const post = await bobRest.createPost({
      channel_id: ws.channel.id,
      message: 'the gizmo shipped',
    } as never);
    // Alice has read the channel: the keyword mention is still hers to see.
    await stack.rest(ws.alice).viewMyChannel(ws.channel.id);
    const out = await ok(alice, 'get_attention', { since: '1h' });
    expect(out.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'mention', post_id: post.id })]),
    );
  });

  it('searches archived channels only when asked to', async () => {
    const old = await newChannel('O', 'fossil');
    await admin.deleteChannel(old.id);
    const names = (out: Record<string, unknown>) =>
      (out.channels as { id: string; archived: boolean }[]).map((c) => [c.id, c.archived]);
    const archived = await ok(alice, 'search_channels', { term: 'fossil', archived: true });
    expect(names(archived)).toEqual([[old.id, true]]);
    expect(names(await ok(alice, 'search_channels', { term: 'fossil' }))).toEqual([]);
  });

  it('changes a channel’s URL name, never the default channel’s', async () => {
    const room = await newChannel('O', 'plain');
    await admin.addToChannel(ws.alice.id, room.id);
    const urlName = uniqueName('renamed');
    const out = await ok(alice, 'rename_channel', { channel: room.id, url_name: urlName });
    expect(out).toMatchObject({ id: room.id, name: urlName, display_name: 'plain room' });
    expect((await admin.getChannel(room.id)).name).toBe(urlName);
    const town = await admin.getChannelByName(ws.team.id, 'town-square');
    expect(await refused(alice, 'rename_channel', { channel: town.id, url_name: 'plaza' })).toMatch(
      /default channel/,
    );
    expect(await refused(alice, 'rename_channel', { channel: room.id })).toContain('url_name');
  });

  it('lists everyone outside a team or channel without a term, a page at a time', async () => {
    const usernames = (out: Record<string, unknown>) =>
      (out.users as { username: string }[]).map((u) => u.username);
    const outsideTeam = await ok(alice, 'search_users_in', { team: ws.team.name, outside: true });
    expect(usernames(outsideTeam)).toContain(carol.username);
    expect(usernames(outsideTeam)).not.toContain(ws.bob.username);
    expect(outsideTeam).toHaveProperty('has_more');
    const outsideChannel = await ok(alice, 'search_users_in', {
      channel: ws.channel.id,
      outside: true,
    });
    expect(usernames(outsideChannel)).toContain(dave.username);
    expect(usernames(outsideChannel)).not.toContain(carol.username);
    expect(await refused(alice, 'search_users_in', { team: ws.team.name })).toContain('term');
  });

  it('counts the server’s accounts for members, only their channel mates for guests', async () => {
    const out = await ok(alice, 'get_team_stats', {});
    const { store } = stack.sim.context;
    const active = [...store.users.values()].filter((u) => !u.delete_at);
    expect(out.member_count).toBe(active.length);
    const gusChannels = store.channelsOfUser(guestId);
    const mates = active.filter((u) => gusChannels.some((c) => store.isChannelMember(c.id, u.id)));
    expect((await ok(gus, 'get_team_stats', {})).member_count).toBe(mates.length);
    expect(mates.length).toBeLessThan(active.length);
  });

  it('lists the teams every member of a group or direct message shares', async () => {
    const gm = await stack.rest(ws.alice).createGroupChannel([ws.alice.id, ws.bob.id, dave.id]);
    const teams = (out: Record<string, unknown>) =>
      (out.teams as { id: string }[]).map((t) => t.id);
    expect(teams(await ok(alice, 'list_shared_teams', { channel: gm.id }))).toEqual([ws.team.id]);
    const dm = await stack.rest(ws.alice).createDirectChannel([ws.alice.id, carol.id]);
    expect(teams(await ok(alice, 'list_shared_teams', { channel: dm.id }))).toEqual([]);
    expect(await refused(alice, 'list_shared_teams', { channel: ws.channel.id })).toContain(
      'group or direct',
    );
    // An admin looking at a direct message of two others: their teams, not the admin's.
    const pair = await stack.rest(ws.alice).createTeam({
      name: uniqueName('pair'),
      display_name: 'Pair',
      type: 'I',
    } as never);
    for (const id of [ws.bob.id, dave.id]) await stack.rest(ws.alice).addToTeam(pair.id, id);
    const theirs = await stack.rest(ws.bob).createDirectChannel([ws.bob.id, dave.id]);
    const asAdmin = await stack.connect(stack.sim.admin);
    try {
      const shared = await ok(asAdmin, 'list_shared_teams', { channel: theirs.id });
      expect(teams(shared).sort()).toEqual([ws.team.id, pair.id].sort());
      expect(shared.only_your_teams).toBe(false);
    } finally {
      await asAdmin.close();
    }
  });

  it('searches teams by name, marking those the user is in', async () => {
    const out = await ok(alice, 'browse_teams', { term: other.name.slice(0, 8) });
    expect(out.teams).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: other.id, member: false })]),
    );
    const mine = await ok(alice, 'browse_teams', { term: ws.team.name });
    expect(mine.teams).toEqual([expect.objectContaining({ id: ws.team.id, member: true })]);
    // Guests may list no teams at all.
    expect((await ok(gus, 'browse_teams', { term: other.name })).teams).toEqual([]);
  });

  it('sends a personal note with an invitation to channels, and refuses one without', async () => {
    await admin.patchConfig({ ServiceSettings: { EnableEmailInvitations: true } } as never);
    // Mattermost would drop the note of an invitation to the team alone: refused, nothing sent.
    const before = stack.sim.context.store.emailInvites.length;
    expect(
      await refused(alice, 'invite_to_team', {
        team: ws.team.name,
        emails: ['fay@example.com'],
        message: 'Come build gizmos with us',
      }),
    ).toMatch(/message: .*channels/);
    expect(stack.sim.context.store.emailInvites).toHaveLength(before);
    await ok(alice, 'invite_to_team', {
      team: ws.team.name,
      emails: ['erin@example.com'],
      channels: [ws.channel.id],
      message: 'Come build gizmos with us',
    });
    expect(stack.sim.context.store.emailInvites).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          email: 'erin@example.com',
          channel_ids: [ws.channel.id],
          message: 'Come build gizmos with us',
        }),
      ]),
    );
  });

  it('creates a team the user then administers; a guest may not', async () => {
    const name = uniqueName('made');
    const out = await ok(alice, 'create_team', { name, display_name: 'Made Here' });
    expect(out).toMatchObject({ name, display_name: 'Made Here', type: 'invite' });
    const member = await admin.getTeamMember(String(out.id), ws.alice.id);
    expect(member.roles).toContain('team_admin');
    // An open team is one anyone on the server may join.
    const open = await ok(alice, 'create_team', {
      name: uniqueName('open'),
      display_name: 'Open Here',
      open_invite: true,
    });
    expect(open).toMatchObject({ type: 'open' });
    const joined = await stack.rest(dave).addToTeam(String(open.id), dave.id);
    expect(joined).toMatchObject({ team_id: open.id, user_id: dave.id });
    expect(
      await refused(gus, 'create_team', { name: uniqueName('nope'), display_name: 'Nope' }),
    ).toMatch(/permission/i);
  });

  it('leaves bots out of member lists when asked', async () => {
    const bot = await admin.createBot({ username: uniqueName('helper-bot') } as never);
    await admin.addToTeam(ws.team.id, bot.user_id);
    await admin.addToChannel(bot.user_id, ws.channel.id);
    const ids = (out: Record<string, unknown>) =>
      (out.members as { user_id: string }[]).map((m) => m.user_id);
    expect(ids(await ok(alice, 'list_channel_members', { channel: ws.channel.id }))).toContain(
      bot.user_id,
    );
    const people = await ok(alice, 'list_channel_members', {
      channel: ws.channel.id,
      exclude_bots: true,
    });
    expect(ids(people)).not.toContain(bot.user_id);
    expect(ids(people)).toContain(ws.bob.id);
    const team = await ok(alice, 'list_team_members', { team: ws.team.name, exclude_bots: true });
    expect(ids(team)).not.toContain(bot.user_id);
  });

  it('reads a role by its id as well as by its name', async () => {
    const role = await admin.getRoleByName('channel_user');
    const out = await ok(alice, 'get_role', { role: role.id });
    expect(out).toMatchObject({ name: 'channel_user' });
    // A scheme's roles are named with a new id, as Mattermost names them: found by that name.
    const base = stack.sim.context.store.roles.get('channel_user')!;
    const schemeRole = { ...base, id: newId(), name: newId(), built_in: false };
    stack.sim.context.store.roles.set(schemeRole.name, schemeRole);
    expect(await ok(alice, 'get_role', { role: schemeRole.name })).toMatchObject({
      name: schemeRole.name,
    });
    expect(await ok(alice, 'get_role', { role: schemeRole.id })).toMatchObject({
      name: schemeRole.name,
    });
  });
});
