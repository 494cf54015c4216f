// Several bridges sharing one Redis behind no load balancer at all: the load generator spreads its
// sessions over the bridges round-robin, as a balancer without stickiness would. Throughput and p99
// of `get_channel` with 1, 2 and 3 bridges (each pinned to one core, round-robin over the machine's
// cores), and the Redis commands each call costs (the shared rate limit's one script per Mattermost
// request; a warm `get_channel` makes none).
import { availableParallelism } from 'node:os';
import { drive } from '../lib/load.mjs';
import {
  figure,
  percentile,
  sleep,
  startBridgeProcess,
  startSimulatorProcess,
  withTimeout,
} from '../lib/processes.mjs';
import { RawMcpSession } from '../lib/raw-mcp.mjs';
import { startRedisProcess } from '../lib/redis.mjs';
import { createMember, restClient } from '../lib/workspace.mjs';

const BRIDGES = [1, 2, 3];
const SESSIONS = 120;
const USERS = 10;
const WARMUP_MS = 1000;
const MEASURE_MS = 5000;

export default async function cluster() {
  const sim = await startSimulatorProcess();
  const redis = await startRedisProcess();
  const bridges = [];
  let sessions = [];
  try {
    const admin = restClient(sim.info.url, sim.info.admin_token);
    const reader = restClient(sim.info.url, sim.info.demo_user.token);
    const team = (await reader.getMyTeams())[0];
    const channel = (await reader.getMyChannels(team.id)).find((c) => c.type === 'O');
    const tokens = [sim.info.demo_user.token];
    while (tokens.length < USERS) {
      const member = await createMember(admin, team.id, 'cluster');
      await admin.addToChannel(member.id, channel.id);
      tokens.push(member.token);
    }
    const cores = availableParallelism();
    const figures = [];
    let single;
    for (const count of BRIDGES) {
      while (bridges.length < count) {
        bridges.push(
          await startBridgeProcess(sim.info.url, {
            env: { REDIS_URL: redis.url },
            cpu: bridges.length % cores,
          }),
        );
      }
      await Promise.allSettled(sessions.map((s) => s.close()));
      sessions = await withTimeout(
        Promise.all(
          Array.from({ length: SESSIONS }, (_, i) =>
            RawMcpSession.open(bridges[i % count].url, tokens[i % USERS]),
          ),
        ),
        60_000,
        'opening sessions',
      );
      const args = { channel: channel.id };
      await drive(sessions, 'get_channel', args, Date.now() + WARMUP_MS);
      const commandsBefore = await redis.commands();
      const started = Date.now();
      const { latencies, failures } = await drive(
        sessions,
        'get_channel',
        args,
        started + MEASURE_MS,
      );
      const seconds = (Date.now() - started) / 1000;
      const commands = (await redis.commands()) - commandsBefore;
      const rate = latencies.length / seconds;
      single ??= rate;
      const label = `${count} bridge${count === 1 ? '' : 's'}`;
      figures.push(
        figure(`cluster: get_channel calls/s, ${label}, ${SESSIONS} sessions`, rate, 'calls/s'),
        figure(`cluster: get_channel p99, ${label}`, percentile(latencies, 99), 'ms'),
        figure(`cluster: failed calls, ${label}`, failures, 'calls', '0', (v) => v === 0),
        figure(
          `cluster: Redis commands per call, ${label}`,
          commands / Math.max(1, latencies.length),
          'commands',
        ),
      );
      if (count > 1) {
        figures.push(
          figure(
            `cluster: throughput of ${label} against 1`,
            rate / single,
            '×',
            `> 1 (${cores} cores)`,
            (v) => v > 1,
          ),
        );
      }
      await sleep(200);
    }
    return figures;
  } finally {
    await Promise.allSettled(sessions.map((s) => s.close()));
    await Promise.allSettled(bridges.map((b) => b.stop()));
    await redis.stop();
    await sim.stop();
  }
}
