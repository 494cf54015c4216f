import { systemClock, type Cancel, type LiveClock } from './live-clock.js';

/**
 * At most one emission per key per window. The first change of a quiet key goes out at once (a
 * subscriber hears about a single new post without delay); changes that arrive while the window
 * is open collapse into one emission when it closes. A burst of 10,000 posts in one channel thus
 * becomes a handful of `resources/updated` notifications, and the last one always follows the
 * last change.
 */
export class Coalescer<K> {
  private readonly windows = new Map<K, { pending: boolean; cancel: Cancel }>();

  constructor(
    private readonly windowMs: number,
    private readonly emit: (key: K) => void,
    private readonly clock: LiveClock = systemClock,
  ) {}

  mark(key: K): void {
    const open = this.windows.get(key);
    if (open) {
      open.pending = true;
      return;
    }
    this.emitSafely(key);
    this.openWindow(key);
  }

  /** Keys with an open window. */
  get size(): number {
    return this.windows.size;
  }

  /** Drops a key's pending emission, for instance when nobody listens any more. */
  forget(key: K): void {
    const open = this.windows.get(key);
    if (!open) return;
    open.cancel();
    this.windows.delete(key);
  }

  close(): void {
    for (const open of this.windows.values()) open.cancel();
    this.windows.clear();
  }

  private openWindow(key: K): void {
    const state = { pending: false, cancel: (() => undefined) as Cancel };
    state.cancel = this.clock.after(this.windowMs, () => {
      this.windows.delete(key);
      if (!state.pending) return;
      this.emitSafely(key);
      this.openWindow(key);
    });
    this.windows.set(key, state);
  }

  private emitSafely(key: K): void {
    try {
      this.emit(key);
    } catch {
      // A failing listener must not stop the window logic; emitters report their own errors.
    }
  }
}
