#!/usr/bin/env node
// `make demo`: the simulator with its demo workspace, the bridge against it, and how to connect.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

const SIM_PORT = process.env.DEMO_SIM_PORT ?? '8065';
const BRIDGE_PORT = process.env.DEMO_BRIDGE_PORT ?? '8787';
const simCli = 'simulator/dist/cli.js';
const bridgeCli = 'server-bridge/dist/cli.js';

for (const [what, file] of [
  ['simulator', simCli],
  ['bridge', bridgeCli],
]) {
  if (!existsSync(file)) {
    console.error(`The ${what} is not built yet (${file} is missing): run \`make build\`.`);
    process.exit(1);
  }
}

const children = [];
function stopAll(code) {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function firstJsonLine(child, what) {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => {
      try {
        resolve(JSON.parse(l));
      } catch {
        reject(new Error(`the ${what} printed something unexpected: ${l}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`the ${what} exited with code ${code}`)));
  });
}

async function waitForHealth(url, deadlineMs) {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${deadlineMs} ms`);
}

try {
  const sim = spawn(process.execPath, [simCli, '--port', SIM_PORT, '--seed', 'demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(sim);
  const info = await firstJsonLine(sim, 'simulator');
  const user = info.demo_user ?? {
    username: info.admin_username ?? 'sysadmin',
    token: info.admin_token,
  };

  const bridgeUrl = `http://127.0.0.1:${BRIDGE_PORT}`;
  const bridge = spawn(process.execPath, [bridgeCli], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      MATTERMOST_URL: info.url,
      BRIDGE_PORT,
      BRIDGE_PUBLIC_URL: bridgeUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  });
  children.push(bridge);
  bridge.once('exit', (code) => {
    console.error(`The bridge exited (code ${code}).`);
    stopAll(1);
  });
  await waitForHealth(`${bridgeUrl}/health`, 15000);

  const mcpUrl = `${bridgeUrl}/mcp`;
  const config = {
    mcpServers: {
      mattermost: { type: 'http', url: mcpUrl, headers: { Authorization: `Bearer ${user.token}` } },
    },
  };
  console.log(`
Mattermost MCP Bridge demo is running.

  Simulated Mattermost  ${info.url}   (demo workspace)
  MCP endpoint          ${mcpUrl}
  Acting as             @${user.username}
  Token                 ${user.token}

Claude Code:
  claude mcp add --transport http mattermost ${mcpUrl} --header "Authorization: Bearer ${user.token}"

Any MCP client (Claude Desktop, Cursor, VS Code use the same shape):
${JSON.stringify(config, null, 2)}

Press Ctrl-C to stop both.`);
} catch (err) {
  console.error(`demo: ${err.message}`);
  stopAll(1);
}
