import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { WebSocket } from 'ws';

import { createPost } from '../src/services/posts.js';
import { LiveClient, type WireEvent } from './support/live-client.js';
import { eventually, quietPeriod, startWorkspace, type Workspace } from './support/workspace.js';

let w: Workspace;
const open: LiveClient[] = [];

const live = async (
  member: Workspace['alice'],
  retryMs?: number,
  via: 'header' | 'challenge' = 'header',
) => {
  const c = new LiveClient(w.sim.url, member, retryMs, via);
  open.push(c);
  return c.connect();
};

/** Events seen by a client are numbered 0, 1, 2 ... within each connection, without gaps or repeats. */
const expectContiguous = (events: WireEvent[]) => {
  let expected = 0;
  for (const e of events) {
    if (e.event === 'hello' && e.seq === 0) expected = 0;
    expect(e.seq).toBe(expected);
    expected++;
  }
};

beforeAll(async () => {
  // The official client narrates its connection on console.log.
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  w = await startWorkspace();
});

afterEach(() => {
  while (open.length) open.pop()?.close();
});

afterAll(async () => {
  await w.stop();
});

describe('WebSocket API with the official client', () => {
  it('says hello with a connection id at seq 0, then delivers posts in order', async () => {
    const alice = await live(w.alice);
    const hello = alice.hellos()[0]!;
    expect(hello.seq).toBe(0);
    expect(hello.data).toMatchObject({
      server_version: expect.any(String),
      server_hostname: expect.any(String),
    });
    expect(hello.data.connection_id).toMatch(/^[a-z0-9]{26}$/);
    expect(hello.broadcast).toMatchObject({
      user_id: w.alice.id,
      channel_id: '',
      omit_users: null,
    });

    for (const message of ['one', 'two', 'three']) {
      await w.bob.client.createPost({ channel_id: w.town.id, message } as never);
    }
    await eventually(() => (alice.postedMessages().length === 3 ? true : undefined));
    expect(alice.postedMessages()).toEqual(['one', 'two', 'three']);
    const posted = alice.named('posted')[0]!;
    expect(posted.data).toMatchObject({
      channel_type: 'O',
      channel_name: 'town-square',
      team_id: w.team.id,
    });
    expect(posted.broadcast.channel_id).toBe(w.town.id);
    expectContiguous(alice.events);
  });

  it('answers ping, get_statuses and get_statuses_by_ids', async () => {
    const alice = await live(w.alice);
    const pong = await alice.request('ping', undefined);
    expect(pong).toMatchObject({ status: 'OK', data: { text: 'pong' } });
    const all = await alice.request('get_statuses', null);
    expect(all.status).toBe('OK');
    expect((all.data as Record<string, string>)[w.alice.id]).toBe('online');
    const some = await alice.request('get_statuses_by_ids', { user_ids: [w.alice.id, w.carol.id] });
    expect(some.data).toEqual({ [w.alice.id]: 'online', [w.carol.id]: 'offline' });
    const bad = await alice.request('no_such_action', {});
    expect(bad.status).toBe('FAIL');
  });

  it('sends typing to the channel but not the typist, and only where the presence points', async () => {
    const [alice, bob, carol] = [await live(w.alice), await live(w.bob), await live(w.carol)];
    expect((await carol.request('presence', { channel_id: w.secret.id })).status).toBe('OK');
    expect((await bob.request('presence', { channel_id: w.town.id })).status).toBe('OK');
    const reply = await alice.request('user_typing', { channel_id: w.town.id, parent_id: '' });
    expect(reply.status).toBe('OK');
    await eventually(() => bob.named('typing')[0]);
    expect(bob.named('typing')[0]!.data).toEqual({ parent_id: '', user_id: w.alice.id });
    await quietPeriod(100); // typing sent to the typist or outside the presence would be here by now
    expect(alice.named('typing')).toHaveLength(0);
    expect(carol.named('typing')).toHaveLength(0);
    // Typing in a channel the user does not belong to is refused.
    expect((await carol.request('user_typing', { channel_id: w.secret.id })).status).toBe('FAIL');
  });

  it('delivers channel events by live membership and adds per-user mention fields', async () => {
    const [alice, carol] = [await live(w.alice), await live(w.carol)];
    await w.bob.client.createPost({ channel_id: w.secret.id, message: 'before carol' } as never);
    await eventually(() => (alice.postedMessages().includes('before carol') ? true : undefined));
    expect(carol.postedMessages()).not.toContain('before carol');

    await w.admin.client.addToChannel(w.carol.id, w.secret.id);
    await w.bob.client.createPost({
      channel_id: w.secret.id,
      message: `after carol @${w.alice.username}`,
    } as never);
    const afterCarol = `after carol @${w.alice.username}`;
    await eventually(() => (carol.postedMessages().includes(afterCarol) ? true : undefined));
    // Carol hears the channel from the notice of her addition on, and nothing from before.
    expect(carol.postedMessages()).toEqual([
      `${w.carol.username} added to the channel by sysadmin.`,
      afterCarol,
    ]);
    const forAlice = alice.named('posted').at(-1)!;
    expect(JSON.parse(String(forAlice.data.mentions))).toEqual([w.alice.id]);
    expect(carol.named('posted').every((e) => e.data.mentions === undefined)).toBe(true);
    await w.admin.client.removeFromChannel(w.carol.id, w.secret.id);
  });

  it('replays what a dropped connection missed, with its original numbers and no new hello', async () => {
    const alice = await live(w.alice, 400);
    const connectionId = alice.hellos()[0]!.data.connection_id;
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'before the drop' } as never);
    await eventually(() => (alice.postedMessages().length === 1 ? true : undefined));

    w.sim.dropWebSockets();
    const missed = ['m1', 'm2', 'm3', 'm4', 'm5'];
    for (const message of missed)
      await w.bob.client.createPost({ channel_id: w.town.id, message } as never);

    await eventually(() => (alice.postedMessages().length === 6 ? true : undefined));
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'after the return' } as never);
    await eventually(() => (alice.postedMessages().length === 7 ? true : undefined));

    expect(alice.postedMessages()).toEqual(['before the drop', ...missed, 'after the return']);
    expect(alice.hellos()).toHaveLength(1);
    expect(alice.missedResyncs).toBe(0);
    expect((alice.ws as unknown as { connectionId: string }).connectionId).toBe(connectionId);
    expectContiguous(alice.events);
  });

  it('never resumes a connection authenticated by the challenge frame: new id, new hello', async () => {
    const alice = await live(w.alice, 100, 'challenge');
    const first = alice.hellos()[0]!.data.connection_id;
    w.sim.dropWebSockets();
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'while away' } as never);
    await eventually(() => alice.hellos()[1], 8000);
    expect(alice.hellos()[1]!.data.connection_id).not.toBe(first);
    expect(alice.missedResyncs).toBe(1);
    // What was posted while away is not replayed: the client resyncs over REST.
    expect(alice.postedMessages()).not.toContain('while away');
  });

  it('goes silent when the session behind a socket is revoked: no events, requests FAIL', async () => {
    const { token } = await w.admin.client.createUserAccessToken(w.alice.id, 'short-lived');
    const member = { ...w.alice, token: token! };
    const alice = await live(member, 60_000);
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'still heard' } as never);
    await eventually(() => (alice.postedMessages().includes('still heard') ? true : undefined));
    const tokens = await w.admin.client.getUserAccessTokensForUser(w.alice.id, 0, 100);
    const id = tokens.find((t) => t.description === 'short-lived')!.id;
    await w.admin.client.revokeUserAccessToken(id);
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'never heard' } as never);
    const reply = await alice.request('ping', null);
    expect(reply).toMatchObject({
      status: 'FAIL',
      error: { id: 'api.web_socket_router.not_authenticated.app_error' },
    });
    expect(alice.postedMessages()).not.toContain('never heard');
    expect(alice.hellos()).toHaveLength(1);
  });

  it('serves nothing on any socket while the websocket_silent fault is on', async () => {
    const alice = await live(w.alice, 60_000);
    w.sim.faults.set({ websocket_silent: true });
    try {
      await w.bob.client.createPost({ channel_id: w.town.id, message: 'unheard' } as never);
      expect(await alice.request('ping', null)).toMatchObject({ status: 'FAIL' });
      expect(alice.postedMessages()).not.toContain('unheard');
    } finally {
      w.sim.faults.clear();
    }
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'heard' } as never);
    await eventually(() => (alice.postedMessages().includes('heard') ? true : undefined));
    expect(await alice.request('ping', null)).toMatchObject({ status: 'OK' });
  });

  it('gives a new connection id and hello when the missed events no longer fit the queue', async () => {
    const alice = await live(w.alice, 400);
    const first = alice.hellos()[0]!.data.connection_id;
    w.sim.dropWebSockets();
    for (let i = 0; i < 140; i++)
      createPost(w.sim.context, w.bob.id, { channel_id: w.town.id, message: `flood ${i}` });
    await eventually(() => alice.hellos()[1]);
    expect(alice.hellos()[1]!.seq).toBe(0);
    expect(alice.hellos()[1]!.data.connection_id).not.toBe(first);
    expect(alice.missedResyncs).toBe(1);
  });

  it('gives a new connection id and hello after a restart', async () => {
    const alice = await live(w.alice, 100);
    const first = alice.hellos()[0]!.data.connection_id;
    await w.sim.restart();
    await eventually(() => alice.hellos()[1], 8000);
    expect(alice.hellos()[1]!.data.connection_id).not.toBe(first);
    expect(alice.missedResyncs).toBe(1);
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'after the restart' } as never);
    await eventually(() =>
      alice.postedMessages().includes('after the restart') ? true : undefined,
    );
    expectContiguous(alice.events);
  });
});

