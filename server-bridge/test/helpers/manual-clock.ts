import type { Cancel, LiveClock } from '../../src/events/live-clock.js';

interface Timer {
  at: number;
  fn: () => void;
  every?: number;
  cancelled: boolean;
}

/** Lets pending promise callbacks and I/O callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock that moves only when told to: timers of the live layer run without waiting. */
export class ManualClock implements LiveClock {
  private time = 1_800_000_000_000;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  after(ms: number, fn: () => void): Cancel {
    return this.add({ at: this.time + ms, fn, cancelled: false });
  }

  every(ms: number, fn: () => void): Cancel {
    return this.add({ at: this.time + ms, fn, every: ms, cancelled: false });
  }

  /** Moves time forward, running each timer that falls due in order (and what it awaits). */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.timers
        .filter((t) => !t.cancelled && t.at <= target)
        .sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.time = next.at;
      if (next.every) next.at += next.every;
      else next.cancelled = true;
      next.fn();
      for (let i = 0; i < 5; i++) await settle();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
    this.time = target;
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  private add(timer: Timer): Cancel {
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }
}
