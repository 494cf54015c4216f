import type { RelayEntry, RelayedMessage } from '../cluster/event-relay.js';
import type { Logger } from '../observability/logger.js';
import { randomUUID } from 'node:crypto';
import type { Cancel, LiveClock } from './live-clock.js';
import { LiveSource, type EventSource, type LiveMode, type SourceOwner } from './live-source.js';
import type { LiveSettings, SourceFactory } from './live-types.js';
import type { SocketEvent, SocketPosition } from './user-socket.js';

/** A bridge's part in sharing its users' sockets with the rest of its cluster. */
export interface SocketCluster {
  /** Claims the member's user for this bridge now and at every renewal; answers `claimed`. */
  join(member: ClusterMember): void;
  /** The member stopped; `held`: its lease is released for another bridge to take at once. */
  leave(member: ClusterMember, held: boolean): void;
  /** Claims the user again now (the holder said it let the socket go). */
  claimNow(userId: string): void;
  relay: {
    publish(userId: string, message: RelayedMessage): Promise<string | undefined>;
    after(userId: string, afterId: string): Promise<RelayEntry[]>;
    last(userId: string): Promise<RelayEntry | undefined>;
    follow(userId: string, fromId: string, handler: (entry: RelayEntry) => void): void;
    unfollow(userId: string): string | undefined;
    requestCheckpoint(userId: string, token: string): Promise<boolean>;
  };
}

export interface ClusterMember {
  readonly userId: string;
  /**
   * Whether this bridge holds the user's socket after the latest claim; `alone` when Redis did
   * not answer (every bridge holds its own, and none takes over another's connection).
   */
  claimed(held: boolean, alone: boolean): void;
  /** A following bridge asks the holder to confirm its socket is up to date (see `checkpoint`). */
  checkpointRequested(token: string): void;
}

type Role = 'stopped' | 'claiming' | 'holding' | 'following';

/**
 * A user's event source on one bridge of a cluster: the bridge holding the user's lease opens
 * the one Mattermost WebSocket (a `LiveSource`) and appends every event to the user's stream;
 * the others follow that stream. Both hand events to the same owner, so relayed events go
 * through the change detection local ones do. A bridge taking the socket over reads what the
 * holder appended last, then resumes the holder's connection from the sequence after that event:
 * Mattermost replays what came since, so nothing is lost; an event seen twice (same connection,
 * a sequence already passed) is dropped, so nothing is repeated. When Mattermost cannot resume
 * the connection, the new holder resyncs over REST and tells every bridge to resync too.
 */
export class ClusterSource implements EventSource, ClusterMember {
  private role: Role = 'stopped';
  private readonly local: LiveSource;
  /** The connection and next sequence after the last event handed to the owner. */
  private position?: SocketPosition;
  private cancelTick?: Cancel;
  /** Role changes, one after another. */
  private steps: Promise<void> = Promise.resolve();
  /** Checkpoints asked of the holder, by token, until its answer is read from the stream. */
  private readonly checkpoints = new Map<string, (confirmed: boolean) => void>();
  /** A checkpoint not asked for yet: callers in the same turn share it. */
  private nextCheckpoint?: Promise<boolean>;

  constructor(
    private readonly cluster: SocketCluster,
    private readonly settings: LiveSettings,
    private readonly clock: LiveClock,
    private readonly log: Logger,
    private readonly owner: SourceOwner & { userId: string },
    token: () => string,
  ) {
    this.local = new LiveSource(settings, clock, log, this.relaying(), token);
  }

  get userId(): string {
    return this.owner.userId;
  }

  get mode(): LiveMode {
    if (this.role === 'holding') return this.local.mode;
    return this.role === 'following' ? 'relayed' : 'idle';
  }

  get holding(): boolean {
    return this.role === 'holding';
  }

  get streaming(): boolean {
    return this.role === 'following' || (this.role === 'holding' && this.local.streaming);
  }

  /**
   * Holding: the socket's own checkpoint. Following: the holder is asked for one; its socket
   * confirms every event published before the request, and appends its answer after them, so
   * reading the answer means every such event was read here too. False when no answer comes
   * within the ping interval (or 5 s), or the stream broke meanwhile.
   */
  checkpoint(): Promise<boolean> {
    if (this.role === 'holding') return this.local.checkpoint();
    if (this.role !== 'following') return Promise.resolve(false);
    this.nextCheckpoint ??= new Promise<boolean>((resolve) => {
      setImmediate(() => {
        this.nextCheckpoint = undefined;
        const token = randomUUID();
        const cancel = this.clock.after(Math.min(5000, this.settings.pingIntervalMs), () =>
          settle(false),
        );
        const settle = (confirmed: boolean) => {
          cancel();
          if (this.checkpoints.delete(token)) resolve(confirmed);
        };
        this.checkpoints.set(token, settle);
        void this.cluster.relay
          .requestCheckpoint(this.userId, token)
          .then((asked) => asked || settle(false));
      });
    });
    return this.nextCheckpoint;
  }

  checkpointRequested(token: string): void {
    if (this.role !== 'holding') return;
    void this.local.checkpoint().then((confirmed) => {
      if (confirmed && this.role === 'holding') {
        void this.cluster.relay.publish(this.userId, { kind: 'checkpoint', token });
      }
    });
  }

