#!/usr/bin/env node
// `make demo`: the simulator with its demo workspace, set up for the bridge the way an admin sets up
// a real Mattermost (OAuth 2.0 provider on, one OAuth app with the bridge's callback), the bridge
// against it, and how to connect. The banner is printed only once both run and the bridge on the
// port is the one started here; any failure stops both and exits 1.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { demoBanner } from './demo-banner.mjs';

const HOST = '127.0.0.1';
const STARTUP_TIMEOUT_MS = 30_000;
const simCli = fileURLToPath(new URL('../simulator/dist/cli.js', import.meta.url));
const bridgeCli = fileURLToPath(new URL('../server-bridge/dist/cli.js', import.meta.url));

const children = [];
let stopping;

/** Stops the children (SIGTERM, SIGKILL after 5 s), then exits with `code`. */
function stopAll(code) {
  stopping ??= Promise.all(children.map(stopChild)).then(() => process.exit(code));
  return stopping;
}

/** A child started while stopping (a start step that was under way) is stopped at once. */
function stopLate(child) {
  stopChild(child).catch(() => {});
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function fail(message) {
  console.error(`demo: ${message}`);
  return stopAll(1);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/** Rejects when a child stops without being asked to; raced against every step of the start. */
let childStopped;
const unexpectedExit = new Promise((_, reject) => (childStopped = reject));
unexpectedExit.catch(() => {});

/** Starts `node args…`; its stderr is ours, its stdout read only when `readOutput`. */
function start(what, args, { env = process.env, readOutput = false } = {}) {
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', readOutput ? 'pipe' : 'ignore', 'inherit'],
    env,
  });
  if (stopping) {
    stopLate(child);
    throw new Error(`the demo is stopping; the ${what} was not left running.`);
  }
  children.push(child);
  child.once('exit', (code, signal) => {
    if (!stopping)
      childStopped(
        new Error(
          `the ${what} stopped (${signal ?? `exit code ${code}`}); its messages are above.`,
        ),
      );
  });
  return child;
}

function portFrom(name, fallback) {
  const text = process.env[name] || fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new Error(`${name}=${text} is not a port number from 1 to 65535.`);
  return port;
}

/** Why nothing of this demo can listen on `port`, or undefined when it can. */
function portProblem(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (err) => resolve(err.code === 'EADDRINUSE' ? 'is in use' : err.message));
    server.listen({ port, host: HOST, exclusive: true }, () =>
      server.close(() => resolve(undefined)),
    );
  });
}

async function checkPorts(ports) {
  const [sim, bridge] = ports;
  if (sim.port === bridge.port)
    throw new Error(
      `${sim.env} and ${bridge.env} are both ${sim.port}: give them different ports.`,
    );
  for (const { what, env, port } of ports) {
    const problem = await portProblem(port);
    if (problem)
      throw new Error(
        `port ${port} on ${HOST} (for the ${what}) ${problem}. Stop what listens there, or choose ` +
          `another port: ${env}=<port> make demo`,
      );
  }
}

/** The simulator's one line on stdout: its URL, the admin's token and the demo user. */
function firstJsonLine(child, what) {
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`the ${what} printed something unexpected: ${line}`));
      }
    });
  });
}

