import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The bridge runs in the test's own process: its heap is this process's heap. Node exposes a
// collector to a fresh context once the flag is set, without starting Node with --expose-gc.
setFlagsFromString('--expose_gc');
const collect = runInNewContext('gc') as (options?: { type: 'major' }) => void;

/** Heap in use after full collections, in bytes: what is still held, not what awaits collection. */
export async function heapAfterGc(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    collect();
  }
  return process.memoryUsage().heapUsed;
}
