import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, createUser, textOf, uniqueName, type Workspace } from '../helpers/stack.js';

jest.setTimeout(30_000);

const { stack, ws, alice, bob } = useStack({ connect: ['alice', 'bob'] });
/** A post in a private channel of bob's that alice is not in. */
let hiddenPostId: string;
const MISSING = 'abcdefghijklmnopqrstuvwxyz';

beforeAll(async () => {
  const hidden = await hiddenChannel(stack, ws);
  hiddenPostId = (
    await stack.rest(ws.bob).createPost({ channel_id: hidden.id, message: 'bob only' } as never)
  ).id;
});

async function postAs(user: Workspace['alice'], message: string, rootId = '') {
  return stack
    .rest(user)
    .createPost({ channel_id: ws.channel.id, message, root_id: rootId } as never);
}

function expectRefused(result: Awaited<ReturnType<typeof callTool>>, pattern: RegExp) {
  expect(result.isError).toBe(true);
  expect(textOf(result)).toMatch(pattern);
}

describe('get_post and get_permalink', () => {
  it('reads one post with its channel, permalink, pin and acknowledgements', async () => {
    const post = await postAs(ws.bob, 'Please ack the rota');
    await stack.rest(ws.alice).acknowledgePost(post.id, ws.alice.id);
    await stack.rest(ws.bob).pinPost(post.id);
    const result = await callTool(alice, 'get_post', { post_id: post.id });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      id: post.id,
      author: ws.bob.username,
      message: 'Please ack the rota',
      channel: `${ws.team.name}/~${ws.channel.name}`,
      channel_id: ws.channel.id,
      permalink: `${stack.sim.url}/${ws.team.name}/pl/${post.id}`,
      pinned: true,
      acknowledged_by: [ws.alice.username],
    });
    expect(textOf(result)).toContain(`acknowledged by @${ws.alice.username}`);

    const link = await callTool(alice, 'get_permalink', { post_id: post.id });
    expect(textOf(link)).toBe(`${stack.sim.url}/${ws.team.name}/pl/${post.id}`);
  });

  it('refuses another user’s private post, reports a missing one, and names a malformed id', async () => {
    expectRefused(await callTool(alice, 'get_post', { post_id: hiddenPostId }), /permission/i);
    expectRefused(await callTool(alice, 'get_permalink', { post_id: MISSING }), /Not found/);
    expectRefused(await callTool(alice, 'get_post', { post_id: 'short' }), /post_id/);
  });
});

describe('message length', () => {
  it('takes messages up to 16383 characters counted as Mattermost counts them', async () => {
    const emoji = '😀'.repeat(16383); // 32,766 UTF-16 units
    const sent = await callTool(alice, 'send_message', { channel: ws.channel.id, message: emoji });
    expect(sent.isError).toBeFalsy();
    const postId = (sent.structuredContent as { post_id: string }).post_id;
    expect((await stack.rest(ws.alice).getPost(postId)).message).toBe(emoji);
    const edited = await callTool(alice, 'edit_post', { post_id: postId, message: `${emoji}!` });
    expect(edited.isError).toBe(true);
    expect(textOf(edited)).toContain('at most 16383 characters');
    expect((await stack.rest(ws.alice).getPost(postId)).message).toBe(emoji);
  });
});

describe('edit_post and delete_post', () => {
  it('edits the user’s own post and deletes it', async () => {
    const post = await postAs(ws.alice, 'Draft wording');
    const edited = await callTool(alice, 'edit_post', {
      post_id: post.id,
      message: 'Final wording',
    });
    expect(edited.isError).toBeFalsy();
    expect(edited.structuredContent?.post_id).toBe(post.id);
    expect((await stack.rest(ws.bob).getPost(post.id)).message).toBe('Final wording');

    const deleted = await callTool(alice, 'delete_post', { post_id: post.id });
    expect(deleted.structuredContent).toEqual({ post_id: post.id, deleted: true });
    await expect(stack.rest(ws.bob).getPost(post.id)).rejects.toMatchObject({ status_code: 404 });
  });

  it('refuses to edit or delete someone else’s post, and names an empty message', async () => {
    const post = await postAs(ws.bob, 'Mine, not yours');
    expectRefused(
      await callTool(alice, 'edit_post', { post_id: post.id, message: 'x' }),
      /permission/i,
    );
    expectRefused(await callTool(alice, 'delete_post', { post_id: post.id }), /permission/i);
    expectRefused(await callTool(alice, 'edit_post', { post_id: post.id, message: '' }), /message/);
    expectRefused(await callTool(alice, 'delete_post', { post_id: MISSING }), /Not found/);
    expect((await stack.rest(ws.bob).getPost(post.id)).message).toBe('Mine, not yours');
  });

  it('marks delete_post destructive and the edits as writes', async () => {
    const { tools } = await alice.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect(byName.get('delete_post')?.annotations?.destructiveHint).toBe(true);
    expect(byName.get('edit_post')?.annotations?.readOnlyHint).toBe(false);
    expect(byName.get('get_post')?.annotations?.readOnlyHint).toBe(true);
  });
});

