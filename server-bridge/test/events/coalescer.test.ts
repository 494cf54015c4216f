import { Coalescer } from '../../src/events/coalescer.js';
import { ManualClock } from '../helpers/manual-clock.js';

describe('Coalescer', () => {
  it('emits the first change at once and collapses a burst into one trailing emission per window', async () => {
    const clock = new ManualClock();
    const started = clock.now();
    const emitted: Array<[string, number]> = [];
    const c = new Coalescer<string>(100, (k) => emitted.push([k, clock.now() - started]), clock);
    c.mark('a');
    expect(emitted).toEqual([['a', 0]]);
    for (let i = 0; i < 1000; i++) c.mark('a');
    c.mark('b');
    expect(emitted.map(([k]) => k)).toEqual(['a', 'b']);
    await clock.advance(150);
    expect(emitted).toEqual([
      ['a', 0],
      ['b', 0],
      ['a', 100],
    ]);
    await clock.advance(150);
    // Quiet again: nothing more, and the next change goes out immediately.
    expect(emitted).toHaveLength(3);
    expect(c.size).toBe(0);
    c.mark('a');
    expect(emitted).toHaveLength(4);
    c.close();
  });

  it('keeps exactly one emission per window during a long stream of changes', async () => {
    const clock = new ManualClock();
    let count = 0;
    const c = new Coalescer<string>(50, () => count++, clock);
    for (let ms = 0; ms < 500; ms++) {
      c.mark('k');
      await clock.advance(1);
    }
    await clock.advance(80);
    // 500 ms of changes: one leading emission, then one as each 50 ms window closes.
    expect(count).toBe(11);
    expect(clock.pending).toBe(0);
    c.close();
  });
});
