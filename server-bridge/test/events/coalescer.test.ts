import { setTimeout as sleep } from 'node:timers/promises';
import { Coalescer } from '../../src/events/coalescer.js';

describe('Coalescer', () => {
  it('emits the first change at once and collapses a burst into one trailing emission per window', async () => {
    const emitted: Array<[string, number]> = [];
    const started = Date.now();
    const c = new Coalescer<string>(100, (k) => emitted.push([k, Date.now() - started]));
    c.mark('a');
    expect(emitted).toEqual([['a', expect.any(Number)]]);
    for (let i = 0; i < 1000; i++) c.mark('a');
    c.mark('b');
    expect(emitted.map(([k]) => k)).toEqual(['a', 'b']);
    await sleep(150);
    expect(emitted.map(([k]) => k)).toEqual(['a', 'b', 'a']);
    expect(emitted[2]![1]).toBeGreaterThanOrEqual(95);
    await sleep(150);
    // Quiet again: nothing more, and the next change goes out immediately.
    expect(emitted).toHaveLength(3);
    expect(c.size).toBe(0);
    c.mark('a');
    expect(emitted).toHaveLength(4);
    c.close();
  });

  it('keeps at most one emission per window during a long stream of changes', async () => {
    let count = 0;
    const c = new Coalescer<string>(50, () => count++);
    const until = Date.now() + 500;
    while (Date.now() < until) {
      c.mark('k');
      await sleep(1);
    }
    await sleep(80);
    // 500 ms of changes: one leading emission plus at most one per 50 ms window (timers may
    // fire late on a busy machine, so fewer windows can close).
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(12);
    c.close();
  });
});
