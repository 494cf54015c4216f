import { jest } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { startSimulator, type Simulator } from '@mm-mcp/simulator';
import { ensureBuilt } from '../helpers/eras.js';
import { callTool } from '../helpers/stack.js';

jest.setTimeout(60_000);

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

let sim: Simulator;

beforeAll(async () => {
  // The test runs the built executable, as an MCP client would; built when missing or stale.
  ensureBuilt();
  sim = await startSimulator({ seed: 'empty' });
});

afterAll(async () => {
  await sim?.stop();
});

function spawnBridge(env: Record<string, string>) {
  return new StdioClientTransport({
    command: process.execPath,
    args: [cli, '--stdio'],
    env: { ...getDefaultEnvironment(), LOG_LEVEL: 'warn', ...env },
    stderr: 'pipe',
  });
}

describe('mcp-bridge --stdio', () => {
  it('serves the tools as the owner of MATTERMOST_TOKEN', async () => {
    const admin = sim.admin;
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(spawnBridge({ MATTERMOST_URL: sim.url, MATTERMOST_TOKEN: admin.token }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('read_channel');
      const me = await callTool(client, 'get_me');
      expect(me.structuredContent?.username).toBe(admin.username);
    } finally {
      await client.close();
    }
  });

  it('stops with a message naming the variable when the token is missing or refused', async () => {
    // Asynchronous: the simulator answering the bridge runs in this process.
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [cli, '--stdio'],
          { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env }, timeout: 45_000 },
          (err, stdout, stderr) =>
            resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
        ).stdin?.end();
      });
    const missing = await run({ MATTERMOST_URL: sim.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('MATTERMOST_TOKEN');
    expect(missing.stdout).toBe('');
    const refused = await run({
      MATTERMOST_URL: sim.url,
      MATTERMOST_TOKEN: 'wrongtoken1234567890abcdef',
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('MATTERMOST_TOKEN was refused');
    expect(refused.stderr).not.toContain('wrongtoken1234567890abcdef');
  });

  it('prints every configuration variable in --help', () => {
    const help = execFileSync(process.execPath, [cli, '--help']).toString();
    for (const name of [
      'MATTERMOST_URL',
      'BRIDGE_PORT',
      'BRIDGE_MAX_SESSIONS',
      'BRIDGE_UPSTREAM_TIMEOUT_MS',
    ]) {
      expect(help).toContain(name);
    }
    expect(help).toContain('(default: 8787)');
  });
});
