import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import { PersonalAccessTokenAuthenticator, type Authenticator } from './auth/authenticator.js';
import { ConfigError, type BridgeConfig } from './config.js';
import { joinCluster } from './cluster/cluster.js';
import { DocumentTexts } from './documents/document-text.js';
import { BridgeLive } from './events/bridge-live.js';
import { ModernEndpoint } from './streams/modern-endpoint.js';
import { MattermostGateway, type GatewaySettings } from './gateway/gateway.js';
import { createApp } from './http/app.js';
import { allowedHostnames, allowedOrigins } from './http/guards.js';
import { SessionStore } from './http/sessions.js';
import { concurrencyMiddleware } from './mcp/middleware/concurrency.js';
import { correlationMiddleware } from './mcp/middleware/correlation.js';
import { errorMiddleware } from './mcp/middleware/errors.js';
import { metricsMiddleware } from './mcp/middleware/metrics.js';
import type { ToolMiddleware } from './mcp/middleware/types.js';
import { ToolRegistry, type ServerExtension } from './mcp/registry.js';
import { enableToolset } from './mcp/enable-toolset.js';
import { ConfirmationSeal } from './mcp/confirmation.js';
import { sessionStateStore, type SessionStateStore } from './mcp/session-state.js';
import { MAX_TOOL_NAME } from './mcp/compact-listing.js';
import { auditMiddleware, policyRefusals } from './mcp/middleware/audit.js';
import { confirmMiddleware } from './mcp/middleware/confirm.js';
import { policyMiddleware } from './mcp/middleware/policy.js';
import { ToolCatalogue, ToolsetError } from './mcp/tool-filter.js';
import { PROFILES } from './mcp/toolsets.js';
import { AccessPolicyAuthenticator } from './policy/access.js';
import { AuditLog } from './policy/audit-log.js';
import { policyFromConfig } from './policy/policy.js';
import { PolicyStore } from './policy/policy-store.js';
import { PluginSettingsService } from './plugin-settings/service.js';
import {
  createBridgeMetrics,
  UNKNOWN_TOOL,
  type BridgeMetrics,
} from './observability/bridge-metrics.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createOAuthServer, oauthSettings, type OAuthStore } from './oauth/index.js';
import { createMetricsRegistry } from './observability/metrics.js';
import { allTools } from './tools/index.js';
import type { AnyTool } from './tools/define.js';
import { BRIDGE_VERSION } from './version.js';

/** Ways to extend the bridge without editing it: more tools, middleware, per-session additions. */
export interface BridgeOptions {
  logger?: Logger;
  /** Replaces the built-in tool list (tests, or a catalogue assembled elsewhere). */
  tools?: readonly AnyTool[];
  /** Middleware placed inside the built-in chain, after error mapping and before the handler (policy, audit). */
  middleware?: readonly ToolMiddleware[];
  /** Resources, prompts, ... added to every session's server. */
  extensions?: readonly ServerExtension[];
  /** Extra HTTP routes. */
  routes?: (app: Express) => void;
  websocketStatus?: () => unknown;
  authenticator?: Authenticator;
  /** Where OAuth grants and clients are kept (default: in memory, this process only). */
  oauthStore?: OAuthStore;
}

export interface RunningBridge {
  /** Base URL the bridge listens on, such as http://127.0.0.1:8787. */
  url: string;
  /** The URL advertised to clients (BRIDGE_PUBLIC_URL, else `url`). */
  publicUrl: string;
  metrics: BridgeMetrics;
  gateway: MattermostGateway;
  sessions: SessionStore;
  /** Live updates: per-user WebSockets, subscriptions, webhook feed, resumable streams. */
  live: BridgeLive;
  /** The admins' policy in force (environment and System Console). */
  policy: PolicyStore;
  /** The System Console settings reader, when MATTERMOST_BOT_TOKEN is set. */
  plugin?: PluginSettingsService;
  /** Stops accepting, lets calls in flight finish (up to `graceMs`), closes every session. */
  stop(graceMs?: number): Promise<void>;
}

