import { beforeEach, describe, expect, it } from '@jest/globals';
import type { UserPropertyField } from '../../src/gateway/user-gateway.js';
import { channelDirectoryTools } from '../../src/tools/channel-directory.js';
import type { AnyTool } from '../../src/tools/define.js';
import { ToolError } from '../../src/errors.js';
import { fileLinkTools } from '../../src/tools/file-links.js';
import { profileAttributeTools } from '../../src/tools/profile-attributes.js';
import { sidebarTools } from '../../src/tools/sidebar.js';
import { unreadLineTools } from '../../src/tools/unread-line.js';
import { unreadTools } from '../../src/tools/unreads.js';
import { CatalogueFixtures } from '../helpers/fake-catalogue.js';
import { callHandler, handlerContext, newId, Workspace } from '../helpers/fake-gateway.js';

const tool = (tools: readonly AnyTool[], name: string) => tools.find((t) => t.name === name)!;
const readUnreads = tool(unreadLineTools, 'read_unreads');
const getUnreads = tool(unreadTools, 'get_unreads');
const searchChannels = tool(channelDirectoryTools, 'search_channels');
const listTeamChannels = tool(channelDirectoryTools, 'list_team_channels');
const listSidebar = tool(sidebarTools, 'list_sidebar_categories');
const getProfileAttributes = tool(profileAttributeTools, 'get_profile_attributes');
const getFileLink = tool(fileLinkTools, 'get_file_link');

/** Alice and Bob in team acme, a shared channel with a history, private channels of each. */
function acme() {
  const ws = new Workspace();
  const fx = new CatalogueFixtures(ws);
  const alice = ws.user('alice');
  const bob = ws.user('bob');
  const team = ws.team('acme', [alice, bob]);
  const general = ws.channel(team, 'general', [alice, bob]);
  const mine = ws.channel(team, 'alpha-private', [alice], { type: 'P' });
  const bobs = ws.channel(team, 'alpha-hidden', [bob], { type: 'P' });
  const ctx = handlerContext(ws.gatewayFor(alice));
  return { ws, fx, alice, bob, team, general, mine, bobs, ctx };
}

type Listed = { id: string; unread?: boolean; member?: boolean };

describe('read_unreads', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  /** Two read posts, then three unread roots (one mentioning alice) and a reply to the first. */
  function history() {
    const read = [f.fx.post(f.general, f.bob, 'old one'), f.fx.post(f.general, f.bob, 'old two')];
    f.fx.read(f.general, f.alice);
    const unread = [
      f.fx.post(f.general, f.bob, 'new one'),
      f.fx.post(f.general, f.bob, 'hey @alice'),
      f.fx.post(f.general, f.bob, 'new three'),
    ];
    const reply = f.fx.post(f.general, f.bob, 'a reply', read[0]!.id);
    return { read, unread, reply };
  }

  it('marks the line and counts as get_unreads does, replies left to their threads', async () => {
    const { read, unread } = history();
    const out = await callHandler(readUnreads, { channel: f.general.id, before: 1 }, f.ctx);
    expect(out.structured).toMatchObject({
      unread: 3,
      mentions: 1,
      collapsed_threads: true,
      first_unread_id: unread[0]!.id,
      has_more: false,
    });
    expect(out.structured.posts.map((p: Listed) => [p.id, p.unread])).toEqual([
      [read[1]!.id, false],
      ...unread.map((p) => [p.id, true]),
    ]);
    const lines = out.text.split('\n');
    expect(lines[2]).toBe('── unread ──');
    expect(lines[3]).toContain('new one');
    const listed = await callHandler(getUnreads, {}, f.ctx);
    expect(listed.structured.channels[0]).toMatchObject({ unread: 3, mentions: 1 });
  });

  it('counts and shows replies too when threads are not collapsed', async () => {
    const { reply } = history();
    f.fx.collapsedThreads = 'disabled';
    const out = await callHandler(readUnreads, { channel: f.general.id, before: 0 }, f.ctx);
    expect(out.structured).toMatchObject({ unread: 4, collapsed_threads: false });
    expect(out.structured.posts.map((p: Listed) => p.id)).toContain(reply.id);
    const listed = await callHandler(getUnreads, {}, f.ctx);
    expect(listed.structured.channels[0]).toMatchObject({ unread: 4 });
  });

  it('pages the unread part with a cursor bound to the channel', async () => {
    const { unread } = history();
    const first = await callHandler(readUnreads, { channel: f.general.id, limit: 2 }, f.ctx);
    expect(first.structured.has_more).toBe(true);
    expect(first.text).toContain('[more unread messages');
    const second = await callHandler(
      readUnreads,
      { channel: f.general.id, limit: 2, cursor: first.structured.next_cursor },
      f.ctx,
    );
    expect(second.structured.posts.map((p: Listed) => p.id)).toEqual([unread[2]!.id]);
    await expect(
      callHandler(readUnreads, { channel: f.mine.id, cursor: first.structured.next_cursor }, f.ctx),
    ).rejects.toThrow(ToolError);
  });

  it('explains that a channel the caller is not in has no unread line', async () => {
    const lounge = f.ws.channel(f.team, 'lounge', [f.bob]);
    await expect(callHandler(readUnreads, { channel: lounge.id }, f.ctx)).rejects.toThrow(
      /not a member of acme\/~lounge.*read_channel/,
    );
  });

  it('says when nothing is unread, showing the latest messages', async () => {
    f.fx.post(f.general, f.bob, 'all read');
    f.fx.read(f.general, f.alice);
    const out = await callHandler(readUnreads, { channel: f.general.id }, f.ctx);
    expect(out.text).toMatch(/nothing unread/);
    expect(out.structured.first_unread_id).toBeUndefined();
    expect(out.structured.posts).toHaveLength(1);
  });
});

