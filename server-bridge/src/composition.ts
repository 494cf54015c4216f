// What both entry points build the same way, HTTP (`bridge.ts`) and stdio (`transports/stdio.ts`):
// the gateway settings, the middleware chain, the catalogue and the per-session tool registry.
import type { Express } from 'express';
import type { Authenticator } from './auth/authenticator.js';
import { type BridgeConfig } from './config.js';
import { documentTextsFrom, type DocumentTexts } from './documents/document-text.js';
import type { GatewaySettings } from './gateway/gateway.js';
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
import { ToolCatalogue } from './mcp/tool-filter.js';
import { PROFILES } from './mcp/toolsets.js';
import { AuditLog } from './policy/audit-log.js';
import { policyFromConfig } from './policy/policy.js';
import { PolicyStore } from './policy/policy-store.js';
import { UNKNOWN_TOOL, type BridgeMetrics } from './observability/bridge-metrics.js';
import { createLogger, type Logger } from './observability/logger.js';
import type { OAuthStore } from './oauth/index.js';
import { allTools } from './tools/index.js';
import type { AnyTool } from './tools/define.js';
import { BRIDGE_VERSION } from './version.js';
import { ConfigError, ToolsetError } from './errors.js';

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
  /** Document texts, shared with the file resource; built from the configuration when omitted. */
  documents?: DocumentTexts;
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
  const policy =
    options.policy ?? new PolicyStore(policyFromConfig(config), config.BRIDGE_POLICY_PROFILES);
  const log = options.logger ?? createLogger({ level: config.LOG_LEVEL });
  const audit = new AuditLog(log, config.BRIDGE_AUDIT_LOG);
  const refusals = policyRefusals(metrics.registry);
  try {
    // Every profile of the built-in catalogue must name real tools, used at start or not.
    if (!options.tools)
      for (const profile of Object.keys(PROFILES)) catalogue.profileTools(profile);
    const allowed = catalogue.checkToolsets(
      config.BRIDGE_ALLOWED_TOOLSETS,
      'BRIDGE_ALLOWED_TOOLSETS',
    );
    warnOutsideBound(log, catalogue.outsideBound(config.BRIDGE_TOOLSETS, allowed));
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
        documents: options.documents ?? documentTextsFrom(config),
      },
      extensions: options.extensions,
      listing: config.BRIDGE_TOOL_LISTING,
      seal: new ConfirmationSeal(config.BRIDGE_REQUEST_STATE_SECRET),
      state: options.state ?? sessionStateStore(config),
      onClose: () => audit.close(),
      // A client calling a tool it was not offered: the SDK refuses it; the attempt is recorded.
      // Metric labels name known tools only (a client may send any name); the audit trail keeps
      // what was asked for, clipped to the longest name a tool can have.
      onUnavailableCall: ({ user, tool, reason, profiles, client }) => {
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
          ...(profiles.length ? { profiles: [...profiles] } : {}),
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

/** Sessions would start without what BRIDGE_TOOLSETS names: said once, at start. */
function warnOutsideBound(
  log: Logger,
  outside: { toolsets: string[]; nothingLeft: boolean },
): void {
  if (outside.nothingLeft)
    log.warn(
      { toolsets: outside.toolsets },
      'BRIDGE_TOOLSETS starts sessions with no tool BRIDGE_ALLOWED_TOOLSETS allows: they get enable_toolset alone',
    );
  else if (outside.toolsets.length)
    log.warn(
      { toolsets: outside.toolsets },
      'BRIDGE_TOOLSETS names toolsets outside BRIDGE_ALLOWED_TOOLSETS: sessions start without them',
    );
}
