import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { clientFor, failure, startWithPeople, type Client, type Person } from './support/core.js';

// Who may see and do what, with Mattermost's status codes and error ids.
describe('REST permissions and errors', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;
  let outsider: Person;
  let teamId: string;
  let privateId: string;
  let publicId: string;
  let postId: string;

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob', 'outsider');
    ({ sim, admin } = started);
    [alice, bob, outsider] = [
      started.people['alice']!,
      started.people['bob']!,
      started.people['outsider']!,
    ];
    teamId = (await admin.createTeam({ name: 'team', display_name: 'Team', type: 'O' } as never))
      .id;
    await admin.addToTeam(teamId, alice.id);
    await admin.addToTeam(teamId, bob.id);
    privateId = (
      await alice.client.createChannel({
        team_id: teamId,
        name: 'hush',
        display_name: 'Hush',
        type: 'P',
      })
    ).id;
    publicId = (
      await alice.client.createChannel({
        team_id: teamId,
        name: 'open',
        display_name: 'Open',
        type: 'O',
      })
    ).id;
    postId = (await alice.client.createPost({ channel_id: privateId, message: 'secret plan' })).id;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('answers 401 without a token or with a bad one', async () => {
    expect(await failure(clientFor(sim.url).getMe())).toEqual({
      status: 401,
      id: 'api.context.session_expired.app_error',
    });
    expect((await failure(clientFor(sim.url, 'nottherighttoken123456789').getMe())).status).toBe(
      401,
    );
  });

  it('keeps private channels to their members', async () => {
    expect(await failure(bob.client.getChannel(privateId))).toEqual({
      status: 403,
      id: 'api.context.permissions.app_error',
    });
    expect((await failure(bob.client.getPosts(privateId))).status).toBe(403);
    expect((await failure(bob.client.getPost(postId))).status).toBe(403);
    expect(
      (await failure(bob.client.createPost({ channel_id: privateId, message: 'let me in' })))
        .status,
    ).toBe(403);
    expect((await failure(bob.client.addToChannel(bob.id, privateId))).status).toBe(403);
    expect((await failure(bob.client.getChannelByName(teamId, 'hush'))).status).toBe(403);
    const mine = await bob.client.getMyChannels(teamId);
    expect(mine.map((c) => c.id)).not.toContain(privateId);
    // Viewing touches only an existing membership, and refuses nothing (as Mattermost does).
    expect(await bob.client.viewMyChannel(privateId)).toEqual({
      status: 'OK',
      last_viewed_at_times: {},
    });
    // Admins see everything.
    expect((await admin.getPost(postId)).message).toBe('secret plan');
  });

  it('lets team members read and join public channels, not outsiders', async () => {
    expect((await bob.client.getChannel(publicId)).name).toBe('open');
    await bob.client.addToChannel(bob.id, publicId);
    expect((await failure(outsider.client.getChannel(publicId))).status).toBe(403);
    expect((await failure(outsider.client.getMyChannels(teamId))).status).toBe(403);
    expect((await failure(outsider.client.addToChannel(outsider.id, publicId))).status).toBe(403);
    expect((await failure(outsider.client.getTeamMembers(teamId))).status).toBe(403);
  });

  it('keeps admin endpoints to admins', async () => {
    expect((await failure(alice.client.getConfig())).status).toBe(403);
    expect(
      (
        await failure(
          alice.client.patchConfig({ ServiceSettings: { EnableDeveloper: true } } as never),
        )
      ).status,
    ).toBe(403);
    expect(
      (await failure(alice.client.updateUserRoles(bob.id, 'system_user system_admin'))).status,
    ).toBe(403);
    expect(
      (await failure(alice.client.patchUser({ id: bob.id, nickname: 'hacked' } as never))).status,
    ).toBe(403);
    expect(
      (await failure(alice.client.updateStatus({ user_id: bob.id, status: 'away' } as never)))
        .status,
    ).toBe(403);
    expect((await failure(alice.client.getUserPreferences(bob.id))).status).toBe(403);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const unknown = 'abcdefghijklmnopqrstuvwxyz';
    expect((await failure(alice.client.getPost(unknown))).status).toBe(404);
    expect((await failure(alice.client.getUser(unknown))).status).toBe(404);
    expect((await failure(alice.client.getChannel(unknown))).status).toBe(404);
    expect((await failure(alice.client.getTeam(unknown))).status).toBe(404);
    expect((await failure(alice.client.getUserByUsername('nobody'))).status).toBe(404);
    expect(await failure(alice.client.getPost('not-an-id'))).toEqual({
      status: 400,
      id: 'api.context.invalid_url_param.app_error',
    });
  });

  it('answers 400 with Mattermost ids for bad input', async () => {
    expect(await failure(alice.client.createPost({ channel_id: '', message: 'x' }))).toEqual({
      status: 400,
      id: 'api.context.invalid_param.app_error',
    });
    expect(
      (
        await failure(
          alice.client.createChannel({
            team_id: teamId,
            name: 'open',
            display_name: 'Again',
            type: 'O',
          }),
        )
      ).id,
    ).toBe('store.sql_channel.save_channel.exists.app_error');
    expect(
      (
        await failure(
          alice.client.createPost({
            channel_id: publicId,
            message: 'x',
            root_id: 'abcdefghijklmnopqrstuvwxyz',
          }),
        )
      ).id,
    ).toBe('api.post.create_post.root_id.app_error');
    expect(
      (await failure(alice.client.addReaction(alice.id, postId, 'not an emoji!'))).status,
    ).toBe(400);
    expect(
      (
        await failure(
          admin.createUser(
            { username: 'alice', email: 'x@example.com', password: 'Passw0rd!-long' } as never,
            '',
            '',
          ),
        )
      ).id,
    ).toBe('app.user.save.username_exists.app_error');
  });

  it('lets only the author or an admin delete a post', async () => {
    const mine = await alice.client.createPost({ channel_id: publicId, message: 'mine' });
    expect((await failure(bob.client.deletePost(mine.id))).status).toBe(403);
    await admin.deletePost(mine.id);
    expect((await failure(alice.client.getPost(mine.id))).status).toBe(404);
  });

  it('refuses deactivated users their tokens', async () => {
    await admin.updateUserActive(outsider.id, false);
    expect((await failure(outsider.client.getMe())).status).toBe(401);
    await admin.updateUserActive(outsider.id, true);
    expect((await outsider.client.getMe()).username).toBe('outsider');
  });
});
