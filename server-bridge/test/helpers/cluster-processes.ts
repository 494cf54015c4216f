import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port.js';
import type { Client } from '@modelcontextprotocol/client';
import { startSimulator, type Simulator, type SimUser } from '@mm-mcp/simulator';
import { CLI, ensureBuilt } from './eras.js';
import { clientPool, type Client4 } from './stack.js';
import { startRedisServer, type RedisServer } from './redis-server.js';
import { waitFor } from './wait.js';

/** A bridge of the cluster in a process of its own, so that killing it is real. */
export interface BridgeProcess {
  url: string;
  child: ChildProcess;
  /** Kills the process with `signal` and waits until it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Its `/health` answer. */
  health(): Promise<BridgeHealth>;
}

export interface BridgeHealth {
  websocket: { websockets: number; relayed: number; socket_users: string[] };
  components: Record<string, string>;
}

/** One in-process simulator, one real redis-server, and bridges as child processes sharing it. */
export interface ProcessCluster {
  sim: Simulator;
  redis: RedisServer;
  bridges: BridgeProcess[];
  /** An MCP client of `user` talking to one bridge; closed with the cluster. */
  connect(bridge: BridgeProcess, user: SimUser): Promise<Client>;
  rest(user: SimUser): Client4;
  stop(): Promise<void>;
}

async function startBridgeProcess(
  env: Record<string, string>,
  adminToken: string,
): Promise<BridgeProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...env, BRIDGE_PORT: String(port) },
  });
  // Its log goes to the test's stderr only when asked for (CLUSTER_TEST_LOGS=1).
  child.stderr!.on('data', (chunk: Buffer) => {
    if (process.env.CLUSTER_TEST_LOGS) process.stderr.write(chunk);
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const bridge: BridgeProcess = {
    url,
    child,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
    async health() {
      // A system admin's token: only admins see whose sockets a bridge holds.
      const res = await fetch(`${url}/health`, {
        headers: { Authorization: `Bearer ${adminToken}` },
        signal: AbortSignal.timeout(5000),
      });
      return (await res.json()) as BridgeHealth;
    },
  };
  try {
    await waitFor(
      `the bridge on port ${port} to answer /health`,
      async () => {
        if (child.exitCode !== null) throw new Error(`the bridge exited (${child.exitCode})`);
        const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) }).catch(
          () => undefined,
        );
        await res?.arrayBuffer();
        return res?.status === 200 ? true : undefined;
      },
      30_000,
    );
  } catch (err) {
    await bridge.kill('SIGKILL');
    throw err;
  }
  return bridge;
}

/** Starts `count` bridge processes (built from the current sources) sharing Redis and the simulator. */
export async function startProcessCluster(
  count: number,
  env: Record<string, string> = {},
): Promise<ProcessCluster> {
  ensureBuilt();
  const redis = await startRedisServer();
  const sim = await startSimulator({ seed: 'demo' });
  const bridges: BridgeProcess[] = [];
  const pool = clientPool(sim.url);
  const bridgeEnv = {
    MATTERMOST_URL: sim.url,
    REDIS_URL: redis.url,
    LOG_LEVEL: process.env.CLUSTER_TEST_LOGS ? 'info' : 'warn',
    BRIDGE_WEBSOCKET_RETRY_MS: '100',
    BRIDGE_NOTIFY_COALESCE_MS: '50',
    BRIDGE_SOCKET_LEASE_MS: '1500',
    ...env,
  };
  const stop = async () => {
    await pool.close();
    await Promise.allSettled(bridges.map((b) => b.kill('SIGTERM')));
    await sim.stop();
    await redis.stop(true);
  };
  try {
    // One at a time: each start takes a core for a moment.
    for (let i = 0; i < count; i++)
      bridges.push(await startBridgeProcess(bridgeEnv, sim.admin.token));
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    sim,
    redis,
    bridges,
    connect: pool.connect,
    rest: pool.rest,
    stop,
  };
}
