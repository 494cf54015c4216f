import { jest } from '@jest/globals';
import type { Client } from '@modelcontextprotocol/client';
import { bobsSecretChannel, closedTeam, startPlainBridge, useStack } from '../helpers/fixtures.js';
import { callTool, connectClient, createUser, textOf, uniqueName } from '../helpers/stack.js';
import { expectError, expectOk } from '../helpers/tool-expectations.js';

jest.setTimeout(40_000);

let carolUser: Awaited<ReturnType<typeof createUser>>;
/** A private channel of bob's that alice is not in. */
let secret: { id: string; name: string };

const { stack, ws, alice, bob } = useStack({
  prepare: async (stack, ws) => {
    carolUser = await createUser(stack, 'carol');
    await stack.rest(stack.sim.admin).addToTeam(ws.team.id, carolUser.id);
    secret = await bobsSecretChannel(stack, ws);
  },
  connect: ['alice', 'bob'],
});
let carol: Client;

beforeAll(async () => {
  carol = await stack.connect(carolUser);
});

const PERMISSION = 'You do not have permission';

describe('creating and changing channels', () => {
  let created: { id: string; name: string };

  it('create_channel makes a public or private channel in a team', async () => {
    const name = uniqueName('plan');
    const result = await callTool(alice, 'create_channel', {
      team: ws.team.name,
      name,
      display_name: 'Release Planning',
      purpose: 'Plan releases',
      private: true,
    });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({
      name,
      type: 'private',
      team: ws.team.name,
      purpose: 'Plan releases',
    });
    expect(textOf(result)).toContain(`Created: ${ws.team.name}/~${name}`);
    created = { id: result.structuredContent!.id as string, name };
    const members = await stack.rest(ws.alice).getChannelMembers(created.id);
    expect(members.map((m) => m.user_id)).toEqual([ws.alice.id]);
  });

  it('create_channel refuses a bad name, an unknown team, and a name already taken', async () => {
    expectError(
      await callTool(alice, 'create_channel', {
        team: ws.team.name,
        name: 'Bad Name',
        display_name: 'x',
      }),
      'name',
    );
    expectError(
      await callTool(alice, 'create_channel', {
        team: 'no-such-team-x',
        name: 'abc',
        display_name: 'x',
      }),
      'No team "no-such-team-x"',
    );
    expectError(
      await callTool(alice, 'create_channel', {
        team: ws.team.name,
        name: created.name,
        display_name: 'again',
      }),
      'Mattermost',
    );
  });

  it('create_channel is refused in a team the user is not in', async () => {
    const other = await closedTeam(stack);
    const result = await callTool(alice, 'create_channel', {
      team: other.id,
      name: 'abc',
      display_name: 'x',
    });
    expect(result.isError).toBe(true);
  });

  it('update_channel_header, update_channel_purpose and rename_channel change the channel, and reads see it', async () => {
    const ref = `${ws.team.name}/${created.name}`;
    // Read first so the bridge has the channel cached; the change must not leave the old copy.
    expectOk(await callTool(alice, 'get_channel', { channel: created.id }));
    const header = await callTool(alice, 'update_channel_header', {
      channel: ref,
      header: 'Ship **Friday**',
    });
    expectOk(header);
    expect(header.structuredContent).toMatchObject({ header: 'Ship **Friday**' });
    const purpose = await callTool(alice, 'update_channel_purpose', {
      channel: created.id,
      purpose: 'Releases',
    });
    expect(purpose.structuredContent).toMatchObject({ purpose: 'Releases' });
    const renamed = await callTool(alice, 'rename_channel', {
      channel: created.id,
      display_name: 'Releases',
    });
    expect(renamed.structuredContent).toMatchObject({
      display_name: 'Releases',
      name: created.name,
    });
    const read = await callTool(alice, 'get_channel', { channel: created.id });
    expect(read.structuredContent).toMatchObject({
      display_name: 'Releases',
      header: 'Ship **Friday**',
    });
    const fromServer = await stack.rest(ws.alice).getChannel(created.id);
    expect(fromServer.display_name).toBe('Releases');
  });

  it('changing a channel needs membership, and bad input names the field', async () => {
    expectError(
      await callTool(carol, 'update_channel_header', { channel: ws.channel.id, header: 'x' }),
      PERMISSION,
    );
    expectError(
      await callTool(carol, 'rename_channel', { channel: ws.channel.id, display_name: 'x' }),
      PERMISSION,
    );
    expectError(
      await callTool(alice, 'update_channel_purpose', { channel: secret.id, purpose: 'x' }),
      'No channel',
    );
    expectError(
      await callTool(alice, 'update_channel_header', { channel: '~no-such-chan-x', header: 'x' }),
      'No channel',
    );
    expectError(
      await callTool(alice, 'rename_channel', { channel: ws.channel.id, display_name: '' }),
      'display_name',
    );
    expectError(
      await callTool(alice, 'update_channel_header', { channel: ws.channel.id }),
      'header',
    );
    expectError(
      await callTool(alice, 'update_channel_purpose', {
        channel: ws.channel.id,
        purpose: 'x'.repeat(300),
      }),
      'purpose',
    );
  });

  it('set_channel_privacy converts both ways', async () => {
    const toPublic = await callTool(alice, 'set_channel_privacy', {
      channel: created.id,
      private: false,
    });
    expectOk(toPublic);
    expect(toPublic.structuredContent).toMatchObject({ type: 'public' });
    expect((await stack.rest(ws.alice).getChannel(created.id)).type).toBe('O');
    const again = await callTool(alice, 'set_channel_privacy', {
      channel: created.id,
      private: false,
    });
    expect(textOf(again)).toContain('Unchanged');
    const toPrivate = await callTool(alice, 'set_channel_privacy', {
      channel: created.id,
      private: true,
    });
    expect(toPrivate.structuredContent).toMatchObject({ type: 'private' });
    expectError(
      await callTool(carol, 'set_channel_privacy', { channel: ws.channel.id, private: true }),
      PERMISSION,
    );
    expectError(
      await callTool(alice, 'set_channel_privacy', { channel: '~nope-x-y', private: true }),
      'No channel',
    );
    expectError(
      await callTool(alice, 'set_channel_privacy', { channel: created.id, private: 'yes' }),
      'private',
    );
    expectError(
      await callTool(alice, 'set_channel_privacy', {
        channel: `@${ws.bob.username}`,
        private: true,
      }),
      'direct and group',
    );
  });

  it('archive_channel archives, restore_channel needs a team admin, and both report bad input', async () => {
    const archived = await callTool(alice, 'archive_channel', { channel: created.id });
    expectOk(archived);
    expect(archived.structuredContent).toMatchObject({ archived: true });
    expect((await stack.rest(ws.alice).getChannel(created.id)).delete_at).toBeGreaterThan(0);
    expectError(
      await callTool(alice, 'archive_channel', { channel: created.id }),
      'already archived',
    );
    expectError(await callTool(alice, 'restore_channel', { channel: created.id }), PERMISSION);
    const admin = await stack.connect(stack.sim.admin);
    const restored = await callTool(admin, 'restore_channel', { channel: created.id });
    expectOk(restored);
    expect(restored.structuredContent).toMatchObject({ archived: false });
    expectError(await callTool(admin, 'restore_channel', { channel: created.id }), 'not archived');
    expectError(await callTool(carol, 'archive_channel', { channel: ws.channel.id }), PERMISSION);
    expectError(await callTool(alice, 'archive_channel', { channel: '~nope-x-y' }), 'No channel');
    expectError(await callTool(alice, 'restore_channel', { channel: '' }), 'channel');
    expectError(await callTool(alice, 'archive_channel', {}), 'channel');
  });
});

