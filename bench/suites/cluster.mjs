// Several bridges sharing one Redis behind no load balancer at all: the load generator spreads its
// sessions over the bridges round-robin, as a balancer without stickiness would. Throughput and p99
// of `get_channel` with 1, 2 and 3 bridges (each pinned to one core, round-robin over the machine's
// cores), and the Redis commands each call costs (the session's idle timer, the SSE answer and its
// priming event kept for resumption; the shared rate limit's one script per Mattermost request, which
// a warm `get_channel` does not make). Then the takeover of a user's WebSocket: the bridge holding it
// is killed (SIGKILL) and the time until another bridge holds it is measured, twice (3 → 2 → 1).
// Small load and short rounds, so the suite ends in about a minute on a shared 2-core machine.
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
const SESSIONS = 30;
const USERS = 5;
const WARMUP_MS = 500;
const MEASURE_MS = 3000;
/** The lease of a user's socket the bridges run with (BRIDGE_SOCKET_LEASE_MS's default). */
const LEASE_MS = 6000;

/**
 * The bridge whose /health lists `userId` among the sockets it holds, if any (shown to a system
 * admin's token).
 */
async function holderOf(bridges, userId, adminToken) {
  for (const bridge of bridges) {
    const res = await fetch(`${bridge.url}/health`, {
      headers: { Authorization: `Bearer ${adminToken}` },
      signal: AbortSignal.timeout(2000),
    }).catch(() => undefined);
    const health = res ? await res.json().catch(() => undefined) : undefined;
    if (health?.websocket?.socket_users?.includes(userId)) return bridge;
  }
  return undefined;
}

/** Polls `find` until it returns something, for at most `ms`. */
async function poll(find, ms, what) {
  const deadline = performance.now() + ms;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (performance.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(20);
  }
}

/** Kills the holder of the user's socket and measures how long until another bridge holds it. */
async function takeover(bridges, userId, adminToken) {
  const holder = await poll(
    () => holderOf(bridges, userId, adminToken),
    20_000,
    'a bridge to hold the socket',
  );
  const survivors = bridges.filter((b) => b !== holder);
  const killed = performance.now();
  holder.child.kill('SIGKILL');
  await poll(
    () => holderOf(survivors, userId, adminToken),
    LEASE_MS * 4,
    'another bridge to take over',
  );
  bridges.splice(bridges.indexOf(holder), 1);
  return performance.now() - killed;
}

const progress = (what) => process.stderr.write(`cluster: ${what}\n`);

export default async function cluster() {
  const sim = await startSimulatorProcess();
  const redis = await startRedisProcess();
  progress('simulator and redis-server up');
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
      progress(`${count} bridge(s) up`);
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
    // Takeover: one user follows a channel through every bridge; its holder is killed, twice.
    await Promise.allSettled(sessions.map((s) => s.close()));
    sessions = [];
    const me = await reader.getMe();
    const watchers = await Promise.all(
      bridges.map((b) => RawMcpSession.open(b.url, sim.info.demo_user.token)),
    );
    sessions.push(...watchers);
    for (const watcher of watchers) {
      const subscribed = await watcher.request('resources/subscribe', {
        uri: `mattermost://channels/${channel.id}/posts`,
      });
      if (subscribed.status !== 200) throw new Error(`subscribe: HTTP ${subscribed.status}`);
    }
    progress(`takeovers of ${me.id}`);
    const takeovers = [];
    while (bridges.length > 1) takeovers.push(await takeover(bridges, me.id, sim.info.admin_token));
    figures.push(
      figure(
        `cluster: WebSocket takeover after SIGKILL of its holder (lease ${LEASE_MS} ms), worst of ${takeovers.length}`,
        Math.max(...takeovers),
        'ms',
        `< ${LEASE_MS * 2}`,
        (v) => v < LEASE_MS * 2,
      ),
    );
    return figures;
  } finally {
    // Sessions of a killed bridge never answer their DELETE: each close is bounded.
    await Promise.allSettled(
      sessions.map((s) => withTimeout(s.close(), 2000, 'closing a session')),
    );
    await Promise.allSettled(bridges.map((b) => b.stop()));
    await redis.stop();
    await sim.stop();
  }
}
