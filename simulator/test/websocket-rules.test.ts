import { describe, expect, it } from '@jest/globals';

import { dataFor, shouldDeliver, wireBroadcast } from '../src/websocket/delivery.js';
import { ReplayQueue } from '../src/websocket/replay-queue.js';
import type { ServerEvent } from '../src/events.js';

const members = {
  channels: { c1: ['alice', 'bob'] } as Record<string, string[]>,
  teams: { t1: ['alice'] } as Record<string, string[]>,
};
const lookup = {
  isChannelMember: (c: string, u: string) => members.channels[c]?.includes(u) ?? false,
  isTeamMember: (t: string, u: string) => members.teams[t]?.includes(u) ?? false,
};
const ev = (event: string, broadcast: ServerEvent['broadcast']): ServerEvent => ({
  event,
  data: {},
  broadcast,
});
const alice = { connectionId: 'k1', userId: 'alice' };
const bob = { connectionId: 'k2', userId: 'bob' };
const carol = { connectionId: 'k3', userId: 'carol' };

describe('shouldDeliver', () => {
  it('follows connection_id, omit_connection_id, user_id and omit_users in that order', () => {
    expect(shouldDeliver(ev('x', { connection_id: 'k1', user_id: 'bob' }), alice, lookup)).toBe(
      true,
    );
    expect(shouldDeliver(ev('x', { connection_id: 'k1' }), bob, lookup)).toBe(false);
    expect(shouldDeliver(ev('x', { omit_connection_id: 'k1' }), alice, lookup)).toBe(false);
    expect(shouldDeliver(ev('x', { user_id: 'bob' }), bob, lookup)).toBe(true);
    expect(shouldDeliver(ev('x', { user_id: 'bob' }), alice, lookup)).toBe(false);
    expect(shouldDeliver(ev('x', { user_id: 'bob', omit_users: { bob: true } }), bob, lookup)).toBe(
      true,
    );
    expect(
      shouldDeliver(ev('x', { omit_users: { bob: true }, channel_id: 'c1' }), bob, lookup),
    ).toBe(false);
  });

  it('sends channel and team events to current members only, everything else to all', () => {
    expect(shouldDeliver(ev('posted', { channel_id: 'c1' }), bob, lookup)).toBe(true);
    expect(shouldDeliver(ev('posted', { channel_id: 'c1' }), carol, lookup)).toBe(false);
    expect(shouldDeliver(ev('x', { team_id: 't1' }), alice, lookup)).toBe(true);
    expect(shouldDeliver(ev('x', { team_id: 't1' }), bob, lookup)).toBe(false);
    expect(shouldDeliver(ev('x', {}), carol, lookup)).toBe(true);
  });

  it('sends typing and reactions only where the connection looks, or when it never said', () => {
    const looking = { ...bob, presenceChannelId: 'c1' };
    const elsewhere = { ...bob, presenceChannelId: 'c9' };
    for (const name of ['typing', 'reaction_added', 'reaction_removed']) {
      expect(shouldDeliver(ev(name, { channel_id: 'c1' }), bob, lookup)).toBe(true);
      expect(shouldDeliver(ev(name, { channel_id: 'c1' }), looking, lookup)).toBe(true);
      expect(shouldDeliver(ev(name, { channel_id: 'c1' }), elsewhere, lookup)).toBe(false);
    }
    expect(shouldDeliver(ev('posted', { channel_id: 'c1' }), elsewhere, lookup)).toBe(true);
  });
});

describe('dataFor and wireBroadcast', () => {
  it("merges the recipient's own fields and spells out every broadcast field", () => {
    const e: ServerEvent = {
      event: 'posted',
      data: { post: '{}' },
      broadcast: { channel_id: 'c1' },
      perUser: { bob: { mentions: '["bob"]' } },
    };
    expect(dataFor(e, 'bob')).toEqual({ post: '{}', mentions: '["bob"]' });
    expect(dataFor(e, 'alice')).toEqual({ post: '{}' });
    expect(wireBroadcast(e)).toEqual({
      omit_users: null,
      user_id: '',
      channel_id: 'c1',
      team_id: '',
      connection_id: '',
      omit_connection_id: '',
    });
  });
});

describe('ReplayQueue', () => {
  it('returns what was missed while it is still held, and nothing it cannot vouch for', () => {
    const q = new ReplayQueue(3);
    for (let seq = 0; seq < 5; seq++) q.push({ seq, text: String(seq) });
    expect(q.from(5, 5)).toEqual([]);
    expect(q.from(3, 5)?.map((f) => f.seq)).toEqual([3, 4]);
    expect(q.from(2, 5)?.map((f) => f.seq)).toEqual([2, 3, 4]);
    expect(q.from(1, 5)).toBeUndefined();
    expect(q.from(6, 5)).toBeUndefined();
  });
});
