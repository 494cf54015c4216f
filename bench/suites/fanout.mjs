// Latency from a Mattermost post to the `notifications/resources/updated` it causes, at 1, 100 and
// 1,000 subscribed MCP sessions. The simulator and the bridge run as separate processes from their
// built dist. Each session speaks MCP's Streamable HTTP itself (initialize, subscribe, then the GET
// notification stream), scanning the stream for the notification: this process holds all 1,000
// sessions, and a full SDK client per session would make its own parsing the bottleneck measured.
// Every wait is bounded.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { benchNodeArgs, freePort } from '../lib/processes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SESSION_COUNTS = [1, 100, 1000];
const POSTS_PER_ROUND = 20;
/** Longer than the notification window, so each post is a fresh, uncoalesced update. */
const POST_SPACING_MS = 250;
const TARGET_P99_MS = 100;

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
  const child = spawn(
    process.execPath,
    [join(root, 'simulator/dist/cli.js'), '--port', '0', '--seed', 'demo'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout });
  const [line] = await withTimeout(once(lines, 'line'), 30_000, 'simulator start');
  return { child, info: JSON.parse(line) };
}

async function startBridge(mattermostUrl) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [...benchNodeArgs(), join(root, 'server-bridge/dist/cli.js')],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        MATTERMOST_URL: mattermostUrl,
        BRIDGE_PORT: String(port),
        LOG_LEVEL: 'warn',
        BRIDGE_MAX_SESSIONS: '2000',
        BRIDGE_MAX_SESSIONS_PER_USER: '2000',
        BRIDGE_RATE_LIMIT_PER_USER: '100000',
        BRIDGE_RATE_LIMIT_GLOBAL: '100000',
        BRIDGE_NOTIFY_COALESCE_MS: '150',
      },
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/health`)).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bridge did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url };
}

async function mm(baseUrl, token, method, path, body) {
  const res = await fetch(`${baseUrl}/api/v4${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  return res.json();
}

const PROTOCOL_VERSION = '2025-11-25';

