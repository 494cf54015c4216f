import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { PersonalAccessTokenAuthenticator } from './auth/authenticator.js';
import type { BridgeConfig } from './config.js';
import { BridgeLive } from './events/bridge-live.js';
import { ModernEndpoint } from './streams/modern-endpoint.js';
import { MattermostGateway } from './gateway/gateway.js';
import { createApp } from './http/app.js';
import { allowedHostnames, allowedOrigins } from './http/guards.js';
import { SessionStore } from './http/sessions.js';
import { sessionStateStore } from './mcp/session-state.js';
import { AccessPolicyAuthenticator } from './policy/access.js';
import { policyFromConfig } from './policy/policy.js';
import { PolicyStore } from './policy/policy-store.js';
import { checkChannelEntries } from './policy/entry-check.js';
import type { PluginSettingsService } from './plugin-settings/service.js';
import { createBridgeMetrics, type BridgeMetrics } from './observability/bridge-metrics.js';
import { createLogger } from './observability/logger.js';
import { oauthSettings } from './oauth/config.js';
import { createMetricsRegistry } from './observability/metrics.js';
import { BRIDGE_VERSION } from './version.js';
export {
  buildMiddleware,
  buildRegistry,
  catalogueTools,
  gatewaySettings,
  SERVER_INSTRUCTIONS,
  type BridgeOptions,
  type RegistryOptions,
} from './composition.js';
import { buildRegistry, gatewaySettings, type BridgeOptions } from './composition.js';

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
  // Modules only some deployments use (Redis for a cluster, the OAuth server, the System Console
  // settings) load only when configured: every module loaded is start time for everyone.
  const cluster = config.REDIS_URL
    ? await (
        await import('./cluster/cluster.js')
      ).joinCluster(config, settings, metrics, log, sessionStateStore(config))
    : undefined;
  const gateway = new MattermostGateway(settings, metrics, log, cluster?.rateLimiter);
  if (cluster) gateway.shareNames(cluster.names);
  const live = new BridgeLive(config, log, metrics.registry, undefined, cluster?.sockets);
  await cluster?.shareWebhooks(live.webhooks);
  const policy = new PolicyStore(policyFromConfig(config), config.BRIDGE_POLICY_PROFILES);
  const origins = allowedOrigins(config.BRIDGE_ALLOWED_ORIGINS, config.MATTERMOST_URL);
  // The System Console's settings, read through the bot before the first session opens.
  let plugin: PluginSettingsService | undefined;
  if (config.MATTERMOST_BOT_TOKEN && config.BRIDGE_PLUGIN_SETTINGS) {
    const { PluginSettingsService } = await import('./plugin-settings/service.js');
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
  // Entries naming no channel or user are warned about in the background: the start waits for none.
  if (config.MATTERMOST_BOT_TOKEN)
    void checkChannelEntries(gateway, config.MATTERMOST_BOT_TOKEN, config, log);
  // What sessions enabled: shared by the cluster's bridges, or this bridge's alone.
  const state = cluster?.sessionState ?? sessionStateStore(config);
  const registry = buildRegistry(config, metrics, {
    ...options,
    policy,
    logger: log,
    state,
    extensions: [...(options.extensions ?? []), live.extension],
    documents: live.documents,
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
        ...(principal.oauthClientId ? { oauthClientId: principal.oauthClientId } : {}),
      }).server;
    },
    guarded: (raw, principal) => registry.guarded(raw, registry.sessionPolicy(principal)),
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
    ? (await import('./oauth/index.js')).createOAuthServer({
        settings: oauthConfigured,
        gateway,
        log: log.child({ component: 'oauth' }),
        issuer: () => publicUrl,
        timeoutMs: config.BRIDGE_UPSTREAM_TIMEOUT_MS,
        store: options.oauthStore ?? cluster?.oauthStore,
      })
    : undefined;
  // What any user's WebSocket says changed: names for the caches, assistants disconnected.
  live.hub.onEvent = (ev) => {
    gateway.noteEvent(ev);
    oauth?.noteEvent(ev);
  };
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
    // Whose sockets this bridge holds: in a cluster, each user's on one bridge only.
    socketUsers: () => live.hub.socketUsers(),
    // In a cluster, a stream resumes on any bridge (the messages are kept in Redis).
    eventStoreForSession: (sessionId) =>
      cluster
        ? cluster.eventStore(sessionId, live.eventStoreForSession())
        : live.eventStoreForSession(),
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
    {
      url,
      public_url: publicUrl,
      mattermost_url: config.MATTERMOST_URL,
      policy_profiles: policy.profiles.map((p) => `${p.source}:${p.name}`),
    },
    'bridge listening',
  );
  // Not awaited: the bridge serves whether or not Mattermost answers yet, but an admin who
  // mistyped MATTERMOST_URL hears of it at once rather than at the first call.
  void gateway.health().then(
    (upstream) => {
      // 429: Mattermost's own rate limit answered.
      if (upstream.reachable && (upstream.status === 200 || upstream.status === 429))
        log.info({ latency_ms: upstream.latencyMs }, 'Mattermost answers at MATTERMOST_URL');
      else if (upstream.reachable)
        log.warn(
          { mattermost_url: config.MATTERMOST_URL, status: upstream.status },
          `Something answers at MATTERMOST_URL, but not as Mattermost does (HTTP ${upstream.status} ` +
            'to /api/v4/system/ping): check that it is the address of the Mattermost server',
        );
      else
        log.warn(
          { mattermost_url: config.MATTERMOST_URL, error: upstream.error, cause: upstream.cause },
          'Mattermost does not answer at MATTERMOST_URL: every call fails, and /health says 503, until it does',
        );
    },
    (err: unknown) => log.warn({ err }, 'Mattermost could not be asked at start'),
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
