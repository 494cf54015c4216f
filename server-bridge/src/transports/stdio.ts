import { randomUUID } from 'node:crypto';
import type { Transport } from '@modelcontextprotocol/server';
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { buildRegistry, gatewaySettings, type BridgeOptions } from '../composition.js';
import { sessionStateStore } from '../mcp/session-state.js';
import type { BridgeConfig } from '../config.js';
import { BridgeLive } from '../events/bridge-live.js';
import { MattermostGateway } from '../gateway/gateway.js';
import type { SessionServer } from '../mcp/registry.js';
import { holdsTokenRole } from '../policy/access.js';
import { createBridgeMetrics } from '../observability/bridge-metrics.js';
import { createLogger } from '../observability/logger.js';
import { createMetricsRegistry } from '../observability/metrics.js';
import { liveSessionOf, resourceContext } from '../resources/session.js';
import { subscribableOnly } from '../resources/subscribable.js';
import { StdioWire, type StdioFollower } from './stdio-wire.js';
import { AccessDeniedError, ConfigError } from '../errors.js';

export interface RunningStdioBridge {
  /** Resolves when the client closes the connection. */
  closed: Promise<void>;
  stop(): Promise<void>;
}

export interface StdioBridgeOptions extends Pick<
  BridgeOptions,
  'tools' | 'middleware' | 'extensions' | 'logger'
> {
  /** The connection (default: this process's stdin and stdout). */
  transport?: Transport;
}

/**
 * One MCP connection over stdin/stdout acting as the owner of MATTERMOST_TOKEN, in either
 * protocol era: the SDK's `serveStdio` lets the client's opening choose (`initialize` for
 * 2025-11-25, per-request envelopes for 2026-07-28) and keeps one server for the connection.
 * Logs go to stderr: stdout carries JSON-RPC alone.
 */
export async function startStdioBridge(
  config: BridgeConfig,
  options: StdioBridgeOptions = {},
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
  // As over HTTP: what the user's WebSocket says changed refreshes the name caches.
  live.hub.onEvent = (ev) => gateway.noteEvent(ev);
  const state = sessionStateStore(config);
  const registry = buildRegistry(config, metrics, {
    ...options,
    state,
    extensions: [...(options.extensions ?? []), live.extension],
    documents: live.documents,
  });
  const mm = gateway.forUser(user, token);
  const stateKey = `stdio:${randomUUID()}`;
  const servers: SessionServer[] = [];
  // The live session of the server the connection is pinned to: the last one built (see below).
  const current = () => {
    const server = servers.at(-1)?.server;
    return server ? liveSessionOf(server) : undefined;
  };

  const follower: StdioFollower = {
    maxResources: live.hub.settings.maxSubscriptions,
    admit: (uris) => {
      const { mm: guardedMm, guard } = registry.guarded(
        mm,
        registry.sessionPolicy({ user, token }),
      );
      return subscribableOnly(uris, resourceContext(user, guardedMm, guard, live.webhooks));
    },
    // Without a server yet, the listen is the message its server is built for: that server
    // follows the listen's resources as it is built (below), before the SDK acknowledges it.
    follow: async (uri) => {
      await current()?.subscribe(uri);
    },
    unfollow: (uri) => current()?.unsubscribe(uri),
  };
  const wire = new StdioWire(options.transport ?? new StdioServerTransport(), follower);

  const handle = serveStdio(
    async (ctx) => {
      const saved = await state.get(stateKey);
      const modern = ctx.era === 'modern';
      const session: SessionServer = registry.buildServer({
        user,
        mm,
        token,
        log: log.child({ user_id: user.id }),
        stateKey: () => stateKey,
        ...(saved ? { enabledToolsets: saved.toolsets } : {}),
        // 2026-07-28: the change reaches the client on its listen streams, as the SDK routes it.
        ...(modern ? { onToolsChanged: () => session.server.sendToolListChanged() } : {}),
      });
      // The connection's era is that of the server it is pinned to (the last one built).
      wire.legacy = !modern;
      // Taken as the server becomes current, in one turn: a stream opened later follows through it.
      const followed = modern ? wire.following() : [];
      servers.push(session);
      // A server the SDK discards (the probe of a client that then chose 2025) is released.
      session.server.server.onclose = () => void session.close();
      const liveSession = liveSessionOf(session.server);
      await Promise.all(followed.map((uri) => liveSession?.subscribe(uri)));
      return session.server;
    },
    {
      transport: wire,
      maxSubscriptions: live.hub.settings.maxListenStreams,
      onerror: (err) => log.debug({ err }, 'stdio request refused'),
    },
  );
  log.info({ user: user.username }, 'bridge serving MCP over stdio');
  return {
    closed: wire.closed,
    async stop() {
      await handle.close();
      await Promise.all(servers.map((s) => s.close()));
      registry.close();
      live.close();
      await gateway.close();
    },
  };
}
