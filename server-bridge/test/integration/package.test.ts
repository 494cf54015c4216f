import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { startSimulator, type Simulator } from '@mm-mcp/simulator';
import { ensureBuilt, ERAS } from '../helpers/eras.js';
import { lockForTarball } from '../helpers/offline-lock.js';
import { callTool } from '../helpers/stack.js';

/**
 * The bridge as a client installs it: `npm pack` of the workspace, installed into an empty
 * directory from the local npm cache (no network; the versions the repository's lockfile chose),
 * run by a stdio client with `npx mcp-bridge`.
 */
const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const quiet = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };

let sim: Simulator;
let dir: string;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'bridge-package-'));
  const packed = await run(
    npm,
    ['pack', '--workspace', 'server-bridge', '--pack-destination', dir, '--json'],
    { cwd: root, env: quiet, timeout: 30_000 },
  );
  const [{ filename, integrity }] = JSON.parse(packed.stdout) as [
    { filename: string; integrity: string },
  ];
  const tarball = filename.replace(/^@/, '').replace('/', '-');
  const { packageJson, lock } = lockForTarball({
    rootLock: join(root, 'package-lock.json'),
    workspace: 'server-bridge',
    name: '@mm-mcp/server-bridge',
    tarball,
    integrity,
  });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
  await run(npm, ['ci', '--offline', '--no-audit', '--ignore-scripts'], {
    cwd: dir,
    env: quiet,
    timeout: 90_000,
  });
  sim = await startSimulator({ seed: 'empty' });
}, 150_000);

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed bridge', () => {
  for (const era of ERAS) {
    it(`runs with npx as a stdio server of the ${era} era`, async () => {
      const client = new Client(
        { name: 'package-test', version: '1' },
        era === '2026-07-28' ? { versionNegotiation: { mode: { pin: era } } } : {},
      );
      await client.connect(
        new StdioClientTransport({
          command: npx,
          args: ['--offline', 'mcp-bridge', '--stdio'],
          cwd: dir,
          env: {
            ...getDefaultEnvironment(),
            LOG_LEVEL: 'silent',
            MATTERMOST_URL: sim.url,
            MATTERMOST_TOKEN: sim.admin.token,
          },
          stderr: 'ignore',
        }),
      );
      try {
        const me = await callTool(client, 'get_me');
        expect(me.structuredContent?.username).toBe(sim.admin.username);
      } finally {
        await client.close();
      }
    }, 30_000);
  }
});
