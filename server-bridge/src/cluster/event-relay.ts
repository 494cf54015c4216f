import type { Redis } from 'ioredis';
import type { RedisLink } from './redis-link.js';

/** Where a connection's event stream stood after an event: its id and the next sequence. */
export interface RelayPosition {
  connectionId: string;
  sequence: number;
}

/**
 * What the bridge holding a user's WebSocket tells the other bridges: each Mattermost event with
 * the connection's position after it (so a bridge taking the socket over resumes the connection
 * from there, and a repeated event is recognised by its sequence), "resync" when events may have
 * been lost (every bridge re-reads), and "released" when it stops holding the socket on purpose
 * (another bridge with subscribers takes it at once instead of waiting for the lease to expire).
 * A "checkpoint" answers a following bridge's request: the holder's socket confirmed that every
 * event Mattermost published before the request has arrived, and was appended before this entry.
 */
export type RelayedMessage =
  | { kind: 'event'; event: { event: string; seq: number }; position: RelayPosition }
  | { kind: 'resync'; reason: string }
  | { kind: 'released' }
  | { kind: 'checkpoint'; token: string };

export interface RelayEntry {
  /** The Redis stream id: entries are read after the last id a bridge saw. */
  id: string;
  message: RelayedMessage;
}

export interface EventRelaySettings {
  /** Entries kept per user (approximately: Redis trims whole nodes). */
  maxLen: number;
  /** A user's stream expires this long after its last entry. */
  ttlMs: number;
  /** Longest a blocking read waits before it is sent again. */
  blockMs?: number;
}

/** The id before every id: read from here, a stream is read whole. */
export const STREAM_START = '0-0';
const FIELD = 'm';

type StreamReply = Array<[key: string, entries: Array<[id: string, fields: string[]]>]>;

