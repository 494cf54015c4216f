/** Cancels a timer made by a `LiveClock`; calling it twice is harmless. */
export type Cancel = () => void;

/**
 * Time as the live layer sees it: the current time and timers. The system clock in the bridge;
 * tests hand in a manual clock to run reconnects, polling and silence checks without waiting.
 */
export interface LiveClock {
  now(): number;
  /** Runs `fn` once after `ms`. Timers never keep the process alive. */
  after(ms: number, fn: () => void): Cancel;
  /** Runs `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): Cancel;
}

export const systemClock: LiveClock = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};