export function gatewaySettings(config: BridgeConfig): GatewaySettings {
  return {
    mattermostUrl: config.MATTERMOST_URL,
    timeoutMs: config.BRIDGE_UPSTREAM_TIMEOUT_MS,
    retries: config.BRIDGE_UPSTREAM_RETRIES,
    ratePerUser: config.BRIDGE_RATE_LIMIT_PER_USER,
    rateGlobal: config.BRIDGE_RATE_LIMIT_GLOBAL,
    rateMaxWaitMs: config.BRIDGE_RATE_LIMIT_MAX_WAIT_MS,
    breakerThreshold: config.BRIDGE_BREAKER_THRESHOLD,
    breakerHalfOpenMs: config.BRIDGE_BREAKER_HALF_OPEN_MS,
    maxUsers: config.BRIDGE_MAX_USER_CLIENTS,
    tokenCacheTtlMs: config.BRIDGE_TOKEN_CACHE_TTL_MS,
    cacheTtlMs: config.BRIDGE_CACHE_TTL_MS,
    cacheMaxEntries: config.BRIDGE_CACHE_MAX_ENTRIES,
    userAgent: `mattermost-mcp-bridge/${BRIDGE_VERSION}`,
  };
}

export const SERVER_INSTRUCTIONS =
  'Tools to work in Mattermost as the connected user. Channels are named ~name, team/name, or @username for ' +
  'direct messages; users as @username. Read before writing, and send messages only when the user asked.';

/** The built-in chain, outermost first: correlation id, metrics, error mapping, then the caller's, then limits. */
export function buildMiddleware(
  config: BridgeConfig,
  metrics: BridgeMetrics,
  extra: readonly ToolMiddleware[] = [],
): ToolMiddleware[] {
  return [
    correlationMiddleware,
    metricsMiddleware(metrics),
    errorMiddleware(metrics),
    ...extra,
    concurrencyMiddleware(config.BRIDGE_MAX_CONCURRENT_CALLS_PER_USER),
  ];
}

/** Every tool the bridge can offer: the catalogue's tools and enable_toolset. */
export function catalogueTools(tools: readonly AnyTool[] = allTools): AnyTool[] {
  return tools.some((tool) => tool.name === enableToolset.name)
    ? [...tools]
    : [...tools, enableToolset];
}

export interface RegistryOptions extends Pick<
  BridgeOptions,
  'tools' | 'middleware' | 'extensions'
> {
  /** The policy in force; built from the configuration when omitted. */
  policy?: PolicyStore;
  /** Parent of the audit logger. */
  logger?: Logger;
  /** Where session state is kept; in this process when omitted. */
  state?: SessionStateStore;
}

/**
 * The registry with its catalogue, policy and chain. Unknown profile, toolset or tool names in the
 * configuration fail here, at start, with a ConfigError naming the variable.
 */
export function buildRegistry(
  config: BridgeConfig,
  metrics: BridgeMetrics,
  options: RegistryOptions = {},
): ToolRegistry {
  const catalogue = new ToolCatalogue(catalogueTools(options.tools));
  const policy = options.policy ?? new PolicyStore(policyFromConfig(config));
  const log = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const audit = new AuditLog(log, config.BRIDGE_AUDIT_LOG);
  const refusals = policyRefusals(metrics.registry);
  try {
    // Every profile of the built-in catalogue must name real tools, used at start or not.
    if (!options.tools)
      for (const profile of Object.keys(PROFILES)) catalogue.profileTools(profile);
    catalogue.checkToolsets(config.BRIDGE_ALLOWED_TOOLSETS, 'BRIDGE_ALLOWED_TOOLSETS');
    if (config.BRIDGE_WRITE_TOOLSETS)
      catalogue.checkToolsets(config.BRIDGE_WRITE_TOOLSETS, 'BRIDGE_WRITE_TOOLSETS');
    return new ToolRegistry({
      name: 'mattermost-mcp-bridge',
      version: BRIDGE_VERSION,
      instructions: SERVER_INSTRUCTIONS,
      catalogue,
      selection: config.BRIDGE_TOOLSETS,
      policy,
      middleware: buildMiddleware(config, metrics, [
        auditMiddleware(audit, metrics.registry),
        policyMiddleware(policy, catalogue),
        confirmMiddleware(policy),
        ...(options.middleware ?? []),
      ]),
      settings: {
        mattermostUrl: config.MATTERMOST_URL,
        maxOutputChars: config.BRIDGE_MAX_OUTPUT_CHARS,
        documents: new DocumentTexts({
          maxBytes: config.BRIDGE_DOCUMENT_MAX_BYTES,
          timeoutMs: config.BRIDGE_DOCUMENT_TIMEOUT_MS,
          maxHeapMb: config.BRIDGE_DOCUMENT_MAX_HEAP_MB,
        }),
      },
      extensions: options.extensions,
      listing: config.BRIDGE_TOOL_LISTING,
      seal: new ConfirmationSeal(config.BRIDGE_REQUEST_STATE_SECRET),
      state: options.state ?? sessionStateStore(config),
      onClose: () => audit.close(),
      // A client calling a tool it was not offered: the SDK refuses it; the attempt is recorded.
      // Metric labels name known tools only (a client may send any name); the audit trail keeps
      // what was asked for, clipped to the longest name a tool can have.
      onUnavailableCall: ({ user, tool, reason, client }) => {
        const known = catalogue.get(tool);
        refusals.inc({ tool: known ? tool : UNKNOWN_TOOL, rule: reason });
        audit.record({
          user_id: user.id,
          username: user.username,
          tool: tool.slice(0, MAX_TOOL_NAME),
          kind: known?.kind ?? 'unknown',
          toolset: known?.toolset ?? 'unknown',
          ...(client ? { client } : {}),
          channel_ids: [],
          targets: {},
          result_ids: {},
          outcome: 'refused',
          reason,
          correlation_id: '',
          duration_ms: 0,
        });
      },
    });
  } catch (err) {
    if (err instanceof ToolsetError)
      throw new ConfigError(`Invalid configuration:\n  ${err.message}`);
    throw err;
  }
}

