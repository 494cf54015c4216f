import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { failure, startWithPeople, type Client, type Person } from './support/core.js';

// Finding things across the server, and archiving a team's default channel, as a default
// Mattermost answers them.
describe('discovery and archiving over REST', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let outsider: Person;
  let teamId: string;

  /** A raw POST as `who`: these routes have no Client4 method with the bodies under test. */
  async function post(who: Person, path: string, body: unknown) {
    const res = await fetch(`${sim.url}/api/v4${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'outsider');
    ({ sim, admin } = started);
    alice = started.people['alice']!;
    outsider = started.people['outsider']!;
    teamId = (await admin.createTeam({ name: 'crew', display_name: 'Crew', type: 'O' } as never))
      .id;
    await admin.addToTeam(teamId, alice.id);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('refuses to archive town-square, after saying an archived channel is archived', async () => {
    const town = await admin.getChannelByName(teamId, 'town-square');
    expect(await failure(admin.deleteChannel(town.id))).toEqual({
      status: 400,
      id: 'api.channel.delete_channel.cannot.app_error',
    });
    const gone = await admin.createChannel({
      team_id: teamId,
      name: 'gone',
      display_name: 'Gone',
      type: 'O',
    } as never);
    await admin.deleteChannel(gone.id);
    expect(await failure(admin.deleteChannel(gone.id))).toEqual({
      status: 400,
      id: 'api.channel.delete_channel.deleted.app_error',
    });
  });

  it("gives a post's team type from whether the team is open to anyone", async () => {
    const team = await admin.createTeam({
      name: 'mixed',
      display_name: 'Mixed',
      type: 'O',
    } as never);
    const town = await admin.getChannelByName(team.id, 'town-square');
    const made = await admin.createPost({ channel_id: town.id, message: 'hello' } as never);
    expect((await admin.getPostInfo(made.id)).team_type).toBe('O');
    // The team keeps its type; with open invitations off, Mattermost calls it invite-only.
    await admin.patchTeam({ id: team.id, allow_open_invite: false } as never);
    expect((await admin.getTeam(team.id)).type).toBe('O');
    expect((await admin.getPostInfo(made.id)).team_type).toBe('I');
  });

  it('searches archived channels with an empty term, for team members only', async () => {
    const old = await admin.createChannel({
      team_id: teamId,
      name: 'old-news',
      display_name: 'Old news',
      type: 'O',
    } as never);
    await admin.deleteChannel(old.id);
    const all = await post(alice, `/teams/${teamId}/channels/search_archived`, { term: '' });
    expect(all.status).toBe(200);
    expect((all.body as unknown as { id: string }[]).map((c) => c.id)).toContain(old.id);
    const outside = await post(outsider, `/teams/${teamId}/channels/search_archived`, {
      term: 'old',
    });
    expect([outside.status, outside.body['id']]).toEqual([
      404,
      'app.team.get_member.missing.app_error',
    ]);
  });

  it('pages a team search only for those who may list every team', async () => {
    const paged = { term: 'cr', page: 0, per_page: 10 };
    const refused = await post(alice, '/teams/search', paged);
    expect([refused.status, refused.body['id']]).toEqual([
      501,
      'api.team.search_teams.pagination_not_implemented.public_team_search',
    ]);
    expect((await post(alice, '/teams/search', { term: 'cr', page: 0 })).status).toBe(501);
    const plain = await post(alice, '/teams/search', { term: 'cr' });
    expect(plain.status).toBe(200);
    const asAdmin = await admin.searchTeams('cr', { page: 0, per_page: 10 });
    expect(asAdmin).toMatchObject({ total_count: 1 });
  });
});
