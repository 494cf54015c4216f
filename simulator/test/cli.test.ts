import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { beforeAll, describe, expect, it } from '@jest/globals';
import { quietPeriod } from './support/workspace.js';

const here = dirname(fileURLToPath(import.meta.url));
const workspace = resolve(here, '..');
const root = resolve(workspace, '..');

/** Runs the built CLI, returns everything it printed on stdout once it is listening, then stops it. */
async function runCli(args: string[]): Promise<{ lines: string[]; exitCode: number | null }> {
  const child = spawn(process.execPath, [resolve(workspace, 'dist/cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout });
  rl.on('line', (l) => lines.push(l));
  // The first line, or the end of the process, whichever comes first (bounded).
  await Promise.race([
    new Promise((r) => rl.once('line', r)),
    new Promise((r) => child.once('exit', r)),
    new Promise((r) => setTimeout(r, 15_000).unref()),
  ]);
  await quietPeriod(300); // proves an absence: no stray second line shortly after the first
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const exitCode = await exited;
  return { lines, exitCode };
}

describe('mm-simulator CLI', () => {
  beforeAll(async () => {
    // tsc emits even when it reports type errors; those are the type-check's business, not this test's.
    const build = promisify(execFile)(
      process.execPath,
      [
        resolve(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        resolve(workspace, 'tsconfig.build.json'),
      ],
      { timeout: 120_000 },
    );
    await build.catch((err: { stdout?: string }) =>
      console.warn(`simulator build reported:\n${err.stdout ?? err}`),
    );
    if (!existsSync(resolve(workspace, 'dist/cli.js')))
      throw new Error('the simulator CLI was not built');
  }, 130_000);

  it('prints exactly one JSON line with the admin token (empty seed) and stops on SIGTERM', async () => {
    const { lines, exitCode } = await runCli(['--port', '0']);
    expect(lines).toHaveLength(1);
    const info = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(['admin_token', 'admin_username', 'url']);
    expect(info['admin_username']).toBe('sysadmin');
    expect(info['url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(exitCode).toBe(0);
  }, 30_000);

  it('names an ordinary demo user whose token works (demo seed)', async () => {
    const child = spawn(
      process.execPath,
      [resolve(workspace, 'dist/cli.js'), '--port', '0', '--seed', 'demo'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      let timer: NodeJS.Timeout | undefined;
      const line = await new Promise<string>((res, rej) => {
        const rl = createInterface({ input: child.stdout });
        rl.once('line', res);
        child.once('exit', () => rej(new Error('exited early')));
        timer = setTimeout(() => rej(new Error('no output')), 15_000);
      }).finally(() => clearTimeout(timer));
      const info = JSON.parse(line) as {
        url: string;
        demo_user: { username: string; token: string };
      };
      expect(info.demo_user.username).toBe('alice');
      const me = await fetch(`${info.url}/api/v4/users/me`, {
        headers: { Authorization: `Bearer ${info.demo_user.token}` },
      });
      const body = (await me.json()) as { username: string; roles: string };
      expect(body.username).toBe('alice');
      expect(body.roles).not.toContain('system_admin');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);

  it('names a port in use and exits 1, without a stack trace', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const { port } = busy.address() as AddressInfo;
    try {
      const result = await promisify(execFile)(
        process.execPath,
        [resolve(workspace, 'dist/cli.js'), '--port', String(port)],
        { timeout: 15_000 },
      ).catch((e: { code: number; stderr: string }) => e);
      expect((result as { code: number }).code).toBe(1);
      expect(result.stderr).toBe(
        `mm-simulator: port ${port} on 127.0.0.1 is in use; choose another with --port.\n`,
      );
    } finally {
      await new Promise((r) => busy.close(r));
    }
  }, 20_000);

  it('rejects a bad seed name', async () => {
    const result = await promisify(execFile)(process.execPath, [
      resolve(workspace, 'dist/cli.js'),
      '--seed',
      'nope',
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((result as { code: number }).code).not.toBe(0);
  }, 15_000);
});
