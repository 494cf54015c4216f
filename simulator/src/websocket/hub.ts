import type { IncomingMessage, Server } from 'node:http';
import { hostname } from 'node:os';
import type { Duplex } from 'node:stream';

import { WebSocket, WebSocketServer, type RawData } from 'ws';

import type { EventBus, ServerEvent } from '../events.js';
import { runAction, type ClientAction } from './actions.js';
import { HubConnection } from './connection.js';
import { dataFor, shouldDeliver, wireBroadcast, type MembershipLookup } from './delivery.js';

export const WEBSOCKET_PATH = '/api/v4/websocket';

/** What the hub needs from the simulator's state. */
export interface WebSocketDirectory extends MembershipLookup {
  /** The id of the user a session token or personal access token belongs to. */
  userIdForToken(token: string): string | undefined;
  /** Statuses by user id; all known statuses when `userIds` is absent. */
  statuses(userIds?: string[]): Record<string, string>;
  /** A user's first socket opened (Mattermost sets them online). */
  onUserConnected?(userId: string): void;
  /** A user's last socket closed. */
  onUserDisconnected?(userId: string): void;
  onActivity?(userId: string, active: boolean, manual: boolean): void;
}

export interface WebSocketHubOptions {
  bus: EventBus;
  directory: WebSocketDirectory;
  newId: () => string;
  serverVersion: string;
  serverHostname?: string;
  /** How often the server pings each socket; a socket that missed the previous pong is closed. */
  heartbeatMs?: number;
  /** How long an inactive connection is held for a client to resume it (Mattermost: about 5 minutes). */
  holdInactiveMs?: number;
  /** How long a socket may stay open without authenticating. */
  authTimeoutMs?: number;
  queueCapacity?: number;
}

interface SocketState {
  alive: boolean;
  openedAt: number;
  conn?: HubConnection;
}

const NOT_AUTHENTICATED = {
  id: 'api.web_socket_router.not_authenticated.app_error',
  message: 'Not authenticated.',
};

/** The token of the upgrade request, from the places Mattermost reads: cookie, Authorization header, query. */
const upgradeToken = (req: IncomingMessage, url: URL): string | undefined => {
  const cookie = req.headers.cookie?.split(';').find((c) => c.trim().startsWith('MMAUTHTOKEN='));
  if (cookie) return decodeURIComponent(cookie.trim().slice('MMAUTHTOKEN='.length));
  const auth = req.headers.authorization;
  const m = auth ? /^(?:Bearer|Token)\s+(\S+)$/i.exec(auth.trim()) : null;
  if (m) return m[1];
  return url.searchParams.get('access_token') || undefined;
};

const parseFrame = (raw: RawData): ClientAction | undefined => {
  try {
    const msg = JSON.parse(raw.toString()) as Partial<ClientAction>;
    if (typeof msg.action !== 'string' || typeof msg.seq !== 'number') return undefined;
    return { action: msg.action, seq: msg.seq, data: msg.data ?? {} };
  } catch {
    return undefined;
  }
};

/**
 * Mattermost's WebSocket API: authentication, hello, per-connection sequences, client actions,
 * delivery of the simulator's events by Mattermost's broadcast rules, and resumption of a dropped
 * connection by replaying what it missed.
 */
