import { createHash } from 'node:crypto';
import type { Cancel, LiveClock } from './live-clock.js';
import type { ResourceReader } from './live-types.js';

/** Reads of subscribed resources in flight at once during a resync. */
const CHECK_CONCURRENCY = 4;

const digestOf = (content: string): string =>
  createHash('sha256').update(content).digest('base64url');

/**
 * Tells which subscribed resources changed when events may have been missed, by comparing a
 * digest of each resource with the one taken when its followers last heard of it.
 *
 * A digest may only move forward over changes the followers were told of. After an update driven
 * by events, the digest is re-read a window later, so a later resync reports only what changed
 * since; but such a read may contain a change whose event has not arrived yet, and is then lost
 * with the stream (a restart, a drop, a socket gone silent). So the read is kept only once the
 * stream confirms, after it, that every event published before has arrived (a ping answered on
 * the same connection), and only if the stream did not break meanwhile. A failed read keeps the
 * digest it had: nothing is reported until the resource can be read again, and the caller
 * retries.
 */
export class ChangeDetector {
  private readonly known = new Map<string, string>();
  private readonly baselines = new Map<string, Promise<void>>();
  private readonly refreshes = new Map<string, Cancel>();
  /** Counts breaks of the event stream: a refresh that saw one in flight is dropped. */
  private epoch = 0;

  constructor(
    private readonly read: ResourceReader,
    private readonly clock: LiveClock,
    private readonly refreshDelayMs: number,
    /** Resources the bridge holds itself: nothing to read. */
    private readonly isLocal: (uri: string) => boolean,
    /** Whether the uri still has followers (a read that ends after its last follower left is dropped). */
    private readonly followed: (uri: string) => boolean,
  ) {}

  /**
   * The state of a newly followed resource (one read, shared by concurrent subscribers): a change
   * after it is reported even if the event stream is not up yet.
   */
  baseline(uri: string): Promise<void> {
    if (this.known.has(uri) || this.isLocal(uri)) return Promise.resolve();
    let pending = this.baselines.get(uri);
    if (!pending) {
      pending = this.readDigest(uri).then((digest) => {
        if (digest !== undefined && !this.known.has(uri) && this.followed(uri)) {
          this.known.set(uri, digest);
        }
      });
      this.baselines.set(uri, pending);
      void pending.finally(() => this.baselines.delete(uri));
    }
    return pending;
  }

  /**
   * Followers were just told of a change that came as an event: re-read a window later, so the
   * digest includes it. `confirm` resolves true once every event published before it was called
   * has arrived on an unbroken stream.
   */
  afterUpdate(uri: string, confirm: () => Promise<boolean>): void {
    if (this.refreshes.has(uri) || this.isLocal(uri)) return;
    const cancel = this.clock.after(this.refreshDelayMs, () => {
      this.refreshes.delete(uri);
      const epoch = this.epoch;
      void (async () => {
        const digest = await this.readDigest(uri);
        if (digest === undefined || !(await confirm())) return;
        if (epoch === this.epoch && this.followed(uri)) this.known.set(uri, digest);
      })();
    });
    this.refreshes.set(uri, cancel);
  }

  /** The event stream broke (or was found broken): refreshes under way are not kept. */
  streamBroken(): void {
    this.epoch++;
    for (const cancel of this.refreshes.values()) cancel();
    this.refreshes.clear();
  }

  /**
   * Re-reads resources and calls `changed` for each whose content differs from what its
   * followers were last told of. Resolves true when every read succeeded.
   */
  async check(uris: string[], changed: (uri: string) => void): Promise<boolean> {
    const queue = uris.filter((uri) => !this.isLocal(uri));
    let next = 0;
    let complete = true;
    const worker = async () => {
      while (next < queue.length) {
        const uri = queue[next++]!;
        const digest = await this.readDigest(uri);
        if (digest === undefined) {
          complete = false;
          continue;
        }
        if (!this.followed(uri)) continue;
        const before = this.known.get(uri);
        this.known.set(uri, digest);
        if (before !== undefined && before !== digest) changed(uri);
      }
    };
    await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker));
    return complete;
  }

  drop(uri: string): void {
    this.known.delete(uri);
    this.refreshes.get(uri)?.();
    this.refreshes.delete(uri);
  }

  close(): void {
    for (const cancel of this.refreshes.values()) cancel();
    this.refreshes.clear();
    this.known.clear();
  }

  private async readDigest(uri: string): Promise<string | undefined> {
    const content = await this.read(uri).catch(() => undefined);
    return content === undefined ? undefined : digestOf(content);
  }
}
