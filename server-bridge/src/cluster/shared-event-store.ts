import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';
import type { SessionEventStore } from '../streams/event-store.js';
import type { RedisLink } from './redis-link.js';

export interface SharedEventStoreSettings {
  /** Messages kept per session (approximately: Redis trims whole nodes). */
  maxLen: number;
  /** A session's messages expire this long after the last one (the session's idle limit). */
  ttlMs: number;
}

/** Ids of messages kept in Redis; the others are this bridge's own (kept while Redis was away). */
const SHARED = 'r:';

/**
 * The SSE messages of one 2025-era session, kept in a Redis stream per session
 * (`<prefix>:sse:<session id>`, capped and expiring), so that a client reconnecting with
 * `Last-Event-ID` to any bridge of the cluster receives what it missed, even after the bridge
 * that sent the stream died. Each entry names its SSE stream; a session's ids are looked up in
 * that session's stream only, so an id of another session replays nothing. While Redis does not
 * answer, messages are kept by this bridge alone (`local`), as without a cluster.
 */
export class SharedEventStore implements EventStore {
  constructor(
    private readonly link: RedisLink,
    /** The session's id, known once the client initialized. */
    private readonly sessionId: () => string | undefined,
    private readonly local: SessionEventStore,
    private readonly settings: SharedEventStoreSettings,
  ) {}

  private key(): string | undefined {
    const id = this.sessionId();
    return id ? this.link.key('sse', id) : undefined;
  }

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const key = this.key();
    if (key && this.link.status === 'up') {
      try {
        const results = await this.link.commands
          .pipeline()
          .xadd(
            key,
            'MAXLEN',
            '~',
            this.settings.maxLen,
            '*',
            's',
            streamId,
            'm',
            JSON.stringify(message),
          )
          .pexpire(key, this.settings.ttlMs)
          .exec();
        const id = results?.[0]?.[1];
        if (typeof id === 'string') return `${SHARED}${id}`;
      } catch {
        // Kept here instead, below.
      }
    }
    return this.local.storeEvent(streamId, message);
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    if (!eventId.startsWith(SHARED)) return this.local.getStreamIdForEventId(eventId);
    const key = this.key();
    const id = eventId.slice(SHARED.length);
    if (!key || !/^\d+-\d+$/.test(id)) return undefined;
    const [entry] = await this.link.commands.xrange(key, id, id);
    return entry ? field(entry[1], 's') : undefined;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    if (!lastEventId.startsWith(SHARED)) return this.local.replayEventsAfter(lastEventId, { send });
    const streamId = await this.getStreamIdForEventId(lastEventId);
    if (streamId === undefined) throw new Error('Unknown or expired event id');
    const entries = await this.link.commands.xrange(
      this.key()!,
      `(${lastEventId.slice(SHARED.length)}`,
      '+',
    );
    // A session served by two bridges is notified by both: each notification is sent once.
    const sent = new Set<string>();
    for (const [id, fields] of entries) {
      if (field(fields, 's') !== streamId) continue;
      const raw = field(fields, 'm') ?? '{}';
      const message = JSON.parse(raw) as JSONRPCMessage;
      // Priming events carry an empty message: they only give the client an id to resume from.
      if (!('jsonrpc' in message)) continue;
      if (!('id' in message)) {
        if (sent.has(raw)) continue;
        sent.add(raw);
      }
      await send(`${SHARED}${id}`, message);
    }
    return streamId;
  }

  /** The session's messages in Redis expire by themselves; another bridge may still resume them. */
  dispose(): void {
    this.local.dispose();
  }
}

function field(fields: string[], name: string): string | undefined {
  for (let n = 0; n + 1 < fields.length; n += 2) if (fields[n] === name) return fields[n + 1];
  return undefined;
}
