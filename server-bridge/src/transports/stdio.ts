import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { buildRegistry, gatewaySettings, type BridgeOptions } from '../bridge.js';
import type { BridgeConfig } from '../config.js';
import { ConfigError } from '../config.js';
import { BridgeLive } from '../events/bridge-live.js';
import { MattermostGateway } from '../gateway/gateway.js';
import { AccessDeniedError, holdsTokenRole } from '../policy/access.js';
import { createBridgeMetrics } from '../observability/bridge-metrics.js';
import { createLogger } from '../observability/logger.js';
import { createMetricsRegistry } from '../observability/metrics.js';

export interface RunningStdioBridge {
  /** Resolves when the client closes the connection. */
  closed: Promise<void>;
  stop(): Promise<void>;
}

/**
 * One MCP connection over stdin/stdout acting as the owner of MATTERMOST_TOKEN. Logs go to
 * stderr: stdout carries JSON-RPC alone.
 */
export async function startStdioBridge(
  config: BridgeConfig,
  options: Pick<BridgeOptions, 'tools' | 'middleware' | 'extensions' | 'logger'> = {},
): Promise<RunningStdioBridge> {
  const token = config.MATTERMOST_TOKEN;
  if (!token)
    throw new ConfigError('Invalid configuration:\n  MATTERMOST_TOKEN: is required with --stdio');
  const log = options.logger ?? createLogger({ level: config.LOG_LEVEL, pretty: false });
  const metrics = createBridgeMetrics(createMetricsRegistry());
  const gateway = new MattermostGateway(gatewaySettings(config), metrics, log);
  const user = await gateway.verifyToken(token);
  // The access policy holds over stdio too: the environment's, as no System Console is read here.
  if (config.BRIDGE_ACCESS_POLICY === 'token_role' && !holdsTokenRole(user)) {
    await gateway.close();
    throw new AccessDeniedError(
      `@${user.username} may not use AI assistants here: an admin allows only users with the personal access token role.`,
    );
  }
  const live = new BridgeLive(config, log);
  const registry = buildRegistry(config, metrics, {
    ...options,
    extensions: [...(options.extensions ?? []), live.extension],
  });
  const session = registry.buildServer({
    user,
    mm: gateway.forUser(user, token),
    token,
    log: log.child({ user_id: user.id }),
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await session.server.connect(transport);
  log.info({ user: user.username }, 'bridge serving MCP over stdio');
  return {
    closed,
    async stop() {
      await session.close();
      registry.close();
      live.close();
      await gateway.close();
    },
  };
}