describe('members', () => {
  it('add_channel_member, list_channel_members and remove_channel_member', async () => {
    const added = await callTool(alice, 'add_channel_member', {
      channel: ws.channel.id,
      user: `@${carolUser.username}`,
    });
    expectOk(added);
    expect(textOf(added)).toContain(`Added @${carolUser.username}`);
    const listed = await callTool(alice, 'list_channel_members', {
      channel: `~${ws.channel.name}`,
    });
    expectOk(listed);
    const names = (listed.structuredContent!.members as Array<{ username: string }>).map(
      (m) => m.username,
    );
    expect(names).toEqual(
      expect.arrayContaining([ws.alice.username, ws.bob.username, carolUser.username]),
    );
    expect(textOf(listed)).toContain(`members of ${ws.team.name}/~${ws.channel.name}:`);
    const removed = await callTool(alice, 'remove_channel_member', {
      channel: ws.channel.id,
      user: carolUser.username,
    });
    expectOk(removed);
    const after = await stack.rest(ws.alice).getChannelMembers(ws.channel.id);
    expect(after.map((m) => m.user_id)).not.toContain(carolUser.id);
  });

  it('member tools refuse what the user may not do, unknown names and bad input', async () => {
    expectError(
      await callTool(alice, 'list_channel_members', { channel: secret.id }),
      'No channel',
    );
    expectError(
      await callTool(carol, 'add_channel_member', { channel: ws.channel.id, user: ws.alice.id }),
      PERMISSION,
    );
    expectError(
      await callTool(carol, 'remove_channel_member', { channel: ws.channel.id, user: ws.bob.id }),
      PERMISSION,
    );
    expectError(
      await callTool(alice, 'add_channel_member', {
        channel: ws.channel.id,
        user: '@nobody-here-xyz',
      }),
      'No user @nobody-here-xyz',
    );
    expectError(
      await callTool(alice, 'remove_channel_member', { channel: '~nope-x-y', user: ws.bob.id }),
      'No channel',
    );
    expectError(
      await callTool(alice, 'list_channel_members', { channel: ws.channel.id, cursor: 'junk' }),
      'cursor',
    );
    expectError(await callTool(alice, 'add_channel_member', { channel: ws.channel.id }), 'user');
    expectError(await callTool(alice, 'remove_channel_member', { user: ws.bob.id }), 'channel');
  });

  it('list_channel_members pages with a cursor', async () => {
    const admin = stack.rest(stack.sim.admin);
    const big = await admin.createChannel({
      team_id: ws.team.id,
      name: uniqueName('big'),
      display_name: 'Big',
      type: 'O',
    } as never);
    const users = await Promise.all(Array.from({ length: 101 }, () => createUser(stack, 'm')));
    await admin.addUsersToTeam(
      ws.team.id,
      users.map((u) => u.id),
    );
    for (const user of users) await admin.addToChannel(user.id, big.id);
    await admin.addToChannel(ws.alice.id, big.id);
    const first = await callTool(alice, 'list_channel_members', { channel: big.id });
    expect((first.structuredContent!.members as unknown[]).length).toBe(100);
    const cursor = first.structuredContent!.next_cursor as string;
    expect(textOf(first)).toContain(`cursor "${cursor}"`);
    const second = await callTool(alice, 'list_channel_members', { channel: big.id, cursor });
    // 101 new members, the admin who made the channel, and alice.
    expect((second.structuredContent!.members as unknown[]).length).toBe(3);
    expect(second.structuredContent!.next_cursor).toBeUndefined();
    expectError(
      await callTool(alice, 'list_channel_members', { channel: ws.channel.id, cursor }),
      'cursor',
    );
    // A bridge with a small output budget asks for smaller pages, so each page still fits.
    const small = await startPlainBridge(stack.sim.url, {
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_TOOLSETS: 'all',
      BRIDGE_MAX_OUTPUT_CHARS: '1200',
    });
    try {
      const client = await connectClient(small.url, ws.alice.token);
      const page = await callTool(client, 'list_channel_members', { channel: big.id });
      expect((page.structuredContent!.members as unknown[]).length).toBe(10);
      expect(page.structuredContent!.next_cursor).toBeDefined();
      expect(textOf(page).length).toBeLessThanOrEqual(1200 + 60);
      await client.close();
    } finally {
      await small.stop(2000);
    }
  });

  it('get_channel_stats counts members and pinned posts', async () => {
    const post = await stack
      .rest(ws.bob)
      .createPost({ channel_id: ws.channel.id, message: 'pin me' } as never);
    await stack.rest(ws.bob).pinPost(post.id);
    const result = await callTool(alice, 'get_channel_stats', { channel: ws.channel.id });
    expectOk(result);
    const members = (await stack.rest(ws.alice).getChannelMembers(ws.channel.id)).length;
    expect(result.structuredContent).toMatchObject({ member_count: members, pinned_post_count: 1 });
    expect(textOf(result)).toContain(`members: ${members}`);
    expectError(await callTool(alice, 'get_channel_stats', { channel: secret.id }), 'No channel');
    expectError(await callTool(alice, 'get_channel_stats', { channel: '~nope-x-y' }), 'No channel');
    expectError(await callTool(alice, 'get_channel_stats', { channel: 5 }), 'channel');
  });
});

