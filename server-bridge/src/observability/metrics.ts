import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One registry per bridge instance (not prom-client's global one), so several bridges can run
 * in one process in tests and each `/metrics` shows only its own figures.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mcp_bridge_' });
  return registry;
}