describe('pins', () => {
  it('pins, lists and unpins posts of a channel', async () => {
    const post = await postAs(ws.bob, 'Pin me please');
    const pinned = await callTool(alice, 'pin_post', { post_id: post.id });
    expect(pinned.structuredContent).toEqual({ post_id: post.id, pinned: true });
    expect((await stack.rest(ws.bob).getPost(post.id)).is_pinned).toBe(true);

    const list = await callTool(alice, 'list_pinned_posts', { channel: `~${ws.channel.name}` });
    const ids = (list.structuredContent?.posts as Array<{ id: string }>).map((p) => p.id);
    expect(ids).toContain(post.id);
    expect(textOf(list)).toContain('Pin me please');

    await callTool(alice, 'unpin_post', { post_id: post.id });
    expect((await stack.rest(ws.bob).getPost(post.id)).is_pinned).toBe(false);
  });

  it('refuses pins in a channel the user cannot see, and an unknown channel', async () => {
    expectRefused(await callTool(alice, 'pin_post', { post_id: hiddenPostId }), /permission/i);
    expectRefused(
      await callTool(alice, 'list_pinned_posts', { channel: '~no-such-channel-x' }),
      /No channel/,
    );
    expectRefused(await callTool(alice, 'list_pinned_posts', { channel: '' }), /channel/);
  });
});

describe('saved posts', () => {
  it('saves, lists and unsaves posts through the flagged_post preferences', async () => {
    const first = await postAs(ws.bob, 'Save this one');
    const second = await postAs(ws.bob, 'And this one');
    for (const post of [first, second]) {
      const saved = await callTool(alice, 'save_post', { post_id: post.id });
      expect(saved.structuredContent).toEqual({ post_id: post.id, saved: true });
    }
    const prefs = (await stack.rest(ws.alice).getMyPreferences()) as unknown as Array<{
      category: string;
      name: string;
    }>;
    expect(prefs.filter((p) => p.category === 'flagged_post').map((p) => p.name)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    );
    const list = await callTool(alice, 'list_saved_posts', {});
    const messages = (list.structuredContent?.posts as Array<{ message: string }>).map(
      (p) => p.message,
    );
    expect(messages).toEqual(['And this one', 'Save this one']);

    await callTool(alice, 'unsave_post', { post_id: first.id });
    const after = await callTool(alice, 'list_saved_posts', {});
    expect((after.structuredContent?.posts as Array<{ id: string }>).map((p) => p.id)).toEqual([
      second.id,
    ]);
  });

  it('refuses to save a post the user cannot see or that does not exist, and a bad cursor', async () => {
    expectRefused(await callTool(alice, 'save_post', { post_id: hiddenPostId }), /permission/i);
    expectRefused(await callTool(alice, 'save_post', { post_id: MISSING }), /Not found/);
    expectRefused(await callTool(alice, 'list_saved_posts', { cursor: 'nonsense' }), /cursor/);
  });
});

describe('acknowledgements', () => {
  it('acknowledges and withdraws', async () => {
    const post = await postAs(ws.bob, 'Ack needed');
    const acked = await callTool(alice, 'acknowledge_post', { post_id: post.id });
    expect(acked.structuredContent).toEqual({ post_id: post.id, acknowledged: true });
    const read = await callTool(bob, 'get_post', { post_id: post.id });
    expect(read.structuredContent?.acknowledged_by).toEqual([ws.alice.username]);
    const withdrawn = await callTool(alice, 'unacknowledge_post', { post_id: post.id });
    expect(withdrawn.structuredContent).toEqual({ post_id: post.id, acknowledged: false });
    const again = await callTool(bob, 'get_post', { post_id: post.id });
    expect(again.structuredContent?.acknowledged_by).toEqual([]);
  });

  it('refuses a hidden post and a missing one', async () => {
    expectRefused(
      await callTool(alice, 'acknowledge_post', { post_id: hiddenPostId }),
      /permission/i,
    );
    expectRefused(await callTool(alice, 'unacknowledge_post', { post_id: MISSING }), /Not found/);
  });
});

describe('get_posts_around', () => {
  it('reads the messages before and after a post, marking it', async () => {
    const carol = await createUser(stack, 'carol');
    const admin = stack.rest(stack.sim.admin);
    await admin.addToTeam(ws.team.id, carol.id);
    const channel = await admin.createChannel({
      team_id: ws.team.id,
      name: uniqueName('around'),
      display_name: 'Around',
      type: 'O',
    } as never);
    await admin.addToChannel(carol.id, channel.id);
    const ids: string[] = [];
    for (const n of [1, 2, 3, 4, 5]) {
      ids.push(
        (await stack.rest(carol).createPost({ channel_id: channel.id, message: `m${n}` } as never))
          .id,
      );
    }
    const client = await stack.connect(carol);
    const result = await callTool(client, 'get_posts_around', {
      post_id: ids[2],
      before: 1,
      after: 1,
    });
    expect(result.isError).toBeFalsy();
    expect(
      (result.structuredContent?.posts as Array<{ message: string }>).map((p) => p.message),
    ).toEqual(['m2', 'm3', 'm4']);
    expect(textOf(result)).toMatch(/▶ .*m3/);
  });

  it('refuses a hidden post and names a bad count', async () => {
    expectRefused(
      await callTool(alice, 'get_posts_around', { post_id: hiddenPostId }),
      /permission/i,
    );
    expectRefused(
      await callTool(alice, 'get_posts_around', { post_id: MISSING, before: 500 }),
      /before/,
    );
  });
});