describe('direct and group messages', () => {
  it('open_direct_message opens the same DM every time', async () => {
    const first = await callTool(alice, 'open_direct_message', { user: `@${ws.bob.username}` });
    expectOk(first);
    expect(first.structuredContent).toMatchObject({
      type: 'direct',
      display_name: `@${ws.bob.username}`,
    });
    const again = await callTool(alice, 'open_direct_message', { user: ws.bob.id });
    expect(again.structuredContent!.id).toBe(first.structuredContent!.id);
    expectError(
      await callTool(alice, 'open_direct_message', { user: '@nobody-here-xyz' }),
      'No user',
    );
    expectError(await callTool(alice, 'open_direct_message', {}), 'user');
  });

  it('open_group_message opens one channel for the same people, and needs two others', async () => {
    const result = await callTool(alice, 'open_group_message', {
      users: [`@${ws.bob.username}`, carolUser.username],
    });
    expectOk(result);
    expect(result.structuredContent).toMatchObject({ type: 'group' });
    const again = await callTool(alice, 'open_group_message', { users: [carolUser.id, ws.bob.id] });
    expect(again.structuredContent!.id).toBe(result.structuredContent!.id);
    expectError(await callTool(alice, 'open_group_message', { users: [ws.bob.id] }), 'users');
    expectError(
      await callTool(alice, 'open_group_message', { users: [ws.bob.id, ws.alice.id] }),
      'at least 2 people other than yourself',
    );
    expectError(
      await callTool(alice, 'open_group_message', { users: [ws.bob.id, '@nobody-here-xyz'] }),
      'No user',
    );
  });
});

