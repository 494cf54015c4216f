import { beforeEach, describe, expect, it } from '@jest/globals';
import { channelFavoriteTools } from '../../src/tools/channel-favorites.js';
import { channelManageTools } from '../../src/tools/channel-manage.js';
import { channelMemberTools } from '../../src/tools/channel-members.js';
import { channelTools } from '../../src/tools/channels.js';
import type { AnyTool } from '../../src/tools/define.js';
import { callHandler, handlerContext, Workspace } from '../helpers/fake-gateway.js';
import { ToolError } from '../../src/errors.js';

const tool = (tools: readonly AnyTool[], name: string) => tools.find((t) => t.name === name)!;
const listChannels = tool(channelTools, 'list_channels');
const getChannel = tool(channelTools, 'get_channel');
const favorite = tool(channelFavoriteTools, 'favorite_channel');
const join = tool(channelMemberTools, 'join_channel');
const archive = tool(channelManageTools, 'archive_channel');
const restore = tool(channelManageTools, 'restore_channel');

/** Alice and Bob in team acme, three public channels, a private one of Bob's, and a DM. */
function acme() {
  const ws = new Workspace();
  const alice = ws.user('alice');
  const bob = ws.user('bob');
  const team = ws.team('acme', [alice, bob]);
  const general = ws.channel(team, 'general', [alice, bob]);
  const random = ws.channel(team, 'random', [alice]);
  const lounge = ws.channel(team, 'lounge', [bob]);
  const secret = ws.channel(team, 'secret', [bob], { type: 'P' });
  const dm = ws.direct(alice, bob);
  const ctx = handlerContext(ws.gatewayFor(alice));
  return { ws, alice, bob, team, general, random, lounge, secret, dm, ctx };
}

describe('list_channels against a fake gateway', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  it('lists team channels as team/~name, then direct messages by the partner', async () => {
    const out = await callHandler(listChannels, {}, f.ctx);
    expect(out.structured.channels.map((c: { name: string; type: string }) => c.type)).toEqual([
      'public',
      'public',
      'direct',
    ]);
    expect(out.text).toContain('acme/~general');
    expect(out.text).toContain('@bob');
    expect(out.structured).toMatchObject({ has_more: false });
    expect(out.structured.next_cursor).toBeUndefined();
  });

  it('pages a long list to the output budget, and the cursor continues it', async () => {
    for (let i = 0; i < 12; i++) f.ws.channel(f.team, `project-${i}`, [f.alice]);
    const ctx = handlerContext(f.ctx.mm, { maxOutputChars: 400 });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const out = await callHandler(listChannels, cursor ? { cursor } : {}, ctx);
      seen.push(...out.structured.channels.map((c: { id: string }) => c.id));
      expect(out.structured.has_more).toBe(out.structured.next_cursor !== undefined);
      if (out.structured.has_more) expect(out.text).toContain('[more channels');
      cursor = out.structured.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(15);
  });

  it("refuses another list's cursor", async () => {
    const ctx = handlerContext(f.ctx.mm, { maxOutputChars: 100 });
    const first = await callHandler(listChannels, {}, ctx);
    await expect(
      callHandler(listChannels, { team: 'acme', cursor: first.structured.next_cursor }, ctx),
    ).rejects.toThrow(/another channel or list/);
  });
});

describe('get_channel against a fake gateway', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  it('finds a channel by ~name, team/name, id and @username', async () => {
    for (const channel of ['~general', 'acme/general', f.general.id]) {
      const out = await callHandler(getChannel, { channel }, f.ctx);
      expect(out.structured).toMatchObject({ id: f.general.id, team: 'acme' });
    }
    const dm = await callHandler(getChannel, { channel: '@bob' }, f.ctx);
    expect(dm.structured).toMatchObject({ id: f.dm.id, type: 'direct' });
  });

  it('answers a channel the user cannot see as not found, naming the teams', async () => {
    await expect(callHandler(getChannel, { channel: '~secret' }, f.ctx)).rejects.toThrow(
      /No channel ~secret in your teams \(acme\)/,
    );
    await expect(callHandler(getChannel, { channel: '@nobody' }, f.ctx)).rejects.toThrow(ToolError);
  });

  it('refuses an empty reference before asking Mattermost', async () => {
    await expect(callHandler(getChannel, { channel: '' }, f.ctx)).rejects.toThrow();
    expect(f.ws.writes).toEqual([]);
  });
});

describe('one-channel actions against a fake gateway', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  it('favorites a channel and answers with its line', async () => {
    const out = await callHandler(favorite, { channel: 'acme/random' }, f.ctx);
    expect(out.text).toMatch(/^Favorited: /);
    expect(out.text).toContain('acme/~random');
    expect(f.ws.favorites.has(f.random.id)).toBe(true);
  });

  it('joins a public channel, and refuses to join a direct message', async () => {
    const out = await callHandler(join, { channel: '~lounge' }, f.ctx);
    expect(out.text).toMatch(/^Joined: /);
    expect(f.ws.writes).toEqual([`addChannelMember ${f.lounge.id} ${f.alice.id}`]);
    await expect(callHandler(join, { channel: '@bob' }, f.ctx)).rejects.toThrow(ToolError);
    expect(f.ws.writes).toHaveLength(1);
  });

  it('archives once, answers with the archived channel, and restores it', async () => {
    const archived = await callHandler(archive, { channel: '~random' }, f.ctx);
    expect(archived.text).toMatch(/^Archived: /);
    expect(archived.structured.archived).toBe(true);
    await expect(callHandler(archive, { channel: f.random.id }, f.ctx)).rejects.toThrow(
      /already archived/,
    );
    const restored = await callHandler(restore, { channel: f.random.id }, f.ctx);
    expect(restored.text).toMatch(/^Restored: /);
    expect(restored.structured.archived).toBeFalsy();
    await expect(callHandler(archive, { channel: '@bob' }, f.ctx)).rejects.toThrow(
      /direct and group messages cannot be archived/,
    );
  });
});
