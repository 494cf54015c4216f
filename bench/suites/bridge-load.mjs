// Throughput and latency of tool calls with 1, 50 and 200 concurrent MCP sessions, each calling
// `get_channel` (a cheap read: warm, it is answered from the bridge's cache) back to back for a fixed
// time, with the bridge's CPU use (from /proc) and RSS. The load generator speaks JSON-RPC over one
// keep-alive socket per session (bench/lib/raw-mcp.mjs): the SDK client costs as much CPU per call as
// the bridge, and this process shares the machine's cores with the bridge and the simulator.
import {
  cpuSeconds,
  figure,
  percentile,
  rssBytes,
  sleep,
  startBridgeProcess,
  startSimulatorProcess,
  upstreamRequests,
  withTimeout,
} from '../lib/processes.mjs';
import { drive } from '../lib/load.mjs';
import { RawMcpSession } from '../lib/raw-mcp.mjs';
import { createMember, restClient } from '../lib/workspace.mjs';

const LEVELS = [1, 50, 200];
const USERS = 10;
const WARMUP_MS = 1000;
const MEASURE_MS = 5000;
const TARGET_CALLS_PER_SECOND = 1500;
const TARGET_P99_MS = 100;

export default async function bridgeLoad() {
  const sim = await startSimulatorProcess();
  let bridge;
  const sessions = [];
  try {
    const admin = restClient(sim.info.url, sim.info.admin_token);
    const reader = restClient(sim.info.url, sim.info.demo_user.token);
    const team = (await reader.getMyTeams())[0];
    const channel = (await reader.getMyChannels(team.id)).find((c) => c.type === 'O');
    const tokens = [sim.info.demo_user.token];
    while (tokens.length < USERS) {
      const member = await createMember(admin, team.id, 'load');
      await admin.addToChannel(member.id, channel.id);
      tokens.push(member.token);
    }
    bridge = await startBridgeProcess(sim.info.url);
    const args = { channel: channel.id };
    const figures = [];
    for (const level of LEVELS) {
      while (sessions.length < level) {
        const batch = Math.min(50, level - sessions.length);
        sessions.push(
          ...(await withTimeout(
            Promise.all(
              Array.from({ length: batch }, (_, i) =>
                RawMcpSession.open(bridge.url, tokens[(sessions.length + i) % USERS]),
              ),
            ),
            60_000,
            'opening sessions',
          )),
        );
      }
      const active = sessions.slice(0, level);
      await drive(active, 'get_channel', args, Date.now() + WARMUP_MS);
      const upstreamBefore = await upstreamRequests(bridge.url);
      const cpuBefore = cpuSeconds(bridge.pid);
      const ownBefore = process.cpuUsage();
      const started = Date.now();
      const { latencies, failures } = await drive(
        active,
        'get_channel',
        args,
        started + MEASURE_MS,
      );
      const seconds = (Date.now() - started) / 1000;
      const cpuUsed = cpuSeconds(bridge.pid) - cpuBefore;
      const own = process.cpuUsage(ownBefore);
      const ownSeconds = (own.user + own.system) / 1e6;
      const upstream = (await upstreamRequests(bridge.url)) - upstreamBefore;
      const rate = latencies.length / seconds;
      const p99 = percentile(latencies, 99);
      const atTarget = level === 200;
      figures.push(
        figure(
          `get_channel calls/s, ${level} session${level === 1 ? '' : 's'}`,
          rate,
          'calls/s',
          atTarget ? `≥ ${TARGET_CALLS_PER_SECOND}` : null,
          atTarget ? (v) => v >= TARGET_CALLS_PER_SECOND : null,
        ),
        figure(`get_channel p50, ${level} sessions`, percentile(latencies, 50), 'ms'),
        figure(
          `get_channel p99, ${level} sessions`,
          p99,
          'ms',
          atTarget ? `≤ ${TARGET_P99_MS} ms` : null,
          atTarget ? (v) => v <= TARGET_P99_MS : null,
        ),
        figure(`failed calls, ${level} sessions`, failures, 'calls', '0', (v) => v === 0),
        figure(`bridge CPU, ${level} sessions`, (100 * cpuUsed) / seconds, '% of a core'),
        figure(
          `bridge calls per CPU-second, ${level} sessions`,
          latencies.length / cpuUsed,
          'calls/cpu-s',
        ),
        figure(
          `load generator CPU (this process), ${level} sessions`,
          (100 * ownSeconds) / seconds,
          '% of a core',
        ),
        figure(`bridge RSS, ${level} sessions`, rssBytes(bridge.pid) / 1048576, 'MB'),
        figure(
          `Mattermost requests per call, ${level} sessions`,
          upstream / Math.max(1, latencies.length),
          'requests',
        ),
      );
      await sleep(200);
    }
    return figures;
  } finally {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await bridge?.stop();
    await sim.stop();
  }
}
