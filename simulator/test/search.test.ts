import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createPost } from '../src/services/posts.js';
import { createTeam, addTeamMember } from '../src/services/teams.js';
import { startWorkspace, type Workspace } from './support/workspace.js';

let w: Workspace;
const day = (d: string, hour = 12) => Date.parse(`${d}T${String(hour).padStart(2, '0')}:00:00Z`);

beforeAll(async () => {
  w = await startWorkspace();
  const ctx = w.sim.context;
  const post = (user: { id: string }, channelId: string, message: string, at: number) =>
    createPost(ctx, user.id, { channel_id: channelId, message, create_at: at }).post;
  post(w.alice, w.town.id, 'Deploy the API gateway today', day('2026-01-10'));
  post(w.bob, w.town.id, 'The release notes are ready #release', day('2026-01-11'));
  post(w.bob, w.town.id, 'notes about the next release, draft', day('2026-01-12'));
  post(w.carol, w.town.id, 'deployment finished without errors', day('2026-01-13'));
  post(w.alice, w.secret.id, 'secret deploy plan', day('2026-01-14'));
  post(w.bob, w.town.id, `ping @${w.alice.username} about the gateway`, day('2026-01-15'));
  // Another team that alice belongs to, and a post there.
  const other = createTeam(ctx, { name: 'support', display_name: 'Support' }, w.admin.id);
  addTeamMember(ctx, other.id, w.alice.id);
  post(
    w.alice,
    ctx.store.channelByName(other.id, 'town-square')!.id,
    'deploy support tooling',
    day('2026-01-16'),
  );
});

afterAll(async () => {
  await w.stop();
});

const search = async (
  who: Workspace['alice'],
  terms: string,
  extra: Record<string, unknown> = {},
  teamId = w.team.id,
) => {
  const list = await who.client.searchPostsWithParams(teamId, {
    terms,
    is_or_search: false,
    ...extra,
  } as never);
  return list.order.map((id) => list.posts[id]!.message);
};

describe('post search', () => {
  it('finds whole words case-insensitively, newest first, in channels the searcher belongs to', async () => {
    expect(await search(w.alice, 'DEPLOY')).toEqual([
      'secret deploy plan',
      'Deploy the API gateway today',
    ]);
    expect(await search(w.carol, 'deploy')).toEqual(['Deploy the API gateway today']);
  });

  it('matches prefixes, phrases, exclusions and any-term searches', async () => {
    expect(await search(w.carol, 'deploy*')).toEqual([
      'deployment finished without errors',
      'Deploy the API gateway today',
    ]);
    expect(await search(w.alice, '"release notes"')).toEqual([
      'The release notes are ready #release',
    ]);
    expect(await search(w.alice, 'notes -draft')).toEqual(['The release notes are ready #release']);
    expect(await search(w.alice, 'gateway errors', { is_or_search: true })).toEqual([
      `ping @${w.alice.username} about the gateway`,
      'deployment finished without errors',
      'Deploy the API gateway today',
    ]);
  });

  it('filters by author, channel and date', async () => {
    expect(await search(w.alice, 'from:bob notes')).toEqual([
      'notes about the next release, draft',
      'The release notes are ready #release',
    ]);
    expect(await search(w.alice, 'deploy in:secret')).toEqual(['secret deploy plan']);
    expect(await search(w.alice, 'deploy in:~town-square')).toEqual([
      'Deploy the API gateway today',
    ]);
    expect(await search(w.alice, 'on:2026-01-11')).toEqual([
      'The release notes are ready #release',
    ]);
    expect(await search(w.alice, 'notes after:2026-01-11')).toEqual([
      'notes about the next release, draft',
    ]);
    expect(await search(w.alice, 'deploy before:2026-01-14')).toEqual([
      'Deploy the API gateway today',
    ]);
    expect(await search(w.alice, 'from:nobody deploy')).toEqual([]);
  });

  it('finds hashtags and mentions', async () => {
    expect(await search(w.alice, '#release')).toEqual(['The release notes are ready #release']);
    expect(await search(w.alice, `@${w.alice.username}`)).toEqual([
      `ping @${w.alice.username} about the gateway`,
    ]);
  });

  it('returns a PostList with matches, pages, and searches every team at /posts/search', async () => {
    const list = await w.alice.client.searchPostsWithParams(w.team.id, {
      terms: 'deploy',
      per_page: 1,
      page: 1,
    } as never);
    expect(list.order).toHaveLength(1);
    expect(list.posts[list.order[0]!]!.message).toBe('Deploy the API gateway today');
    expect(
      (list as unknown as { matches: Record<string, string[]> }).matches[list.order[0]!],
    ).toEqual(['deploy']);
    expect(await search(w.alice, 'deploy', {}, '')).toEqual([
      'deploy support tooling',
      'secret deploy plan',
      'Deploy the API gateway today',
    ]);
    await expect(
      search(w.carol, 'deploy', {}, w.sim.context.store.teamByName('support')!.id),
    ).rejects.toMatchObject({
      status_code: 403,
    });
  });
});

describe('file search', () => {
  it("finds attached files by name and extension in the searcher's channels", async () => {
    const upload = async (name: string, channelId: string) => {
      const form = new FormData();
      form.append('channel_id', channelId);
      form.append('files', new Blob(['content']), name);
      const { file_infos } = await w.alice.client.uploadFile(form);
      await w.alice.client.createPost({
        channel_id: channelId,
        message: 'file',
        file_ids: [file_infos[0]!.id],
      } as never);
    };
    await upload('quarterly-report.pdf', w.town.id);
    await upload('quarterly-budget.xlsx', w.town.id);
    await upload('quarterly-secret.pdf', w.secret.id);
    const names = async (who: Workspace['alice'], terms: string) => {
      const list = await who.client.searchFilesWithParams(w.team.id, { terms } as never);
      const infos = list.file_infos as unknown as Record<string, { name: string }>;
      return list.order.map((id) => infos[id]!.name);
    };
    expect(await names(w.alice, 'quarterly')).toEqual([
      'quarterly-secret.pdf',
      'quarterly-budget.xlsx',
      'quarterly-report.pdf',
    ]);
    expect(await names(w.carol, 'quarterly')).toEqual([
      'quarterly-budget.xlsx',
      'quarterly-report.pdf',
    ]);
    expect(await names(w.alice, 'quarterly ext:pdf')).toEqual([
      'quarterly-secret.pdf',
      'quarterly-report.pdf',
    ]);
    expect(await names(w.alice, 'budget')).toEqual(['quarterly-budget.xlsx']);
    const all = await w.carol.client.searchFilesWithParams('', { terms: 'report' } as never);
    expect(all.order).toHaveLength(1);
  });
});
