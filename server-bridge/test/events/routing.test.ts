import { effectsOf, type RoutingContext } from '../../src/events/routing.js';
import { TeamFeeds } from '../../src/events/team-feed.js';
import type { SocketEvent } from '../../src/events/user-socket.js';
import { ResourceUris } from '../../src/resources/uris.js';

const id = (c: string) => c.repeat(26).slice(0, 26);
const ME = id('m');
const OTHER = id('o');
const CHANNEL = id('c');
const TEAM = id('t');
const ROOT = id('r');
const REPLY = id('p');

const ctx: RoutingContext = {
  userId: ME,
  username: 'alice',
  teamOf: (channelId) => (channelId === CHANNEL ? TEAM : undefined),
  rootOf: (postId) => (postId === REPLY ? ROOT : undefined),
};

const event = (
  name: string,
  data: Record<string, unknown>,
  broadcast: SocketEvent['broadcast'] = {},
): SocketEvent => ({
  event: name,
  data,
  broadcast,
  seq: 1,
});

const post = (fields: Record<string, unknown>) =>
  JSON.stringify({
    id: REPLY,
    channel_id: CHANNEL,
    root_id: ROOT,
    user_id: OTHER,
    message: 'hi',
    create_at: 1000,
    ...fields,
  });

describe('effectsOf', () => {
  it('routes a reply that mentions the user to its channel, thread, mentions, unreads and team feed', () => {
    const e = effectsOf(
      event('posted', {
        post: post({}),
        team_id: TEAM,
        channel_name: 'town',
        mentions: JSON.stringify([ME]),
      }),
      ctx,
    );
    expect(e.uris.sort()).toEqual(
      [
        ResourceUris.channelPosts(CHANNEL),
        ResourceUris.thread(ROOT),
        ResourceUris.mentions,
        ResourceUris.unreads,
        ResourceUris.teamEvents(TEAM),
      ].sort(),
    );
    expect(e.feed).toMatchObject({
      key: `posted:${REPLY}`,
      kind: 'posted',
      at: 1000,
      team_id: TEAM,
      channel_name: 'town',
    });
    expect(e.post).toEqual({ id: REPLY, root_id: ROOT, channel_id: CHANNEL });
    expect(e.listChanged).toBe(false);
  });

  it('does not count the user’s own post as unread, and keys edits by their time', () => {
    const own = effectsOf(event('posted', { post: post({ user_id: ME }), team_id: TEAM }), ctx);
    expect(own.uris).not.toContain(ResourceUris.unreads);
    expect(own.uris).not.toContain(ResourceUris.mentions);
    const edit1 = effectsOf(event('post_edited', { post: post({ edit_at: 2000 }) }), ctx);
    const edit2 = effectsOf(event('post_edited', { post: post({ edit_at: 3000 }) }), ctx);
    expect(edit1.feed!.key).not.toBe(edit2.feed!.key);
    expect(edit1.uris).toContain(ResourceUris.teamEvents(TEAM));
  });

  it('routes a reaction through the broadcast channel to the known thread root', () => {
    const reaction = JSON.stringify({
      user_id: OTHER,
      post_id: REPLY,
      emoji_name: 'tada',
      create_at: 5,
    });
    const e = effectsOf(event('reaction_added', { reaction }, { channel_id: CHANNEL }), ctx);
    expect(e.uris.sort()).toEqual(
      [
        ResourceUris.thread(ROOT),
        ResourceUris.channelPosts(CHANNEL),
        ResourceUris.teamEvents(TEAM),
      ].sort(),
    );
    expect(e.feed!.key).toBe(`reaction_added:${REPLY}:${OTHER}:tada:5`);
  });

  it('signals list changes for the user’s own memberships only', () => {
    expect(
      effectsOf(event('user_added', { user_id: ME, team_id: TEAM }, { channel_id: CHANNEL }), ctx),
    ).toMatchObject({
      listChanged: true,
      uris: expect.arrayContaining([ResourceUris.teams, ResourceUris.teamChannels(TEAM)]),
    });
    expect(
      effectsOf(
        event('user_added', { user_id: OTHER, team_id: TEAM }, { channel_id: CHANNEL }),
        ctx,
      ).listChanged,
    ).toBe(false);
    expect(
      effectsOf(
        event('user_removed', { channel_id: CHANNEL, remover_id: OTHER }, { user_id: ME }),
        ctx,
      ).listChanged,
    ).toBe(true);
    expect(
      effectsOf(event('channel_created', { channel_id: CHANNEL, team_id: TEAM }), ctx).listChanged,
    ).toBe(true);
  });

  it('routes status changes and ignores malformed payloads', () => {
    expect(effectsOf(event('status_change', { user_id: OTHER, status: 'away' }), ctx).uris).toEqual(
      [ResourceUris.userStatus(OTHER)],
    );
    expect(effectsOf(event('posted', { post: '{not json' }), ctx)).toEqual({
      uris: [],
      listChanged: false,
    });
    expect(effectsOf(event('typing', { user_id: OTHER }), ctx)).toEqual({
      uris: [],
      listChanged: false,
    });
  });
});

describe('TeamFeeds', () => {
  const feedEvent = (n: number, team = TEAM) => ({
    key: `posted:${n}`,
    kind: 'posted',
    at: n,
    team_id: team,
  });

  it('keeps each change once, orders by time, and stays within its bound per team', () => {
    const feeds = new TeamFeeds(5);
    expect(feeds.add(feedEvent(3))).toBe(true);
    expect(feeds.add(feedEvent(3))).toBe(false);
    feeds.add(feedEvent(1));
    feeds.add({ ...feedEvent(2, ''), key: 'posted:dm' });
    expect(feeds.of(TEAM).map((e) => e.at)).toEqual([1, 2, 3]);
    for (let i = 10; i < 30; i++) feeds.add(feedEvent(i));
    expect(feeds.of(TEAM)).toHaveLength(5);
    expect(feeds.of(TEAM).at(-1)!.at).toBe(29);
    expect(feeds.size).toBeLessThanOrEqual(6);
  });

  it('refuses an event older than a full feed keeps, so a backfill cannot push out newer ones', () => {
    const feeds = new TeamFeeds(3);
    for (const n of [10, 11, 12]) feeds.add(feedEvent(n));
    // Read back by a backfill after it fell out of the feed: stays out.
    expect(feeds.add(feedEvent(5))).toBe(false);
    expect(feeds.add(feedEvent(13))).toBe(true);
    expect(feeds.of(TEAM).map((e) => e.at)).toEqual([11, 12, 13]);
    expect(feeds.add(feedEvent(10))).toBe(false);
  });
});
