#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { DEMO_PASSWORD } from './seeds/demo-people.js';
import { startSimulator } from './server.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port number from 0 to 65535');
  return n;
}

function seed(value: string): 'empty' | 'demo' {
  if (value !== 'empty' && value !== 'demo') throw new InvalidArgumentError('"empty" or "demo"');
  return value;
}

const program = new Command()
  .name('mm-simulator')
  .description(
    'An in-memory Mattermost server (REST API v4, WebSocket, webhooks) for tests and demos.',
  )
  .option('--port <port>', 'port to listen on (0: any free port)', port, 8065)
  .option('--host <host>', 'address to listen on', '127.0.0.1')
  .option('--seed <seed>', 'initial data: empty or demo', seed, 'empty')
  .parse();

const opts = program.opts<{ port: number; host: string; seed: 'empty' | 'demo' }>();

const sim = await startSimulator({ port: opts.port, host: opts.host, seed: opts.seed }).catch(
  (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    console.error(
      `mm-simulator: port ${opts.port} on ${opts.host} is in use; choose another with --port.`,
    );
    process.exit(1);
  },
);
const demoUser = opts.seed === 'demo' ? sim.users['alice'] : undefined;
// The one line on stdout: how to reach the server and act as someone (with the demo user's token,
// or signing in with its password on the login page). Everything else goes to stderr.
process.stdout.write(
  JSON.stringify({
    url: sim.url,
    admin_token: sim.admin.token,
    admin_username: sim.admin.username,
    ...(demoUser
      ? {
          demo_user: {
            username: demoUser.username,
            password: DEMO_PASSWORD,
            token: demoUser.token,
          },
        }
      : {}),
  }) + '\n',
);

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sim.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
