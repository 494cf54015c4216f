import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { ServerEvent, Simulator } from '../src/index.js';
import { startWithPeople, type Client, type Person } from './support/core.js';

// The events the REST handlers publish for the WebSocket hub: Mattermost's names, payloads and
// broadcast targets.
describe('published events', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let teamId: string;
  const events: ServerEvent[] = [];
  const take = (name: string) => events.filter((e) => e.event === name);

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob', 'carol');
    ({ sim, admin } = started);
    [alice, bob, carol] = [
      started.people['alice']!,
      started.people['bob']!,
      started.people['carol']!,
    ];
    teamId = (await admin.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as never))
      .id;
    sim.context.bus.subscribe((e) => events.push(e));
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('announces team and channel membership', async () => {
    await admin.addToTeam(teamId, alice.id);
    await admin.addToTeam(teamId, bob.id);
    await admin.addToTeam(teamId, carol.id);
    expect(take('added_to_team').map((e) => [e.data, e.broadcast])).toContainEqual([
      { team_id: teamId, user_id: alice.id },
      { user_id: alice.id },
    ]);
    const channel = await alice.client.createChannel({
      team_id: teamId,
      name: 'ev',
      display_name: 'Ev',
      type: 'O',
    });
    expect(take('channel_created').at(-1)).toMatchObject({
      data: { channel_id: channel.id, team_id: teamId },
      broadcast: { user_id: alice.id },
    });
    await alice.client.addToChannel(bob.id, channel.id);
    expect(take('user_added').at(-1)).toMatchObject({
      data: { user_id: bob.id, team_id: teamId },
      broadcast: { channel_id: channel.id },
    });
    await alice.client.removeFromChannel(bob.id, channel.id);
    const removed = take('user_removed').slice(-2);
    expect(removed[0]).toMatchObject({
      data: { user_id: bob.id, remover_id: alice.id },
      broadcast: { channel_id: channel.id },
    });
    expect(removed[1]).toMatchObject({
      data: { channel_id: channel.id, remover_id: alice.id },
      broadcast: { user_id: bob.id },
    });
    await alice.client.patchChannel(channel.id, { purpose: 'events' });
    const updated = take('channel_updated').at(-1)!;
    expect(JSON.parse(updated.data['channel'] as string).purpose).toBe('events');
    await alice.client.deleteChannel(channel.id);
    expect(take('channel_deleted').at(-1)).toMatchObject({
      data: { channel_id: channel.id },
      broadcast: { team_id: teamId },
    });
  });

  it('sends posted with channel data and per-user mentions and followers', async () => {
    const town = await alice.client.getChannelByName(teamId, 'town-square');
    const root = await alice.client.createPost({ channel_id: town.id, message: 'hello @bob' });
    const posted = take('posted').at(-1)!;
    expect(posted.broadcast).toEqual({ channel_id: town.id });
    expect(posted.data).toMatchObject({
      channel_type: 'O',
      channel_name: 'town-square',
      channel_display_name: 'Town Square',
      sender_name: '@alice',
      team_id: teamId,
      set_online: true,
    });
    expect(JSON.parse(posted.data['post'] as string)).toMatchObject({
      id: root.id,
      message: 'hello @bob',
    });
    expect(posted.perUser).toEqual({ [bob.id]: { mentions: JSON.stringify([bob.id]) } });

    await carol.client.createPost({
      channel_id: town.id,
      message: 'count me in',
      root_id: root.id,
    });
    const reply = take('posted').at(-1)!;
    // alice wrote the root, so she follows the thread; carol wrote the reply and is not told.
    expect(reply.perUser?.[alice.id]).toEqual({ followers: JSON.stringify([alice.id]) });
    expect(reply.perUser?.[carol.id]).toBeUndefined();
    expect(take('thread_updated').some((e) => e.broadcast.user_id === alice.id)).toBe(true);

    const dm = await alice.client.createDirectChannel([alice.id, carol.id]);
    expect(take('direct_added').at(-1)).toMatchObject({
      data: { creator_id: alice.id, teammate_id: carol.id },
      broadcast: { channel_id: dm.id },
    });
    await alice.client.createPost({ channel_id: dm.id, message: 'psst' });
    const direct = take('posted').at(-1)!;
    expect(direct.data).toMatchObject({
      channel_type: 'D',
      channel_display_name: '@alice',
      team_id: '',
    });
    expect(direct.perUser).toEqual({ [carol.id]: { mentions: JSON.stringify([carol.id]) } });
  });

  it('sends edits, deletions and reactions as JSON strings', async () => {
    const town = await alice.client.getChannelByName(teamId, 'town-square');
    const post = await bob.client.createPost({ channel_id: town.id, message: 'first' });
    await bob.client.patchPost({ id: post.id, message: 'second' });
    expect(JSON.parse(take('post_edited').at(-1)!.data['post'] as string).message).toBe('second');
    await alice.client.addReaction(alice.id, post.id, 'eyes');
    const added = take('reaction_added').at(-1)!;
    expect(JSON.parse(added.data['reaction'] as string)).toMatchObject({
      user_id: alice.id,
      post_id: post.id,
      emoji_name: 'eyes',
    });
    expect(added.broadcast).toEqual({ channel_id: town.id });
    await alice.client.removeReaction(alice.id, post.id, 'eyes');
    expect(take('reaction_removed')).toHaveLength(1);
    await bob.client.deletePost(post.id);
    const deleted = take('post_deleted').at(-1)!;
    expect(JSON.parse(deleted.data['post'] as string).id).toBe(post.id);
    // Only admins' copies say who deleted it.
    expect(deleted.data['delete_by']).toBeUndefined();
    expect(Object.values(deleted.perUser ?? {})).toContainEqual({ delete_by: bob.id });
  });

  it('leaves the sender’s own connection out of bookmark events', async () => {
    const town = await alice.client.getChannelByName(teamId, 'town-square');
    await alice.client.createChannelBookmark(
      town.id,
      { display_name: 'Wiki', type: 'link', link_url: 'https://wiki.example.com' },
      'conn-123',
    );
    const created = take('channel_bookmark_created').at(-1)!;
    expect(created.broadcast).toEqual({ channel_id: town.id, omit_connection_id: 'conn-123' });
  });

  it('tells only the user about their status, everyone about profiles and config', async () => {
    await bob.client.updateStatus({ user_id: bob.id, status: 'away' } as never);
    expect(take('status_change').at(-1)).toEqual({
      event: 'status_change',
      data: { status: 'away', user_id: bob.id },
      broadcast: { user_id: bob.id },
    });
    await bob.client.patchMe({ nickname: 'B' } as never);
    const updated = take('user_updated').at(-1)!;
    expect((updated.data['user'] as { nickname: string }).nickname).toBe('B');
    expect(updated.broadcast).toEqual({});
    expect((updated.data['user'] as Record<string, unknown>)['password']).toBeUndefined();
    await admin.patchConfig({ TeamSettings: { SiteName: 'Acme Chat' } } as never);
    const config = take('config_changed').at(-1)!;
    expect(config.broadcast).toEqual({});
    expect((config.data['config'] as Record<string, string>)['SiteName']).toBe('Acme Chat');
    const user = await admin.createUser(
      { username: 'dora', email: 'dora@example.com', password: 'Passw0rd!-long' } as never,
      '',
      '',
    );
    expect(take('new_user').at(-1)).toEqual({
      event: 'new_user',
      data: { user_id: user.id },
      broadcast: {},
    });
    await admin.removeFromTeam(teamId, carol.id);
    expect(take('leave_team').map((e) => e.broadcast)).toEqual(
      expect.arrayContaining([{ team_id: teamId }, { user_id: carol.id }]),
    );
  });
});