describe('finding, joining and leaving', () => {
  let open: { id: string; name: string };

  beforeAll(async () => {
    open = await stack.rest(stack.sim.admin).createChannel({
      team_id: ws.team.id,
      name: uniqueName('lobby'),
      display_name: 'Lobby',
      type: 'O',
    } as never);
  });

  it('browse_channels lists public channels not joined yet, by term too', async () => {
    const result = await callTool(alice, 'browse_channels', { team: ws.team.name });
    expectOk(result);
    const names = (result.structuredContent!.channels as Array<{ name: string }>).map(
      (c) => c.name,
    );
    expect(names).toContain(open.name);
    expect(names).not.toContain(ws.channel.name);
    expect(names).not.toContain(secret.name);
    const byTerm = await callTool(alice, 'browse_channels', { team: ws.team.id, term: 'lobby' });
    expect(
      (byTerm.structuredContent!.channels as Array<{ name: string }>).map((c) => c.name),
    ).toEqual([open.name]);
    const none = await callTool(alice, 'browse_channels', {
      team: ws.team.id,
      term: 'zzzz-nothing',
    });
    expect(textOf(none)).toContain('No public channel to join');
    expectError(await callTool(alice, 'browse_channels', { team: 'no-such-team-x' }), 'No team');
    expectError(await callTool(alice, 'browse_channels', {}), 'team');
  });

  it('browse_channels is refused in a team the user is not in', async () => {
    const admin = stack.rest(stack.sim.admin);
    const other = await admin.createTeam({
      name: uniqueName('open'),
      display_name: 'Open',
      type: 'O',
      allow_open_invite: true,
    } as never);
    const result = await callTool(alice, 'browse_channels', { team: other.name });
    expectError(result, PERMISSION);
  });

  it('join_channel joins a public channel, leave_channel leaves it', async () => {
    const joined = await callTool(alice, 'join_channel', {
      channel: `${ws.team.name}/${open.name}`,
    });
    expectOk(joined);
    expect(textOf(joined)).toContain(`Joined: ${ws.team.name}/~${open.name}`);
    expect((await stack.rest(ws.alice).getMyChannelMember(open.id)).user_id).toBe(ws.alice.id);
    const browse = await callTool(alice, 'browse_channels', { team: ws.team.name });
    expect(
      (browse.structuredContent!.channels as Array<{ id: string }>).map((c) => c.id),
    ).not.toContain(open.id);
    const left = await callTool(alice, 'leave_channel', { channel: open.id });
    expectOk(left);
    expect(textOf(left)).toContain('Left');
    await expect(stack.rest(ws.alice).getMyChannelMember(open.id)).rejects.toMatchObject({
      status_code: 404,
    });
  });

  it('join_channel cannot enter a private channel; both report unknown channels and bad input', async () => {
    expectError(await callTool(alice, 'join_channel', { channel: secret.id }), 'No channel');
    expectError(
      await callTool(alice, 'join_channel', { channel: `${ws.team.name}/${secret.name}` }),
      'No channel',
    );
    expectError(await callTool(alice, 'leave_channel', { channel: '~nope-x-y' }), 'No channel');
    expectError(
      await callTool(alice, 'leave_channel', { channel: `@${ws.bob.username}` }),
      'direct or group',
    );
    expectError(await callTool(alice, 'join_channel', { channel: '' }), 'channel');
    expectError(await callTool(alice, 'leave_channel', {}), 'channel');
  });
});

