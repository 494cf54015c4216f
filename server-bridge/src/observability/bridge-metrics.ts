import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Every metric the bridge exposes on `/metrics`, created once per bridge instance. */
export interface BridgeMetrics {
  registry: Registry;
  toolCalls: Counter<'tool' | 'outcome'>;
  toolDuration: Histogram<'tool'>;
  toolErrors: Counter<'tool' | 'kind'>;
  upstreamRequests: Counter<'operation' | 'status'>;
  upstreamDuration: Histogram<'operation' | 'status'>;
  upstreamRetries: Counter<'operation'>;
  rateLimitWaits: Counter<'scope'>;
  rateLimitWaitSeconds: Histogram<'scope'>;
  rateLimitRejections: Counter<'scope'>;
  sessions: Gauge;
  sessionsRejected: Counter<'reason'>;
  breakerState: Gauge;
  authFailures: Counter<'reason'>;
}

/**
 * The `tool` label of calls naming no tool of the bridge. Labels come from known names only: a
 * client may send any name, and every distinct label value is a series kept until the bridge stops.
 */
export const UNKNOWN_TOOL = '(unknown)';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createBridgeMetrics(registry: Registry): BridgeMetrics {
  const registers = [registry];
  return {
    registry,
    toolCalls: new Counter({
      name: 'mcp_bridge_tool_calls_total',
      help: 'Tool calls by tool and outcome (ok, error, input_required: the user was asked and the call comes again).',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    toolDuration: new Histogram({
      name: 'mcp_bridge_tool_duration_seconds',
      help: 'Duration of tool calls.',
      labelNames: ['tool'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    toolErrors: new Counter({
      name: 'mcp_bridge_tool_errors_total',
      help: 'Tool calls that ended in an error, by kind (mattermost, tool, limit, unauthorized, internal).',
      labelNames: ['tool', 'kind'],
      registers,
    }),
    upstreamRequests: new Counter({
      name: 'mcp_bridge_upstream_requests_total',
      help: 'HTTP requests to Mattermost by gateway operation and status (0: no answer).',
      labelNames: ['operation', 'status'],
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'mcp_bridge_upstream_duration_seconds',
      help: 'Duration of HTTP requests to Mattermost.',
      labelNames: ['operation', 'status'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    upstreamRetries: new Counter({
      name: 'mcp_bridge_upstream_retries_total',
      help: 'Requests to Mattermost that were retried.',
      labelNames: ['operation'],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'mcp_bridge_rate_limit_waits_total',
      help: 'Requests that waited for the bridge rate limit (scope: user, global).',
      labelNames: ['scope'],
      registers,
    }),
    rateLimitWaitSeconds: new Histogram({
      name: 'mcp_bridge_rate_limit_wait_seconds',
      help: 'Time spent waiting for the bridge rate limit.',
      labelNames: ['scope'],
      buckets: DURATION_BUCKETS,
      registers,
    }),
    rateLimitRejections: new Counter({
      name: 'mcp_bridge_rate_limit_rejections_total',
      help: 'Requests refused because the rate limit wait would be too long.',
      labelNames: ['scope'],
      registers,
    }),
    sessions: new Gauge({
      name: 'mcp_bridge_sessions',
      help: 'Open MCP sessions.',
      registers,
    }),
    sessionsRejected: new Counter({
      name: 'mcp_bridge_sessions_rejected_total',
      help: 'Session requests refused (limit, user_limit, unknown, wrong_user).',
      labelNames: ['reason'],
      registers,
    }),
    breakerState: new Gauge({
      name: 'mcp_bridge_upstream_breaker_state',
      help: 'Circuit breaker towards Mattermost: 0 closed, 1 half-open, 2 open.',
      registers,
    }),
    authFailures: new Counter({
      name: 'mcp_bridge_auth_failures_total',
      help: 'Requests refused for authentication (missing; refused: tokens_off, no_longer_accepted, not_accepted; access_policy).',
      labelNames: ['reason'],
      registers,
    }),
  };
}