/** One MCP session over raw Streamable HTTP, subscribed to `uri`; calls `onUpdate` per notification. */
async function openSession(bridgeUrl, token, uri, onUpdate) {
  const base = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
  };
  const post = (headers, body) =>
    fetch(`${bridgeUrl}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  const init = await post(base, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL_VERSION,
      capabilities: {},
      clientInfo: { name: 'fanout-bench', version: '1' },
    },
  });
  if (!init.ok) throw new Error(`initialize: ${init.status}`);
  const sessionId = init.headers.get('mcp-session-id');
  await init.text();
  const headers = {
    ...base,
    'mcp-session-id': sessionId,
    'mcp-protocol-version': PROTOCOL_VERSION,
  };
  await (await post(headers, { jsonrpc: '2.0', method: 'notifications/initialized' })).text();
  const sub = await post(headers, {
    jsonrpc: '2.0',
    id: 2,
    method: 'resources/subscribe',
    params: { uri },
  });
  if (!(await sub.text()).includes('"result"')) throw new Error('subscribe refused');
  const abort = new AbortController();
  const stream = await fetch(`${bridgeUrl}/mcp`, {
    method: 'GET',
    headers: { ...headers, Accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (stream.status !== 200) throw new Error(`notification stream: ${stream.status}`);
  const marker = `"uri":"${uri}"`;
  (async () => {
    const decoder = new TextDecoder();
    let carry = '';
    try {
      for await (const chunk of stream.body) {
        const text = carry + decoder.decode(chunk, { stream: true });
        let at = text.indexOf(marker);
        let last = -1;
        while (at !== -1) {
          onUpdate(performance.now());
          last = at;
          at = text.indexOf(marker, at + marker.length);
        }
        carry = text.slice(last === -1 ? -marker.length : last + marker.length);
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  return {
    async close() {
      abort.abort();
      await fetch(`${bridgeUrl}/mcp`, {
        method: 'DELETE',
        headers,
        signal: AbortSignal.timeout(5000),
      }).catch(() => undefined);
    },
  };
}

/** The bridge's own fan-out histogram (`mcp_bridge_live_fanout_seconds`): cumulative counts per bucket. */
async function fanoutBuckets(bridgeUrl) {
  const text = await (
    await fetch(`${bridgeUrl}/metrics`, { signal: AbortSignal.timeout(10_000) })
  ).text();
  const buckets = new Map();
  for (const m of text.matchAll(/^mcp_bridge_live_fanout_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)) {
    buckets.set(m[1], Number(m[2]));
  }
  return buckets;
}

/** The bucket bound under which `p` percent of the fan-outs between two readings finished, in ms. */
function bucketPercentile(before, after, p) {
  const total = (after.get('+Inf') ?? 0) - (before.get('+Inf') ?? 0);
  if (total === 0) return NaN;
  for (const [le, count] of after) {
    if ((count - (before.get(le) ?? 0)) / total >= p / 100)
      return le === '+Inf' ? Infinity : Number(le) * 1000;
  }
  return Infinity;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export default async function fanout() {
  const sim = await startSimulator();
  let bridge;
  const clients = [];
  try {
    bridge = await startBridge(sim.info.url);
    const subscriber = sim.info.demo_user;
    const adminToken = sim.info.admin_token;
    const me = await mm(sim.info.url, subscriber.token, 'GET', '/users/me');
    const team = (await mm(sim.info.url, subscriber.token, 'GET', '/users/me/teams'))[0];
    const admin = await mm(sim.info.url, adminToken, 'GET', '/users/me');
    await mm(sim.info.url, adminToken, 'POST', `/teams/${team.id}/members`, {
      team_id: team.id,
      user_id: admin.id,
    }).catch(() => undefined);
    const channel = await mm(sim.info.url, adminToken, 'POST', '/channels', {
      team_id: team.id,
      name: `fanout-${Date.now().toString(36)}`,
      display_name: 'Fan-out benchmark',
      type: 'O',
    });
    await mm(sim.info.url, adminToken, 'POST', `/channels/${channel.id}/members`, {
      user_id: me.id,
    });
    const uri = `mattermost://channels/${channel.id}/posts`;

    const figures = [];
    let arrivals = [];
    for (const count of SESSION_COUNTS) {
      while (clients.length < count) {
        const batch = Math.min(50, count - clients.length);
        const opened = await withTimeout(
          Promise.all(
            Array.from({ length: batch }, () =>
              openSession(bridge.url, subscriber.token, uri, (at) => arrivals.push(at)),
            ),
          ),
          120_000,
          `opening ${count} sessions`,
        );
        clients.push(...opened);
      }
      await new Promise((r) => setTimeout(r, 500));
      const bucketsBefore = await fanoutBuckets(bridge.url);
      const latencies = [];
      for (let i = 0; i < POSTS_PER_ROUND; i++) {
        arrivals = [];
        const t0 = performance.now();
        await mm(sim.info.url, adminToken, 'POST', '/posts', {
          channel_id: channel.id,
          message: `fan-out ${count} #${i}`,
        });
        const deadline = Date.now() + 5000;
        while (arrivals.length < count && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 2));
        for (const at of arrivals) latencies.push(at - t0);
        for (let missing = arrivals.length; missing < count; missing++) latencies.push(5000);
        await new Promise((r) => setTimeout(r, POST_SPACING_MS));
      }
      const bridgeP99 = bucketPercentile(bucketsBefore, await fanoutBuckets(bridge.url), 99);
      latencies.sort((a, b) => a - b);
      const p50 = percentile(latencies, 50);
      const p99 = percentile(latencies, 99);
      figures.push({
        name: `post→notification p50, ${count} sessions`,
        value: p50,
        unit: 'ms',
        target: null,
        ok: null,
      });
      figures.push({
        name: `post→notification p99, ${count} sessions`,
        value: p99,
        unit: 'ms',
        target: count === 1000 ? `≤ ${TARGET_P99_MS} ms` : null,
        ok: count === 1000 ? p99 <= TARGET_P99_MS : null,
      });
      // Inside the bridge: from the update to its notification handed to every session's stream.
      figures.push({
        name: `bridge fan-out p99 (bucket bound), ${count} sessions`,
        value: bridgeP99,
        unit: 'ms',
        target: null,
        ok: null,
      });
    }
    return figures;
  } finally {
    await Promise.allSettled(clients.map((c) => withTimeout(c.close(), 5000, 'close')));
    bridge?.child.kill('SIGTERM');
    sim.child.kill('SIGTERM');
  }
}
