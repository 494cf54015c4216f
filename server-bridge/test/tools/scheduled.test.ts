import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, textOf } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });
let hiddenChannelId: string;
let hiddenPostId: string;

beforeAll(async () => {
  hiddenChannelId = (await hiddenChannel(stack, ws)).id;
  hiddenPostId = (
    await stack.rest(ws.bob).createPost({ channel_id: hiddenChannelId, message: 'secret' } as never)
  ).id;
});

const until = <T>(check: () => Promise<T | undefined>, timeoutMs = 5000) =>
  waitFor('the scheduled message', check, timeoutMs);

describe('scheduled messages', () => {
  it('schedules, lists, updates and deletes', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const created = await callTool(alice, 'schedule_message', {
      channel: `~${ws.channel.name}`,
      message: 'Stand-up in 5',
      at,
    });
    expect(created.isError).toBeFalsy();
    const id = created.structuredContent?.id as string;
    expect(created.structuredContent).toMatchObject({
      channel: `${ws.team.name}/~${ws.channel.name}`,
      message: 'Stand-up in 5',
      scheduled_at: at.replace(/\.\d{3}Z$/, 'Z'),
    });
    const dm = await callTool(alice, 'schedule_message', {
      channel: `@${ws.bob.username}`,
      message: 'Private later',
      at: '2h',
    });
    expect(dm.structuredContent?.channel).toBe(`@${ws.bob.username}`);

    const list = await callTool(alice, 'list_scheduled_messages', {});
    const scheduled = list.structuredContent?.scheduled as Array<{ id: string; message: string }>;
    expect(scheduled.map((s) => s.message)).toEqual(['Stand-up in 5', 'Private later']);

    const updated = await callTool(alice, 'update_scheduled_message', {
      id,
      message: 'Stand-up in 10',
      at: '3h',
    });
    expect(updated.structuredContent).toMatchObject({ id, message: 'Stand-up in 10' });
    const deleted = await callTool(alice, 'delete_scheduled_message', { id });
    expect(deleted.structuredContent).toEqual({ id, deleted: true });
    const after = await callTool(alice, 'list_scheduled_messages', { team: ws.team.name });
    expect(
      (after.structuredContent?.scheduled as Array<{ id: string }>).map((s) => s.id),
    ).not.toContain(id);
  });

  it('says when @channel or @here will be posted as plain words', async () => {
    const created = await callTool(alice, 'schedule_message', {
      channel: ws.channel.id,
      message: 'Reminder @channel',
      at: '2h',
    });
    expect(textOf(created)).toContain('notified no one');
    const id = created.structuredContent?.id as string;
    const moved = await callTool(alice, 'update_scheduled_message', { id, at: '3h' });
    expect(textOf(moved)).not.toContain('notified no one');
    const reworded = await callTool(alice, 'update_scheduled_message', {
      id,
      message: 'Now @here',
    });
    expect(textOf(reworded)).toContain('notified no one');
    await callTool(alice, 'delete_scheduled_message', { id });
  });

  it('is sent by Mattermost when its time comes', async () => {
    const result = await callTool(alice, 'schedule_message', {
      channel: ws.channel.id,
      message: 'Sent by the schedule',
      at: new Date(Date.now() + 1500).toISOString(),
    });
    expect(result.isError).toBeFalsy();
    await until(async () => {
      const posts = await stack.rest(ws.bob).getPosts(ws.channel.id, 0, 20);
      return Object.values(posts.posts).find((p) => p.message === 'Sent by the schedule');
    });
  });

  it('refuses a past time, an unreadable time, a hidden channel and someone else’s scheduled message', async () => {
    const past = await callTool(alice, 'schedule_message', {
      channel: ws.channel.id,
      message: 'x',
      at: '2020-01-01T00:00:00Z',
    });
    expect(textOf(past)).toContain('in the past');
    const unreadable = await callTool(alice, 'schedule_message', {
      channel: ws.channel.id,
      message: 'x',
      at: 'soonish',
    });
    expect(textOf(unreadable)).toContain('at: use an ISO 8601 date');
    const hidden = await callTool(alice, 'schedule_message', {
      channel: hiddenChannelId,
      message: 'x',
      at: '1h',
    });
    expect(hidden.isError).toBe(true);
    const bob = await stack.connect(ws.bob);
    const bobs = await callTool(bob, 'schedule_message', {
      channel: ws.channel.id,
      message: 'bob later',
      at: '1h',
    });
    const bobsId = bobs.structuredContent?.id as string;
    const foreign = await callTool(alice, 'delete_scheduled_message', { id: bobsId });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(/permission/i);
    const notMine = await callTool(alice, 'update_scheduled_message', {
      id: bobsId,
      message: 'hijack',
    });
    expect(textOf(notMine)).toContain('No scheduled message');
    const malformed = await callTool(alice, 'delete_scheduled_message', { id: 'x' });
    expect(textOf(malformed)).toContain('id');
  });
});

describe('set_reminder', () => {
  it('has the system bot message the user with a link to the post at the time', async () => {
    const post = await stack
      .rest(ws.bob)
      .createPost({ channel_id: ws.channel.id, message: 'Review the PR' } as never);
    const result = await callTool(alice, 'set_reminder', {
      post_id: post.id,
      at: new Date(Date.now() + 1000).toISOString(),
    });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain(`reminded of post ${post.id}`);
    const reminder = await until(async () => {
      const read = await callTool(alice, 'read_channel', { channel: '@system-bot' }).catch(
        () => undefined,
      );
      const posts = (read?.structuredContent?.posts ?? []) as Array<{ message: string }>;
      return posts.find((p) => p.message.includes(`/pl/${post.id}`));
    });
    expect(reminder.message).toContain(`${stack.sim.url}/${ws.team.name}/pl/${post.id}`);
  });

  it('refuses a hidden post, a missing one and a past time', async () => {
    const hidden = await callTool(alice, 'set_reminder', { post_id: hiddenPostId, at: '1h' });
    expect(textOf(hidden)).toMatch(/permission/i);
    const missing = await callTool(alice, 'set_reminder', {
      post_id: 'abcdefghijklmnopqrstuvwxyz',
      at: '1h',
    });
    expect(textOf(missing)).toMatch(/Not found/);
    const visible = await stack
      .rest(ws.bob)
      .createPost({ channel_id: ws.channel.id, message: 'later' } as never);
    const past = await callTool(alice, 'set_reminder', { post_id: visible.id, at: '2001-01-01' });
    expect(textOf(past)).toContain('in the past');
  });
});
