import type { Logger } from '../observability/logger.js';
import type { Cancel, LiveClock } from './live-clock.js';
import type { LiveSettings, SourceFactory } from './live-types.js';
import { UserSocket, type SocketEvent, type SocketPosition } from './user-socket.js';

/** `relayed`: another bridge of the cluster holds the user's WebSocket and relays its events. */
export type LiveMode = 'idle' | 'websocket' | 'polling' | 'relayed';

/** Where a user's events come from: the `LiveSource` here, or another bridge of a cluster. */
export interface EventSource {
  readonly mode: LiveMode;
  /** Whether events are flowing (changes arrive as events). */
  readonly streaming: boolean;
  /** Resolves true once every event Mattermost published before this call has arrived. */
  checkpoint(): Promise<boolean>;
  start(): void;
  stop(): void;
}

/** What a token check found: still valid, gone (401), or unknown (Mattermost did not answer). */
export type TokenVerdict = 'valid' | 'gone' | 'unknown';

/** What the event source asks of its owner. */
export interface SourceOwner {
  event(ev: SocketEvent): void;
  /** Changes may have been missed: re-read over REST. */
  resync(reason: string): void;
  /** Events from now on may be lost (the socket dropped, was replaced, or went silent). */
  streamBroken(): void;
  /** A reconnect got every missed event replayed. */
  streamResumed(): void;
  /** The polling period passed; `polling` says whether polling stands in for the WebSocket. */
  tick(polling: boolean): void;
  checkToken(): Promise<TokenVerdict>;
  /** The user's token no longer works: end everything live for the user. */
  tokenGone(): void;
}

/**
 * The event source of one user as a small state machine: idle, on the WebSocket, or polling
 * while the WebSocket fails. It turns what the socket reports into what the owner must do: a
 * resync after a new connection (events lost), polling after repeated failures and back, and
 * for a socket that stays open but silent (bad, revoked or expired token) a token check that
 * either replaces the socket or ends the user's live state.
 */
export class LiveSource implements EventSource {
  private socket?: UserSocket;
  private polling = false;
  private cancelTick?: Cancel;
  private cancelRetry?: Cancel;
  /** Silent sockets in a row: each replacement waits longer, polling meanwhile. */
  private silences = 0;
  private stopped = true;

  constructor(
    private readonly settings: LiveSettings,
    private readonly clock: LiveClock,
    private readonly log: Logger,
    private readonly owner: SourceOwner,
    private token: () => string,
  ) {}

  get mode(): LiveMode {
    if (this.stopped) return 'idle';
    if (this.polling) return 'polling';
    return this.socket ? 'websocket' : 'idle';
  }

  /** Whether events are flowing on a connected socket (changes arrive as events). */
  get streaming(): boolean {
    return !this.stopped && !this.polling && !!this.socket?.connected;
  }

  /** Resolves true once every event Mattermost published before this call has arrived. */
  checkpoint(): Promise<boolean> {
    if (this.polling || !this.socket) return Promise.resolve(false);
    return this.socket.checkpoint();
  }

  /** Where the socket's event stream stands, once it has one. */
  get position(): SocketPosition | undefined {
    return this.socket?.position;
  }

  /** Starts; `resume` continues a connection another bridge held (see `UserSocketOptions`). */
  start(resume?: SocketPosition): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.cancelTick = this.clock.every(this.settings.pollIntervalMs, () =>
      this.owner.tick(this.polling),
    );
    if (!this.settings.websocket) {
      this.polling = true;
      return;
    }
    this.openSocket(resume);
  }

  stop(): void {
    this.stopped = true;
    this.cancelTick?.();
    this.cancelRetry?.();
    this.cancelTick = this.cancelRetry = undefined;
    this.socket?.stop();
    this.socket = undefined;
    this.polling = false;
    this.silences = 0;
  }

  private openSocket(resume?: SocketPosition): void {
    const socket = new UserSocket({
      ...(resume ? { resume } : {}),
      mattermostUrl: this.settings.mattermostUrl,
      token: this.token(),
      reconnect: this.settings.reconnect,
      pingIntervalMs: this.settings.pingIntervalMs,
      clock: this.clock,
      log: this.log,
    });
    socket.on('event', (ev) => {
      if (ev.event === 'hello') this.silences = 0;
      this.owner.event(ev);
    });
    socket.on('open', ({ resumed }) => {
      this.log.debug({ resumed }, 'mattermost websocket open');
      if (this.polling) {
        // Back from polling: the WebSocket takes over, and one resync covers the switch.
        this.polling = false;
        this.owner.resync('websocket restored');
      } else if (!resumed) {
        // Changes between the subscriptions' first reads and this connection came as no event.
        this.owner.resync('websocket open');
      }
    });
    socket.on('resumed', () => {
      this.silences = 0;
      this.owner.streamResumed();
    });
    socket.on('missed', () => this.owner.resync('new websocket connection'));
    socket.on('down', (failures) => {
      this.owner.streamBroken();
      if (failures >= this.settings.failuresBeforePolling && !this.polling) {
        this.log.warn({ failures }, 'mattermost websocket failing; polling instead');
        this.polling = true;
        this.owner.resync('websocket down');
      }
    });
    socket.on('silent', (reason) => void this.onSilent(socket, reason));
    this.socket = socket;
    socket.start();
  }

  /**
   * The socket is open but serves nothing. The token decides: gone, and the user's live state
   * ends (no subscription is left to stop quietly); otherwise the socket is replaced by a new
   * connection, at once the first time, then after a growing pause with polling meanwhile.
   */
  private async onSilent(socket: UserSocket, reason: string): Promise<void> {
    if (socket !== this.socket) return;
    this.log.warn({ reason }, 'mattermost websocket silent; checking the token');
    this.owner.streamBroken();
    socket.stop();
    this.socket = undefined;
    const verdict = await this.owner.checkToken();
    if (this.stopped) return;
    if (verdict === 'gone') {
      this.log.warn('mattermost token no longer valid; ending live updates for the user');
      this.owner.tokenGone();
      return;
    }
    const wait =
      this.silences === 0
        ? 0
        : Math.min(
            this.settings.reconnect.maxMs,
            this.settings.reconnect.minMs * 2 ** this.silences,
          );
    this.silences++;
    if (wait === 0) {
      this.openSocket();
      return;
    }
    this.polling = true;
    this.owner.resync('websocket silent');
    this.cancelRetry = this.clock.after(wait, () => {
      if (!this.stopped && !this.socket) this.openSocket();
    });
  }
}

/** The event source of a bridge on its own: the user's WebSocket here, or polling. */
export function ownSource(settings: LiveSettings, clock: LiveClock): SourceFactory {
  return (owner, token, log) => new LiveSource(settings, clock, log, owner, token);
}
