import { inspect } from 'node:util';
import { jest } from '@jest/globals';
import { newId } from '../../../simulator/src/ids.js';
import { UserSocket, type SocketEvent } from '../../src/events/user-socket.js';
import { createLogger } from '../../src/observability/logger.js';
import { useSocketEndpoint } from '../helpers/socket-endpoint.js';
import { quietPeriod, until } from '../helpers/wait.js';

// The simulator's own WebSocket endpoint on a bare HTTP server, fed through its event bus: the
// official client in UserSocket meets Mattermost's protocol (hello, sequences, replay) for real.
const ALICE = newId();
const CHANNEL = newId();
const TOKEN = 'alice-personal-access-token';

describe('UserSocket against the simulator’s WebSocket endpoint', () => {
  const sockets: UserSocket[] = [];
  // Everything printed with console.log or console.error while this file runs. Spied before any
  // socket exists, so the bridge's diversion of the client's lines wraps the spy, not the reverse.
  const printed: string[] = [];
  const capture = (...args: unknown[]) =>
    void printed.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
  const consoleLog = jest.spyOn(console, 'log').mockImplementation(capture);
  const consoleError = jest.spyOn(console, 'error').mockImplementation(capture);
  afterAll(() => {
    consoleLog.mockRestore();
    consoleError.mockRestore();
  });

  const endpoint = useSocketEndpoint(
    (t) => (t === TOKEN ? ALICE : undefined),
    () => {
      for (const s of sockets.splice(0)) s.stop();
    },
  );

  const open = (
    token = TOKEN,
    log?: ReturnType<typeof createLogger>,
    timing: {
      pingIntervalMs?: number;
      silenceMs?: number;
      resume?: { connectionId: string; sequence: number };
    } = {},
  ) => {
    const socket = new UserSocket({
      mattermostUrl: endpoint.url,
      token,
      reconnect: { firstMs: 50, minMs: 50, maxMs: 500, jitterMs: 50, maxFails: 7 },
      log,
      ...timing,
    });
    sockets.push(socket);
    const events: SocketEvent[] = [];
    let opens = 0;
    let missed = 0;
    let downs = 0;
    const silent: string[] = [];
    socket.on('silent', (reason) => silent.push(reason));
    socket.on('event', (e) => events.push(e));
    socket.on('open', () => opens++);
    socket.on('missed', () => missed++);
    socket.on('down', () => downs++);
    socket.start();
    return {
      socket,
      events,
      silent,
      posts: () =>
        events
          .filter((e) => e.event === 'posted')
          .map((e) => JSON.parse(e.data.post as string).message as string),
      get opens() {
        return opens;
      },
      get missed() {
        return missed;
      },
      get downs() {
        return downs;
      },
    };
  };

  const post = (message: string) =>
    endpoint.bus.publish({
      event: 'posted',
      data: {
        post: JSON.stringify({ id: newId(), channel_id: CHANNEL, user_id: newId(), message }),
        team_id: '',
      },
      broadcast: { channel_id: CHANNEL },
    });

  it('connects with the token in the upgrade header and receives events in order', async () => {
    const s = open();
    await until('hello', () => s.events.some((e) => e.event === 'hello'), 3000);
    expect(s.opens).toBe(1);
    for (let i = 0; i < 20; i++) post(`m${i}`);
    await until('posts', () => s.posts().length === 20, 3000);
    expect(s.posts()).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
    expect(s.socket.connected).toBe(true);
  });

  it('gets what it missed during a drop replayed on the same connection: nothing lost, nothing twice', async () => {
    const s = open();
    await until('hello', () => s.events.some((e) => e.event === 'hello'), 3000);
    for (let i = 0; i < 10; i++) post(`a${i}`);
    await until('first posts', () => s.posts().length === 10, 3000);
    endpoint.hub.dropAll();
    for (let i = 0; i < 10; i++) post(`b${i}`);
    await until('replayed posts', () => s.posts().length === 20, 5000);
    for (let i = 0; i < 10; i++) post(`c${i}`);
    await until('later posts', () => s.posts().length === 30, 3000);
    // Events come in order on a connection: a repeat would arrive before this last one.
    post('end');
    await until('the last post', () => s.posts().includes('end'), 3000);
    expect(s.posts()).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `a${i}`),
      ...Array.from({ length: 10 }, (_, i) => `b${i}`),
      ...Array.from({ length: 10 }, (_, i) => `c${i}`),
      'end',
    ]);
    expect(s.missed).toBe(0);
    expect(s.opens).toBe(2);
    expect(s.events.filter((e) => e.event === 'hello')).toHaveLength(1);
  });

  it('continues the connection another socket held, from its position: what came since is replayed, nothing twice', async () => {
    const first = open();
    await until('hello', () => first.events.some((e) => e.event === 'hello'), 3000);
    for (let i = 0; i < 5; i++) post(`a${i}`);
    await until('first posts', () => first.posts().length === 5, 3000);
    // The holder goes after its third post; the next socket starts from there.
    const third = first.events.filter((e) => e.event === 'posted')[2]!;
    const position = { connectionId: first.socket.position.connectionId, sequence: third.seq + 1 };
    first.socket.stop();
    post('a5');
    const next = open(TOKEN, undefined, { resume: position });
    let resumed = 0;
    next.socket.on('resumed', () => resumed++);
    await until('replayed posts', () => next.posts().length === 3, 3000);
    expect(next.posts()).toEqual(['a3', 'a4', 'a5']);
    expect(next.events.some((e) => e.event === 'hello')).toBe(false);
    expect(next.missed).toBe(0);
    await until('resumed', () => resumed === 1, 3000);
    expect(next.socket.position.connectionId).toBe(position.connectionId);
  });

  it('reports missed events when the server hands out a new connection', async () => {
    const s = open();
    await until('hello', () => s.events.some((e) => e.event === 'hello'), 3000);
    endpoint.hub.reset();
    post('lost while restarting');
    await until('missed', () => s.missed === 1, 5000);
    expect(s.events.filter((e) => e.event === 'hello')).toHaveLength(2);
    post('after restart');
    await until('post after restart', () => s.posts().includes('after restart'), 3000);
    expect(s.posts()).not.toContain('lost while restarting');
  });

  it('reports a socket Mattermost opens for a refused token as silent, and never prints the token', async () => {
    const logged: string[] = [];
    const log = createLogger({
      level: 'debug',
      destination: { write: (line: string) => void logged.push(line) },
    });
    printed.length = 0;
    const secret = 'refused-secret-token-value';
    const s = open(secret, log);
    // Mattermost upgrades anyway; the socket gets no hello, no events, and pings answered FAIL.
    await until('silent', () => s.silent.length === 1, 5000);
    expect(s.silent[0]).toContain('api.web_socket_router.not_authenticated.app_error');
    expect(s.events).toHaveLength(0);
    // The official client's own lines (connecting, error, closed) went to the logger at debug
    // level, not to the console.
    const fromClient = logged.map(
      (l) => JSON.parse(l) as { level: number; component?: string; msg: string },
    );
    expect(fromClient.some((l) => l.msg.startsWith('websocket connecting to '))).toBe(true);
    expect(
      fromClient.every((l) => l.component === 'mattermost-websocket-client' && l.level === 20),
    ).toBe(true);
    expect(printed).toEqual([]);
    expect(logged.join('\n')).not.toContain(secret);
  });

  it('reports a socket whose session was revoked as silent at the next ping', async () => {
    let valid = true;
    const s = open(TOKEN, undefined, { pingIntervalMs: 100 });
    await until('hello', () => s.events.some((e) => e.event === 'hello'), 3000);
    // The hub checks the token again before each delivery and each request.
    const directory = (
      endpoint.hub as unknown as {
        opts: { directory: { userIdForToken: (t: string) => string | undefined } };
      }
    ).opts.directory;
    const original = directory.userIdForToken;
    directory.userIdForToken = (t) => (valid ? original(t) : undefined);
    valid = false;
    post('never delivered');
    await until('silent', () => s.silent.length === 1, 3000);
    expect(s.posts()).toEqual([]);
    expect(s.downs).toBe(0);
  });

  it('reports a socket that receives nothing at all as silent', async () => {
    const s = open(TOKEN, undefined, { pingIntervalMs: 10_000, silenceMs: 150 });
    await until('hello', () => s.events.some((e) => e.event === 'hello'), 3000);
    // A server that stops answering without closing: its frames no longer reach the client.
    for (const ws of (
      s.socket as unknown as {
        sockets: Set<{ removeAllListeners(e: string): void; onmessage: unknown }>;
      }
    ).sockets) {
      ws.removeAllListeners('message');
      ws.onmessage = null;
    }
    await until('silent', () => s.silent.length === 1, 3000);
    expect(s.silent[0]).toBe('no frame received');
  });

  it('prints nothing of the client without a logger, and leaves other console output alone', async () => {
    printed.length = 0;
    const s = open();
    await until('hello', () => s.events.some((e) => e.event === 'hello'), 3000);
    s.socket.stop();
    console.log('a line of the application');
    expect(printed).toEqual(["'a line of the application'"]);
  });

  it('leaves no socket behind when stopped while connecting', async () => {
    const s = open();
    s.socket.stop();
    // Proves an absence: a socket left behind may not have reached the server yet when stop()
    // returns, so no state of the server can show it will never come; it would connect by now.
    await quietPeriod(200);
    expect(endpoint.hub.activeConnections).toBe(0);
  });
});
