// Time from spawning the bridge's process to its first `GET /health` answered 200 (which includes one
// ping of Mattermost), the median of several starts against a running simulator.
import {
  figure,
  percentile,
  startBridgeProcess,
  startSimulatorProcess,
} from '../lib/processes.mjs';

const STARTS = 7;
const TARGET_MS = 500;

export default async function bridgeStartup() {
  const sim = await startSimulatorProcess();
  try {
    const times = [];
    for (let i = 0; i < STARTS; i++) {
      const bridge = await startBridgeProcess(sim.info.url);
      times.push(bridge.readyMs);
      await bridge.stop();
    }
    times.sort((a, b) => a - b);
    return [
      figure(
        `bridge start to ready (spawn → /health 200), median of ${STARTS}`,
        percentile(times, 50),
        'ms',
        `≤ ${TARGET_MS} ms`,
        (v) => v <= TARGET_MS,
      ),
      figure(`bridge start to ready, slowest of ${STARTS}`, times[times.length - 1], 'ms'),
    ];
  } finally {
    await sim.stop();
  }
}
