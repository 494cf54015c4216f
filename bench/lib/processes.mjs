// What the bridge suites share: the simulator and the bridge as separate processes started from their
// built dist, bounded waits, and readings of a process's CPU time and memory from Linux /proc.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIMULATOR_CLI = join(root, 'simulator/dist/cli.js');
const BRIDGE_CLI = join(root, 'server-bridge/dist/cli.js');

/**
 * Settings every benchmarked bridge runs with: limits that protect a real Mattermost would otherwise be
 * what is measured (one user's many sessions, 1,000 idle sessions). Each suite may add its own.
 */
export const BENCH_BRIDGE_ENV = {
  LOG_LEVEL: 'warn',
  BRIDGE_MAX_SESSIONS: '2000',
  BRIDGE_MAX_SESSIONS_PER_USER: '2000',
  BRIDGE_RATE_LIMIT_PER_USER: '100000',
  BRIDGE_RATE_LIMIT_GLOBAL: '100000',
  BRIDGE_MAX_CONCURRENT_CALLS_PER_USER: '1000',
  BRIDGE_TOOLSETS: 'all',
};

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await withTimeout(once(child, 'exit'), 10_000, 'process stop').catch(() => child.kill('SIGKILL'));
}

/** The simulator (demo seed) in its own process; `info` is the JSON line its CLI prints. */
export async function startSimulatorProcess() {
  if (!existsSync(SIMULATOR_CLI))
    throw new Error('simulator/dist is missing: build first (make build)');
  const child = spawn(process.execPath, [SIMULATOR_CLI, '--port', '0', '--seed', 'demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = await withTimeout(once(lines, 'line'), 30_000, 'simulator start');
  return { child, info: JSON.parse(line), stop: () => stopChild(child) };
}

/** Polls `/health` until it answers 200; returns the milliseconds since `since` (performance.now()). */
export async function waitHealthy(url, since, timeoutMs = 30_000) {
  const deadline = since + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${url} did not become healthy`);
    await sleep(5);
  }
}

/**
 * Node options for every benchmarked bridge from `BENCH_BRIDGE_NODE_ARGS` (space-separated), such as
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the bridge under a suite's load.
 */
export function benchNodeArgs() {
  return (process.env.BENCH_BRIDGE_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/**
 * The bridge in its own process, from its built CLI. `nodeOptions` go to NODE_OPTIONS (such as
 * --expose-gc), `nodeArgs` to node's command line (such as --cpu-prof); `onStderr` sees every
 * stderr line (the bridge logs there). `cli`: another build's executable, to compare two builds side
 * by side (default: this checkout's, or `BENCH_BRIDGE_CLI`).
 */
export async function startBridgeProcess(
  mattermostUrl,
  {
    env = {},
    nodeOptions,
    nodeArgs = [],
    onStderr,
    cpu,
    cli = process.env.BENCH_BRIDGE_CLI || BRIDGE_CLI,
  } = {},
) {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (make build)`);
  const port = await freePort();
  const started = performance.now();
  // `cpu`: run on that core only (taskset execs node, so the pid is the bridge's).
  const pinned = cpu !== undefined && existsSync('/usr/bin/taskset');
  const command = pinned ? '/usr/bin/taskset' : process.execPath;
  const args = [...benchNodeArgs(), ...nodeArgs, cli];
  const child = spawn(command, pinned ? ['-c', String(cpu), process.execPath, ...args] : args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...BENCH_BRIDGE_ENV,
      ...env,
      MATTERMOST_URL: mattermostUrl,
      BRIDGE_PORT: String(port),
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
  });
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => (onStderr ? onStderr(line) : process.stderr.write(`${line}\n`)));
  const url = `http://127.0.0.1:${port}`;
  try {
    const readyMs = await waitHealthy(url, started);
    return { child, url, pid: child.pid, readyMs, stop: () => stopChild(child) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined off Linux. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in bytes, from /proc; undefined off Linux. */
export function rssBytes(pid) {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

/** The p-th percentile of ascending `sorted` (nearest rank). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A figure as bench/run.mjs prints it; `ok` is computed from `check` when there is a target. */
export function figure(name, value, unit, target, check) {
  return { name, value, unit, target: target ?? null, ok: check ? Boolean(check(value)) : null };
}

/** The bridge's Prometheus text. */
export async function readMetrics(bridgeUrl) {
  const res = await fetch(`${bridgeUrl}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return res.text();
}

/** Sum of the samples of one metric (every label set) in Prometheus text. */
export function sumMetric(text, name) {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== ' ' && rest[0] !== '{') continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Requests the bridge has made to Mattermost so far. */
export async function upstreamRequests(bridgeUrl) {
  return sumMetric(await readMetrics(bridgeUrl), 'mcp_bridge_upstream_requests_total');
}
