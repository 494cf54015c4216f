import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, textOf } from '../helpers/stack.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });
let postId: string;
let hiddenPostId: string;

beforeAll(async () => {
  postId = (
    await stack.rest(ws.bob).createPost({ channel_id: ws.channel.id, message: 'Ship it?' } as never)
  ).id;
  await stack.rest(ws.bob).addReaction(ws.bob.id, postId, '+1');
  await stack.rest(ws.alice).addReaction(ws.alice.id, postId, '+1');
  await stack.rest(ws.alice).addReaction(ws.alice.id, postId, 'eyes');
  const hidden = await hiddenChannel(stack, ws);
  hiddenPostId = (
    await stack.rest(ws.bob).createPost({ channel_id: hidden.id, message: 'secret' } as never)
  ).id;
});

describe('list_reactions', () => {
  it('groups reactions by emoji with usernames', async () => {
    const result = await callTool(alice, 'list_reactions', { post_id: postId });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.reactions).toEqual([
      { emoji: '+1', count: 2, users: [ws.bob.username, ws.alice.username] },
      { emoji: 'eyes', count: 1, users: [ws.alice.username] },
    ]);
    expect(textOf(result)).toContain(`:+1: 2 — @${ws.bob.username}, @${ws.alice.username}`);
  });

  it('refuses a hidden post, reports a missing one and names a malformed id', async () => {
    const hidden = await callTool(alice, 'list_reactions', { post_id: hiddenPostId });
    expect(textOf(hidden)).toMatch(/permission/i);
    const missing = await callTool(alice, 'list_reactions', {
      post_id: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(textOf(missing)).toMatch(/Not found/);
    const malformed = await callTool(alice, 'list_reactions', { post_id: '' });
    expect(malformed.isError).toBe(true);
    expect(textOf(malformed)).toContain('post_id');
  });
});

describe('remove_reaction', () => {
  it('removes only the user’s own reaction', async () => {
    const result = await callTool(alice, 'remove_reaction', { post_id: postId, emoji: ':+1:' });
    expect(result.structuredContent).toEqual({ post_id: postId, emoji: '+1', removed: true });
    const left = await stack.rest(ws.bob).getReactionsForPost(postId);
    expect(left.map((r) => `${r.user_id}:${r.emoji_name}`).sort()).toEqual(
      [`${ws.bob.id}:+1`, `${ws.alice.id}:eyes`].sort(),
    );
  });

  it('refuses a hidden post and names a missing emoji', async () => {
    const hidden = await callTool(alice, 'remove_reaction', {
      post_id: hiddenPostId,
      emoji: 'eyes',
    });
    expect(textOf(hidden)).toMatch(/permission/i);
    const noEmoji = await callTool(alice, 'remove_reaction', { post_id: postId });
    expect(noEmoji.isError).toBe(true);
    expect(textOf(noEmoji)).toContain('emoji');
  });
});
