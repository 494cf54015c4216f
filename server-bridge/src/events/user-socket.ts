import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { WebSocketClient } from '../gateway/websocket-client.js';
import type { Logger } from '../observability/logger.js';
import { leaveClientCode, runClientCode } from './client-console.js';
import { systemClock, type Cancel, type LiveClock } from './live-clock.js';
import { installWebSocketRuntime } from './websocket-runtime.js';

// The package is CommonJS; Node's ESM loader only exposes its exports object as the default.
type OfficialWebSocketClient = InstanceType<typeof WebSocketClient>;

/** A server event as the WebSocket API sends it (FACTS.md, WebSocket API). */
export interface SocketEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: {
    user_id?: string;
    channel_id?: string;
    team_id?: string;
    omit_users?: Record<string, boolean> | null;
  };
  seq: number;
}

export interface ReconnectPolicy {
  /**
   * Longest wait before reconnecting a connection that was up (a drop, a restart): the wait is
   * drawn at random below it, so many users do not all come back at once.
   */
  firstMs: number;
  /** Retry delay after a failed attempt; the official client multiplies it after `maxFails` failures in a row. */
  minMs: number;
  maxMs: number;
  jitterMs: number;
  maxFails: number;
}

export interface UserSocketOptions {
  /** Mattermost's site URL, such as `https://chat.example.com` (a subpath is kept). */
  mattermostUrl: string;
  /** The user's token; sent only in the `Authorization` header of the upgrade request. */
  token: string;
  reconnect: ReconnectPolicy;
  /** How often the client pings; a missing pong makes it reconnect. */
  pingIntervalMs?: number;
  /** A socket that receives nothing at all (no event, no answer to a ping) this long is silent. */
  silenceMs?: number;
  /** A first connection that gets no `hello` this long after opening is silent. */
  helloTimeoutMs?: number;
  clock?: LiveClock;
  /** Receives what the official client prints, at debug level; without it, that is dropped. */
  log?: Logger;
  /**
   * A connection another socket of the same user had (another bridge of a cluster held it):
   * the first upgrade asks Mattermost to resume it from that sequence, so what happened since
   * that socket's last event is replayed here instead of lost.
   */
  resume?: SocketPosition;
}

/** Where a connection's event stream stands: its id and the sequence of the next event. */
export interface SocketPosition {
  connectionId: string;
  sequence: number;
}

/**
 * One Mattermost WebSocket for one user, through the official `WebSocketClient`, which keeps the
 * connection id and the next sequence number across reconnects so that Mattermost replays what
 * a short drop missed. This class adds what a server process needs around it: the token goes in
 * the upgrade header (never in a URL or a frame that could be logged), every socket it ever
 * opened is torn down on `stop()` (the official `close()` leaves a socket that is still
 * connecting), and the client's callbacks become typed events.
 *
 * Mattermost keeps a socket open even when it will serve nothing on it: a bad token on the
 * upgrade, a session revoked or expired later. Such a socket sends no `hello` and no events and
 * answers every request with `FAIL`, which the official client counts as a pong. This class
 * watches for that itself: its own pings must be answered `OK`, a first connection must say
 * hello, and some frame must arrive within `silenceMs`; otherwise it reports `silent` once.
 */
