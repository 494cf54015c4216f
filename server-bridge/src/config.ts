import { z } from 'zod';
import { oauthConfigShape } from './oauth/config.js';
import { parseWebhookTokens } from './webhooks/token.js';
import { ConfigError } from './errors.js';
import { configConflicts } from './config-rules.js';
import { loadProfilesSetting, type PolicyProfile } from './policy/policy-profiles.js';
import { TOOLSET_NAMES } from './tools/toolsets.js';

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

function validWebhookTokens(entries: readonly string[]): boolean {
  try {
    parseWebhookTokens(entries);
    return true;
  } catch {
    return false;
  }
}

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
  ...oauthConfigShape,
  BRIDGE_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface the HTTP server listens on.'),
  BRIDGE_PORT: port.default(8787).describe('TCP port of the HTTP server (0 picks a free port).'),
  BRIDGE_PUBLIC_URL: url
    .optional()
    .describe(
      'URL assistants use to reach the bridge, an origin without a path; defaults to ' +
        'http://<BRIDGE_HOST>:<port>, or http://127.0.0.1:<port> when BRIDGE_HOST is 0.0.0.0 or ::.',
    ),
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
    .describe(
      'Offer only tools that read: write tools are neither listed nor callable (true/false).',
    ),
  BRIDGE_TOOLSETS: commaList
    .default(['core'])
    .describe(
      'What a session starts with: profiles (core, all) and toolsets (' +
        TOOLSET_NAMES.filter((name) => name !== 'session').join(', ') +
        '), such as core,files. ' +
        'A client may choose its own with /mcp?toolsets=... and add more with enable_toolset.',
    ),
  BRIDGE_ALLOWED_TOOLSETS: commaList
    .default(['all'])
    .describe(
      'Toolsets assistants may use at all (all, or a comma list of toolsets): the bound of BRIDGE_TOOLSETS, ' +
        '/mcp?toolsets= and enable_toolset.',
    ),
  BRIDGE_TOOL_LISTING: z
    .enum(['compact', 'full'])
    .default('compact')
    .describe(
      'compact: tools/list leaves out output schemas and repeated fields (structured results are sent ' +
        'either way; the schemas are over half of a listing); full: the complete listing, and every result ' +
        'is checked against its output schema.',
    ),
  BRIDGE_WRITE_TOOLSETS: commaList
    .optional()
    .describe(
      'Comma list of toolsets whose write tools are offered; all when unset (reads are unaffected).',
    ),
  BRIDGE_CHANNEL_ALLOW: commaList
    .optional()
    .describe(
      'Comma list of the only channels assistants may read or write (team/channel, channel id, @username ' +
        'for a direct message, or a bare channel name in any team); every channel when unset.',
    ),
  BRIDGE_CHANNEL_DENY: commaList
    .optional()
    .describe(
      'Comma list of channels assistants may never read or write (same forms); wins over allow.',
    ),
  BRIDGE_CHANNEL_ALLOW_WRITE: commaList
    .optional()
    .describe(
      'Comma list of the only channels assistants may write to (same forms); every readable when unset.',
    ),
  BRIDGE_CHANNEL_DENY_WRITE: commaList
    .optional()
    .describe('Comma list of channels assistants may read but never write to (same forms).'),
  BRIDGE_POLICY_PROFILES: z
    .string()
    .transform((value, ctx): PolicyProfile[] => {
      try {
        return loadProfilesSetting(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    })
    .optional()
    .describe(
      'Named policy profiles (toolsets, read_only, channel_allow, channel_deny) and what each applies to ' +
        '(tokens as sha256:<hex of the token>, users, oauth_clients): a JSON array, or the path of a JSON ' +
        'file. A session gets every profile naming its token, user or OAuth client; the strictest wins.',
    ),
  BRIDGE_ALLOW_BROADCAST_MENTIONS: z
    .stringbool()
    .default(false)
    .describe(
      'Let assistants notify whole channels with @all, @channel and @here; when false those words are ' +
        'sent with a zero-width joiner after the @, so they show but notify no one.',
    ),
  BRIDGE_MAX_MESSAGE_LENGTH: positiveInt
    .max(16383)
    .default(16383)
    .describe(
      'Longest message an assistant may post or edit, in characters (Mattermost allows 16383).',
    ),
  BRIDGE_CONFIRM_DESTRUCTIVE: z
    .enum(['elicit-if-supported', 'always-refuse-without', 'never'])
    .default('elicit-if-supported')
    .describe(
      'Destructive tools ask the user to confirm through MCP elicitation (both protocol eras): elicit-if-supported (clients ' +
        'without elicitation proceed), always-refuse-without (they are refused), never (no confirmation).',
    ),
  BRIDGE_REQUEST_STATE_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      'Key (at least 32 characters) sealing what a confirmation covers while the user answers ' +
        '(2026-07-28 input-required round trips). Set the same value on every bridge of a cluster; ' +
        'without it each bridge uses a random key of its own.',
    )
    .meta(secret),
  BRIDGE_ACCESS_POLICY: z
    .enum(['everyone', 'token_role'])
    .default('everyone')
    .describe(
      'Who may connect: everyone with a valid token, or token_role: only system admins and users holding ' +
        'the system_user_access_token role.',
    ),
  BRIDGE_AUDIT_LOG: z
    .string()
    .min(1)
    .optional()
    .describe(
      'File that also receives the audit trail (one JSON line per write an assistant made).',
    ),
  BRIDGE_PLUGIN_SETTINGS: z
    .stringbool()
    .default(true)
    .describe(
      "With MATTERMOST_BOT_TOKEN: read the plugin's System Console settings and advertise the bridge on the " +
        "bot's profile (true/false).",
    ),
  BRIDGE_PLUGIN_POLL_MS: positiveInt
    .default(60_000)
    .describe(
      'How often the plugin settings are read again when the WebSocket cannot tell of changes.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level (logs are JSON on stderr, pretty in a terminal).'),
  BRIDGE_MAX_SESSIONS: positiveInt.default(1000).describe('Most MCP sessions open at once.'),
  BRIDGE_REQUEST_TIMEOUT_MS: positiveInt
    .default(30_000)
    .describe(
      'A request must arrive whole (headers and body) within this long, its headers within 10 s at most; a slower client is cut off.',
    ),
  BRIDGE_MAX_SESSIONS_PER_USER: positiveInt
    .default(50)
    .describe('Most MCP sessions one user may hold open at once, so no one user takes them all.'),
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
  BRIDGE_WEBSOCKET_PING_MS: positiveInt
    .default(30_000)
    .describe(
      'How often each Mattermost WebSocket is pinged; a ping answered FAIL or two periods without a frame make it count as silent.',
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
  BRIDGE_MAX_SUBSCRIPTIONS: positiveInt
    .default(100)
    .describe(
      'Most resources one session follows at once (resources/subscribe); in the 2026-07-28 era, one user’s subscriptions/listen streams together.',
    ),
  BRIDGE_EVENT_STORE_MAX: positiveInt
    .default(10_000)
    .describe(
      'Messages kept, all sessions together, so a client reconnecting with Last-Event-ID resumes.',
    ),
  BRIDGE_WEBHOOK_TOKENS: commaList
    .refine((entries) => validWebhookTokens(entries), {
      message: 'each entry must be token, token@team or token@team/channel',
    })
    .optional()
    .describe(
      'Comma list of outgoing webhook tokens accepted at POST /hooks/outgoing (none: all refused). ' +
        'An entry token@team or token@team/channel (names or ids) accepts that token only for deliveries from there.',
    )
    .meta(secret),
  BRIDGE_WEBHOOK_REPLY: z
    .string()
    .optional()
    .describe(
      'Text the bridge posts back in reply to each outgoing webhook delivery (default: no reply).',
    ),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/ })
    .optional()
    .describe(
      'Redis shared by several bridges behind one load balancer (redis:// or rediss://): sessions, ' +
        'rate limits, webhook deliveries and one Mattermost WebSocket per user across them. Without it the bridge runs alone.',
    )
    .meta(secret),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .default('mcp-bridge')
    .describe('Prefix of every Redis key, so several clusters can share one Redis.'),
  REDIS_COMMAND_TIMEOUT_MS: positiveInt
    .default(500)
    .describe('Longest one Redis command may take before the bridge carries on without it.'),
  BRIDGE_SOCKET_LEASE_MS: positiveInt
    .default(6000)
    .describe(
      "With REDIS_URL, how long a bridge's hold on a user's WebSocket lasts unless renewed: a bridge that dies is replaced within about this long.",
    ),
  BRIDGE_MAX_OUTPUT_CHARS: positiveInt
    .default(20_000)
    .describe('Longest tool text output; longer output is cut with a marker and a cursor.'),
  BRIDGE_DOCUMENT_MAX_BYTES: positiveInt
    .default(25 * 1024 * 1024)
    .describe(
      'Largest PDF or Office document whose text read_file extracts; larger ones are described.',
    ),
  BRIDGE_DOCUMENT_TIMEOUT_MS: positiveInt
    .default(15_000)
    .describe('Longest the text extraction of one document may run before it is stopped.'),
  BRIDGE_DOCUMENT_MAX_HEAP_MB: positiveInt
    .default(256)
    .describe('Memory one document text extraction may use, in MB (it runs in a worker thread).'),
  BRIDGE_MAX_REQUEST_BYTES: positiveInt
    .default(8_388_608)
    .describe(
      'Largest MCP request body accepted, in bytes; a file uploaded as base64 needs 4/3 of its size, and ' +
        'the body must arrive within BRIDGE_REQUEST_TIMEOUT_MS.',
    ),
});

export type BridgeConfig = z.infer<typeof configSchema>;
export type ConfigInput = Partial<Record<keyof BridgeConfig, string | undefined>>;

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
  const lines = parsed.success
    ? configConflicts(parsed.data)
    : parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'configuration');
        const reason =
          input[name] === undefined && issue.code === 'invalid_type'
            ? 'is required'
            : issue.message;
        return `${name}: ${reason}`;
      });
  if (parsed.success && !lines.length) return parsed.data;
  throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
}
