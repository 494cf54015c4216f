import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import { WebSocketClient } from '../gateway/websocket-client.js';
import type { Logger } from '../observability/logger.js';
import { leaveClientCode, runClientCode } from './client-console.js';
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
  /** First retry delay; the official client multiplies it after `maxFails` failures in a row. */
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
  /** Receives what the official client prints, at debug level; without it, that is dropped. */
  log?: Logger;
}

/**
 * One Mattermost WebSocket for one user, through the official `WebSocketClient`, which keeps the
 * connection id and the next sequence number across reconnects so that Mattermost replays what
 * a short drop missed. This class adds what a server process needs around it: the token goes in
 * the upgrade header (never in a URL or a frame that could be logged), every socket it ever
 * opened is torn down on `stop()` (the official `close()` leaves a socket that is still
 * connecting), and the client's callbacks become typed events.
 */
export class UserSocket extends EventEmitter<{
  event: [SocketEvent];
  /** The connection is up; `resumed` is false for the very first connection. */
  open: [{ resumed: boolean }];
  /** Mattermost handed out a new connection id: events may have been lost, resync over REST. */
  missed: [];
  /** The connection closed; `failures` counts attempts in a row that did not stay up. */
  down: [failures: number];
}> {
  private readonly client: OfficialWebSocketClient;
  private readonly sockets = new Set<WebSocket>();
  private stopped = false;
  private everOpened = false;
  private up = false;

  constructor(private readonly options: UserSocketOptions) {
    super();
    installWebSocketRuntime();
    this.client = new WebSocketClient({
      minWebSocketRetryTime: options.reconnect.minMs,
      maxWebSocketRetryTime: options.reconnect.maxMs,
      reconnectJitterRange: options.reconnect.jitterMs,
      maxWebSocketFails: options.reconnect.maxFails,
      clientPingInterval: options.pingIntervalMs ?? 30_000,
      newWebSocketFn: (url: string) => this.openSocket(url) as unknown as globalThis.WebSocket,
    });
    // Callbacks come from inside the client; what the bridge does with them prints as usual.
    this.client.addMessageListener((msg) => {
      if (!this.stopped) leaveClientCode(() => this.emit('event', msg as unknown as SocketEvent));
    });
    this.client.addMissedMessageListener(() => {
      if (!this.stopped) leaveClientCode(() => this.emit('missed'));
    });
    const opened = () => {
      if (this.stopped) return;
      this.up = true;
      const resumed = this.everOpened;
      this.everOpened = true;
      leaveClientCode(() => this.emit('open', { resumed }));
    };
    this.client.addFirstConnectListener(opened);
    this.client.addReconnectListener(opened);
    this.client.addCloseListener((failures) => {
      this.up = false;
      if (!this.stopped) leaveClientCode(() => this.emit('down', failures));
    });
  }

  get connected(): boolean {
    return this.up;
  }

  start(): void {
    if (this.stopped) throw new Error('A stopped UserSocket cannot start again');
    const base = this.options.mattermostUrl.replace(/\/+$/, '').replace(/^http/, 'ws');
    // Its sockets, timers and reconnects started from here print to our logger (client-console.ts).
    runClientCode(this.options.log, () => this.client.initialize(`${base}/api/v4/websocket`));
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.up = false;
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

  private openSocket(url: string): WebSocket {
    const ws = new WebSocket(url, { headers: { Authorization: `Bearer ${this.options.token}` } });
    this.sockets.add(ws);
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
