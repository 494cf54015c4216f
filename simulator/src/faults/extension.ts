import type { SimContext } from '../context.js';
import type { SimExtension } from '../extensions.js';
import { registerSimulatorRoutes } from '../routes/simulator.js';
import { Faults } from './faults.js';
import { faultMiddleware } from './middleware.js';

/** One fault injector per simulator; it outlives restarts like the rest of the data. */
const injectors = new WeakMap<SimContext, Faults>();

const injectorOf = (ctx: SimContext): Faults => {
  let faults = injectors.get(ctx);
  if (!faults) injectors.set(ctx, (faults = new Faults()));
  return faults;
};

/**
 * Latency, random errors and rate limiting on the REST API, switched by `faults.set` or the admin
 * endpoint `POST /api/v4/simulator/faults`.
 */
export const faultsExtension: SimExtension = {
  name: 'faults',
  before: (ctx) => faultMiddleware(injectorOf(ctx)),
  routes: (router, ctx) => registerSimulatorRoutes(router, ctx),
  attach: (_server, ctx) => ({
    setFaults: (f) => injectorOf(ctx).set(f),
    clearFaults: () => injectorOf(ctx).clear(),
  }),
};