function decode(id: string, fields: string[]): RelayEntry | undefined {
  const raw = fields[fields.indexOf(FIELD) + 1];
  try {
    return raw ? { id, message: JSON.parse(raw) as RelayedMessage } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Mattermost events of a user carried between the bridges of a cluster on a Redis stream per
 * user (`<prefix>:events:<user id>`, capped and expiring): the holder of the user's socket
 * appends; every other bridge with subscribers of that user reads after the last id it saw, with
 * one blocking read per bridge over all the users it follows. A stream rather than publish and
 * subscribe, so that nothing published while a bridge was not reading (a takeover, a reconnect
 * to Redis) is lost to it.
 */
export class EventRelay {
  /** Followed users: the last id read and who receives the entries. */
  private readonly followed = new Map<
    string,
    { lastId: string; handler: (entry: RelayEntry) => void }
  >();
  private readonly reader: Redis;
  private readerId?: number;
  private reading = false;
  /** Counts reads sent, so an unblock aims at the read under way when it was asked for. */
  private reads = 0;
  private wake?: () => void;
  private stopped = false;
  private readonly blockMs: number;

  constructor(
    private readonly link: RedisLink,
    private readonly settings: EventRelaySettings,
  ) {
    this.blockMs = settings.blockMs ?? 2000;
    // A connection of its own: a blocking read holds its connection, and outlasts the command timeout.
    this.reader = link.commands.duplicate({ commandTimeout: this.blockMs + 2000 });
    this.reader.on('error', () => {});
    this.reader.on('ready', () => {
      void this.reader
        .client('ID')
        .then((id) => (this.readerId = Number(id)))
        .catch(() => {});
    });
  }

  async start(): Promise<void> {
    await this.reader.connect().catch(() => {});
    void this.loop();
  }

  private key(userId: string): string {
    return this.link.key('events', userId);
  }

  /** Appends a message to the user's stream; its id, or undefined when Redis did not take it. */
  async publish(userId: string, message: RelayedMessage): Promise<string | undefined> {
    const key = this.key(userId);
    try {
      const results = await this.link.commands
        .pipeline()
        .xadd(key, 'MAXLEN', '~', this.settings.maxLen, '*', FIELD, JSON.stringify(message))
        .pexpire(key, this.settings.ttlMs)
        .exec();
      const id = results?.[0]?.[1];
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Asks the bridge holding the user's socket for a checkpoint entry carrying `token` (one Redis
   * channel for the whole cluster: requests are rare, one per update a following bridge confirms).
   */
  async requestCheckpoint(userId: string, token: string): Promise<boolean> {
    try {
      await this.link.commands.publish(
        this.link.key('checkpoints'),
        JSON.stringify({ userId, token }),
      );
      return true;
    } catch {
      return false;
    }
  }

  /** Hears the checkpoint requests of the cluster. */
  async onCheckpointRequest(handler: (userId: string, token: string) => void): Promise<void> {
    const channel = this.link.key('checkpoints');
    this.link.subscriber.on('message', (from: string, raw: string) => {
      if (from !== channel) return;
      try {
        const { userId, token } = JSON.parse(raw) as { userId?: unknown; token?: unknown };
        if (typeof userId === 'string' && typeof token === 'string') handler(userId, token);
      } catch {
        // Not a request.
      }
    });
    await this.link.subscriber.subscribe(channel).catch(() => {});
  }

  /** Entries after `afterId`, oldest first (for a takeover: what the holder published last). */
  async after(userId: string, afterId: string): Promise<RelayEntry[]> {
    const raw = await this.link.commands.xrange(this.key(userId), `(${afterId}`, '+');
    return raw.flatMap(([id, fields]) => decode(id, fields) ?? []);
  }

  /** The newest entry of the user's stream, if any. */
  async last(userId: string): Promise<RelayEntry | undefined> {
    const [newest] = await this.link.commands.xrevrange(this.key(userId), '+', '-', 'COUNT', 1);
    return newest ? decode(newest[0], newest[1]) : undefined;
  }

  /**
   * Reads the user's entries after `fromId` as they come, until `unfollow`; `$` starts with the
   * entries appended after the next read is sent.
   */
  follow(userId: string, fromId: string, handler: (entry: RelayEntry) => void): void {
    this.followed.set(userId, { lastId: fromId, handler });
    this.restartRead();
  }

  /** Stops reading the user's entries; returns the id of the last one handed out. */
  unfollow(userId: string): string | undefined {
    const followed = this.followed.get(userId);
    this.followed.delete(userId);
    this.restartRead();
    return followed?.lastId === '$' ? undefined : followed?.lastId;
  }

  stop(): void {
    this.stopped = true;
    this.followed.clear();
    this.wake?.();
    this.reader.disconnect();
  }

  /** The set of streams changed: a read under way is ended so the next one includes it. */
  private restartRead(): void {
    if (!this.reading) {
      this.wake?.();
      return;
    }
    const read = this.reads;
    void (async () => {
      // The read may not have reached Redis yet (nothing to unblock): ask again shortly.
      for (let attempt = 0; attempt < 20 && this.reading && this.reads === read; attempt++) {
        if (this.readerId === undefined) return;
        const unblocked = await this.link.commands.client('UNBLOCK', this.readerId).catch(() => 0);
        if (unblocked === 1) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.followed.size === 0) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      const users = [...this.followed.keys()];
      const ids = users.map((user) => this.followed.get(user)!.lastId);
      let reply: StreamReply | null;
      this.reading = true;
      this.reads++;
      try {
        reply = (await this.reader.xread(
          'COUNT',
          500,
          'BLOCK',
          this.blockMs,
          'STREAMS',
          ...users.map((user) => this.key(user)),
          ...ids,
        )) as StreamReply | null;
      } catch {
        // Redis away: the connection reconnects by itself; try again shortly.
        this.reading = false;
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      this.reading = false;
      for (const [key, entries] of reply ?? []) {
        const userId = key.slice(this.key('').length);
        for (const [id, fields] of entries) {
          const followed = this.followed.get(userId);
          // Unfollowed meanwhile: a takeover reads these itself, after the last id handed out.
          if (!followed) break;
          followed.lastId = id;
          const entry = decode(id, fields);
          if (entry) followed.handler(entry);
        }
      }
    }
  }
}