describe('unreads', () => {
  it('get_unreads ranks mentions first, counts unread messages, and mark_channel_read clears them', async () => {
    const quiet = await stack.rest(stack.sim.admin).createChannel({
      team_id: ws.team.id,
      name: uniqueName('quiet'),
      display_name: 'Quiet',
      type: 'O',
    } as never);
    for (const user of [ws.alice, ws.bob])
      await stack.rest(stack.sim.admin).addToChannel(user.id, quiet.id);
    await stack.rest(ws.alice).viewMyChannel(ws.channel.id);
    await stack.rest(ws.alice).viewMyChannel(quiet.id);
    const bobRest = stack.rest(ws.bob);
    for (const message of ['one', 'two', 'three'])
      await bobRest.createPost({ channel_id: quiet.id, message } as never);
    await bobRest.createPost({
      channel_id: ws.channel.id,
      message: `@${ws.alice.username} look`,
    } as never);
    await bobRest.createPost({ channel_id: ws.channel.id, message: 'and this' } as never);

    const result = await callTool(alice, 'get_unreads', { team: ws.team.name });
    expectOk(result);
    const channels = result.structuredContent!.channels as Array<Record<string, unknown>>;
    const mine = channels.filter(
      (c) => c.channel_id === ws.channel.id || c.channel_id === quiet.id,
    );
    expect(mine[0]).toMatchObject({ channel_id: ws.channel.id, mentions: 1, unread: 2 });
    expect(mine[1]).toMatchObject({ channel_id: quiet.id, mentions: 0, unread: 3 });
    expect(textOf(result)).toContain(
      `${ws.team.name}/~${ws.channel.name} — Test Channel · 1 mention · 2 unread`,
    );

    const read = await callTool(alice, 'mark_channel_read', { channel: ws.channel.id });
    expectOk(read);
    const after = await callTool(alice, 'get_unreads', {});
    const ids = (after.structuredContent!.channels as Array<{ channel_id: string }>).map(
      (c) => c.channel_id,
    );
    expect(ids).not.toContain(ws.channel.id);
    expect(ids).toContain(quiet.id);
  });

  it('get_unreads counts as a collapsed-threads reader sees it: replies in Threads, own posts never', async () => {
    // A fresh server has collapsed reply threads always on.
    const busy = await stack.rest(stack.sim.admin).createChannel({
      team_id: ws.team.id,
      name: uniqueName('threads'),
      display_name: 'Threads',
      type: 'O',
    } as never);
    for (const user of [ws.alice, ws.bob])
      await stack.rest(stack.sim.admin).addToChannel(user.id, busy.id);
    await stack.rest(ws.alice).viewMyChannel(busy.id);
    await stack.rest(ws.alice).createPost({ channel_id: busy.id, message: 'mine' } as never);
    const bobRest = stack.rest(ws.bob);
    const root = await bobRest.createPost({ channel_id: busy.id, message: 'root' } as never);
    for (const message of ['r1', 'r2', `r3 @${ws.alice.username}`])
      await bobRest.createPost({ channel_id: busy.id, message, root_id: root.id } as never);

    const entryOf = async () =>
      (
        (await callTool(alice, 'get_unreads', { team: ws.team.name })).structuredContent!
          .channels as Array<Record<string, unknown>>
      ).find((c) => c.channel_id === busy.id);
    // The root only: the replies and their mention are counted in Threads; her own post is read.
    expect(await entryOf()).toMatchObject({ unread: 1, mentions: 0 });

    // With collapsed threads off for her (the server lets people choose), every post counts.
    await stack.rest(stack.sim.admin).patchConfig({
      ServiceSettings: { CollapsedThreads: 'default_on' },
    } as never);
    try {
      await stack.rest(ws.alice).savePreferences(ws.alice.id, [
        {
          user_id: ws.alice.id,
          category: 'display_settings',
          name: 'collapsed_reply_threads',
          value: 'off',
        },
      ]);
      expect(await entryOf()).toMatchObject({ unread: 4, mentions: 1 });
    } finally {
      await stack.rest(stack.sim.admin).patchConfig({
        ServiceSettings: { CollapsedThreads: 'always_on' },
      } as never);
    }

    // Her own reply leaves the channel's count as it was.
    await stack.rest(ws.alice).createPost({
      channel_id: busy.id,
      message: 'me too',
      root_id: root.id,
    } as never);
    expect(await entryOf()).toMatchObject({ unread: 1, mentions: 0 });

    // The resource and the catch_up prompt give the same answer as the tool.
    const toolText = textOf(await callTool(alice, 'get_unreads', {}));
    const line = toolText.split('\n').find((l) => l.includes(busy.name));
    expect(line).toContain('1 unread');
    const resource = await alice.readResource({ uri: 'mattermost://me/unreads' });
    expect((resource.contents[0] as { text: string }).text).toContain(line);
    const prompt = await alice.getPrompt({ name: 'catch_up', arguments: { since: '1h' } });
    expect((prompt.messages[0]!.content as { text: string }).text).toContain(line);
  });

  it('get_unreads shows direct messages as @username', async () => {
    const dm = await stack.rest(ws.bob).createDirectChannel([ws.bob.id, carolUser.id]);
    await stack.rest(ws.bob).createPost({ channel_id: dm.id, message: 'hi carol' } as never);
    const result = await callTool(carol, 'get_unreads', {});
    const entry = (result.structuredContent!.channels as Array<Record<string, unknown>>).find(
      (c) => c.channel_id === dm.id,
    );
    expect(entry).toMatchObject({ channel: `@${ws.bob.username}`, type: 'direct', mentions: 1 });
  });

  it('get_unreads and mark_channel_read report unknown teams and channels, refused channels and bad input', async () => {
    expectError(await callTool(alice, 'get_unreads', { team: 'no-such-team-x' }), 'No team');
    expectError(await callTool(alice, 'get_unreads', { team: '' }), 'team');
    expectError(await callTool(alice, 'mark_channel_read', { channel: secret.id }), 'No channel');
    expectError(await callTool(alice, 'mark_channel_read', { channel: '~nope-x-y' }), 'No channel');
    expectError(await callTool(alice, 'mark_channel_read', {}), 'channel');
    const outsider = await createUser(stack, 'outsider');
    const stranger = await stack.connect(outsider);
    expectError(
      await callTool(stranger, 'mark_channel_read', { channel: ws.channel.id }),
      'No channel',
    );
  });
});

