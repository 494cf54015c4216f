import { beforeEach, describe, expect, it } from '@jest/globals';
import { bulkTools } from '../../src/tools/bulk.js';
import type { AnyTool } from '../../src/tools/define.js';
import { ToolError } from '../../src/errors.js';
import { teamUpkeepTools } from '../../src/tools/team-upkeep.js';
import { callHandler, handlerContext, newId, Workspace } from '../helpers/fake-gateway.js';
import { upkeepOf } from '../helpers/fake-team-upkeep.js';

const tool = (name: string) =>
  [...teamUpkeepTools, ...bulkTools].find((t: AnyTool) => t.name === name)!;

/** Alice (admin of acme) and Bob in acme; Carol only in the other team; two channels of acme. */
function acme() {
  const ws = new Workspace();
  const alice = ws.user('alice', { create_at: 1_700_000_000_000 });
  const bob = ws.user('bob', { create_at: 1_700_000_500_000 });
  const carol = ws.user('carol', { create_at: 1_700_000_900_000 });
  const team = ws.team('acme', [alice, bob]);
  const other = ws.team('other', [bob, carol]);
  const general = ws.channel(team, 'general', [alice]);
  const random = ws.channel(team, 'random', [alice, bob]);
  const hidden = ws.channel(other, 'hidden', [carol], { type: 'P' });
  upkeepOf(ws).teamAdmins.add(`${team.id} ${alice.id}`);
  const ctx = handlerContext(ws.gatewayFor(alice));
  return { ws, alice, bob, carol, team, other, general, random, hidden, ctx };
}

type Result = { item: string; ok: boolean; error?: string };
const outcome = (results: Result[]) => results.map((r) => [r.item, r.ok]);

describe('bulk tools against a fake gateway', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  it('add_channel_members adds who it can and says why not for each of the others', async () => {
    const out = await callHandler(
      tool('add_channel_members'),
      { channel: f.general.id, users: ['@bob', '@carol', '@nobody'] },
      f.ctx,
    );
    expect(outcome(out.structured.results)).toEqual([
      ['@bob', true],
      ['@carol', false],
      ['@nobody', false],
    ]);
    const [, carol, nobody] = out.structured.results as Result[];
    expect(carol!.error).toMatch(/permission|team membership/);
    expect(nobody!.error).toContain('No user @nobody');
    expect(out.structured).toMatchObject({ succeeded: 1, failed: 2 });
    expect(out.text).toContain('Added to acme/~general: 1 of 3 (2 failed)');
    expect(f.ws.channelMembers.get(f.general.id)?.has(f.bob.id)).toBe(true);
  });

  it('add_team_members reports Mattermost’s own reason per person', async () => {
    const ghost = newId();
    const out = await callHandler(
      tool('add_team_members'),
      { team: 'acme', users: ['carol', ghost] },
      f.ctx,
    );
    expect(outcome(out.structured.results)).toEqual([
      ['carol', true],
      [ghost, false],
    ]);
    expect(f.ws.teamMembers.get(f.team.id)?.has(f.carol.id)).toBe(true);
  });

  it('get_users looks up ids, usernames and emails, naming those it cannot find', async () => {
    const out = await callHandler(
      tool('get_users'),
      { users: [f.bob.id, '@carol', 'alice@example.com', 'ghost'] },
      f.ctx,
    );
    expect(outcome(out.structured.results)).toEqual([
      [f.bob.id, true],
      ['@carol', true],
      ['alice@example.com', true],
      ['ghost', false],
    ]);
    expect(out.structured.results[1].user).toMatchObject({ username: 'carol' });
    expect(out.structured.results[3].error).toBe('No user @ghost.');
  });

  it('counts members per channel, and a channel out of sight is that item’s failure', async () => {
    const out = await callHandler(
      tool('get_channel_member_counts'),
      { channels: [f.general.id, f.random.id, f.hidden.id] },
      f.ctx,
    );
    expect(out.structured.results.map((r: { member_count?: number }) => r.member_count)).toEqual([
      1,
      2,
      undefined,
    ]);
    expect(out.structured).toMatchObject({ succeeded: 2, failed: 1 });
    expect(out.text).toContain('ok acme/~random: 2 members');
  });

  it('marks every channel it can read, one view each', async () => {
    const out = await callHandler(
      tool('mark_channels_read'),
      { channels: [f.general.id, f.hidden.id] },
      f.ctx,
    );
    expect(outcome(out.structured.results)).toEqual([
      [f.general.id, true],
      [f.hidden.id, false],
    ]);
    expect(f.ws.writes).toEqual([`viewChannel ${f.general.id}`]);
  });
});

