import type { Client } from '@modelcontextprotocol/client';
import { startSimulator, type Simulator, type SimUser } from '@mm-mcp/simulator';
import { loadConfig } from '../../src/config.js';
import { startBridge, type RunningBridge } from '../../src/index.js';
import { clientPool, type Client4 } from './stack.js';
import { startRedisServer, type RedisServer } from './redis-server.js';

/** One simulator, one real redis-server and several bridges sharing it, all on 127.0.0.1. */
export interface ClusterStack {
  sim: Simulator;
  redis: RedisServer;
  bridges: RunningBridge[];
  /** Starts one more bridge of the cluster. */
  addBridge(env?: Record<string, string>): Promise<RunningBridge>;
  /** An MCP client of `user` talking to one bridge. */
  connect(bridge: RunningBridge, user: SimUser): Promise<Client>;
  rest(user: SimUser): Client4;
  stop(): Promise<void>;
}

export async function startCluster(
  count: number,
  env: Record<string, string> = {},
): Promise<ClusterStack> {
  const redis = await startRedisServer();
  const sim = await startSimulator({ seed: 'demo' });
  const bridges: RunningBridge[] = [];
  const pool = clientPool(sim.url);
  const addBridge = async (extra: Record<string, string> = {}) => {
    const bridge = await startBridge(
      loadConfig({
        MATTERMOST_URL: sim.url,
        REDIS_URL: redis.url,
        BRIDGE_PORT: '0',
        LOG_LEVEL: 'silent',
        BRIDGE_WEBSOCKET_RETRY_MS: '100',
        BRIDGE_NOTIFY_COALESCE_MS: '50',
        ...env,
        ...extra,
      }),
    );
    bridges.push(bridge);
    return bridge;
  };
  try {
    for (let i = 0; i < count; i++) await addBridge();
  } catch (err) {
    await Promise.allSettled(bridges.map((b) => b.stop(500)));
    await sim.stop();
    await redis.stop(true);
    throw err;
  }
  return {
    sim,
    redis,
    bridges,
    addBridge,
    connect: pool.connect,
    rest: pool.rest,
    async stop() {
      await pool.close();
      await Promise.allSettled(bridges.map((b) => b.stop(1000)));
      await sim.stop();
      await redis.stop(true);
    },
  };
}

export { waitFor } from './wait.js';
