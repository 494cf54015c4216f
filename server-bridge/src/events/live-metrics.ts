import { Gauge, Histogram, type Registry } from 'prom-client';
import type { LiveHub } from './live-hub.js';
import type { LiveCounters } from './live-types.js';

const COUNTERS: Array<[keyof LiveCounters, string, string]> = [
  ['events', 'mcp_bridge_live_events_total', 'Mattermost events received over WebSockets.'],
  [
    'duplicates',
    'mcp_bridge_live_duplicate_events_total',
    'Events dropped as already seen (replay, resync).',
  ],
  ['resyncs', 'mcp_bridge_live_resyncs_total', 'Re-reads of subscribed resources over REST.'],
  ['notifications', 'mcp_bridge_live_notifications_total', 'resources/updated notifications sent.'],
  ['polls', 'mcp_bridge_live_polls_total', 'Polling rounds while WebSockets are off or failing.'],
];

/** The live layer's figures on `/metrics`, read from the hub at scrape time. */
export function registerLiveMetrics(registry: Registry, hub: LiveHub): void {
  const registers = [registry];
  new Gauge({
    name: 'mcp_bridge_live_users',
    help: 'Users with live state, by how they follow Mattermost.',
    labelNames: ['mode'],
    registers,
    collect() {
      const s = hub.stats();
      this.set({ mode: 'websocket' }, s.websockets);
      this.set({ mode: 'polling' }, s.polling);
      this.set({ mode: 'relayed' }, s.relayed);
      this.set({ mode: 'idle' }, s.users - s.websockets - s.polling - s.relayed);
    },
  });
  new Gauge({
    name: 'mcp_bridge_live_subscriptions',
    help: 'Resource subscriptions held by sessions.',
    registers,
    collect() {
      this.set(hub.stats().subscriptions);
    },
  });
  const fanout = new Histogram({
    name: 'mcp_bridge_live_fanout_seconds',
    help: 'Time to hand one resource update to every subscribed session of a user, until written.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  hub.onFanout = (seconds) => fanout.observe(seconds);
  for (const [key, name, help] of COUNTERS) {
    // Counted by the hub; exposed as a gauge that only grows, read at scrape time.
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(hub.totals[key]);
      },
    });
  }
}
