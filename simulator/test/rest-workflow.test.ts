import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import type { Simulator } from '../src/index.js';
import { failure, startWithPeople, type Client, type Person } from './support/core.js';

// A realistic session against the simulator through the official client: a team, people and
// channels are created, people post, reply, react, pin, save, read and edit.
describe('REST workflow through Client4', () => {
  let sim: Simulator;
  let admin: Client;
  let alice: Person;
  let bob: Person;
  let carol: Person;
  let teamId: string;
  let channelId: string;
  let rootId: string;

  beforeAll(async () => {
    const started = await startWithPeople('alice', 'bob', 'carol');
    ({ sim, admin } = started);
    [alice, bob, carol] = [
      started.people['alice']!,
      started.people['bob']!,
      started.people['carol']!,
    ];
    const team = await admin.createTeam({ name: 'acme', display_name: 'Acme', type: 'O' } as never);
    teamId = team.id;
    for (const p of [alice, bob, carol]) await admin.addToTeam(teamId, p.id);
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('puts new team members in the default channels', async () => {
    const mine = await alice.client.getMyChannels(teamId);
    expect(mine.map((c) => c.name).sort()).toEqual(['off-topic', 'town-square']);
    const teams = await alice.client.getMyTeams();
    expect(teams.map((t) => t.name)).toEqual(['acme']);
    const stats = await alice.client.getTeamStats(teamId);
    expect(stats.total_member_count).toBe(4);
  });

  it('creates a channel, adds a member, and mentions count for the mentioned member only', async () => {
    const channel = await alice.client.createChannel({
      team_id: teamId,
      name: 'launch',
      display_name: 'Launch',
      type: 'O',
    });
    channelId = channel.id;
    expect(channel.id).toMatch(/^[a-z0-9]{26}$/);
    await alice.client.addToChannel(bob.id, channelId);
    const root = await alice.client.createPost({
      channel_id: channelId,
      message: 'Kick-off tomorrow @bob #launch',
    });
    rootId = root.id;
    expect(root.hashtags).toBe('#launch');
    const bobMember = await bob.client.getMyChannelMember(channelId);
    expect(bobMember.mention_count).toBe(1);
    const unread = await bob.client.getChannelMember(channelId, bob.id);
    expect(unread.msg_count).toBe(0);
    const aliceMember = await alice.client.getMyChannelMember(channelId);
    expect(aliceMember.mention_count).toBe(0);
    await bob.client.viewMyChannel(channelId);
    const viewed = await bob.client.getMyChannelMember(channelId);
    expect(viewed.mention_count).toBe(0);
    expect(viewed.msg_count).toBe(1);
  });

  it('replies in a thread and returns the thread newest first', async () => {
    const reply = await bob.client.createPost({
      channel_id: channelId,
      message: 'Sounds good',
      root_id: rootId,
    });
    expect(reply.root_id).toBe(rootId);
    const thread = await alice.client.getPostThread(rootId);
    expect(thread.order).toEqual([reply.id, rootId]);
    const root = await alice.client.getPost(rootId);
    expect(root.reply_count).toBe(1);
    expect(root.last_reply_at).toBe(reply.create_at);
    expect(root.participants?.map((p: { id: string }) => p.id)).toEqual([bob.id]);
  });

  it('tracks the thread for its author under collapsed threads', async () => {
    const list = await alice.client.getUserThreads(alice.id, teamId, {});
    const thread = list.threads.find((t) => t.id === rootId);
    expect(thread?.unread_replies).toBe(1);
    expect(thread?.participants).toEqual([{ id: bob.id }]);
    const extended = await alice.client.getUserThreads(alice.id, teamId, { extended: true });
    expect(
      extended.threads
        .find((t) => t.id === rootId)
        ?.participants.map((p) => (p as { username?: string }).username),
    ).toEqual(['bob']);
    expect(list.total_unread_threads).toBe(1);
    const read = await alice.client.updateThreadReadForUser(alice.id, teamId, rootId, Date.now());
    expect(read.unread_replies).toBe(0);
    await alice.client.updateThreadFollowForUser(alice.id, teamId, rootId, false);
    const after = await alice.client.getUserThreads(alice.id, teamId, {});
    expect(after.threads.find((t) => t.id === rootId)).toBeUndefined();
  });

  it('adds and removes reactions, visible in post metadata', async () => {
    const reaction = await bob.client.addReaction(bob.id, rootId, 'tada');
    expect(reaction).toMatchObject({ user_id: bob.id, post_id: rootId, emoji_name: 'tada' });
    const post = await alice.client.getPost(rootId);
    expect((post as { has_reactions?: boolean }).has_reactions).toBe(true);
    expect(post.metadata.reactions?.map((r) => r.emoji_name)).toEqual(['tada']);
    await bob.client.removeReaction(bob.id, rootId, 'tada');
    expect(await alice.client.getReactionsForPost(rootId)).toEqual([]);
  });

  it('pins, saves and lists flagged posts', async () => {
    await alice.client.pinPost(rootId);
    const pinned = await bob.client.getPinnedPosts(channelId);
    expect(pinned.order).toEqual([rootId]);
    expect((await bob.client.getChannelStats(channelId)).pinnedpost_count).toBe(1);
    await bob.client.savePreferences(bob.id, [
      { user_id: bob.id, category: 'flagged_post', name: rootId, value: 'true' },
    ]);
    const flagged = await bob.client.getFlaggedPosts(bob.id);
    expect(flagged.order).toEqual([rootId]);
  });

  it('pages channel posts with Mattermost cursors', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(
        (await alice.client.createPost({ channel_id: channelId, message: `update ${i}` })).id,
      );
    }
    const all = await alice.client.getPosts(channelId, 0, 100);
    // Seven posts people made, and the notice that alice added bob, the oldest post of the channel.
    const typeOf = (id: string) => all.posts[id]!.type;
    expect(all.order.filter((id) => !typeOf(id).startsWith('system_'))).toHaveLength(7);
    expect(all.order.map(typeOf).filter((type) => type.startsWith('system_'))).toEqual([
      'system_add_to_channel',
    ]);
    expect(typeOf(all.order.at(-1)!)).toBe('system_add_to_channel');
    expect(all.order.slice(0, 5)).toEqual([...created].reverse());
    const first = await alice.client.getPosts(channelId, 0, 3);
    expect(first.order).toEqual([created[4], created[3], created[2]]);
    expect(first.next_post_id).toBe('');
    expect(first.prev_post_id).toBe(created[1]);
    const before = await alice.client.getPostsBefore(channelId, created[2]!, 0, 2);
    expect(before.order).toEqual([created[1], created[0]]);
    expect(before.next_post_id).toBe(created[2]);
    const after = await alice.client.getPostsAfter(channelId, created[0]!, 0, 2);
    expect(after.order).toEqual([created[2], created[1]]);
    // Strictly after `since`, as Mattermost compares (`UpdateAt > since`).
    const at = all.posts[created[3]!]!.update_at;
    const since = await alice.client.getPostsSince(channelId, at - 1);
    expect(since.order).toEqual(expect.arrayContaining([created[3], created[4]]));
    expect((await alice.client.getPostsSince(channelId, at)).order).not.toContain(created[3]);
  });

  it('de-duplicates a retried post with the same pending_post_id', async () => {
    const pending = `${alice.id}:${Date.now()}`;
    const before = (await alice.client.getChannel(channelId)).total_msg_count;
    const a = await alice.client.createPost({
      channel_id: channelId,
      message: 'only once',
      pending_post_id: pending,
    });
    const b = await alice.client.createPost({
      channel_id: channelId,
      message: 'only once',
      pending_post_id: pending,
    });
    expect(b.id).toBe(a.id);
    expect((await alice.client.getChannel(channelId)).total_msg_count).toBe(before + 1);
    const other = await bob.client.createPost({
      channel_id: channelId,
      message: 'mine',
      pending_post_id: pending,
    });
    expect(other.id).not.toBe(a.id);
  });

  it('edits only its own posts and deletes them', async () => {
    const edited = await alice.client.patchPost({
      id: rootId,
      message: 'Kick-off moved to Friday @bob',
    });
    expect(edited.edit_at).toBeGreaterThan(0);
    expect((await failure(bob.client.patchPost({ id: rootId, message: 'hijack' }))).status).toBe(
      403,
    );
    const temp = await bob.client.createPost({ channel_id: channelId, message: 'typo' });
    await bob.client.deletePost(temp.id);
    expect((await failure(alice.client.getPost(temp.id))).status).toBe(404);
  });

  it('opens direct and group messages only to their members', async () => {
    const dm = await alice.client.createDirectChannel([alice.id, bob.id]);
    expect(dm.type).toBe('D');
    expect(dm.name).toBe([alice.id, bob.id].sort().join('__'));
    expect((await alice.client.createDirectChannel([bob.id, alice.id])).id).toBe(dm.id);
    await alice.client.createPost({ channel_id: dm.id, message: 'private hello' });
    expect((await bob.client.getMyChannelMember(dm.id)).mention_count).toBe(1);
    expect((await failure(carol.client.getPosts(dm.id))).status).toBe(403);
    const gm = await alice.client.createGroupChannel([alice.id, bob.id, carol.id]);
    expect(gm.type).toBe('G');
    expect((await carol.client.getChannel(gm.id)).id).toBe(gm.id);
  });

  it('archives, restores and converts channels', async () => {
    const side = await alice.client.createChannel({
      team_id: teamId,
      name: 'side',
      display_name: 'Side',
      type: 'O',
    });
    const patched = await alice.client.patchChannel(side.id, {
      header: 'new header',
      purpose: 'why',
    });
    expect(patched.header).toBe('new header');
    const kept = await alice.client.createPost({
      channel_id: side.id,
      message: 'before archiving',
    });
    const priv = await alice.client.updateChannelPrivacy(side.id, 'P');
    expect(priv.type).toBe('P');
    expect((await failure(carol.client.getChannel(side.id))).status).toBe(403);
    await alice.client.deleteChannel(side.id);
    expect((await alice.client.getChannel(side.id)).delete_at).toBeGreaterThan(0);
    const posting = await failure(alice.client.createPost({ channel_id: side.id, message: 'x' }));
    expect(posting.status).toBe(400);
    expect((await failure(alice.client.patchPost({ id: kept.id, message: 'edited' }))).id).toBe(
      'api.post.update_post.can_not_update_post_in_deleted.error',
    );
    const restored = await admin.unarchiveChannel(side.id);
    expect(restored.delete_at).toBe(0);
  });

  it('finds users and statuses', async () => {
    const found = await alice.client.searchUsers('bo', { team_id: teamId });
    expect(found.map((u) => u.username)).toEqual(['bob']);
    const byIds = await alice.client.getProfilesByIds([bob.id, carol.id]);
    expect(byIds.map((u) => u.username).sort()).toEqual(['bob', 'carol']);
    expect(byIds[0]).not.toHaveProperty('password');
    const auto = await alice.client.autocompleteUsers('car', teamId, channelId);
    expect(auto.out_of_channel?.map((u) => u.username)).toEqual(['carol']);
    const dndEnd = Math.floor(Date.now() / 1000) + 3600;
    await bob.client.updateStatus({
      user_id: bob.id,
      status: 'dnd',
      dnd_end_time: dndEnd,
    } as never);
    const statuses = await alice.client.getStatusesByIds([bob.id, alice.id]);
    expect(statuses.find((s) => s.user_id === bob.id)).toMatchObject({
      status: 'dnd',
      dnd_end_time: dndEnd,
      manual: true,
    });
    expect(statuses.find((s) => s.user_id === alice.id)?.status).toBe('online');
    await carol.client.updateCustomStatus({
      emoji: 'coffee',
      text: 'Break',
      duration: '' as never,
    });
    const carolProfile = await alice.client.getUser(carol.id);
    expect(JSON.parse(carolProfile.props['customStatus'] ?? '{}')).toMatchObject({
      emoji: 'coffee',
      text: 'Break',
    });
  });
});
