// Memory an idle MCP session holds: the bridge (with --expose-gc and a probe that reports its memory
// on a signal, loaded for this benchmark only) opens 1,000 sessions spread over 10 users, each
// initialized and then left alone; RSS and V8 heap after a full collection, before and after, / 1,000.
// Sessions start with the default profile (core); then 500 more sessions choose every toolset
// (`/mcp?toolsets=all`), whose cost per session is reported beside it.
import { EventEmitter, once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import {
  figure,
  root,
  sleep,
  startBridgeProcess,
  startSimulatorProcess,
  withTimeout,
} from '../lib/processes.mjs';
import { RawMcpSession } from '../lib/raw-mcp.mjs';
import { createMember, restClient } from '../lib/workspace.mjs';

const SESSIONS = 1000;
const ALL_SESSIONS = 500;
const USERS = 10;
const BATCH = 50;
const TARGET_KB_PER_SESSION = 30;

export default async function bridgeMemory() {
  const sim = await startSimulatorProcess();
  let bridge;
  const sessions = [];
  try {
    const admin = restClient(sim.info.url, sim.info.admin_token);
    const team = (await restClient(sim.info.url, sim.info.demo_user.token).getMyTeams())[0];
    const tokens = [sim.info.demo_user.token];
    while (tokens.length < USERS) tokens.push((await createMember(admin, team.id, 'idle')).token);

    const readings = new EventEmitter();
    const probe = pathToFileURL(join(root, 'bench/lib/gc-probe.mjs')).href;
    bridge = await startBridgeProcess(sim.info.url, {
      nodeOptions: `--expose-gc --import=${probe}`,
      env: {
        BRIDGE_TOOLSETS: 'core',
        BRIDGE_MAX_SESSIONS: String(SESSIONS + ALL_SESSIONS + USERS),
      },
      onStderr: (line) => {
        if (line.startsWith('bench-memory ')) readings.emit('memory', JSON.parse(line.slice(13)));
        else process.stderr.write(`${line}\n`);
      },
    });
    const measure = async () => {
      const reading = once(readings, 'memory');
      bridge.child.kill('SIGUSR2');
      const [memory] = await withTimeout(reading, 10_000, 'memory reading');
      return memory;
    };
    const open = async (count, toolsets) => {
      for (let opened = 0; opened < count; opened += BATCH) {
        const batch = await withTimeout(
          Promise.all(
            Array.from({ length: Math.min(BATCH, count - opened) }, (_, i) =>
              RawMcpSession.open(bridge.url, tokens[(sessions.length + i) % tokens.length], {
                toolsets,
              }),
            ),
          ),
          60_000,
          'opening sessions',
        );
        // The socket closes; the session stays open on the bridge, idle.
        for (const session of batch) session.detach();
        sessions.push(...batch);
      }
    };

    // One session per user first, so what every user costs once (client, caches) is in the baseline.
    await open(USERS);
    await sleep(500);
    const before = await measure();
    await open(SESSIONS);
    await sleep(1000);
    const after = await measure();
    const health = await (await fetch(`${bridge.url}/health`)).json();
    await open(ALL_SESSIONS, 'all');
    await sleep(1000);
    const withAll = await measure();
    const kb = (bytes) => bytes / 1024;
    const rssPerSession = kb(after.rss - before.rss) / SESSIONS;
    const heapPerSession = kb(after.heapUsed - before.heapUsed) / SESSIONS;
    return [
      figure(
        'sessions open on the bridge',
        health.sessions,
        'sessions',
        `${SESSIONS + USERS}`,
        (v) => v === SESSIONS + USERS,
      ),
      figure(
        `heap per idle session, core profile (${SESSIONS} sessions, after GC)`,
        heapPerSession,
        'KB',
        `≤ ${TARGET_KB_PER_SESSION} KB`,
        (v) => v <= TARGET_KB_PER_SESSION,
      ),
      figure(
        `RSS per idle session, core profile (${SESSIONS} sessions, after GC)`,
        rssPerSession,
        'KB',
        `≤ ${TARGET_KB_PER_SESSION} KB`,
        (v) => v <= TARGET_KB_PER_SESSION,
      ),
      figure(`bridge RSS with ${SESSIONS + USERS} idle sessions`, after.rss / 1048576, 'MB'),
      figure(
        `heap per idle session that chose every toolset (${ALL_SESSIONS} sessions)`,
        kb(withAll.heapUsed - after.heapUsed) / ALL_SESSIONS,
        'KB',
      ),
    ];
  } finally {
    await bridge?.stop();
    await sim.stop();
  }
}
