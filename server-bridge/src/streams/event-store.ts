import { randomUUID } from 'node:crypto';
import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

/**
 * Resumability for the Streamable HTTP transport: every SSE message the bridge sends is kept for
 * a while, so a client that reconnects with `Last-Event-ID` receives what it missed.
 *
 * The SDK names its standalone GET stream `_GET_stream` in every session, so a store must never
 * be shared between sessions as is: replaying after one session's event id would hand out another
 * user's notifications. `StreamEventLog` holds the events of all sessions under one global bound
 * (oldest evicted first); `forSession()` gives each transport its own view that can only see and
 * replay its own events. The `EventStore` interface stays the seam for a shared store later.
 */
export class StreamEventLog {
  private seq = 0;
  /** Global arrival order, for eviction: which session and stream holds the oldest event. */
  private readonly order: Array<{ scope: SessionEventStore; streamId: StreamId }> = [];
  private head = 0;

  constructor(readonly maxEvents: number) {
    if (!Number.isInteger(maxEvents) || maxEvents < 1)
      throw new RangeError('maxEvents must be >= 1');
  }

  /** The event store for one MCP session; `dispose()` it when the session ends. */
  forSession(): SessionEventStore {
    return new SessionEventStore(this);
  }

  /**
   * Entries in the arrival queue, all sessions together. Entries of a disposed session stay
   * until they reach the head (dropping them there is a no-op), so this is an upper bound.
   */
  get size(): number {
    return this.order.length - this.head;
  }

  /** @internal */
  nextSeq(): number {
    return ++this.seq;
  }

  /** @internal */
  recordArrival(scope: SessionEventStore, streamId: StreamId): void {
    this.order.push({ scope, streamId });
    while (this.size > this.maxEvents) {
      const oldest = this.order[this.head++]!;
      oldest.scope.dropOldest(oldest.streamId);
    }
    // Compact the queue now and then instead of shifting on every eviction.
    if (this.head > 1024 && this.head * 2 > this.order.length) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }
}

interface StoredEvent {
  seq: number;
  message: JSONRPCMessage;
}

export class SessionEventStore implements EventStore {
  /** Unguessable prefix: event ids of one session mean nothing in another. */
  private readonly scopeId = randomUUID();
  /** Each stream's events, in arrival order (ascending `seq`). */
  private readonly streams = new Map<StreamId, StoredEvent[]>();
  private disposed = false;

  constructor(private readonly log: StreamEventLog) {}

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const seq = this.log.nextSeq();
    const id = `${this.scopeId}.${seq}`;
    if (this.disposed) return id;
    let events = this.streams.get(streamId);
    if (!events) this.streams.set(streamId, (events = []));
    events.push({ seq, message });
    this.log.recordArrival(this, streamId);
    return id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return this.streamHolding(eventId);
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const streamId = this.streamHolding(lastEventId);
    if (streamId === undefined) throw new Error('Unknown or expired event id');
    const seq = Number(lastEventId.slice(lastEventId.lastIndexOf('.') + 1));
    for (const event of this.streams.get(streamId) ?? []) {
      if (event.seq <= seq) continue;
      // Priming events carry an empty message: they only give the client an id to resume from.
      if (!('jsonrpc' in event.message)) continue;
      await send(`${this.scopeId}.${event.seq}`, event.message);
    }
    return streamId;
  }

  /** Events held for this session. */
  get size(): number {
    let n = 0;
    for (const events of this.streams.values()) n += events.length;
    return n;
  }

  /**
   * The stream that still holds the event an id names: an id of this session (its prefix) whose
   * number lies within what one of its streams holds. The id is read, not looked up, so keeping an
   * event costs no index entry (a fan-out stores one event per session).
   */
  private streamHolding(eventId: EventId): StreamId | undefined {
    const dot = eventId.lastIndexOf('.');
    if (dot < 0 || eventId.slice(0, dot) !== this.scopeId) return undefined;
    const seq = Number(eventId.slice(dot + 1));
    if (!Number.isInteger(seq)) return undefined;
    for (const [streamId, events] of this.streams) {
      if (events.length === 0 || seq < events[0]!.seq || seq > events[events.length - 1]!.seq)
        continue;
      if (events.some((event) => event.seq === seq)) return streamId;
    }
    return undefined;
  }

  /** @internal Called by the log when this session holds the globally oldest event. */
  dropOldest(streamId: StreamId): void {
    const events = this.streams.get(streamId);
    if (!events?.shift()) return;
    if (events.length === 0) this.streams.delete(streamId);
  }

  dispose(): void {
    this.disposed = true;
    this.streams.clear();
  }
}