  /** Checkpoints asked of a holder whose stream broke, or that this bridge no longer follows. */
  private failCheckpoints(): void {
    for (const settle of [...this.checkpoints.values()]) settle(false);
  }

  start(): void {
    if (this.role !== 'stopped') return;
    this.role = 'claiming';
    this.cluster.join(this);
  }

  stop(): void {
    if (this.role === 'stopped') return;
    const held = this.role === 'holding';
    this.role = 'stopped';
    this.local.stop();
    this.stopFollowing();
    this.cluster.leave(this, held);
  }

  claimed(held: boolean, alone: boolean): void {
    this.steps = this.steps
      .then(() => (held ? this.hold(alone) : this.follow()))
      .catch((err: unknown) => this.log.warn({ err }, 'cluster socket role not changed'));
  }

  /**
   * Takes the user's socket: first what the last holder relayed, then its connection. Alone
   * (Redis away), the holder may be alive: a connection of this bridge's own is opened instead.
   */
  private async hold(alone: boolean): Promise<void> {
    if (this.role === 'stopped' || this.role === 'holding') return;
    const takingOver = this.role === 'following' && !alone;
    const lastId = this.stopFollowing();
    if (takingOver) {
      const rest = lastId
        ? await this.cluster.relay.after(this.userId, lastId).catch(() => [])
        : [];
      for (const entry of rest) this.apply(entry);
      if (this.role !== 'following') return;
      this.log.info({ position: this.position }, 'taking over the websocket of the cluster');
    }
    this.role = 'holding';
    this.local.start(takingOver ? this.position : undefined);
  }

  /** Another bridge holds the socket: read what it relays, from now on. */
  private async follow(): Promise<void> {
    if (this.role === 'stopped' || this.role === 'following') return;
    const wasHolding = this.role === 'holding';
    if (wasHolding) {
      this.local.stop();
      this.owner.streamBroken();
    }
    const last = await this.cluster.relay.last(this.userId).catch(() => null);
    if ((this.role as Role) === 'stopped') return;
    this.role = 'following';
    // From the newest entry on; a takeover before the next event resumes the connection it names.
    if (last?.message.kind === 'event') this.position = last.message.position;
    // An empty stream is read from its start; one that could not be looked at, from what comes next.
    const from = last === null ? '$' : (last?.id ?? '0-0');
    this.cluster.relay.follow(this.userId, from, (entry) => this.apply(entry));
    // Other users' statuses are polled by each bridge for its own subscribers.
    this.cancelTick = this.clock.every(this.settings.pollIntervalMs, () => this.owner.tick(false));
    // Changes between the subscriptions' first reads (or this bridge's own socket) and the
    // first relayed event came as no event here.
    this.owner.resync(wasHolding ? 'websocket held by another bridge' : 'following the cluster');
  }

  /** Stops reading the relay; the id of the last entry read. */
  private stopFollowing(): string | undefined {
    this.failCheckpoints();
    this.cancelTick?.();
    this.cancelTick = undefined;
    return this.role === 'following' ? this.cluster.relay.unfollow(this.userId) : undefined;
  }

  private apply({ message }: RelayEntry): void {
    if (message.kind === 'released') {
      if (this.role === 'following') this.cluster.claimNow(this.userId);
      return;
    }
    if (message.kind === 'checkpoint') {
      this.checkpoints.get(message.token)?.(true);
      return;
    }
    if (message.kind === 'resync') {
      this.failCheckpoints();
      this.owner.streamBroken();
      this.owner.resync(`relayed: ${message.reason}`);
      return;
    }
    const { event, position } = message;
    const known = this.position;
    if (known?.connectionId === position.connectionId) {
      // Already handed over (a takeover reads what it may have read from the stream too).
      if (event.seq < known.sequence) return;
      if (event.seq > known.sequence) {
        // Entries the holder could not append: what they said is read again over REST.
        this.failCheckpoints();
        this.owner.streamBroken();
        this.owner.resync('relayed events missing');
      }
    }
    this.position = position;
    this.owner.event(event as SocketEvent);
  }

  /** The owner of the local socket: what it hears is handed over here and to the cluster. */
  private relaying(): SourceOwner {
    const owner = this.owner;
    const publish = (message: RelayedMessage) => {
      if (this.role === 'holding') void this.cluster.relay.publish(this.userId, message);
    };
    return {
      event: (ev) => {
        const position = this.local.position;
        if (position) this.position = position;
        owner.event(ev);
        if (position) publish({ kind: 'event', event: ev, position });
      },
      resync: (reason) => {
        owner.resync(reason);
        publish({ kind: 'resync', reason });
      },
      streamBroken: () => owner.streamBroken(),
      streamResumed: () => owner.streamResumed(),
      tick: (polling) => {
        owner.tick(polling);
        // Polling stands in for the socket: every bridge polls its own subscribers' resources.
        if (polling) publish({ kind: 'resync', reason: 'poll' });
      },
      checkToken: () => owner.checkToken(),
      tokenGone: () => owner.tokenGone(),
    };
  }
}

/** The source factory the live hub uses on a bridge of a cluster. */
export function clusterSources(
  cluster: SocketCluster,
  settings: LiveSettings,
  clock: LiveClock,
  onCreate?: (source: ClusterSource) => void,
): SourceFactory {
  return (owner, token, log) => {
    const source = new ClusterSource(cluster, settings, clock, log, owner, token);
    onCreate?.(source);
    return source;
  };
}