/** Starts the HTTP bridge. Resolves once it listens. */
export async function startBridge(
  config: BridgeConfig,
  options: BridgeOptions = {},
): Promise<RunningBridge> {
  const log =
    options.logger ??
    createLogger({ level: config.LOG_LEVEL, pretty: process.stderr.isTTY === true });
  const metrics = createBridgeMetrics(createMetricsRegistry());
  const settings = gatewaySettings(config);
  const cluster = await joinCluster(config, settings, metrics, log, sessionStateStore(config));
  const gateway = new MattermostGateway(settings, metrics, log, cluster?.rateLimiter);
  const live = new BridgeLive(config, log, metrics.registry);
  // Renames, deletions and membership changes any user's WebSocket brings refresh the name caches.
  live.hub.onEvent = (ev) => gateway.noteEvent(ev);
  await cluster?.shareWebhooks(live.webhooks);
  const policy = new PolicyStore(policyFromConfig(config));
  const origins = allowedOrigins(config.BRIDGE_ALLOWED_ORIGINS, config.MATTERMOST_URL);
  // The System Console's settings, read through the bot before the first session opens.
  let plugin: PluginSettingsService | undefined;
  if (config.MATTERMOST_BOT_TOKEN && config.BRIDGE_PLUGIN_SETTINGS) {
    plugin = new PluginSettingsService(
      gateway,
      policy,
      log.child({ component: 'plugin-settings' }),
      {
        mattermostUrl: config.MATTERMOST_URL,
        botToken: config.MATTERMOST_BOT_TOKEN,
        version: BRIDGE_VERSION,
        pollMs: config.BRIDGE_PLUGIN_POLL_MS,
        websocket: config.BRIDGE_WEBSOCKET,
        reconnectMs: config.BRIDGE_WEBSOCKET_RETRY_MS,
        // Without BRIDGE_ALLOWED_ORIGINS, the plugin's pages read /health from Mattermost's own site URL.
        onSiteUrl: (site) => {
          const origin = new URL(site).origin;
          if (!config.BRIDGE_ALLOWED_ORIGINS && !origins.includes(origin)) origins.push(origin);
        },
      },
    );
    await plugin.start();
  }
  // What sessions enabled: shared by the cluster's bridges, or this bridge's alone.
  const state = cluster?.sessionState ?? sessionStateStore(config);
  const registry = buildRegistry(config, metrics, {
    ...options,
    policy,
    logger: log,
    state,
    extensions: [...(options.extensions ?? []), live.extension],
  });
  const modern = new ModernEndpoint({
    // Each request meets a fresh server; what the client enabled earlier comes from the store.
    buildServer: async (principal, session) => {
      const saved = await state.get(session.stateKey).catch(() => undefined);
      return registry.buildServer({
        user: principal.user,
        mm: gateway.forUser(principal.user, principal.token),
        token: principal.token,
        log: log.child({ user_id: principal.user.id }),
        perRequest: true,
        stateKey: () => session.stateKey,
        ...(saved ? { enabledToolsets: saved.toolsets } : {}),
        onToolsChanged: session.toolsChanged,
        ...(principal.toolsets ? { toolsets: principal.toolsets } : {}),
        ...(principal.readOnly ? { readOnly: true } : {}),
      }).server;
    },
    guarded: (raw) => registry.guarded(raw),
    hub: live.hub,
    webhooks: live.webhooks,
    gateway,
    log,
  });
  // An admin changed the policy: the 2026 listen streams hear that the tools changed, as 2025 sessions do.
  policy.on('change', () => modern.toolsChanged());
  const sessions = new SessionStore(
    {
      maxSessions: config.BRIDGE_MAX_SESSIONS,
      maxSessionsPerUser: config.BRIDGE_MAX_SESSIONS_PER_USER,
      idleMs: config.BRIDGE_SESSION_IDLE_MS,
    },
    metrics,
    log,
  );
  let draining = false;
  let publicUrl = config.BRIDGE_PUBLIC_URL ?? '';
  const oauthConfigured = oauthSettings(config);
  const oauth = oauthConfigured
    ? createOAuthServer({
        settings: oauthConfigured,
        gateway,
        log: log.child({ component: 'oauth' }),
        issuer: () => publicUrl,
        timeoutMs: config.BRIDGE_UPSTREAM_TIMEOUT_MS,
        ...(options.oauthStore
          ? { store: options.oauthStore }
          : cluster
            ? { store: cluster.oauthStore }
            : {}),
      })
    : undefined;
  const tokens = options.authenticator ?? new PersonalAccessTokenAuthenticator(gateway);

  const app = createApp({
    sessions,
    registry,
    gateway,
    metrics,
    log,
    isDraining: () => draining,
    authenticator: new AccessPolicyAuthenticator(
      oauth ? oauth.authenticator(tokens) : tokens,
      policy,
    ),
    ...(oauth ? { oauthRouter: oauth.router } : {}),
    version: BRIDGE_VERSION,
    websocket:
      options.websocketStatus ??
      (() => ({ enabled: config.BRIDGE_WEBSOCKET, ...live.hub.stats() })),
    eventStoreForSession: () => live.eventStoreForSession(),
    ...(cluster ? { redis: cluster.health, shared: cluster.sessions } : {}),
    modern,
    state,
    mattermostUrl: config.MATTERMOST_URL,
    publicUrl: () => publicUrl,
    allowedHosts: allowedHostnames(
      config.BRIDGE_HOST,
      config.BRIDGE_PUBLIC_URL,
      config.BRIDGE_ALLOWED_HOSTS,
    ),
    allowedOrigins: origins,
    maxRequestBytes: config.BRIDGE_MAX_REQUEST_BYTES,
    routes: (app) => {
      app.use('/hooks/outgoing', live.webhookRouter);
      options.routes?.(app);
    },
  });

  // Slow clients are cut off: a request must arrive whole in time, checked every second.
  const server: Server = createServer(
    {
      requestTimeout: config.BRIDGE_REQUEST_TIMEOUT_MS,
      headersTimeout: Math.min(10_000, config.BRIDGE_REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: 1000,
    },
    app,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.BRIDGE_PORT, config.BRIDGE_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;
  publicUrl ||= url;
  sessions.startSweeping();
  // Users are told only an address an admin gave (BRIDGE_PUBLIC_URL or the plugin's Bridge URL),
  // never the listening address guessed above.
  await plugin?.advertise(config.BRIDGE_PUBLIC_URL);
  log.info(
    { url, public_url: publicUrl, mattermost_url: config.MATTERMOST_URL },
    'bridge listening',
  );

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 10_000): Promise<void> => {
    stopping ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (sessions.busy() > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      await sessions.closeAll('shutdown');
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1000).unref();
      await closed;
      modern.close();
      plugin?.stop();
      registry.close();
      live.close();
      await gateway.close();
      await cluster?.stop();
      log.info('bridge stopped');
    })();
    return stopping;
  };

  return { url, publicUrl, metrics, gateway, sessions, live, policy, plugin, stop };
}