/** A REST call to the simulator as its admin, as an admin's browser or script would make it. */
async function asAdmin(info, method, path, body) {
  const response = await fetch(`${info.url}/api/v4${path}`, {
    method,
    headers: { Authorization: `Bearer ${info.admin_token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(
      `the simulator refused ${method} /api/v4${path}: HTTP ${response.status} ${answer.message ?? ''}`,
    );
  return answer;
}

/** The admin's part of "Sign in with Mattermost": the OAuth provider on and the bridge's app. */
async function setUpOAuth(info, bridgeUrl) {
  await asAdmin(info, 'PUT', '/config/patch', {
    ServiceSettings: { EnableOAuthServiceProvider: true },
  });
  return asAdmin(info, 'POST', '/oauth/apps', {
    name: 'MCP bridge',
    description: 'Signs people in to the MCP bridge, so their AI assistants act as them.',
    homepage: bridgeUrl,
    callback_urls: [`${bridgeUrl}/oauth/callback`],
    // People see Mattermost's consent page and approve the bridge themselves.
    is_trusted: false,
  });
}

/** An MCP initialize with `token`, its session closed again; answers the HTTP status. */
async function mcpInitialize(bridgeUrl, token) {
  const headers = {
    Authorization: `Bearer ${token}`,
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
  };
  const response = await fetch(`${bridgeUrl}/mcp`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-11-25',
        capabilities: {},
        clientInfo: { name: 'make-demo', version: '1' },
      },
    }),
    signal: AbortSignal.timeout(5000),
  });
  await response.arrayBuffer();
  const session = response.headers.get('mcp-session-id');
  if (session)
    await fetch(`${bridgeUrl}/mcp`, {
      method: 'DELETE',
      headers: { ...headers, 'Mcp-Session-Id': session, 'MCP-Protocol-Version': '2025-11-25' },
      signal: AbortSignal.timeout(5000),
    }).then((r) => r.arrayBuffer());
  return response.status;
}

/**
 * Waits until the bridge at `bridgeUrl` takes this run's token: only a bridge working against this
 * run's simulator can (another process on the port would refuse it), then checks it offers OAuth.
 */
async function waitForOurBridge(bridgeUrl, token) {
  const end = Date.now() + STARTUP_TIMEOUT_MS;
  let last = 'nothing answered';
  for (;;) {
    const status = await mcpInitialize(bridgeUrl, token).catch(() => undefined);
    if (status === 200) break;
    if (status !== undefined)
      last = `what answers there refused this demo's token (HTTP ${status})`;
    if (Date.now() > end)
      throw new Error(
        `no bridge of this demo at ${bridgeUrl} after ${STARTUP_TIMEOUT_MS} ms: ${last}.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const resource = await fetch(`${bridgeUrl}/.well-known/oauth-protected-resource`, {
    signal: AbortSignal.timeout(5000),
  });
  const metadata = await resource.json().catch(() => ({}));
  if (!metadata.authorization_servers?.includes(bridgeUrl))
    throw new Error(`the bridge at ${bridgeUrl} does not offer sign-in with Mattermost.`);
}

async function main() {
  for (const [what, file] of [
    ['simulator', simCli],
    ['bridge', bridgeCli],
  ])
    if (!existsSync(file))
      throw new Error(`the ${what} is not built yet (${file} is missing): run \`make build\`.`);
  const ports = [
    { what: 'simulated Mattermost', env: 'DEMO_SIM_PORT', port: portFrom('DEMO_SIM_PORT', '8065') },
    { what: 'bridge', env: 'DEMO_BRIDGE_PORT', port: portFrom('DEMO_BRIDGE_PORT', '8787') },
  ];
  await checkPorts(ports);
  const [simPort, bridgePort] = ports.map((p) => String(p.port));

  const sim = start('simulator', [simCli, '--port', simPort, '--host', HOST, '--seed', 'demo'], {
    readOutput: true,
  });
  const info = await Promise.race([firstJsonLine(sim, 'simulator'), unexpectedExit]);
  const bridgeUrl = `http://${HOST}:${bridgePort}`;
  const app = await setUpOAuth(info, bridgeUrl);

  const env = {
    ...process.env,
    MATTERMOST_URL: info.url,
    BRIDGE_HOST: HOST,
    BRIDGE_PORT: bridgePort,
    BRIDGE_PUBLIC_URL: bridgeUrl,
    MATTERMOST_OAUTH_CLIENT_ID: app.id,
    MATTERMOST_OAUTH_CLIENT_SECRET: app.client_secret,
    // Sign-ins last as long as this run; a new key each start.
    BRIDGE_OAUTH_KEY: randomBytes(32).toString('base64url'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  start('bridge', [bridgeCli], { env });
  await Promise.race([waitForOurBridge(bridgeUrl, info.demo_user.token), unexpectedExit]);

  console.log(
    demoBanner({
      mattermostUrl: info.url,
      mcpUrl: `${bridgeUrl}/mcp`,
      bridgeCli,
      user: info.demo_user,
    }),
  );
  // Runs until Ctrl-C (exit 0) or until either process stops on its own (exit 1).
  await unexpectedExit;
}

main().catch((err) => {
  // After Ctrl-C a step of the start may fail because its process is gone: nothing to report.
  if (!stopping) fail(err.message);
});