describe('team upkeep against a fake gateway', () => {
  let f: ReturnType<typeof acme>;
  beforeEach(() => {
    f = acme();
  });

  it('lists the teams two people share, from the caller’s teams when others’ lists are closed', async () => {
    const mine = await callHandler(tool('list_shared_teams'), { user: 'bob' }, f.ctx);
    expect(mine.structured).toMatchObject({ only_your_teams: false, teams: [{ name: 'acme' }] });
    // Naming yourself first is the same question.
    const named = await callHandler(
      tool('list_shared_teams'),
      { user: 'alice', with: 'bob' },
      f.ctx,
    );
    expect(named.structured).toMatchObject({ only_your_teams: false, teams: [{ name: 'acme' }] });
    const theirs = await callHandler(
      tool('list_shared_teams'),
      { user: 'bob', with: 'carol' },
      f.ctx,
    );
    // Alice may not read Carol's teams, and is not in the one they share.
    expect(theirs.structured).toMatchObject({ only_your_teams: true, teams: [] });
    expect(theirs.text).toBe('@bob and @carol share no team (among your teams).');
  });

  it('lists the newest accounts first, a page at a time', async () => {
    for (let i = 0; i < 8; i++)
      f.ws.teamMembers
        .get(f.team.id)!
        .add(f.ws.user(`new-${i}`, { create_at: 1_800_000_000_000 + i }).id);
    const ctx = handlerContext(f.ctx.mm, { maxOutputChars: 900 });
    const first = await callHandler(tool('list_new_team_members'), { team: 'acme' }, ctx);
    expect(first.structured.members[0]).toMatchObject({ username: 'new-7' });
    expect(first.structured.has_more).toBe(true);
    const second = await callHandler(
      tool('list_new_team_members'),
      { team: 'acme', cursor: first.structured.next_cursor },
      ctx,
    );
    expect(second.structured.members.at(-1)).toMatchObject({ username: 'alice' });
  });

  it('update_team needs something to change, and a team admin', async () => {
    await expect(callHandler(tool('update_team'), { team: 'acme' }, f.ctx)).rejects.toThrow(
      ToolError,
    );
    const out = await callHandler(
      tool('update_team'),
      { team: 'acme', description: 'Widgets', open_invite: false },
      f.ctx,
    );
    expect(out.structured).toMatchObject({ description: 'Widgets', open_invite: false });
    const bob = handlerContext(f.ws.gatewayFor(f.bob));
    await expect(
      callHandler(tool('update_team'), { team: 'acme', description: 'Mine' }, bob),
    ).rejects.toMatchObject({ status: 403 });
  });

  it('invite_to_team says what to do while invitations are off, and answers per address once on', async () => {
    const args = { team: 'acme', emails: ['Dave@Example.com'], channels: [f.random.id] };
    await expect(callHandler(tool('invite_to_team'), args, f.ctx)).rejects.toThrow(
      /Email invitations are turned off.*Enable Email Invitations/s,
    );
    upkeepOf(f.ws).emailInvitations = true;
    const out = await callHandler(tool('invite_to_team'), args, f.ctx);
    expect(outcome(out.structured.results)).toEqual([['Dave@Example.com', true]]);
    expect(out.structured.channels).toEqual(['acme/~random']);
    expect(upkeepOf(f.ws).invites).toEqual([
      { teamId: f.team.id, email: 'dave@example.com', channelIds: [f.random.id] },
    ]);
  });

  it('invite_to_team refuses a channel of another team before sending anything', async () => {
    upkeepOf(f.ws).emailInvitations = true;
    const bob = handlerContext(f.ws.gatewayFor(f.bob));
    const other = f.ws.channel(f.other, 'lobby', [f.bob]);
    await expect(
      callHandler(
        tool('invite_to_team'),
        { team: 'acme', emails: ['e@example.com'], channels: [other.id] },
        bob,
      ),
    ).rejects.toThrow(/not a channel of team acme/);
    expect(upkeepOf(f.ws).invites).toEqual([]);
  });

  it('remove_team_member removes as a team admin', async () => {
    const out = await callHandler(tool('remove_team_member'), { team: 'acme', user: 'bob' }, f.ctx);
    expect(out.text).toContain('Removed @bob from acme');
    expect(f.ws.teamMembers.get(f.team.id)?.has(f.bob.id)).toBe(false);
  });
});
