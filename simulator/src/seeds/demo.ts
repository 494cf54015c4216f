import type { SimContext } from '../context.js';
import { seedEmpty } from './empty.js';
import type { SeedResult } from './types.js';

/** The `demo` seed: a lived-in workspace. */
export function seedDemo(ctx: SimContext): SeedResult {
  return seedEmpty(ctx);
}
