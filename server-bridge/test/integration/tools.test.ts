import { jest } from '@jest/globals';
import { startPlainBridge, useStack } from '../helpers/fixtures.js';
import {
  callTool,
  connectClient,
  createUser,
  openTeam,
  textOf,
  uniqueName,
  type Workspace,
} from '../helpers/stack.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });

/** Posts as a user straight through Mattermost's API, the way people write. */
async function postAs(user: Workspace['alice'], message: string, rootId = '') {
  return stack
    .rest(user)
    .createPost({ channel_id: ws.channel.id, message, root_id: rootId } as never);
}

describe('users', () => {
  it('get_me names the connected user', async () => {
    const result = await callTool(alice, 'get_me');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      id: ws.alice.id,
      username: ws.alice.username,
    });
    expect(textOf(result)).toContain(`You are @${ws.alice.username}`);
  });

  it('get_user finds a user by id, @username, bare username and email', async () => {
    const byName = await callTool(alice, 'get_user', { user: `@${ws.bob.username}` });
    expect(byName.structuredContent?.id).toBe(ws.bob.id);
    const bare = await callTool(alice, 'get_user', { user: ws.bob.username });
    expect(bare.structuredContent?.id).toBe(ws.bob.id);
    const byId = await callTool(alice, 'get_user', { user: ws.bob.id });
    expect(byId.structuredContent?.username).toBe(ws.bob.username);
    const email = byId.structuredContent?.email as string | undefined;
    if (email) {
      const byEmail = await callTool(alice, 'get_user', { user: email });
      expect(byEmail.structuredContent?.id).toBe(ws.bob.id);
    }
  });

  it('get_user reports an unknown user as a tool error', async () => {
    const result = await callTool(alice, 'get_user', { user: '@nobody-here-xyz' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('No user @nobody-here-xyz');
  });

  it('search_users finds by the start of a username', async () => {
    const result = await callTool(alice, 'search_users', { term: ws.bob.username.slice(0, 3) });
    expect(result.isError).toBeFalsy();
    const users = result.structuredContent?.users as Array<{ username: string }>;
    expect(users.map((u) => u.username)).toContain(ws.bob.username);
  });

  it('search_users refuses an empty term, naming the field', async () => {
    const result = await callTool(alice, 'search_users', { term: '' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('term');
  });
});

describe('teams and channels', () => {
  it('list_teams includes the team', async () => {
    const result = await callTool(alice, 'list_teams');
    const teams = result.structuredContent?.teams as Array<{ name: string }>;
    expect(teams.map((t) => t.name)).toContain(ws.team.name);
  });

  it('list_channels lists the channels of a team as team/~name', async () => {
    const result = await callTool(alice, 'list_channels', { team: ws.team.name });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(`${ws.team.name}/~${ws.channel.name}`);
    const channels = result.structuredContent?.channels as Array<{ id: string }>;
    expect(channels.map((c) => c.id)).toContain(ws.channel.id);
  });

  it('list_channels reports an unknown team', async () => {
    const result = await callTool(alice, 'list_channels', { team: 'no-such-team-here' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('No team "no-such-team-here"');
  });

  it('get_channel resolves ~name, team/name, id and @username', async () => {
    for (const ref of [
      `~${ws.channel.name}`,
      ws.channel.name,
      `${ws.team.name}/${ws.channel.name}`,
      ws.channel.id,
    ]) {
      const result = await callTool(alice, 'get_channel', { channel: ref });
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({
        id: ws.channel.id,
        team: ws.team.name,
        type: 'public',
      });
    }
    const dm = await callTool(alice, 'get_channel', { channel: `@${ws.bob.username}` });
    expect(dm.structuredContent).toMatchObject({
      type: 'direct',
      display_name: `@${ws.bob.username}`,
    });
  });

  it('get_channel reports an unknown channel and lists candidates for an ambiguous name', async () => {
    const missing = await callTool(alice, 'get_channel', { channel: '~does-not-exist-here' });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('No channel ~does-not-exist-here');

    const admin = stack.rest(stack.sim.admin);
    const other = await openTeam(admin, [ws.alice]);
    const shared = uniqueName('shared');
    for (const teamId of [ws.team.id, other.id]) {
      const channel = await admin.createChannel({
        team_id: teamId,
        name: shared,
        display_name: 'Shared name',
        type: 'O',
      } as never);
      await admin.addToChannel(ws.alice.id, channel.id);
    }
    const ambiguous = await callTool(alice, 'get_channel', { channel: `~${shared}` });
    expect(ambiguous.isError).toBe(true);
    expect(textOf(ambiguous)).toContain(`${ws.team.name}/${shared}`);
    expect(textOf(ambiguous)).toContain(`${other.name}/${shared}`);
    const named = await callTool(alice, 'get_channel', { channel: `${other.name}/~${shared}` });
    expect(named.structuredContent).toMatchObject({ team: other.name, name: shared });
  });
});

describe('posts and reactions', () => {
  let rootId: string;

  beforeAll(async () => {
    const root = await postAs(ws.bob, 'Release plan for Friday');
    rootId = root.id;
    await postAs(ws.alice, 'Sounds good', root.id);
    await postAs(ws.bob, 'Second line\nwith a break');
    await stack.rest(ws.bob).addReaction(ws.bob.id, root.id, 'thumbsup');
    await stack.rest(ws.alice).addReaction(ws.alice.id, root.id, 'thumbsup');
  });

  it('read_channel returns posts oldest first with authors, ISO times, replies and reactions', async () => {
    const result = await callTool(alice, 'read_channel', { channel: `~${ws.channel.name}` });
    expect(result.isError).toBeFalsy();
    const posts = result.structuredContent?.posts as Array<Record<string, unknown>>;
    const messages = posts.map((p) => p.message);
    expect(messages).toEqual([
      'Release plan for Friday',
      'Sounds good',
      'Second line\nwith a break',
    ]);
    expect(posts[0]).toMatchObject({
      author: ws.bob.username,
      reply_count: 1,
      reactions: ['thumbsup:2'],
    });
    expect(String(posts[0]!.created_at)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const text = textOf(result);
    expect(text).toContain(`@${ws.bob.username}`);
    expect(text).toContain('reactions: thumbsup:2');
    expect(text).toContain('Second line ⏎ with a break');
    // The "added to the channel" notices are hidden.
    expect(text).not.toMatch(/added to the channel/i);
  });

  it('read_channel pages back with a cursor, and reads forward from a window', async () => {
    const first = await callTool(alice, 'read_channel', { channel: ws.channel.id, limit: 2 });
    expect(first.structuredContent?.has_more).toBe(true);
    const cursor = first.structuredContent?.next_cursor as string;
    expect(textOf(first)).toContain(`cursor "${cursor}"`);
    const second = await callTool(alice, 'read_channel', {
      channel: ws.channel.id,
      limit: 2,
      cursor,
    });
    const older = (second.structuredContent?.posts as Array<{ message: string }>).map(
      (p) => p.message,
    );
    expect(older).toContain('Release plan for Friday');

    // The window opens at the first message people wrote: the notices of alice and bob being
    // added come before it and are hidden, so they cannot take the one place of the page.
    const stored = await stack.rest(ws.alice).getPosts(ws.channel.id, 0, 100);
    const firstWritten = Math.min(
      ...Object.values(stored.posts)
        .filter((p) => !p.type.startsWith('system_'))
        .map((p) => p.create_at),
    );
    const recent = await callTool(alice, 'read_channel', {
      channel: ws.channel.id,
      since: new Date(firstWritten).toISOString(),
      limit: 1,
    });
    expect(recent.isError).toBeFalsy();
    const page1 = recent.structuredContent?.posts as Array<{ message: string }>;
    expect(page1).toHaveLength(1);
    const next = await callTool(alice, 'read_channel', {
      channel: ws.channel.id,
      limit: 50,
      cursor: recent.structuredContent?.next_cursor as string,
    });
    const rest = (next.structuredContent?.posts as Array<{ message: string }>).map(
      (p) => p.message,
    );
    expect(rest).not.toContain(page1[0]!.message);
    expect(rest).toContain('Second line\nwith a break');
  });

  it('read_channel refuses a malformed since, naming the field', async () => {
    const result = await callTool(alice, 'read_channel', {
      channel: ws.channel.id,
      since: 'yesterday',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('since');
  });

  it('read_thread returns the root then the replies', async () => {
    const result = await callTool(alice, 'read_thread', { post_id: rootId });
    expect(result.isError).toBeFalsy();
    const posts = result.structuredContent?.posts as Array<{ message: string }>;
    expect(posts.map((p) => p.message)).toEqual(['Release plan for Friday', 'Sounds good']);
    expect(result.structuredContent?.root_id).toBe(rootId);
  });

  it('read_thread reports an unknown post with Mattermost’s request id', async () => {
    const result = await callTool(alice, 'read_thread', { post_id: 'abcdefghijklmnopqrstuvwxyz' });
    expect(result.isError).toBe(true);
    const text = textOf(result);
    expect(text).toMatch(/correlation id [0-9a-f-]{36}/);
    expect(text).toMatch(/Mattermost request id \S+/);
  });

  it('send_message posts to a channel and answers with the id and permalink', async () => {
    const result = await callTool(alice, 'send_message', {
      channel: `~${ws.channel.name}`,
      message: 'Hello from the bridge',
    });
    expect(result.isError).toBeFalsy();
    const postId = result.structuredContent?.post_id as string;
    expect(result.structuredContent?.permalink).toBe(
      `${stack.sim.url}/${ws.team.name}/pl/${postId}`,
    );
    const stored = await stack.rest(ws.bob).getPost(postId);
    expect(stored).toMatchObject({
      message: 'Hello from the bridge',
      user_id: ws.alice.id,
      channel_id: ws.channel.id,
    });
  });

  it('send_message replies in a thread and writes direct messages', async () => {
    const reply = await callTool(alice, 'send_message', {
      channel: ws.channel.id,
      message: 'On it',
      root_id: rootId,
    });
    expect(reply.structuredContent?.root_id).toBe(rootId);
    const dm = await callTool(alice, 'send_message', {
      channel: `@${ws.bob.username}`,
      message: 'Private hello',
    });
    expect(dm.isError).toBeFalsy();
    const stored = await stack.rest(ws.bob).getPost(dm.structuredContent?.post_id as string);
    expect(stored.message).toBe('Private hello');
    const list = await callTool(alice, 'list_channels', {});
    expect(textOf(list)).toContain(`@${ws.bob.username}`);
  });

  it('send_message refuses an empty message, naming the field', async () => {
    const result = await callTool(alice, 'send_message', { channel: ws.channel.id, message: '' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('message');
  });

  it('add_reaction reacts, and read_channel shows it', async () => {
    const post = await postAs(ws.bob, 'React to me');
    const result = await callTool(alice, 'add_reaction', { post_id: post.id, emoji: ':eyes:' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ post_id: post.id, emoji: 'eyes' });
    const read = await callTool(alice, 'read_thread', { post_id: post.id });
    expect((read.structuredContent?.posts as Array<{ reactions: string[] }>)[0]!.reactions).toEqual(
      ['eyes:1'],
    );
  });

  it('add_reaction refuses a malformed id and reports a missing post', async () => {
    const malformed = await callTool(alice, 'add_reaction', { post_id: 'nope', emoji: 'eyes' });
    expect(malformed.isError).toBe(true);
    expect(textOf(malformed)).toContain('post_id');
    const missing = await callTool(alice, 'add_reaction', {
      post_id: 'abcdefghijklmnopqrstuvwxyz',
      emoji: 'eyes',
    });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('correlation id');
  });
});

describe('a token revoked during a session', () => {
  it('turns the next call into a clear error, then refuses the session’s requests with 401', async () => {
    const carol = await createUser(stack, 'carol');
    const client = await stack.connect(carol);
    expect((await callTool(client, 'get_me')).isError).toBeFalsy();
    await stack.rest(stack.sim.admin).revokeUserAccessToken(carol.tokenId);
    const refused = await callTool(client, 'list_teams');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain('refused the token');
    expect(textOf(refused)).not.toContain(carol.token);
    // The bridge forgot the token: the next request is checked with Mattermost again, and refused.
    await expect(callTool(client, 'get_me')).rejects.toThrow(/401|invalid_token/);
  });
});

describe('reading at scale', () => {
  it('looks up every author of a page in one request', async () => {
    const admin = stack.rest(stack.sim.admin);
    const authors = await Promise.all([
      createUser(stack, 'dave'),
      createUser(stack, 'erin'),
      createUser(stack, 'frank'),
    ]);
    for (const author of authors) {
      await admin.addToTeam(ws.team.id, author.id);
      await admin.addToChannel(author.id, ws.channel.id);
      await stack
        .rest(author)
        .createPost({ channel_id: ws.channel.id, message: `hi from ${author.username}` } as never);
    }
    const count = async (operation: string) => {
      const text =
        (await stack.bridge.metrics.registry.getSingleMetricAsString(
          'mcp_bridge_upstream_requests_total',
        )) ?? '';
      const match = new RegExp(
        `operation="${operation.replace('.', '\\.')}",status="200"\\} (\\d+)`,
      ).exec(text);
      return Number(match?.[1] ?? 0);
    };
    const batchesBefore = await count('users.get_by_ids');
    const singlesBefore = await count('users.get');
    const result = await callTool(alice, 'read_channel', { channel: ws.channel.id, limit: 10 });
    for (const author of authors) {
      expect(textOf(result)).toMatch(
        new RegExp(`@${author.username} \\(id [a-z0-9]{26}\\): hi from`),
      );
    }
    expect((await count('users.get_by_ids')) - batchesBefore).toBe(1);
    expect((await count('users.get')) - singlesBefore).toBe(0);
  });

  it('cuts long output with a marker and a cursor that continues it', async () => {
    for (let i = 0; i < 12; i++) await postAs(ws.bob, `long message ${i} ${'words '.repeat(30)}`);
    const small = await startPlainBridge(stack.sim.url, {
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_MAX_OUTPUT_CHARS: '1200',
    });
    try {
      const client = await connectClient(small.url, ws.alice.token);
      const first = await callTool(client, 'read_channel', { channel: ws.channel.id, limit: 12 });
      const text = textOf(first);
      expect(text.length).toBeLessThan(1600);
      const shown = first.structuredContent?.posts as Array<{ message: string }>;
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.length).toBeLessThan(12);
      expect(shown[shown.length - 1]!.message).toMatch(/^long message 11 /);
      const cursor = first.structuredContent?.next_cursor as string;
      expect(text).toContain(`[more older messages: call again with cursor "${cursor}"]`);
      const next = await callTool(client, 'read_channel', {
        channel: ws.channel.id,
        limit: 12,
        cursor,
      });
      const older = next.structuredContent?.posts as Array<{ message: string }>;
      // The next page ends right before the first post shown.
      expect(older[older.length - 1]!.message).toMatch(
        new RegExp(`^long message ${11 - shown.length} `),
      );
      await client.close();
    } finally {
      await small.stop(1000);
    }
  });
});