export class WebSocketHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Map<string, HubConnection>();
  private readonly sockets = new Map<WebSocket, SocketState>();
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly holdInactiveMs: number;
  private readonly authTimeoutMs: number;
  private readonly queueCapacity: number;
  private readonly serverHostname: string;
  /** The `websocket_silent` fault: every socket is served as if its session were gone. */
  private silent = false;

  constructor(private readonly opts: WebSocketHubOptions) {
    this.holdInactiveMs = opts.holdInactiveMs ?? 5 * 60_000;
    this.authTimeoutMs = opts.authTimeoutMs ?? 60_000;
    this.queueCapacity = opts.queueCapacity ?? 128;
    this.serverHostname = opts.serverHostname ?? hostname();
    this.unsubscribe = opts.bus.subscribe((event) => this.deliver(event));
    this.heartbeat = setInterval(() => this.sweep(), opts.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Serves the WebSocket endpoint on `server`'s upgrade requests. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.handleUpgrade(req, socket, head),
    );
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WEBSOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Mattermost upgrades even with a missing or bad token: such a socket gets no hello and no
    // events, and every request on it is answered FAIL until it authenticates.
    const headerToken = upgradeToken(req, url);
    const headerUser =
      headerToken && !this.silent ? this.opts.directory.userIdForToken(headerToken) : undefined;
    const resume = {
      connectionId: url.searchParams.get('connection_id') ?? '',
      sequence: Number.parseInt(url.searchParams.get('sequence_number') ?? '0', 10) || 0,
    };
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const state: SocketState = { alive: true, openedAt: Date.now() };
      this.sockets.set(ws, state);
      ws.on('pong', () => (state.alive = true));
      ws.on('message', (raw) => this.onMessage(ws, state, raw));
      ws.on('close', () => this.onClose(ws, state));
      ws.on('error', () => ws.terminate());
      if (headerUser && headerToken) state.conn = this.open(headerUser, headerToken, ws, resume);
    });
  }

  /** Turns the `websocket_silent` fault on or off. */
  setSilent(on: boolean): void {
    this.silent = on;
  }

  /** Closes every socket abruptly; the connections stay held so their clients can resume them. */
  dropAll(): void {
    for (const [ws, state] of this.sockets) this.kill(ws, state);
  }

  /** Forgets every connection, as a server restart does: clients get new ids and a new hello. */
  reset(): void {
    this.dropAll();
    this.connections.clear();
  }

  close(): void {
    this.reset();
    this.unsubscribe();
    clearInterval(this.heartbeat);
    this.wss.close();
  }

  /** Connections currently holding a socket. */
  get activeConnections(): number {
    let n = 0;
    for (const c of this.connections.values()) if (c.active) n++;
    return n;
  }

  /** Connections of one user currently holding a socket. */
  activeConnectionsOf(userId: string): number {
    let n = 0;
    for (const c of this.connections.values()) if (c.active && c.userId === userId) n++;
    return n;
  }

  /**
   * Resumes the connection the client names or opens a fresh one. Only an upgrade that carried
   * the session resumes: a connection authenticated by `authentication_challenge` always starts
   * afresh (new id, new hello), as Mattermost's does.
   */
  private open(
    userId: string,
    token: string,
    ws: WebSocket,
    resume: { connectionId: string; sequence: number } | undefined,
  ): HubConnection {
    const wasOnline = this.userHasSocket(userId);
    const conn =
      (resume && this.resume(userId, token, ws, resume)) ?? this.fresh(userId, token, ws);
    if (!wasOnline) this.opts.directory.onUserConnected?.(userId);
    return conn;
  }

  private resume(
    userId: string,
    token: string,
    ws: WebSocket,
    { connectionId, sequence }: { connectionId: string; sequence: number },
  ): HubConnection | undefined {
    const held = connectionId ? this.connections.get(connectionId) : undefined;
    if (!held || held.userId !== userId) return undefined;
    const expired =
      held.inactiveSince !== undefined && held.inactiveSince < Date.now() - this.holdInactiveMs;
    const missed = expired ? undefined : held.missedSince(sequence);
    if (!missed) {
      this.connections.delete(held.connectionId);
      return undefined;
    }
    const previous = held.socket;
    if (previous) {
      this.sockets.delete(previous);
      previous.terminate();
    }
    held.attach(ws, token);
    for (const frame of missed) ws.send(frame.text);
    return held;
  }

  private fresh(userId: string, token: string, ws: WebSocket): HubConnection {
    const conn = new HubConnection(this.opts.newId(), userId, this.queueCapacity);
    this.connections.set(conn.connectionId, conn);
    conn.attach(ws, token);
    conn.sendEvent(
      'hello',
      {
        server_version: this.opts.serverVersion,
        connection_id: conn.connectionId,
        server_hostname: this.serverHostname,
      },
      wireBroadcast({ event: 'hello', data: {}, broadcast: { user_id: userId } }),
    );
    return conn;
  }

  private onMessage(ws: WebSocket, state: SocketState, raw: RawData): void {
    state.alive = true;
    const msg = parseFrame(raw);
    if (!msg) return;
    const ctx = {
      bus: this.opts.bus,
      serverVersion: this.opts.serverVersion,
      isChannelMember: (c: string, u: string) => this.opts.directory.isChannelMember(c, u),
      statuses: (ids?: string[]) => this.opts.directory.statuses(ids),
      onActivity: this.opts.directory.onActivity?.bind(this.opts.directory),
    };
    if (state.conn) {
      // A session revoked or expired meanwhile: the socket stays open but serves nothing.
      if (this.authenticated(state.conn)) runAction(state.conn, msg, ctx);
      else state.conn.sendReply({ status: 'FAIL', seq_reply: msg.seq, error: NOT_AUTHENTICATED });
      return;
    }
    if (msg.action !== 'authentication_challenge') {
      ws.send(JSON.stringify({ status: 'FAIL', seq_reply: msg.seq, error: NOT_AUTHENTICATED }));
      return;
    }
    const token = typeof msg.data?.token === 'string' ? msg.data.token : '';
    const userId = token && !this.silent ? this.opts.directory.userIdForToken(token) : undefined;
    if (!userId) {
      const error = {
        id: 'api.web_socket_router.bad_token.app_error',
        message: 'Invalid session token.',
      };
      ws.send(JSON.stringify({ status: 'FAIL', seq_reply: msg.seq, error }));
      ws.close(1008, 'invalid token');
      return;
    }
    state.conn = this.open(userId, token, ws, undefined);
    state.conn.sendReply({ status: 'OK', seq_reply: msg.seq });
  }

  /** Closes a socket abruptly; its connection is detached at once, so it is held for resumption from now. */
  private kill(ws: WebSocket, state: SocketState): void {
    if (state.conn?.socket === ws) this.detach(state.conn, Date.now());
    state.conn = undefined;
    this.sockets.delete(ws);
    ws.terminate();
  }

  private onClose(ws: WebSocket, state: SocketState): void {
    this.sockets.delete(ws);
    if (state.conn?.socket === ws) this.detach(state.conn, Date.now());
  }

  private detach(conn: HubConnection, now: number): void {
    conn.detach(now);
    if (!this.userHasSocket(conn.userId)) this.opts.directory.onUserDisconnected?.(conn.userId);
  }

  /** Whether the session the connection authenticated with is still valid (not revoked, not expired). */
  private authenticated(conn: HubConnection): boolean {
    if (this.silent) return false;
    return (
      conn.token !== undefined && this.opts.directory.userIdForToken(conn.token) === conn.userId
    );
  }

  private userHasSocket(userId: string): boolean {
    for (const c of this.connections.values()) if (c.userId === userId && c.active) return true;
    return false;
  }

  private deliver(event: ServerEvent): void {
    const broadcast = wireBroadcast(event);
    for (const conn of this.connections.values()) {
      const recipient = {
        connectionId: conn.connectionId,
        userId: conn.userId,
        presenceChannelId: conn.presenceChannelId,
      };
      if (!shouldDeliver(event, recipient, this.opts.directory)) continue;
      if (conn.active && !this.authenticated(conn)) continue;
      conn.sendEvent(event.event, dataFor(event, conn.userId), broadcast);
    }
  }

  /**
   * Closes sockets that did not answer the last ping or never authenticated, and forgets
   * connections held too long.
   */
  private sweep(): void {
    const authDeadline = Date.now() - this.authTimeoutMs;
    for (const [ws, state] of this.sockets) {
      if (!state.alive || (!state.conn && state.openedAt < authDeadline)) {
        this.kill(ws, state);
        continue;
      }
      state.alive = false;
      ws.ping();
    }
    const expiry = Date.now() - this.holdInactiveMs;
    for (const [id, conn] of this.connections) {
      if (conn.inactiveSince !== undefined && conn.inactiveSince < expiry)
        this.connections.delete(id);
    }
  }
}
