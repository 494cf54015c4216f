import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { startWithPeople, type Client, type Person } from './support/core.js';

// The system messages Mattermost posts when memberships and channels change: type, author and props.
describe('system messages', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;
  let teamId: string;
  let channelId: string;

  /** The channel's posts over REST, oldest first. */
  const postsOf = async (client: Client, id: string) => {
    const list = await client.getPosts(id, 0, 200);
    return [...list.order].reverse().map((postId) => list.posts[postId]!);
  };
  /** The channel's system messages in the order they were posted (several can share a millisecond). */
  const systemOf = (id: string) =>
    sim.context.store
      .postsOfChannel(id)
      .filter((p) => p.type.startsWith('system_'))
      .map((p) => ({ type: p.type, user_id: p.user_id, message: p.message, props: p.props }));

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob');
    ({ sim, admin } = started);
    [alice, bob] = [started.people['alice']!, started.people['bob']!];
    teamId = (await admin.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as never))
      .id;
    await admin.addToTeam(teamId, alice.id);
    await bob.client.addToTeam(teamId, bob.id);
    channelId = (
      await alice.client.createChannel({
        team_id: teamId,
        name: 'work',
        display_name: 'Work',
        type: 'O',
      })
    ).id;
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('announces team members in town-square and off-topic', async () => {
    const town = await admin.getChannelByName(teamId, 'town-square');
    const offTopic = await admin.getChannelByName(teamId, 'off-topic');
    expect(systemOf(town.id)).toEqual([
      {
        type: 'system_add_to_team',
        user_id: sim.admin.id,
        message: 'alice added to the team by sysadmin.',
        props: {
          userId: sim.admin.id,
          username: 'sysadmin',
          addedUserId: alice.id,
          addedUsername: 'alice',
        },
      },
      {
        type: 'system_join_team',
        user_id: bob.id,
        message: 'bob joined the team.',
        props: { username: 'bob' },
      },
    ]);
    expect(systemOf(offTopic.id).map((p) => [p.type, p.user_id])).toEqual([
      ['system_add_to_channel', sim.admin.id],
      ['system_join_channel', bob.id],
    ]);
  });

  it('gives the creator of a channel no join message, and the ones who join or are added one each', async () => {
    expect(systemOf(channelId)).toEqual([]);
    await bob.client.addToChannel(bob.id, channelId);
    await alice.client.addToChannel(sim.admin.id, channelId);
    expect(systemOf(channelId)).toEqual([
      {
        type: 'system_join_channel',
        user_id: bob.id,
        message: 'bob joined the channel.',
        props: { username: 'bob' },
      },
      {
        type: 'system_add_to_channel',
        user_id: alice.id,
        message: 'sysadmin added to the channel by alice.',
        props: {
          userId: alice.id,
          username: 'alice',
          addedUserId: sim.admin.id,
          addedUsername: 'sysadmin',
        },
      },
    ]);
  });

  it('keeps membership notices out of message counts and unread state', async () => {
    const before = await admin.getChannel(channelId);
    await bob.client.removeFromChannel(bob.id, channelId);
    await bob.client.addToChannel(bob.id, channelId);
    const after = await admin.getChannel(channelId);
    expect(after.total_msg_count).toBe(before.total_msg_count);
    expect(after.last_post_at).toBeGreaterThanOrEqual(before.last_post_at);
    const member = await alice.client.getMyChannelMember(channelId);
    expect(after.total_msg_count - member.msg_count).toBe(0);
  });

  it('announces leaving and removal with the user as @username', async () => {
    await alice.client.removeFromChannel(bob.id, channelId);
    const notices = systemOf(channelId).slice(-3);
    expect(notices).toEqual([
      {
        type: 'system_leave_channel',
        user_id: bob.id,
        message: '@bob left the channel.',
        props: { username: 'bob' },
      },
      expect.objectContaining({ type: 'system_join_channel', user_id: bob.id }),
      {
        type: 'system_remove_from_channel',
        user_id: alice.id,
        message: '@bob removed from the channel.',
        props: { removedUserId: bob.id, removedUsername: 'bob' },
      },
    ]);
  });

  it('announces display name, header and purpose changes with the old and new values', async () => {
    await alice.client.patchChannel(channelId, {
      display_name: 'Work room',
      header: 'Stand-up 9:30',
    });
    await alice.client.patchChannel(channelId, { header: 'Stand-up 10:00', purpose: 'Daily work' });
    await alice.client.patchChannel(channelId, { header: '' });
    await alice.client.patchChannel(channelId, { purpose: 'Daily work' });
    const changes = systemOf(channelId).slice(-5);
    expect(changes).toEqual([
      {
        type: 'system_displayname_change',
        user_id: alice.id,
        message: 'alice updated the channel display name from: Work to: Work room',
        props: { username: 'alice', old_displayname: 'Work', new_displayname: 'Work room' },
      },
      {
        type: 'system_header_change',
        user_id: alice.id,
        message: 'alice updated the channel header to: Stand-up 9:30',
        props: { username: 'alice', old_header: '', new_header: 'Stand-up 9:30' },
      },
      {
        type: 'system_header_change',
        user_id: alice.id,
        message: 'alice updated the channel header from: Stand-up 9:30 to: Stand-up 10:00',
        props: { username: 'alice', old_header: 'Stand-up 9:30', new_header: 'Stand-up 10:00' },
      },
      {
        type: 'system_purpose_change',
        user_id: alice.id,
        message: 'alice updated the channel purpose to: Daily work',
        props: { username: 'alice', old_purpose: '', new_purpose: 'Daily work' },
      },
      {
        type: 'system_header_change',
        user_id: alice.id,
        message: 'alice removed the channel header (was: Stand-up 10:00)',
        props: { username: 'alice', old_header: 'Stand-up 10:00', new_header: '' },
      },
    ]);
  });

  it('announces archiving and restoring', async () => {
    await alice.client.deleteChannel(channelId);
    await admin.unarchiveChannel(channelId);
    expect(systemOf(channelId).slice(-2)).toEqual([
      {
        type: 'system_channel_deleted',
        user_id: alice.id,
        message: 'alice archived the channel.',
        props: { username: 'alice' },
      },
      {
        type: 'system_channel_restored',
        user_id: sim.admin.id,
        message: 'sysadmin unarchived the channel.',
        props: { username: 'sysadmin' },
      },
    ]);
  });

  it('publishes the notices as posted events', async () => {
    const seen: string[] = [];
    const unsubscribe = sim.context.bus.subscribe((event) => {
      if (event.event === 'posted')
        seen.push((JSON.parse(String(event.data['post'])) as { type: string }).type);
    });
    try {
      await bob.client.addToChannel(bob.id, channelId);
    } finally {
      unsubscribe();
    }
    expect(seen).toEqual(['system_join_channel']);
  });

  it('posts nothing in direct and group messages', async () => {
    const dm = await alice.client.createDirectChannel([alice.id, bob.id]);
    await alice.client.patchChannel(dm.id, { header: 'Our notes' });
    const gm = await alice.client.createGroupChannel([alice.id, bob.id, sim.admin.id]);
    await alice.client.patchChannel(gm.id, { header: 'Trio' });
    expect(await postsOf(alice.client, dm.id)).toEqual([]);
    expect(await postsOf(alice.client, gm.id)).toEqual([]);
  });

  it('announces a user leaving the team and one removed from it in town-square', async () => {
    const town = await admin.getChannelByName(teamId, 'town-square');
    await bob.client.removeFromTeam(teamId, bob.id);
    await admin.removeFromTeam(teamId, alice.id);
    expect(systemOf(town.id).slice(-2)).toEqual([
      {
        type: 'system_leave_team',
        user_id: bob.id,
        message: 'bob left the team.',
        props: { username: 'bob' },
      },
      {
        type: 'system_remove_from_team',
        user_id: sim.admin.id,
        message: 'alice removed from the team.',
        props: {
          userId: sim.admin.id,
          username: 'sysadmin',
          removedUserId: alice.id,
          removedUsername: 'alice',
        },
      },
    ]);
    // Leaving the team drops its channels without a notice in each.
    expect(systemOf(channelId).at(-1)?.type).toBe('system_join_channel');
  });
});