describe('bookmarks', () => {
  it('add, list and remove a link bookmark', async () => {
    const added = await callTool(alice, 'add_channel_bookmark', {
      channel: ws.channel.id,
      display_name: 'Runbook',
      link_url: 'https://example.com/runbook',
      emoji: ':books:',
    });
    expectOk(added);
    const bookmark = added.structuredContent!.bookmark as { id: string };
    expect(added.structuredContent!.bookmark).toMatchObject({
      display_name: 'Runbook',
      emoji: 'books',
      type: 'link',
    });
    const listed = await callTool(bob, 'list_channel_bookmarks', { channel: ws.channel.id });
    expect(textOf(listed)).toContain(
      `:books: Runbook → https://example.com/runbook · id ${bookmark.id}`,
    );
    const removed = await callTool(alice, 'remove_channel_bookmark', {
      channel: ws.channel.id,
      bookmark_id: bookmark.id,
    });
    expectOk(removed);
    const after = await callTool(alice, 'list_channel_bookmarks', { channel: ws.channel.id });
    expect(textOf(after)).toContain('No bookmarks');
    expectError(
      await callTool(alice, 'remove_channel_bookmark', {
        channel: ws.channel.id,
        bookmark_id: bookmark.id,
      }),
      'no bookmark',
    );
  });

  it('bookmark tools refuse non-members, unknown channels and bad input', async () => {
    expectError(
      await callTool(carol, 'add_channel_bookmark', {
        channel: ws.channel.id,
        display_name: 'x',
        link_url: 'https://e.com',
      }),
      PERMISSION,
    );
    expectError(
      await callTool(alice, 'list_channel_bookmarks', { channel: secret.id }),
      'No channel',
    );
    expectError(
      await callTool(alice, 'list_channel_bookmarks', { channel: '~nope-x-y' }),
      'No channel',
    );
    expectError(
      await callTool(alice, 'add_channel_bookmark', {
        channel: ws.channel.id,
        display_name: 'x',
        link_url: 'javascript:alert(1)',
      }),
      'link_url',
    );
    expectError(
      await callTool(alice, 'remove_channel_bookmark', {
        channel: ws.channel.id,
        bookmark_id: 'short',
      }),
      'bookmark_id',
    );
    expectError(await callTool(alice, 'list_channel_bookmarks', {}), 'channel');
    const made = await stack
      .rest(ws.bob)
      .createChannelBookmark(
        ws.channel.id,
        { type: 'link', display_name: 'Kept', link_url: 'https://example.com/kept' },
        '',
      );
    expectError(
      await callTool(carol, 'remove_channel_bookmark', {
        channel: ws.channel.id,
        bookmark_id: made.id,
      }),
      PERMISSION,
    );
    expectError(
      await callTool(alice, 'remove_channel_bookmark', {
        channel: '~nope-x-y',
        bookmark_id: made.id,
      }),
      'No channel',
    );
  });
});
