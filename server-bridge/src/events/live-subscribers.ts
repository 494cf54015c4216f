import { Coalescer } from './coalescer.js';
import type { LiveClock } from './live-clock.js';
import type { LiveSink } from './live-types.js';

/** Sessions handed an update per turn of the event loop (see `fanOut`). */
const FANOUT_SLICE = 50;

/**
 * One user's sessions and the resources each follows, and the delivery of updates to them: at
 * most one `resources/updated` per resource per coalescing window, handed to every session that
 * follows it.
 */
export class LiveSubscribers {
  private readonly sinks = new Set<LiveSink>();
  private readonly byUri = new Map<string, Set<LiveSink>>();
  private readonly updates: Coalescer<string>;
  private readonly listChanges: Coalescer<'list'>;
  private closed = false;

  constructor(
    coalesceMs: number,
    clock: LiveClock,
    private readonly hooks: {
      /** Counts one notification handed to one session. */
      notified(): void;
      /** An update went out for a resource (before its sessions received it). */
      delivered(uri: string): void;
      /** How long handing one update to all its sessions took. */
      fanOutTook?(seconds: number, sessions: number): void;
    },
  ) {
    this.updates = new Coalescer(coalesceMs, (uri) => this.deliver(uri), clock);
    this.listChanges = new Coalescer(
      coalesceMs,
      () => {
        for (const sink of this.sinks) sink.resourcesListChanged();
      },
      clock,
    );
  }

  /** Whether an update waits on a coalescing window (it goes out when the window closes). */
  get coalescing(): boolean {
    return this.updates.size > 0;
  }

  get sessionCount(): number {
    return this.sinks.size;
  }

  get subscriptionCount(): number {
    let n = 0;
    for (const set of this.byUri.values()) n += set.size;
    return n;
  }

  /** Resources someone follows. */
  get uris(): IterableIterator<string> {
    return this.byUri.keys();
  }

  get resourceCount(): number {
    return this.byUri.size;
  }

  get pendingUpdates(): number {
    return this.updates.size;
  }

  has(uri: string): boolean {
    return this.byUri.has(uri);
  }

  attach(sink: LiveSink): void {
    this.sinks.add(sink);
  }

  /** Removes a session; returns the resources nobody follows any more. */
  detach(sink: LiveSink): string[] {
    this.sinks.delete(sink);
    const dropped: string[] = [];
    for (const [uri, set] of this.byUri) {
      set.delete(sink);
      if (set.size === 0) dropped.push(uri);
    }
    for (const uri of dropped) this.drop(uri);
    return dropped;
  }

  /** Adds a subscription; true when the resource had no follower before. */
  add(sink: LiveSink, uri: string): boolean {
    let set = this.byUri.get(uri);
    const first = !set;
    if (!set) this.byUri.set(uri, (set = new Set()));
    set.add(sink);
    return first;
  }

  /** Removes a subscription; true when the resource has no follower left. */
  remove(sink: LiveSink, uri: string): boolean {
    const set = this.byUri.get(uri);
    if (!set) return false;
    set.delete(sink);
    if (set.size > 0) return false;
    this.drop(uri);
    return true;
  }

  /** The resource changed: its followers hear of it (coalesced). */
  mark(uri: string): void {
    if (this.byUri.has(uri)) this.updates.mark(uri);
  }

  /** The set of listable resources changed: every session hears of it (coalesced). */
  markListChanged(): void {
    this.listChanges.mark('list');
  }

  /** Tells every session its live updates are over, and forgets them all. */
  end(reason: string): void {
    for (const sink of this.sinks) {
      try {
        sink.ended?.(reason);
      } catch {
        // A session that cannot be told is dropped all the same.
      }
    }
    this.close();
  }

  close(): void {
    this.closed = true;
    this.updates.close();
    this.listChanges.close();
    this.byUri.clear();
    this.sinks.clear();
  }

  private drop(uri: string): void {
    this.byUri.delete(uri);
    this.updates.forget(uri);
  }

  private deliver(uri: string): void {
    const set = this.byUri.get(uri);
    if (!set) return;
    const started = performance.now();
    void this.fanOut(uri, [...set], set).then((sent) =>
      this.hooks.fanOutTook?.((performance.now() - started) / 1000, sent),
    );
    this.hooks.delivered(uri);
  }

  /**
   * Hands an update to its sessions a slice at a time, yielding to the event loop in between:
   * each slice's notifications are written out before the next slice starts, so the first
   * sessions hear of it at once instead of all waiting for the last, and other requests are
   * served between slices. Sends are never awaited in turn: a stalled session holds up nobody.
   * Settles, with the number of sessions served, once every send has settled.
   */
  private async fanOut(uri: string, sinks: LiveSink[], current: Set<LiveSink>): Promise<number> {
    const sent: Array<Promise<void> | void> = [];
    for (let i = 0; i < sinks.length; i += FANOUT_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.closed) break;
      for (const sink of sinks.slice(i, i + FANOUT_SLICE)) {
        // A session that unsubscribed or ended meanwhile is skipped.
        if (!current.has(sink) || this.byUri.get(uri) !== current) continue;
        this.hooks.notified();
        sent.push(sink.resourceUpdated(uri));
      }
    }
    await Promise.allSettled(sent);
    return sent.length;
  }
}
