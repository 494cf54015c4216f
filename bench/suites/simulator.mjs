// Throughput of the simulator on simple authenticated GETs (`GET /api/v4/users/me`): the built
// simulator runs in its own process, this process loads it with a bounded number of concurrent
// keep-alive requests for a fixed time, after a short warm-up. Every wait is bounded.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(root, 'simulator/dist/cli.js');
const CONCURRENCY = 32;
const WARMUP_MS = 1000;
const MEASURE_MS = 4000;
const TARGET_RPS = 5000;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function startSimulator() {
  if (!existsSync(CLI))
    throw new Error('simulator/dist/cli.js is missing: build first (make build)');
  const child = spawn(process.execPath, [CLI, '--port', '0', '--seed', 'demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = await withTimeout(once(lines, 'line'), 30_000, 'simulator start');
  return { child, info: JSON.parse(line) };
}

/**
 * One keep-alive connection that sends a request, reads the whole answer, and sends the next, until
 * `until`. It speaks HTTP/1.1 on a plain socket: Node's HTTP client costs about as much CPU per
 * request as the server, and on a small machine it would be the thing measured.
 */
function connectionLoop(hostname, port, requestText, until, latencies) {
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port });
    let buffer = Buffer.alloc(0);
    let started = 0;
    let failures = 0;
    const send = () => {
      if (Date.now() >= until) {
        socket.end();
        resolve(failures);
        return;
      }
      started = performance.now();
      socket.write(requestText);
    };
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
    socket.on('connect', send);
    socket.on('error', () => resolve(failures + 1));
    socket.on('data', (chunk) => {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      for (;;) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = buffer.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < headEnd + 4 + length) return;
        buffer = buffer.subarray(headEnd + 4 + length);
        if (head.startsWith('HTTP/1.1 200')) latencies.push(performance.now() - started);
        else failures++;
        send();
      }
    });
  });
}

/** Runs `CONCURRENCY` connections until `until`; returns the latencies (ms) of good answers and the failures. */
async function load(url, token, until) {
  const { hostname, port } = new URL(url);
  const requestText = `GET /api/v4/users/me HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: keep-alive\r\n\r\n`;
  const latencies = [];
  const failures = await Promise.all(
    Array.from({ length: CONCURRENCY }, () =>
      connectionLoop(hostname, port, requestText, until, latencies),
    ),
  );
  return { latencies, failures: failures.reduce((a, b) => a + b, 0) };
}

/** CPU seconds the process has used so far (Linux /proc), or undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

export default async function simulatorThroughput() {
  const { child, info } = await startSimulator();
  try {
    await load(info.url, info.admin_token, Date.now() + WARMUP_MS);
    const started = Date.now();
    const cpuBefore = cpuSeconds(child.pid);
    const { latencies, failures } = await load(info.url, info.admin_token, started + MEASURE_MS);
    const seconds = (Date.now() - started) / 1000;
    const cpuAfter = cpuSeconds(child.pid);
    const rps = latencies.length / seconds;
    // On a shared machine the wall-clock rate depends on what else runs; requests per second of the
    // simulator's own CPU time say what one core of it serves.
    const perCpuSecond =
      cpuBefore !== undefined && cpuAfter > cpuBefore
        ? latencies.length / (cpuAfter - cpuBefore)
        : undefined;
    const sorted = latencies.sort((a, b) => a - b);
    return [
      {
        name: `simulator GET /users/me throughput (${CONCURRENCY} keep-alive connections)`,
        value: rps,
        unit: 'req/s',
        target: `>= ${TARGET_RPS}`,
        ok: rps >= TARGET_RPS && failures === 0,
      },
      ...(perCpuSecond === undefined
        ? []
        : [
            {
              name: 'simulator GET /users/me served per CPU-second',
              value: perCpuSecond,
              unit: 'req/cpu-s',
              target: null,
              ok: null,
            },
          ]),
      {
        name: 'simulator GET /users/me p50 latency',
        value: percentile(sorted, 50),
        unit: 'ms',
        target: null,
        ok: null,
      },
      {
        name: 'simulator GET /users/me p99 latency',
        value: percentile(sorted, 99),
        unit: 'ms',
        target: null,
        ok: null,
      },
      {
        name: 'simulator GET /users/me failed requests',
        value: failures,
        unit: 'requests',
        target: '0',
        ok: failures === 0,
      },
    ];
  } finally {
    child.kill('SIGTERM');
    await withTimeout(once(child, 'exit'), 10_000, 'simulator stop').catch(() =>
      child.kill('SIGKILL'),
    );
  }
}
