import { Writable } from 'node:stream';
import mattermostClient from '@mattermost/client';
import { startSimulator } from '@mm-mcp/simulator';
import { loadConfig } from '../../src/config.js';
import { startBridge } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { connectClient, type Stack } from '../helpers/stack.js';

const { Client4 } = mattermostClient;

/** A stack like the helper's whose bridge logs everything (debug) into a string the test reads. */
export async function startLoggedStack(
  env: Record<string, string> = {},
): Promise<{ stack: Stack; logs: () => string }> {
  let logs = '';
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  const sim = await startSimulator({ seed: 'empty' });
  const bridge = await startBridge(
    loadConfig({
      MATTERMOST_URL: sim.url,
      BRIDGE_PORT: '0',
      LOG_LEVEL: 'debug',
      BRIDGE_RATE_LIMIT_PER_USER: '1000',
      BRIDGE_RATE_LIMIT_GLOBAL: '5000',
      BRIDGE_UPSTREAM_TIMEOUT_MS: '3000',
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_TOOLSETS: 'all',
      ...env,
    }),
    { logger: createLogger({ level: 'debug', destination }) },
  );
  const clients: Awaited<ReturnType<typeof connectClient>>[] = [];
  const stack: Stack = {
    sim,
    bridge,
    async connect(user) {
      const client = await connectClient(bridge.url, typeof user === 'string' ? user : user.token);
      clients.push(client);
      return client;
    },
    rest(user) {
      const client = new Client4();
      client.setUrl(sim.url);
      client.setToken(user.token);
      client.setIncludeCookies(false);
      return client;
    },
    async stop() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await bridge.stop(2000);
      await sim.stop();
    },
  };
  return { stack, logs: () => logs };
}
