// A redis-server for the cluster suite: Debian's package (`make bench` installs it), on a free
// loopback port, without persistence.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { freePort, sleep, withTimeout } from './processes.mjs';

const REDIS_SERVER = '/usr/bin/redis-server';

export async function startRedisProcess() {
  if (!existsSync(REDIS_SERVER))
    throw new Error(`${REDIS_SERVER} is missing: run make bench (it installs it)`);
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  // A fresh client per attempt: one whose first connection failed cannot be connected again.
  const attempt = async () => {
    const probe = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return probe;
    } catch {
      probe.disconnect();
      return undefined;
    }
  };
  const client = await withTimeout(
    (async () => {
      for (;;) {
        const connected = await attempt();
        if (connected) return connected;
        await sleep(50);
      }
    })(),
    10_000,
    'redis-server start',
  );
  return {
    url,
    /** Commands Redis has run so far, all kinds together (INFO commandstats). */
    async commands() {
      const info = await client.info('commandstats');
      let total = 0;
      for (const match of info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)) total += Number(match[1]);
      return total;
    },
    async stop() {
      client.disconnect();
      child.kill('SIGKILL');
    },
  };
}