export class UserSocket extends EventEmitter<{
  event: [SocketEvent];
  /** The connection is up; `resumed` is false for the very first connection. */
  open: [{ resumed: boolean }];
  /** Mattermost handed out a new connection id: events may have been lost, resync over REST. */
  missed: [];
  /** The connection closed; `failures` counts attempts in a row that did not stay up. */
  down: [failures: number];
  /** The socket is open but Mattermost serves nothing on it; the owner decides what next. */
  silent: [reason: string];
  /** A reconnect resumed the connection: what the drop missed was replayed, nothing is lost. */
  resumed: [];
}> {
  private readonly client: OfficialWebSocketClient;
  private readonly sockets = new Set<WebSocket>();
  private readonly clock: LiveClock;
  private readonly pingIntervalMs: number;
  private stopped = false;
  private everOpened = false;
  private helloSeen = false;
  private helloSinceOpen = false;
  private up = false;
  private reportedSilent = false;
  private lastFrameAt = 0;
  private cancelWatch?: Cancel;
  private cancelHello?: Cancel;
  private cancelRetry?: Cancel;
  /** A checkpoint ping not sent yet: callers in the same turn share it. */
  private nextCheckpoint?: Promise<boolean>;
  private readonly checkpointWaiters = new Set<(ok: boolean) => void>();

  constructor(private readonly options: UserSocketOptions) {
    super();
    installWebSocketRuntime();
    this.clock = options.clock ?? systemClock;
    this.pingIntervalMs = options.pingIntervalMs ?? 30_000;
    this.client = new WebSocketClient({
      minWebSocketRetryTime: options.reconnect.minMs,
      maxWebSocketRetryTime: options.reconnect.maxMs,
      reconnectJitterRange: options.reconnect.jitterMs,
      maxWebSocketFails: options.reconnect.maxFails,
      clientPingInterval: this.pingIntervalMs,
      newWebSocketFn: (url: string) => this.openSocket(url) as unknown as globalThis.WebSocket,
    });
    if (options.resume) {
      // The client sends these on its next upgrade; the connection said hello to its first socket.
      this.internals.connectionId = options.resume.connectionId;
      this.internals.serverSequence = options.resume.sequence;
      this.everOpened = this.helloSeen = true;
    }
    // Callbacks come from inside the client; what the bridge does with them prints as usual.
    this.client.addMessageListener((msg) => {
      if (this.stopped) return;
      if ((msg as { event?: string }).event === 'hello') {
        this.helloSeen = true;
        this.helloSinceOpen = true;
        this.cancelHello?.();
      }
      leaveClientCode(() => this.emit('event', msg as unknown as SocketEvent));
    });
    this.client.addMissedMessageListener(() => {
      if (!this.stopped) leaveClientCode(() => this.emit('missed'));
    });
    const opened = () => {
      if (this.stopped) return;
      this.up = true;
      const resumed = this.everOpened;
      this.everOpened = true;
      this.watch(resumed);
      leaveClientCode(() => this.emit('open', { resumed }));
    };
    this.client.addFirstConnectListener(opened);
    this.client.addReconnectListener(opened);
    this.client.addCloseListener((failures) => {
      const wasUp = this.up;
      this.up = false;
      this.unwatch();
      if (this.stopped) return;
      if (wasUp) this.reconnectSoon();
      leaveClientCode(() => this.emit('down', failures));
    });
  }

  get connected(): boolean {
    return this.up;
  }

  /** The connection and next sequence: read in an `event` handler, it is the event just received's. */
  get position(): SocketPosition {
    return { connectionId: this.internals.connectionId, sequence: this.internals.serverSequence };
  }

  /** The official client keeps the connection id and sequence in fields it does not export. */
  private get internals(): { connectionId: string; serverSequence: number } {
    return this.client as unknown as { connectionId: string; serverSequence: number };
  }

  /**
   * Resolves true once Mattermost answers a ping sent after this call: it writes a connection's
   * frames in order, so every event it published before then has arrived. False when the socket
   * closes, goes silent or does not answer within the ping interval.
   */
  checkpoint(): Promise<boolean> {
    if (!this.up || this.stopped || this.reportedSilent) return Promise.resolve(false);
    this.nextCheckpoint ??= new Promise<boolean>((resolve) => {
      this.checkpointWaiters.add(resolve);
      setImmediate(() => {
        this.nextCheckpoint = undefined;
        const cancel = this.clock.after(this.pingIntervalMs, () => settle(false));
        const settle = (ok: boolean) => {
          cancel();
          if (this.checkpointWaiters.delete(resolve)) resolve(ok);
        };
        if (!this.up || this.stopped) settle(false);
        else
          this.ping(
            () => settle(true),
            () => settle(false),
          );
      });
    });
    return this.nextCheckpoint;
  }

  start(): void {
    if (this.stopped) throw new Error('A stopped UserSocket cannot start again');
    // Its sockets, timers and reconnects started from here print to our logger (client-console.ts).
    runClientCode(this.options.log, () => this.client.initialize(this.endpoint()));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.up = false;
    this.unwatch();
    this.cancelRetry?.();
    runClientCode(this.options.log, () => this.client.close());
    for (const ws of this.sockets) {
      ws.onopen = null;
      ws.onclose = null;
      ws.onmessage = null;
      ws.onerror = null;
      ws.terminate();
    }
    this.sockets.clear();
    this.removeAllListeners();
  }

  /**
   * A connection that was up and dropped comes back after a short random wait instead of the
   * client's retry delay (3 s and more): a drop or a restart is usually over at once, and every
   * second away is a second without updates. Failed attempts after that back off as usual.
   * The client skips its own timer while `reconnectTimeout` is set.
   */
  private reconnectSoon(): void {
    const internals = this.client as unknown as { reconnectTimeout: unknown };
    const wait = Math.random() * this.options.reconnect.firstMs;
    const pending = { pending: true };
    internals.reconnectTimeout = pending;
    this.cancelRetry = this.clock.after(wait, () => {
      if (internals.reconnectTimeout === pending) internals.reconnectTimeout = null;
      if (this.stopped) return;
      runClientCode(this.options.log, () => this.client.initialize(this.endpoint()));
    });
  }

  private endpoint(): string {
    const base = this.options.mattermostUrl.replace(/\/+$/, '').replace(/^http/, 'ws');
    return `${base}/api/v4/websocket`;
  }

  /** Watches an open socket for the ways Mattermost goes quiet on a socket it keeps open. */
  private watch(resuming: boolean): void {
    this.unwatch();
    this.lastFrameAt = this.clock.now();
    this.helloSinceOpen = false;
    const silenceMs = this.options.silenceMs ?? 2 * this.pingIntervalMs + 5000;
    // Mattermost answers the upgrade first (a replay, or a new hello), then this ping: an OK
    // with no hello before it means the connection was resumed whole.
    this.ping(() => {
      if (resuming && !this.helloSinceOpen) leaveClientCode(() => this.emit('resumed'));
    });
    this.cancelWatch = this.clock.every(Math.min(this.pingIntervalMs, silenceMs), () => {
      if (this.clock.now() - this.lastFrameAt >= silenceMs) this.reportSilent('no frame received');
      else this.ping();
    });
    if (!this.helloSeen) {
      this.cancelHello = this.clock.after(this.options.helloTimeoutMs ?? 10_000, () => {
        if (!this.helloSeen) this.reportSilent('no hello after the upgrade');
      });
    }
  }

  private unwatch(): void {
    this.failCheckpoints();
    this.cancelWatch?.();
    this.cancelHello?.();
    this.cancelWatch = this.cancelHello = undefined;
  }

  private ping(answered?: () => void, refused?: () => void): void {
    runClientCode(this.options.log, () =>
      this.client.sendMessage(
        'ping',
        null,
        (reply: { status?: string; error?: { id?: string } }) => {
          if (this.stopped) return;
          if (reply?.status === 'FAIL') {
            refused?.();
            this.reportSilent(`ping refused (${reply.error?.id ?? 'no reason'})`);
          } else answered?.();
        },
      ),
    );
  }

  /** Checkpoints waiting on a socket that is gone will never be answered. */
  private failCheckpoints(): void {
    for (const resolve of this.checkpointWaiters) resolve(false);
    this.checkpointWaiters.clear();
  }

  private reportSilent(reason: string): void {
    if (this.stopped || this.reportedSilent) return;
    this.reportedSilent = true;
    this.unwatch();
    leaveClientCode(() => this.emit('silent', reason));
  }

  private openSocket(url: string): WebSocket {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${this.options.token}` } });
    this.sockets.add(ws);
    ws.on('message', () => (this.lastFrameAt = this.clock.now()));
    ws.once('close', () => this.sockets.delete(ws));
    // The official client prints the error event it is given with console.log; the ws event
    // reaches the upgrade request and its Authorization header. It gets a bare event instead.
    let onError: ((event: unknown) => void) | null = null;
    Object.defineProperty(ws, 'onerror', {
      configurable: true,
      get: () => onError,
      set: (handler: ((event: unknown) => void) | null) => {
        onError = handler;
      },
    });
    ws.on('error', (err) => onError?.({ type: 'error', message: err.message }));
    return ws;
  }
}
