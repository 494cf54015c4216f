import { describe, expect, it } from '@jest/globals';
import { adminIntegrationTools } from '../../src/tools/admin-integrations.js';
import type { AnyTool, ToolContext } from '../../src/tools/define.js';
import { emojiTools } from '../../src/tools/emojis.js';
import { teamTools } from '../../src/tools/teams.js';
import { userTools } from '../../src/tools/users.js';
import { callHandler, handlerContext, Workspace } from '../helpers/fake-gateway.js';

const tool = (tools: readonly AnyTool[], name: string) => tools.find((t) => t.name === name)!;

/** Every page of a paged list tool, following next_cursor; checks the paging contract on each. */
async function allPages(
  target: AnyTool,
  args: Record<string, unknown>,
  ctx: ToolContext,
  key: string,
): Promise<{ items: unknown[]; pages: number; texts: string[] }> {
  const items: unknown[] = [];
  const texts: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const out = await callHandler(target, cursor ? { ...args, cursor } : args, ctx);
    items.push(...(out.structured[key] as unknown[]));
    texts.push(out.text);
    expect(out.structured.has_more).toBe(out.structured.next_cursor !== undefined);
    cursor = out.structured.next_cursor;
    pages++;
  } while (cursor && pages < 50);
  return { items, pages, texts };
}

describe('list_custom_emojis against a fake gateway', () => {
  const listEmojis = tool(emojiTools, 'list_custom_emojis');

  it('pages through every emoji with its creator, and ends with has_more false', async () => {
    const ws = new Workspace();
    const alice = ws.user('alice');
    for (let i = 0; i < 23; i++) ws.emoji(`party-${i}`, alice);
    // The smallest budget asks for 5 per page.
    const ctx = handlerContext(ws.gatewayFor(alice), { maxOutputChars: 100 });
    const { items, pages, texts } = await allPages(listEmojis, {}, ctx, 'emojis');
    expect(items).toHaveLength(23);
    expect(pages).toBe(5);
    expect(texts[0]).toMatch(/^5 custom emojis:\n:party-0: · by @alice/);
    expect(texts[1]).toMatch(/^5 custom emojis \(page 2\):/);
  });

  it('searches by a term written with colons, without paging', async () => {
    const ws = new Workspace();
    const alice = ws.user('alice');
    ws.emoji('parrot', alice);
    ws.emoji('fast-parrot', alice);
    ws.emoji('cat', alice);
    const ctx = handlerContext(ws.gatewayFor(alice));
    const out = await callHandler(listEmojis, { term: ':PARROT:' }, ctx);
    expect(out.structured).toEqual({
      emojis: [
        expect.objectContaining({ name: 'parrot' }),
        expect.objectContaining({ name: 'fast-parrot' }),
      ],
      has_more: false,
    });
    const none = await callHandler(listEmojis, { term: 'dog' }, ctx);
    expect(none.text).toBe('No custom emoji matching "dog".');
  });
});

describe('list_bots against a fake gateway', () => {
  const listBots = tool(adminIntegrationTools, 'list_bots');

  it('lists active bots with their owners, and disabled ones on request', async () => {
    const ws = new Workspace();
    const admin = ws.user('root', { roles: 'system_user system_admin' });
    ws.bot('helper', admin);
    ws.bot('retired', admin, { delete_at: 1_700_000_000_001 });
    const ctx = handlerContext(ws.gatewayFor(admin));
    const active = await callHandler(listBots, {}, ctx);
    expect(active.text).toMatch(/^1 bot:\n@helper — helper · owner @root/);
    expect(active.structured).toMatchObject({ has_more: false });
    const all = await callHandler(listBots, { include_disabled: true }, ctx);
    expect(all.structured.bots).toHaveLength(2);
    expect(all.text).toContain('disabled');
  });

  it('binds its cursor to the filter it came from', async () => {
    const ws = new Workspace();
    const admin = ws.user('root');
    for (let i = 0; i < 30; i++) ws.bot(`bot-${i}`, admin);
    const ctx = handlerContext(ws.gatewayFor(admin), { maxOutputChars: 100 });
    const first = await callHandler(listBots, {}, ctx);
    expect(first.structured.has_more).toBe(true);
    await expect(
      callHandler(listBots, { include_disabled: true, cursor: first.structured.next_cursor }, ctx),
    ).rejects.toThrow(/another channel or list/);
    const { items } = await allPages(listBots, {}, ctx, 'bots');
    expect(items).toHaveLength(30);
  });
});

describe('team lists against a fake gateway', () => {
  const browseTeams = tool(teamTools, 'browse_teams');
  const listTeamMembers = tool(teamTools, 'list_team_members');

  it('browse_teams shows only open teams the user has not joined', async () => {
    const ws = new Workspace();
    const alice = ws.user('alice');
    ws.team('acme', [alice]);
    ws.team('research', []);
    ws.team('board', [], { allow_open_invite: false });
    const out = await callHandler(browseTeams, {}, handlerContext(ws.gatewayFor(alice)));
    expect(out.structured.teams.map((t: { name: string }) => t.name)).toEqual(['research']);
    expect(out.text).toMatch(/^1 open team you can join:/);
  });

  it('list_team_members pages the members and names the team', async () => {
    const ws = new Workspace();
    const people = Array.from({ length: 12 }, (_, i) => ws.user(`person-${i}`));
    ws.team('acme', people);
    const ctx = handlerContext(ws.gatewayFor(people[0]!), { maxOutputChars: 100 });
    const { items, texts } = await allPages(listTeamMembers, { team: 'acme' }, ctx, 'members');
    expect(items).toHaveLength(12);
    expect(texts[0]).toMatch(/^5 members of acme:/);
    expect(texts[1]).toMatch(/^5 members of acme \(page 2\):/);
  });

  it('names the teams there are when the team is unknown', async () => {
    const ws = new Workspace();
    const alice = ws.user('alice');
    ws.team('acme', [alice]);
    await expect(
      callHandler(listTeamMembers, { team: 'nope' }, handlerContext(ws.gatewayFor(alice))),
    ).rejects.toThrow('No team "nope". Your teams: acme.');
  });
});

describe('get_user against a fake gateway', () => {
  const getUser = tool(userTools, 'get_user');

  it('finds a person by @username, bare name, id and email', async () => {
    const ws = new Workspace();
    const alice = ws.user('alice');
    const bob = ws.user('bob', { first_name: 'Bob', last_name: 'Builder' });
    const ctx = handlerContext(ws.gatewayFor(alice));
    for (const user of ['@bob', 'bob', bob.id, 'bob@example.com']) {
      const out = await callHandler(getUser, { user }, ctx);
      expect(out.structured).toMatchObject({ id: bob.id, username: 'bob' });
    }
  });

  it('suggests close usernames for an unknown one', async () => {
    const ws = new Workspace();
    const alice = ws.user('alice');
    ws.user('bobby');
    const ctx = handlerContext(ws.gatewayFor(alice));
    await expect(callHandler(getUser, { user: '@bob' }, ctx)).rejects.toThrow(
      'No user @bob. Did you mean: @bobby?',
    );
    await expect(callHandler(getUser, { user: 'nobody@example.com' }, ctx)).rejects.toThrow(
      'No user with the email address nobody@example.com.',
    );
  });
});
