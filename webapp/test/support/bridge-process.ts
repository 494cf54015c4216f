// Runs the bridge as its own process through its CLI (`mcp-bridge`), against a Mattermost URL, on a
// free port of 127.0.0.1. Its "bridge listening" log line (JSON on stderr) says where it is.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const cli = join(root, 'server-bridge', 'dist', 'cli.js');

export interface BridgeProcess {
  url: string;
  stop(): Promise<void>;
}

function ensureBuilt() {
  if (existsSync(cli)) return;
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(root, 'server-bridge', 'tsconfig.build.json'),
    ],
    { stdio: 'pipe', timeout: 120_000 },
  );
  if (!existsSync(cli)) throw new Error(`The bridge build did not produce ${cli}`);
}

export async function startBridgeProcess(env: Record<string, string>): Promise<BridgeProcess> {
  ensureBuilt();
  const child = spawn(process.execPath, [cli], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      BRIDGE_HOST: '127.0.0.1',
      BRIDGE_PORT: '0',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The bridge did not start within 20 s. stderr:\n${stderr}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of stderr.split('\n')) {
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'bridge listening' && entry.url) {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          // Not a whole JSON line yet.
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The bridge exited (${code}) before listening. stderr:\n${stderr}`));
    });
  });
  return {
    url,
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