describe('search_channels and list_team_channels', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  it('finds public channels and the caller’s private ones, never another’s', async () => {
    const open = f.ws.channel(f.team, 'alpha-open', [f.bob]);
    const out = await callHandler(searchChannels, { term: 'alpha' }, f.ctx);
    const found = out.structured.channels.map((c: Listed) => [c.id, c.member]);
    expect(found).toEqual([
      [open.id, false],
      [f.mine.id, true],
    ]);
    expect(out.text).not.toContain('alpha-hidden');
  });

  it('pages a long result to the output budget without repeating a channel', async () => {
    for (let i = 0; i < 12; i++) f.ws.channel(f.team, `alpha-${i}`, [f.alice]);
    const ctx = handlerContext(f.ctx.mm, { maxOutputChars: 1000 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const out = await callHandler(searchChannels, { term: 'alpha', cursor }, ctx);
      seen.push(...out.structured.channels.map((c: Listed) => c.id));
      cursor = out.structured.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(13);
    expect(new Set(seen).size).toBe(13);
  });

  it('lists the private channels the caller is in', async () => {
    const out = await callHandler(listTeamChannels, { team: 'acme', filter: 'private' }, f.ctx);
    expect(out.structured.channels.map((c: Listed) => c.id)).toEqual([f.mine.id]);
    expect(out.text).toMatch(/^acme: 1 private channel:/);
  });
});

describe('list_sidebar_categories', () => {
  it('lists categories in order with their channels named, whole categories per page', async () => {
    const f = acme();
    const dm = f.ws.direct(f.alice, f.bob);
    const big = Array.from({ length: 8 }, (_, i) =>
      f.ws.channel(f.team, `project-${i}-${'x'.repeat(40)}`, [f.alice]),
    );
    f.fx.sidebars.set(`${f.alice.id}:${f.team.id}`, [
      f.fx.category(f.alice, f.team.id, 'favorites', 'Favorites', [f.general]),
      f.fx.category(f.alice, f.team.id, 'custom', 'Projects', big),
      f.fx.category(f.alice, f.team.id, 'direct_messages', 'Direct Messages', [dm]),
    ]);
    const ctx = handlerContext(f.ctx.mm, { maxOutputChars: 700 });
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const out = await callHandler(listSidebar, { team: 'acme', cursor }, ctx);
      pages.push(out.structured.categories.map((c: { name: string }) => c.name));
      cursor = out.structured.next_cursor;
    } while (cursor);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat()).toEqual(['Favorites', 'Projects', 'Direct Messages']);
    const all = await callHandler(listSidebar, { team: 'acme' }, f.ctx);
    expect(all.structured.categories[2].channels).toEqual(['@bob']);
    expect(all.text).toContain('Favorites (1): acme/~general');
  });
});

describe('get_profile_attributes', () => {
  function field(name: string, type: string, attrs: object = {}): UserPropertyField {
    return {
      id: newId(),
      name,
      type,
      group_id: 'custom_profile_attributes',
      attrs: { sort_order: 0, visibility: 'when_set', value_type: '', ...attrs },
      delete_at: 0,
    } as UserPropertyField;
  }

  it('explains an unlicensed server in words', async () => {
    const f = acme();
    await expect(callHandler(getProfileAttributes, {}, f.ctx)).rejects.toThrow(/Enterprise/);
  });

  it('shows values by field name: options by name, people by @username, hidden ones left out', async () => {
    const f = acme();
    f.fx.enterpriseLicence = true;
    const skills = field('Skills', 'multiselect', {
      sort_order: 2,
      options: [
        { id: 'o1', name: 'Go' },
        { id: 'o2', name: 'React' },
      ],
    });
    const manager = field('Manager', 'user', { sort_order: 1 });
    const phone = field('Phone', 'text', { sort_order: 3, visibility: 'always' });
    const secret = field('Badge', 'text', { visibility: 'hidden' });
    f.fx.fields.push(skills, manager, phone, secret);
    f.fx.values.set(f.bob.id, {
      [skills.id]: ['o1', 'o2'],
      [manager.id]: f.alice.id,
      [secret.id]: '1234',
    });
    const out = await callHandler(getProfileAttributes, { user: '@bob' }, f.ctx);
    expect(out.text).toBe('@bob — Manager: @alice · Skills: Go, React · Phone: (not set)');
    expect(out.structured.attributes.map((a: { name: string }) => a.name)).toEqual([
      'Manager',
      'Skills',
      'Phone',
    ]);
  });
});

describe('get_file_link', () => {
  it('explains that public links are off, and returns the link once they are on', async () => {
    const f = acme();
    const fileId = newId();
    await expect(callHandler(getFileLink, { file_id: fileId }, f.ctx)).rejects.toThrow(
      /System Console/,
    );
    f.fx.publicLinks = true;
    const out = await callHandler(getFileLink, { file_id: fileId }, f.ctx);
    expect(out.structured.link).toContain(`/files/${fileId}/public?h=`);
  });
});
