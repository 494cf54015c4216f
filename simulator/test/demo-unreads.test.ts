import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startSimulator, type Simulator } from '../src/index.js';
import { isJoinLeaveType } from '../src/services/system-posts.js';
import { clientFor } from './support/core.js';

// The demo's read state: what Mattermost's apps show as unread comes from each member's counts
// against the channel's (`total_msg_count_root - msg_count_root` with collapsed threads), so the
// counts must agree with the posts each person has not seen.
describe('demo seed unreads', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 'demo' });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('counts as unread exactly the root posts newer than what each member last viewed', () => {
    const { store } = sim.context;
    const disagreeing: string[] = [];
    for (const channel of store.channels.values()) {
      const roots = store
        .postsOfChannel(channel.id)
        .filter((p) => p.root_id === '' && !isJoinLeaveType(p.type));
      for (const member of store.channelMembersOf(channel.id)) {
        const counted = channel.total_msg_count_root - member.msg_count_root;
        const unseen = roots.filter((p) => p.create_at > member.last_viewed_at).length;
        if (counted !== unseen)
          disagreeing.push(
            `${channel.name} for ${store.user(member.user_id)?.username}: ${counted} counted, ${unseen} unseen`,
          );
      }
    }
    expect(disagreeing).toEqual([]);
  });

  it('shows alice one unread post in Engineering, Incidents and her DM with bob, nothing else', async () => {
    const alice = clientFor(sim.url, sim.users['alice']!.token);
    const bobId = sim.users['bob']!.id;
    const unread: Record<string, number> = {};
    for (const team of await alice.getMyTeams()) {
      const channels = await alice.getMyChannels(team.id);
      for (const member of await alice.getMyChannelMembers(team.id)) {
        const channel = channels.find((c) => c.id === member.channel_id)!;
        const count = channel.total_msg_count_root - member.msg_count_root;
        const label =
          channel.type === 'D'
            ? `DM ${channel.name.includes(bobId) ? 'bob' : channel.name}`
            : channel.display_name;
        if (count > 0) unread[label] = count;
      }
    }
    expect(unread).toEqual({ Engineering: 1, Incidents: 1, 'DM bob': 1 });
  });
});