describe('WebSocket API on the wire', () => {
  const url = () => `${w.sim.url.replace(/^http/, 'ws')}/api/v4/websocket`;

  const frames = (ws: WebSocket) => {
    const got: Record<string, unknown>[] = [];
    ws.on('message', (raw) => got.push(JSON.parse(raw.toString()) as Record<string, unknown>));
    return got;
  };

  it('authenticates with a Bearer header on the upgrade', async () => {
    const ws = new WebSocket(url(), { headers: { Authorization: `Bearer ${w.bob.token}` } });
    const got = frames(ws);
    await eventually(() => got[0]);
    expect(got[0]).toMatchObject({ event: 'hello', seq: 0 });
    ws.send(JSON.stringify({ seq: 1, action: 'ping' }));
    await eventually(() => got[1]);
    expect(got[1]).toMatchObject({ status: 'OK', seq_reply: 1, data: { text: 'pong' } });
    ws.terminate();
  });

  it('tells tests how many sockets a user has open: authenticated ones, until they close', async () => {
    // The sockets of earlier tests close as their ends arrive.
    await eventually(() => (w.sim.openWebSockets(w.bob.id) === 0 ? true : undefined));
    const first = new WebSocket(url(), { headers: { Authorization: `Bearer ${w.bob.token}` } });
    const second = new WebSocket(url(), { headers: { Authorization: `Bearer ${w.bob.token}` } });
    // A socket whose upgrade carried no valid token is nobody's.
    const stranger = new WebSocket(url(), { headers: { Authorization: 'Bearer not-a-token' } });
    await eventually(() => (w.sim.openWebSockets(w.bob.id) === 2 ? true : undefined));
    expect(w.sim.openWebSockets(w.alice.id)).toBe(0);
    first.terminate();
    await eventually(() => (w.sim.openWebSockets(w.bob.id) === 1 ? true : undefined));
    second.terminate();
    stranger.terminate();
    await eventually(() => (w.sim.openWebSockets(w.bob.id) === 0 ? true : undefined));
  });

  it('authenticates with an access_token query parameter', async () => {
    const ws = new WebSocket(`${url()}?access_token=${w.bob.token}`);
    const got = frames(ws);
    await eventually(() => got[0]);
    expect(got[0]).toMatchObject({ event: 'hello', seq: 0, broadcast: { user_id: w.bob.id } });
    ws.terminate();
  });

  it('answers the authentication challenge, then says hello', async () => {
    const ws = new WebSocket(url());
    const got = frames(ws);
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({ seq: 1, action: 'authentication_challenge', data: { token: w.bob.token } }),
    );
    await eventually(() => (got.length >= 2 ? true : undefined));
    expect(got).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ event: 'hello', seq: 0 }),
        { status: 'OK', seq_reply: 1 },
      ]),
    );
    ws.terminate();
  });

  it('closes the socket on a bad challenge token; accepts a bad Bearer header but serves nothing', async () => {
    const ws = new WebSocket(url());
    const got = frames(ws);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    await new Promise((r) => ws.once('open', r));
    ws.send(
      JSON.stringify({
        seq: 1,
        action: 'authentication_challenge',
        data: { token: 'not-a-token' },
      }),
    );
    expect(await closed).toBe(1008);
    expect(got).toEqual([expect.objectContaining({ status: 'FAIL', seq_reply: 1 })]);

    // Mattermost upgrades anyway: no hello, no events, and every request is answered FAIL.
    const silent = new WebSocket(url(), { headers: { Authorization: 'Bearer not-a-token' } });
    const heard = frames(silent);
    await new Promise((r) => silent.once('open', r));
    await w.bob.client.createPost({ channel_id: w.town.id, message: 'to everyone' } as never);
    silent.send(JSON.stringify({ seq: 1, action: 'ping' }));
    await eventually(() => heard[0]);
    expect(heard).toEqual([
      expect.objectContaining({
        status: 'FAIL',
        seq_reply: 1,
        error: expect.objectContaining({ id: 'api.web_socket_router.not_authenticated.app_error' }),
      }),
    ]);
    silent.terminate();
  });

  it('answers actions before authentication with a failure', async () => {
    const ws = new WebSocket(url());
    const got = frames(ws);
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ seq: 1, action: 'ping' }));
    await eventually(() => got[0]);
    expect(got[0]).toMatchObject({ status: 'FAIL', seq_reply: 1 });
    ws.terminate();
  });
});
