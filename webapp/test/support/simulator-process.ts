// Runs the Mattermost simulator as its own process through its CLI (the documented contract: one JSON
// line on stdout when listening), so Node-environment tests talk to it over real HTTP on 127.0.0.1.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'simulator', 'dist', 'cli.js');

export interface SimulatorProcess {
  url: string;
  adminToken: string;
  demoUser?: { username: string; token: string };
  stop(): Promise<void>;
}

/** Builds the simulator when its CLI is missing, so a fresh checkout runs these tests too. */
function ensureBuilt() {
  if (existsSync(cli)) return;
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(root, 'simulator', 'tsconfig.build.json'),
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  if (!existsSync(cli)) throw new Error(`The simulator build did not produce ${cli}`);
}

export async function startSimulatorProcess(
  seed: 'demo' | 'empty' = 'demo',
): Promise<SimulatorProcess> {
  ensureBuilt();
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--host', '127.0.0.1', '--seed', seed],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const line = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The simulator did not start within 20 s. stderr:\n${stderr}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, newline));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The simulator exited (${code}) before listening. stderr:\n${stderr}`));
    });
  });

  const info = JSON.parse(line) as {
    url: string;
    admin_token: string;
    demo_user?: { username: string; token: string };
  };
  return {
    url: info.url,
    adminToken: info.admin_token,
    demoUser: info.demo_user,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Turns on, as an admin would over REST, what a fresh Mattermost ships with off and these tests use:
 * personal access tokens, bot accounts and the OAuth 2.0 provider (the simulator's `TEST_FEATURES`;
 * that module is ESM, these tests are CommonJS).
 */
export async function enableTestFeatures(sim: SimulatorProcess): Promise<void> {
  const res = await fetch(`${sim.url}/api/v4/config/patch`, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${sim.adminToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ServiceSettings: {
        EnableUserAccessTokens: true,
        EnableBotAccountCreation: true,
        EnableOAuthServiceProvider: true,
      },
    }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`Turning on the test features failed: HTTP ${res.status}`);
}
