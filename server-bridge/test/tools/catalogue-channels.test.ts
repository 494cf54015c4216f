import { jest } from '@jest/globals';
import { useStack } from '../helpers/fixtures.js';
import { callTool, textOf, uniqueName } from '../helpers/stack.js';
import { expectOk, expectToolsMatchSnapshots } from '../helpers/tool-expectations.js';

jest.setTimeout(40_000);

const NEW_TOOLS = [
  'read_unreads',
  'search_channels',
  'list_team_channels',
  'list_sidebar_categories',
  'update_channel_bookmark',
  'add_channel_bookmark',
  'get_profile_attributes',
  'get_file_link',
];
const WRITE_TOOLS = new Set(['update_channel_bookmark', 'add_channel_bookmark']);

/** Alice's private channel, and Bob's that Alice is not in. */
let mine: { id: string; name: string };
let bobs: { id: string; name: string };

/** An admin request the official client has no method for (the simulator's licence control). */
async function asAdmin(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${stack.sim.url}/api/v4${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${stack.sim.admin.token}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const { stack, ws, alice } = useStack({
  prepare: async (stack, ws) => {
    const channel = async (owner: typeof ws.alice, prefix: string, type: 'O' | 'P') => {
      const made = await stack.rest(owner).createChannel({
        team_id: ws.team.id,
        name: uniqueName(prefix),
        display_name: prefix,
        type,
      } as never);
      return { id: made.id, name: made.name };
    };
    mine = await channel(ws.alice, 'orbit-private', 'P');
    bobs = await channel(ws.bob, 'orbit-hidden', 'P');
  },
  connect: ['alice'],
});

it('lists the tools with their hints, each schema matching its snapshot', async () => {
  await expectToolsMatchSnapshots(alice, NEW_TOOLS, {
    readOnly: (name) => !WRITE_TOOLS.has(name),
  });
});

describe('read_unreads', () => {
  it('reads from the unread line, counting as get_unreads does with collapsed threads', async () => {
    const bob = stack.rest(ws.bob);
    const posts: string[] = [];
    for (let i = 1; i <= 5; i++)
      posts.push(
        (await bob.createPost({ channel_id: ws.channel.id, message: `update ${i}` } as never)).id,
      );
    await stack.rest(ws.alice).viewMyChannel(ws.channel.id);
    await stack.rest(ws.alice).markPostAsUnread(ws.alice.id, posts[2]!);
    // A reply to an old thread: read in its thread, so not part of the channel's unread line.
    await bob.createPost({
      channel_id: ws.channel.id,
      message: 'a reply',
      root_id: posts[0],
    } as never);

    const read = expectOk(
      await callTool(alice, 'read_unreads', { channel: ws.channel.id, before: 2, limit: 2 }),
    );
    const unreads = expectOk(await callTool(alice, 'get_unreads', { team: ws.team.name }));
    const entry = (
      unreads.channels as { channel_id: string; unread: number; mentions: number }[]
    ).find((c) => c.channel_id === ws.channel.id)!;
    expect(read).toMatchObject({
      unread: 3,
      mentions: 0,
      collapsed_threads: true,
      first_unread_id: posts[2],
      has_more: true,
    });
    expect({ unread: read.unread, mentions: read.mentions }).toEqual({
      unread: entry.unread,
      mentions: entry.mentions,
    });
    const shown = read.posts as { id: string; unread: boolean; message: string }[];
    expect(shown.map((p) => [p.id, p.unread])).toEqual([
      [posts[0], false],
      [posts[1], false],
      [posts[2], true],
      [posts[3], true],
    ]);

    const next = expectOk(
      await callTool(alice, 'read_unreads', {
        channel: ws.channel.id,
        limit: 2,
        cursor: read.next_cursor,
      }),
    );
    expect((next.posts as { id: string }[]).map((p) => p.id)).toEqual([posts[4]]);
    expect(next.has_more).toBe(false);
    // Reading changes nothing: the channel is as unread as before.
    const after = await stack.rest(ws.alice).getMyChannelMember(ws.channel.id);
    expect(after.msg_count_root).toBeLessThan(
      (await bob.getChannel(ws.channel.id)).total_msg_count_root,
    );
  });

  it('explains that a public channel the user is not in has no unread line', async () => {
    const elsewhere = await stack.rest(ws.bob).createChannel({
      team_id: ws.team.id,
      name: uniqueName('elsewhere'),
      display_name: 'Elsewhere',
      type: 'O',
    } as never);
    const result = await callTool(alice, 'read_unreads', { channel: elsewhere.id });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/not a member of .*read_channel/);
  });

  it('refuses a cursor of another channel', async () => {
    const read = expectOk(
      await callTool(alice, 'read_unreads', { channel: ws.channel.id, limit: 1 }),
    );
    const other = await callTool(alice, 'read_unreads', {
      channel: mine.id,
      cursor: read.next_cursor,
    });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toContain('cursor');
  });
});

describe('channels and the sidebar', () => {
  it('search_channels finds public channels and private ones the user is in, not others', async () => {
    const found = expectOk(await callTool(alice, 'search_channels', { term: 'orbit' }));
    const channels = found.channels as { id: string; member: boolean }[];
    expect(channels.find((c) => c.id === mine.id)?.member).toBe(true);
    expect(channels.map((c) => c.id)).not.toContain(bobs.id);
  });

  it('list_team_channels filters public, private, joined and archived channels', async () => {
    const open = await stack.rest(ws.bob).createChannel({
      team_id: ws.team.id,
      name: uniqueName('orbit-open'),
      display_name: 'orbit open',
      type: 'O',
    } as never);
    const idsOf = async (filter: string) =>
      (
        expectOk(await callTool(alice, 'list_team_channels', { team: ws.team.name, filter }))
          .channels as { id: string; member: boolean }[]
      ).map((c) => c.id);
    expect(await idsOf('public')).toEqual(expect.arrayContaining([open.id, ws.channel.id]));
    expect(await idsOf('private')).toEqual([mine.id]);
    const joined = await idsOf('joined');
    expect(joined).toEqual(expect.arrayContaining([mine.id, ws.channel.id]));
    expect(joined).not.toContain(open.id);
    await stack.rest(ws.bob).deleteChannel(open.id);
    expect(await idsOf('archived')).toContain(open.id);
  });

  it('list_sidebar_categories shows favorites, custom categories and the rest in order', async () => {
    await callTool(alice, 'favorite_channel', { channel: ws.channel.id });
    await stack.rest(ws.alice).createChannelCategory(ws.alice.id, ws.team.id, {
      user_id: ws.alice.id,
      team_id: ws.team.id,
      display_name: 'Projects',
      channel_ids: [mine.id],
    });
    const result = await callTool(alice, 'list_sidebar_categories', { team: ws.team.name });
    const sidebar = expectOk(result);
    const categories = sidebar.categories as { name: string; type: string; channels: string[] }[];
    expect(categories.map((c) => c.type)).toEqual([
      'favorites',
      'custom',
      'channels',
      'direct_messages',
    ]);
    expect(categories[0]!.channels).toEqual([`${ws.team.name}/~${ws.channel.name}`]);
    expect(categories[1]).toMatchObject({
      name: 'Projects',
      channels: [`${ws.team.name}/~${mine.name}`],
    });
    expect(textOf(result)).toContain('Projects (custom, 1)');
  });
});

describe('bookmarks', () => {
  it('update_channel_bookmark changes a label, and a posted file can be bookmarked', async () => {
    const added = expectOk(
      await callTool(alice, 'add_channel_bookmark', {
        channel: ws.channel.id,
        display_name: 'Docs',
        link_url: 'https://docs.example.com',
      }),
    );
    const id = (added.bookmark as { id: string }).id;
    const changed = expectOk(
      await callTool(alice, 'update_channel_bookmark', {
        channel: ws.channel.id,
        bookmark_id: id,
        display_name: 'Handbook',
      }),
    );
    expect(changed.bookmark).toMatchObject({
      display_name: 'Handbook',
      link_url: 'https://docs.example.com',
    });
    const live = await stack.rest(ws.bob).getChannelBookmarks(ws.channel.id);
    expect(live.map((b) => b.display_name)).toContain('Handbook');
    // Mattermost keeps the old version as history: the bookmark lives on under a new id.
    expect(live.map((b) => b.id)).not.toContain(id);

    const uploaded = expectOk(
      await callTool(alice, 'upload_file', {
        channel: ws.channel.id,
        filename: 'plan.txt',
        content: 'the plan',
      }),
    );
    const filed = expectOk(
      await callTool(alice, 'add_channel_bookmark', {
        channel: ws.channel.id,
        display_name: 'The plan',
        file_id: uploaded.file_id,
      }),
    );
    expect(filed.bookmark).toMatchObject({ type: 'file', file_name: 'plan.txt' });
    const both = await callTool(alice, 'add_channel_bookmark', {
      channel: ws.channel.id,
      display_name: 'Both',
      link_url: 'https://x.example.com',
      file_id: uploaded.file_id,
    });
    expect(both.isError).toBe(true);
    expect(textOf(both)).toContain('exactly one');
  });
});

describe('profile attributes', () => {
  it('explains that an unlicensed server has none, then shows them by field name', async () => {
    const refused = await callTool(alice, 'get_profile_attributes', {});
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/Enterprise/);

    await asAdmin('/simulator/license', { sku: 'enterprise' });
    const admin = stack.rest(stack.sim.admin);
    const department = await admin.createCustomProfileAttributeField({
      name: 'Department',
      type: 'select',
      attrs: { options: [{ name: 'Engineering' }, { name: 'Sales' }] },
    } as never);
    const manager = await admin.createCustomProfileAttributeField({
      name: 'Manager',
      type: 'user',
    } as never);
    await admin.createCustomProfileAttributeField({
      name: 'Secret',
      type: 'text',
      attrs: { visibility: 'hidden' },
    } as never);
    const engineering = department.attrs.options!.find((o) => o.name === 'Engineering')!.id;
    await stack.rest(ws.bob).updateCustomProfileAttributeValues({
      [department.id]: engineering,
      [manager.id]: ws.alice.id,
    });

    const result = await callTool(alice, 'get_profile_attributes', { user: `@${ws.bob.username}` });
    expect(expectOk(result).attributes).toEqual([
      { field_id: department.id, name: 'Department', type: 'select', value: 'Engineering' },
      { field_id: manager.id, name: 'Manager', type: 'user', value: `@${ws.alice.username}` },
    ]);
    expect(textOf(result)).toContain(`Manager: @${ws.alice.username}`);
  });
});

describe('public file links', () => {
  it('explains the refusal of a default server, and returns a working link once allowed', async () => {
    const uploaded = expectOk(
      await callTool(alice, 'upload_file', {
        channel: ws.channel.id,
        filename: 'public.txt',
        content: 'for everyone',
      }),
    );
    const refused = await callTool(alice, 'get_file_link', { file_id: uploaded.file_id });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/turned off.*System Console/s);

    const admin = stack.rest(stack.sim.admin);
    await admin.patchConfig({ FileSettings: { EnablePublicLink: true } } as never);
    const linked = expectOk(await callTool(alice, 'get_file_link', { file_id: uploaded.file_id }));
    const opened = await fetch(String(linked.link));
    expect(opened.status).toBe(200);
    expect(await opened.text()).toBe('for everyone');

    // Turned off again, the link no longer opens the file.
    await admin.patchConfig({ FileSettings: { EnablePublicLink: false } } as never);
    expect((await fetch(String(linked.link))).status).toBe(403);
  });
});
