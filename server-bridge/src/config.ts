import { z } from 'zod';

/**
 * Every setting of the bridge, read from the environment. This one schema validates the values at
 * start and generates `mcp-bridge --help`, so the documented defaults cannot drift from the real ones.
 */

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().min(1);
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A setting whose value must never be printed. */
const secret = { secret: true } as const;

export const configSchema = z.object({
  MATTERMOST_URL: url.describe(
    'Base URL of the Mattermost server, such as https://chat.example.com (required).',
  ),
  MATTERMOST_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe('Personal access token the bridge acts with under --stdio (required for --stdio).')
    .meta(secret),
  MATTERMOST_BOT_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Token of the `mcp-bridge` bot account, used for service tasks only, never for tools.',
    )
    .meta(secret),
  BRIDGE_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface the HTTP server listens on.'),
  BRIDGE_PORT: port.default(8787).describe('TCP port of the HTTP server (0 picks a free port).'),
  BRIDGE_PUBLIC_URL: url
    .optional()
    .describe('URL assistants use to reach the bridge; defaults to http://<BRIDGE_HOST>:<port>.'),
  BRIDGE_ALLOWED_ORIGINS: commaList
    .optional()
    .describe(
      'Comma list of browser origins allowed to call the bridge; defaults to the Mattermost URL.',
    ),
  BRIDGE_ALLOWED_HOSTS: commaList
    .optional()
    .describe('Extra Host header names accepted besides BRIDGE_HOST and the public URL host.'),
  BRIDGE_READ_ONLY: z
    .stringbool()
    .default(false)
    .describe('Offer only tools that read (true/false).'),
  BRIDGE_TOOLSETS: commaList
    .optional()
    .describe(
      'Comma list of toolsets to offer (users, teams, channels, posts, reactions); all when unset.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (logs are JSON on stderr, pretty in a terminal).'),
  BRIDGE_MAX_SESSIONS: positiveInt.default(1000).describe('Most MCP sessions open at once.'),
  BRIDGE_SESSION_IDLE_MS: positiveInt
    .default(30 * 60_000)
    .describe('A session unused for this long is closed.'),
  BRIDGE_MAX_CONCURRENT_CALLS_PER_USER: positiveInt
    .default(8)
    .describe('Most tool calls one user may have running at once.'),
  BRIDGE_RATE_LIMIT_PER_USER: positiveInt
    .default(20)
    .describe('Mattermost requests per second one user may make through the bridge.'),
  BRIDGE_RATE_LIMIT_GLOBAL: positiveInt
    .default(200)
    .describe('Mattermost requests per second for the whole bridge.'),
  BRIDGE_RATE_LIMIT_MAX_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5000)
    .describe('Longest a request waits for the rate limit before it fails.'),
  BRIDGE_UPSTREAM_TIMEOUT_MS: positiveInt
    .default(10_000)
    .describe('Timeout of one request to Mattermost.'),
  BRIDGE_UPSTREAM_RETRIES: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe(
      'Retries of a failed read (and of a message send, made safe by its pending post id).',
    ),
  BRIDGE_BREAKER_THRESHOLD: positiveInt
    .default(5)
    .describe('Consecutive upstream failures that open the circuit breaker.'),
  BRIDGE_BREAKER_HALF_OPEN_MS: positiveInt
    .default(10_000)
    .describe('How long the open breaker waits before it lets one request test Mattermost.'),
  BRIDGE_TOKEN_CACHE_TTL_MS: positiveInt
    .default(60_000)
    .describe('How long a verified token is trusted before it is checked with Mattermost again.'),
  BRIDGE_CACHE_TTL_MS: positiveInt
    .default(60_000)
    .describe('Lifetime of cached users, channels and teams.'),
  BRIDGE_CACHE_MAX_ENTRIES: positiveInt
    .default(10_000)
    .describe('Size of each cache (users, channels, teams, verified tokens).'),
  BRIDGE_MAX_USER_CLIENTS: positiveInt
    .default(1000)
    .describe('Most per-user Mattermost clients kept for reuse.'),
  BRIDGE_WEBSOCKET: z
    .stringbool()
    .default(true)
    .describe('Follow Mattermost live over its WebSocket (one per user); false polls instead.'),
  BRIDGE_WEBSOCKET_RETRY_MS: positiveInt
    .default(3000)
    .describe(
      'First delay before a dropped Mattermost WebSocket reconnects (backs off up to 5 minutes).',
    ),
  BRIDGE_POLL_INTERVAL_MS: positiveInt
    .default(10_000)
    .describe("Polling period when WebSockets are off or failing, and for other users' statuses."),
  BRIDGE_NOTIFY_COALESCE_MS: positiveInt
    .default(150)
    .describe('At most one resources/updated notification per resource per this window.'),
  BRIDGE_EVENT_IDLE_CLOSE_MS: positiveInt
    .default(60_000)
    .describe("A user's Mattermost WebSocket closes this long after their last subscription ends."),
  BRIDGE_EVENT_STORE_MAX: positiveInt
    .default(10_000)
    .describe(
      'Messages kept, all sessions together, so a client reconnecting with Last-Event-ID resumes.',
    ),
  BRIDGE_WEBHOOK_TOKENS: commaList
    .optional()
    .describe(
      'Comma list of outgoing webhook tokens accepted at POST /hooks/outgoing (none: all refused).',
    )
    .meta(secret),
  BRIDGE_WEBHOOK_REPLY: z
    .string()
    .optional()
    .describe(
      'Text the bridge posts back in reply to each outgoing webhook delivery (default: no reply).',
    ),
  BRIDGE_MAX_OUTPUT_CHARS: positiveInt
    .default(20_000)
    .describe('Longest tool text output; longer output is cut with a marker and a cursor.'),
  BRIDGE_MAX_REQUEST_BYTES: positiveInt
    .default(1_048_576)
    .describe('Largest MCP request body accepted.'),
});

export type BridgeConfig = z.infer<typeof configSchema>;
export type ConfigInput = Partial<Record<keyof BridgeConfig, string | undefined>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Validates settings from an environment. Empty values count as unset. The error names each wrong
 * variable and never repeats a value, so a mistyped secret is not echoed to a log.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): BridgeConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') input[key] = value.trim();
  }
  const parsed = configSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'configuration');
    const reason =
      input[name] === undefined && issue.code === 'invalid_type' ? 'is required' : issue.message;
    return `${name}: ${reason}`;
  });
  throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
}

export interface ConfigVariableHelp {
  name: string;
  description: string;
  defaultValue?: string;
  secret: boolean;
}

/** The documented variables, straight from the schema. */
export function describeConfig(): ConfigVariableHelp[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const meta = (schema.meta() ?? {}) as { description?: string; secret?: boolean };
    const def = (schema as z.ZodType)._zod.def as { type: string; defaultValue?: unknown };
    return {
      name,
      description: meta.description ?? '',
      defaultValue: def.type === 'default' ? String(def.defaultValue) : undefined,
      secret: meta.secret === true,
    };
  });
}

export function configHelpText(): string {
  const rows = describeConfig();
  const width = Math.max(...rows.map((row) => row.name.length));
  return rows
    .map((row) => {
      const extra = row.defaultValue !== undefined ? ` (default: ${row.defaultValue})` : '';
      return `  ${row.name.padEnd(width)}  ${row.description}${extra}${row.secret ? ' [secret]' : ''}`;
    })
    .join('\n');
}
