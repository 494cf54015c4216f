import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './free-port.js';
import { Redis } from 'ioredis';
import { RedisLink } from '../../src/cluster/redis-link.js';
import { createLogger } from '../../src/observability/logger.js';
import { until } from './wait.js';

/** Debian's redis-server; `make test` installs it (scripts/ensure-redis.sh). */
export const REDIS_SERVER_PATH = '/usr/bin/redis-server';

/** A real redis-server on a free loopback port, without persistence, owned by one test file. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stops the server (SIGTERM; SIGKILL when `hard`), keeping its port for `start()`. */
  stop(hard?: boolean): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
}

/**
 * Whether the cluster tests can run. Under CI a missing server fails the run; elsewhere the
 * tests skip with the command that installs it.
 */
export function redisAvailability(): { ok: true } | { ok: false; message: string } {
  if (existsSync(REDIS_SERVER_PATH)) return { ok: true };
  const message = `${REDIS_SERVER_PATH} is missing; install it with \`sh scripts/ensure-redis.sh\` as root (\`make test\` does).`;
  if (process.env.CI === 'true') throw new Error(message);
  return { ok: false, message };
}

/** Whether a redis-server answers PING on `url` now. */
async function answersPing(url: string): Promise<boolean> {
  const probe = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function waitForPing(url: string, deadlineMs: number): Promise<void> {
  await until(`redis-server on ${url} to answer`, () => answersPing(url), deadlineMs);
}

export interface RedisServerOptions {
  /** Clients must authenticate with this password (`requirepass`); `url` carries it. */
  password?: string;
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const { password } = options;
  const auth = password === undefined ? '' : `:${encodeURIComponent(password)}@`;
  const url = `redis://${auth}127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn(
      REDIS_SERVER_PATH,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--loglevel',
        'warning',
        ...(password === undefined ? [] : ['--requirepass', password]),
      ],
      { stdio: 'ignore' },
    );
    await waitForPing(url, 10_000);
  };

  const stop = async (hard = false): Promise<void> => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill(hard ? 'SIGKILL' : 'SIGTERM');
    });
  };

  await start();
  return { url, port, start, stop };
}

/**
 * Registers the beforeAll that starts a redis-server for a describe block, and the afterAll that
 * runs `beforeStop`, stops every link `link` opened and then the server. The server object exists
 * from the start and is filled in by that beforeAll.
 */
export function useRedisLinks(beforeStop: () => void = () => undefined): {
  redis: RedisServer;
  /** A started link to the server, as a bridge with key prefix `prefix` has. */
  link(prefix: string): Promise<RedisLink>;
} {
  const redis = {} as RedisServer;
  const links: RedisLink[] = [];
  const silent = createLogger({ level: 'silent' });

  beforeAll(async () => {
    Object.assign(redis, await startRedisServer());
  });
  afterAll(async () => {
    beforeStop();
    await Promise.all(links.map((l) => l.stop()));
    await redis.stop(true);
  });

  return {
    redis,
    async link(prefix) {
      const l = new RedisLink({ url: redis.url, prefix, commandTimeoutMs: 500 }, silent);
      links.push(l);
      await l.start();
      return l;
    },
  };
}
