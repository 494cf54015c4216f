import { describe, expect, it } from '@jest/globals';
import { MattermostError, ToolError } from '../../src/errors.js';
import type { PostInfo, ServerChannel, Team } from '../../src/gateway/user-gateway.js';
import type { AnyTool, ToolContext } from '../../src/tools/define.js';
import { peopleTools } from '../../src/tools/people.js';
import { postInfoTools } from '../../src/tools/post-info.js';
import { teamUpkeepTools } from '../../src/tools/team-upkeep.js';
import { teamTools } from '../../src/tools/teams.js';
import { callHandler, handlerContext, newId, Workspace } from '../helpers/fake-gateway.js';

const tool = (name: string) =>
  [...postInfoTools, ...peopleTools, ...teamUpkeepTools, ...teamTools].find(
    (t: AnyTool) => t.name === name,
  )!;

/** Every page of a paged call, following next_cursor, checking the paging contract on each. */
async function allPages(target: AnyTool, args: Record<string, unknown>, ctx: ToolContext) {
  const pages: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const out = await callHandler(target, cursor ? { ...args, cursor } : args, ctx);
    expect(out.structured.has_more).toBe(out.structured.next_cursor !== undefined);
    pages.push(out.structured);
    cursor = out.structured.next_cursor;
  } while (cursor && pages.length < 10);
  return pages;
}

/**
 * Alice in acme; an open team and an invite-only team she is not in, each with a channel and a
 * post; seven people outside acme; the lookups across the server answered as Mattermost does.
 */
function world() {
  const ws = new Workspace();
  const alice = ws.user('alice');
  const bob = ws.user('bob');
  const acme = ws.team('acme', [alice, bob]);
  const open = ws.team('openhouse', [bob]);
  const closed = ws.team('closed', [bob], { type: 'I', allow_open_invite: false });
  const posts = new Map<string, ServerChannel>();
  for (const team of [open, closed]) posts.set(newId(), ws.channel(team, 'lobby', [bob]));
  const outsiders = Array.from({ length: 7 }, (_, i) => ws.user(`outsider-${i}`));
  const group = ws.channel(acme, 'group', [alice, bob], { type: 'G', team_id: '' });
  const general = ws.channel(acme, 'general', [alice, bob]);
  const teams = Array.from({ length: 7 }, (_, i) => ws.team(`proj-${i}`, []));
  ws.modelledElsewhere.push((viewer) => ({
    async getPostInfo(postId): Promise<PostInfo> {
      const channel = posts.get(postId);
      const team = channel && ws.teams.get(channel.team_id);
      const joinedTeam = !!team && ws.teamMembers.get(team.id)!.has(viewer.id);
      if (!channel || !team || (!joinedTeam && !team.allow_open_invite))
        throw new MattermostError('Unable to get the post.', 404);
      return {
        channel_id: channel.id,
        channel_type: channel.type,
        channel_display_name: channel.display_name,
        has_joined_channel: ws.channelMembers.get(channel.id)!.has(viewer.id),
        team_id: team.id,
        team_type: team.type,
        team_display_name: team.display_name,
        has_joined_team: joinedTeam,
      };
    },
    async listUsersOutside(place, pageNo, perPage) {
      const outside = [...ws.users.values()].filter(
        (u) => !ws.teamMembers.get(place.teamId)!.has(u.id),
      );
      return outside.slice(pageNo * perPage, (pageNo + 1) * perPage);
    },
    async getCommonTeams(channelId) {
      const members = [...ws.channelMembers.get(channelId)!];
      return [...ws.teams.values()].filter((t) =>
        members.every((id) => ws.teamMembers.get(t.id)!.has(id)),
      );
    },
    async searchTeams(term): Promise<Team[]> {
      return [...ws.teams.values()].filter((t) => t.allow_open_invite && t.name.startsWith(term));
    },
  }));
  const ctx = handlerContext(ws.gatewayFor(alice), { maxOutputChars: 800 });
  const [openPost, closedPost] = [...posts.keys()];
  return { ws, acme, open, group, general, outsiders, teams, ctx, openPost, closedPost };
}

describe('lookups across the server against a fake gateway', () => {
  it('get_post_info says where a post is and what it takes to read it', async () => {
    const f = world();
    const out = await callHandler(tool('get_post_info'), { post_id: f.openPost }, f.ctx);
    expect(out.structured).toMatchObject({
      channel_type: 'public',
      joined_channel: false,
      team: 'Openhouse',
      team_type: 'open',
      joined_team: false,
    });
    expect(out.text).toContain('join_team, then join_channel');
    await expect(
      callHandler(tool('get_post_info'), { post_id: f.closedPost }, f.ctx),
    ).rejects.toThrow(ToolError);
  });

  it('search_users_in pages through everyone outside a team without a term', async () => {
    const f = world();
    const pages = await allPages(tool('search_users_in'), { team: 'acme', outside: true }, f.ctx);
    const names = pages.flatMap((p) => (p.users as { username: string }[]).map((u) => u.username));
    expect(names.sort()).toEqual(f.outsiders.map((u) => u.username).sort());
    expect(pages.length).toBeGreaterThan(1);
    // A cursor belongs to its list: it cannot be replayed against another place.
    const first = await callHandler(
      tool('search_users_in'),
      { team: 'acme', outside: true },
      f.ctx,
    );
    await expect(
      callHandler(
        tool('search_users_in'),
        { channel: f.general.id, outside: true, cursor: first.structured.next_cursor },
        f.ctx,
      ),
    ).rejects.toThrow(/cursor/);
  });

  it('list_shared_teams takes a group message, and refuses a team channel', async () => {
    const f = world();
    const out = await callHandler(tool('list_shared_teams'), { channel: f.group.id }, f.ctx);
    expect((out.structured.teams as { id: string }[]).map((t) => t.id)).toEqual([f.acme.id]);
    await expect(
      callHandler(tool('list_shared_teams'), { channel: f.general.id }, f.ctx),
    ).rejects.toThrow(/group or direct/);
    await expect(callHandler(tool('list_shared_teams'), {}, f.ctx)).rejects.toThrow(
      /user or channel/,
    );
  });

  it('browse_teams with a term cuts Mattermost’s whole answer into pages', async () => {
    const f = world();
    const pages = await allPages(tool('browse_teams'), { term: 'proj' }, f.ctx);
    const ids = pages.flatMap((p) => (p.teams as { id: string }[]).map((t) => t.id));
    expect(ids.sort()).toEqual(f.teams.map((t) => t.id).sort());
    expect(pages.length).toBe(2);
  });
});
