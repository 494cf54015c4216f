import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });
let rootId: string;
let hiddenRootId: string;

beforeAll(async () => {
  const root = await stack
    .rest(ws.alice)
    .createPost({ channel_id: ws.channel.id, message: 'Which release notes format?' } as never);
  rootId = root.id;
  for (const message of ['Markdown', `@${ws.alice.username} markdown please`]) {
    await stack
      .rest(ws.bob)
      .createPost({ channel_id: ws.channel.id, message, root_id: rootId } as never);
  }
  const hidden = await hiddenChannel(stack, ws);
  hiddenRootId = (
    await stack
      .rest(ws.bob)
      .createPost({ channel_id: hidden.id, message: 'secret thread' } as never)
  ).id;
});

type Thread = { root_id: string; unread_replies: number; unread_mentions: number; author: string };

describe('list_threads', () => {
  it('lists the followed thread with its unread replies and mention', async () => {
    const result = await callTool(alice, 'list_threads', { unread_only: true });
    expect(result.isError).toBeFalsy();
    const threads = result.structuredContent?.threads as Thread[];
    const thread = threads.find((t) => t.root_id === rootId);
    expect(thread).toMatchObject({
      author: ws.alice.username,
      unread_replies: 2,
      unread_mentions: 1,
    });
    expect(textOf(result)).toContain('Which release notes format?');
    expect(textOf(result)).toContain(`${stack.sim.url}/${ws.team.name}/pl/${rootId}`);

    const inTeam = await callTool(alice, 'list_threads', { team: ws.team.name });
    expect(inTeam.structuredContent?.total_unread_threads).toBe(1);
  });

  it('reports an unknown team and a cursor of another list', async () => {
    const missing = await callTool(alice, 'list_threads', { team: 'no-such-team-x' });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toContain('No team');
    const bad = await callTool(alice, 'list_threads', { cursor: 'abc' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('cursor');
    const wrongType = await callTool(alice, 'list_threads', { unread_only: 'yes' });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toContain('unread_only');
  });
});

describe('mark_thread_read, follow_thread and unfollow_thread', () => {
  it('marks a thread read from any of its posts', async () => {
    const replies = await stack.rest(ws.alice).getPostThread(rootId);
    const reply = replies.order.find((id) => id !== rootId)!;
    const result = await callTool(alice, 'mark_thread_read', { post_id: reply });
    expect(result.structuredContent).toEqual({
      root_id: rootId,
      unread_replies: 0,
      unread_mentions: 0,
    });
    const after = await callTool(alice, 'list_threads', { unread_only: true });
    expect((after.structuredContent?.threads as Thread[]).map((t) => t.root_id)).not.toContain(
      rootId,
    );
  });

  it('unfollows and follows again', async () => {
    const off = await callTool(alice, 'unfollow_thread', { post_id: rootId });
    expect(off.structuredContent).toEqual({ root_id: rootId, following: false });
    const list = await callTool(alice, 'list_threads', {});
    expect((list.structuredContent?.threads as Thread[]).map((t) => t.root_id)).not.toContain(
      rootId,
    );
    const on = await callTool(alice, 'follow_thread', { post_id: rootId });
    expect(on.structuredContent).toEqual({ root_id: rootId, following: true });
    const again = await callTool(alice, 'list_threads', {});
    expect((again.structuredContent?.threads as Thread[]).map((t) => t.root_id)).toContain(rootId);
  });

  it('refuses a thread in a channel the user cannot see, a missing post and a malformed id', async () => {
    for (const tool of ['follow_thread', 'mark_thread_read']) {
      const hidden = await callTool(alice, tool, { post_id: hiddenRootId });
      expect(hidden.isError).toBe(true);
      expect(textOf(hidden)).toMatch(/permission/i);
    }
    const missing = await callTool(alice, 'unfollow_thread', {
      post_id: 'abcdefghijklmnopqrstuvwxyz',
    });
    expect(textOf(missing)).toMatch(/Not found/);
    const malformed = await callTool(alice, 'follow_thread', { post_id: 'x' });
    expect(textOf(malformed)).toContain('post_id');
  });
});

// Last: the many threads it adds would push the others off the first page.
describe('list_threads paging', () => {
  it('pages through many threads with a cursor, each once', async () => {
    const admin = stack.rest(stack.sim.admin);
    const channel = await admin.createChannel({
      team_id: ws.team.id,
      name: uniqueName('many'),
      display_name: 'Many',
      type: 'O',
    } as never);
    for (const user of [ws.alice, ws.bob]) await admin.addToChannel(user.id, channel.id);
    for (let n = 0; n < 27; n++) {
      const root = await stack
        .rest(ws.bob)
        .createPost({ channel_id: channel.id, message: `topic ${n}` } as never);
      await stack
        .rest(ws.alice)
        .createPost({ channel_id: channel.id, message: 'noted', root_id: root.id } as never);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await callTool(alice, 'list_threads', {
        team: ws.team.name,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...(result.structuredContent?.threads as Thread[]).map((t) => t.root_id));
      cursor = result.structuredContent?.next_cursor as string | undefined;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(28);
  });
});
