import { jest } from '@jest/globals';
import { hiddenChannel, useStack } from '../helpers/fixtures.js';
import { callTool, textOf, type Workspace } from '../helpers/stack.js';

jest.setTimeout(30_000);

const { stack, ws, alice } = useStack({ connect: ['alice'] });

type Hit = { id: string; message: string; author: string; channel: string; permalink: string };

beforeAll(async () => {
  const post = (user: Workspace['alice'], channel: string, message: string) =>
    stack.rest(user).createPost({ channel_id: channel, message } as never);
  await post(ws.bob, ws.channel.id, 'The quarterly budget review is on Friday #finance');
  await post(ws.alice, ws.channel.id, 'Budget draft attached');
  await post(ws.bob, ws.channel.id, 'Lunch menu: pizza');
  const hidden = await hiddenChannel(stack, ws);
  await post(ws.bob, hidden.id, 'Secret budget numbers');
  const form = new FormData();
  form.append('channel_id', ws.channel.id);
  form.append('files', new Blob(['q3 figures']), 'budget-q3.csv');
  const uploaded = await stack.rest(ws.bob).uploadFile(form, false);
  await stack.rest(ws.bob).createPost({
    channel_id: ws.channel.id,
    message: 'figures',
    file_ids: [uploaded.file_infos[0]!.id],
  } as never);
});

describe('search_posts', () => {
  it('finds words with channels and permalinks, newest first, and never another user’s private channel', async () => {
    const result = await callTool(alice, 'search_posts', { query: 'budget' });
    expect(result.isError).toBeFalsy();
    const hits = result.structuredContent?.posts as Hit[];
    expect(hits.map((h) => h.message)).toEqual([
      'Budget draft attached',
      'The quarterly budget review is on Friday #finance',
    ]);
    expect(hits[1]).toMatchObject({
      author: ws.bob.username,
      channel: `${ws.team.name}/~${ws.channel.name}`,
      permalink: `${stack.sim.url}/${ws.team.name}/pl/${hits[1]!.id}`,
    });
    expect(textOf(result)).not.toContain('Secret');
  });

  it('understands from:, in:, phrases, exclusions, hashtags, prefixes and OR', async () => {
    const messages = async (args: Record<string, unknown>) =>
      ((await callTool(alice, 'search_posts', args)).structuredContent?.posts as Hit[]).map(
        (h) => h.message,
      );
    expect(await messages({ query: `budget from:${ws.bob.username}` })).toEqual([
      'The quarterly budget review is on Friday #finance',
    ]);
    expect(
      await messages({ query: `budget in:${ws.channel.name} -draft`, team: ws.team.name }),
    ).toEqual(['The quarterly budget review is on Friday #finance']);
    expect(await messages({ query: '"budget review"' })).toHaveLength(1);
    expect(await messages({ query: '#finance' })).toHaveLength(1);
    expect(await messages({ query: 'quarter*' })).toHaveLength(1);
    expect(await messages({ query: 'pizza draft', is_or_search: true })).toHaveLength(2);
  });

  it('pages with a cursor', async () => {
    const first = await callTool(alice, 'search_posts', { query: 'budget', per_page: 1 });
    expect(first.structuredContent?.has_more).toBe(true);
    const second = await callTool(alice, 'search_posts', {
      query: 'budget',
      per_page: 1,
      cursor: first.structuredContent?.next_cursor as string,
    });
    expect(second.structuredContent?.page).toBe(1);
    expect((second.structuredContent?.posts as Hit[])[0]!.message).toContain('quarterly');
    const byPage = await callTool(alice, 'search_posts', { query: 'budget', per_page: 1, page: 1 });
    expect(byPage.structuredContent?.posts).toEqual(second.structuredContent?.posts);
    const stale = await callTool(alice, 'search_posts', {
      query: 'other words',
      per_page: 1,
      cursor: first.structuredContent?.next_cursor as string,
    });
    expect(stale.isError).toBe(true);
    expect(textOf(stale)).toContain('cursor');
  });

  it('refuses an empty query and an unknown team', async () => {
    const empty = await callTool(alice, 'search_posts', { query: '' });
    expect(empty.isError).toBe(true);
    expect(textOf(empty)).toContain('query');
    const team = await callTool(alice, 'search_posts', { query: 'budget', team: 'no-such-team-x' });
    expect(textOf(team)).toContain('No team');
  });
});

describe('search_files', () => {
  it('finds files by name with their channel', async () => {
    const result = await callTool(alice, 'search_files', { query: 'budget' });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.files).toEqual([
      expect.objectContaining({
        name: 'budget-q3.csv',
        uploaded_by: ws.bob.username,
        channel: `${ws.team.name}/~${ws.channel.name}`,
      }),
    ]);
    const byExt = await callTool(alice, 'search_files', { query: 'ext:csv', team: ws.team.id });
    expect((byExt.structuredContent?.files as unknown[]).length).toBe(1);
  });

  it('refuses an empty query and an unknown team', async () => {
    expect(textOf(await callTool(alice, 'search_files', { query: '' }))).toContain('query');
    expect(
      textOf(await callTool(alice, 'search_files', { query: 'x', team: 'nope-team-x' })),
    ).toContain('No team');
  });
});
