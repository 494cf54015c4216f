// The bridge behind a Mattermost that rate-limits per address (RateLimitSettings), as an admin may
// set it: the plain-text 429s are waited out (Retry-After) and show on /metrics and /health.
import { jest } from '@jest/globals';
import { TEST_FEATURES } from '@mm-mcp/simulator';
import { callTool, createUser, startStack, type Stack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

jest.setTimeout(120_000);

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(
    { BRIDGE_UPSTREAM_TIMEOUT_MS: '10000', BRIDGE_TOKEN_CACHE_TTL_MS: '1' },
    {
      features: {
        ...TEST_FEATURES,
        rateLimit: { Enable: true, PerSec: 2, MaxBurst: 1, VaryByRemoteAddr: true },
      },
    },
  );
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * The admin's set-up shares the one address the limit counts with the bridge (which asks
 * Mattermost at start whether it answers), so each of its calls waits out a 429 like any other.
 * Mattermost answers a 429 in plain text, which the official client reports as an error without
 * message or id.
 */
function withinLimit<T>(what: string, call: () => Promise<T>): Promise<T> {
  return waitFor(
    what,
    () =>
      call().catch((err: { message?: string; server_error_id?: string }) => {
        if (!err.message && !err.server_error_id) return undefined;
        throw err;
      }),
    20_000,
  );
}

it('waits out Mattermost’s 429 answers and reports them on /metrics and /health', async () => {
  const user = await createUser(stack, 'limited', withinLimit);
  const client = await stack.connect(user);
  for (let i = 0; i < 6; i++) {
    const me = await callTool(client, 'get_me');
    expect(me.isError).toBeFalsy();
    expect(me.structuredContent?.username).toBe(user.username);
  }
  const metrics = await (await fetch(`${stack.bridge.url}/metrics`)).text();
  const refused = metrics
    .split('\n')
    .filter(
      (line) => line.startsWith('mcp_bridge_upstream_requests_total') && /status="429"/.test(line),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  expect(refused).toBeGreaterThan(0);

  const health = (await (await fetch(`${stack.bridge.url}/health`)).json()) as {
    status: string;
    components: { mattermost: string };
    mattermost: {
      last_minute: { answers: number; rate_limited: number; rate_limited_share: number };
    };
  };
  expect(health.mattermost.last_minute.rate_limited).toBe(refused);
  expect(health.mattermost.last_minute.answers).toBeGreaterThan(refused);
  expect(health.mattermost.last_minute.rate_limited_share).toBeGreaterThan(0);
  expect(health.status).toBe('degraded');
  expect(health.components.mattermost).toBe('degraded');
});
