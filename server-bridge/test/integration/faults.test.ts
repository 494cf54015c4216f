import { jest } from '@jest/globals';
import { startPlainBridge, useStack } from '../helpers/fixtures.js';
import { callTool, connectClient, textOf } from '../helpers/stack.js';
import { startLossyProxy } from '../helpers/lossy-proxy.js';

jest.setTimeout(30_000);

const { stack, ws } = useStack({
  // Random faults must not open the breaker here; the breaker has its own test below.
  env: { BRIDGE_UPSTREAM_RETRIES: '6', BRIDGE_BREAKER_THRESHOLD: '1000' },
});

afterEach(() => stack.sim.faults.clear());

async function metric(name: string): Promise<string> {
  return (await stack.bridge.metrics.registry.getSingleMetricAsString(name)) ?? '';
}

describe('an unreliable Mattermost', () => {
  it('retries reads through 500/503 answers until they succeed', async () => {
    const client = await stack.connect(ws.alice);
    await stack.rest(ws.bob).createPost({ channel_id: ws.channel.id, message: 'steady' } as never);
    stack.sim.faults.set({ error_rate: 0.4 });
    for (let i = 0; i < 5; i++) {
      const result = await callTool(client, 'read_channel', { channel: ws.channel.id });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toContain('steady');
    }
    expect(await metric('mcp_bridge_upstream_retries_total')).toMatch(/operation="posts\.get"/);
  });

  it('waits out 429 answers (Retry-After) and succeeds', async () => {
    const client = await stack.connect(ws.alice);
    stack.sim.faults.set({ rate_limit_per_second: 2 });
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        callTool(client, 'read_channel', { channel: ws.channel.id, limit: 1 }),
      ),
    );
    expect(results.every((r) => !r.isError)).toBe(true);
    expect(await metric('mcp_bridge_upstream_requests_total')).toMatch(/status="429"/);
  });

  it('answers at once when Mattermost asks for a long pause, saying how long', async () => {
    const client = await stack.connect(ws.alice);
    await callTool(client, 'get_channel', { channel: ws.channel.id });
    stack.sim.faults.set({ rate_limit_per_second: 0.05 });
    const started = Date.now();
    const results = [];
    for (let i = 0; i < 3; i++)
      results.push(await callTool(client, 'read_channel', { channel: ws.channel.id }));
    const limited = results.find((r) => r.isError);
    expect(limited).toBeDefined();
    expect(textOf(limited)).toMatch(/rate limiting requests: .*Retry after \d+ s\./);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('sends a message exactly once even when the send is retried', async () => {
    const client = await stack.connect(ws.alice);
    stack.sim.faults.set({ error_rate: 0.5 });
    const sent: string[] = [];
    for (let i = 0; i < 6; i++) {
      const message = `retry-safe ${i} ${Date.now()}`;
      const result = await callTool(client, 'send_message', { channel: ws.channel.id, message });
      if (!result.isError) sent.push(message);
    }
    stack.sim.faults.clear();
    expect(sent.length).toBeGreaterThan(0);
    const list = await stack.rest(ws.bob).getPosts(ws.channel.id, 0, 200);
    const messages = Object.values(list.posts).map((p) => p.message);
    for (const message of sent) expect(messages.filter((m) => m === message)).toHaveLength(1);
  });

  it('does not duplicate a send whose answer was lost after Mattermost created the post', async () => {
    const proxy = await startLossyProxy(stack.sim.url);
    const bridge = await startPlainBridge(proxy.url);
    try {
      const client = await connectClient(bridge.url, ws.alice.token);
      proxy.loseNext('POST', '/api/v4/posts', 2);
      const message = `lost-answer ${Date.now()}`;
      const result = await callTool(client, 'send_message', { channel: ws.channel.id, message });
      expect(result.isError).toBeFalsy();
      expect(proxy.lost()).toBe(2);
      const list = await stack.rest(ws.bob).getPosts(ws.channel.id, 0, 200);
      const copies = Object.values(list.posts).filter((p) => p.message === message);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.id).toBe(result.structuredContent?.post_id);
      await client.close();
    } finally {
      await bridge.stop(1000);
      await proxy.stop();
    }
  });
});

describe('the bridge’s own limits', () => {
  it('refuses calls beyond the per-user rate limit with a clear message', async () => {
    const bridge = await startPlainBridge(stack.sim.url, {
      BRIDGE_RATE_LIMIT_PER_USER: '1',
      BRIDGE_RATE_LIMIT_MAX_WAIT_MS: '0',
    });
    try {
      const client = await connectClient(bridge.url, ws.alice.token);
      const results = await Promise.all(
        Array.from({ length: 4 }, () => callTool(client, 'list_teams')),
      );
      const refused = results.filter((r) => r.isError);
      expect(refused.length).toBeGreaterThan(0);
      expect(textOf(refused[0])).toContain('Rate limit reached');
      await client.close();
    } finally {
      await bridge.stop(1000);
    }
  });

  it('refuses a call beyond the per-user concurrency limit while another runs', async () => {
    const bridge = await startPlainBridge(stack.sim.url, {
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_MAX_CONCURRENT_CALLS_PER_USER: '1',
    });
    try {
      const client = await connectClient(bridge.url, ws.alice.token);
      stack.sim.faults.set({ latency_ms: 300 });
      const results = await Promise.all([
        callTool(client, 'list_teams'),
        callTool(client, 'get_me'),
      ]);
      const refused = results.filter((r) => r.isError);
      expect(refused).toHaveLength(1);
      expect(textOf(refused[0])).toContain('at most 1 per user');
      await client.close();
    } finally {
      stack.sim.faults.clear();
      await bridge.stop(1000);
    }
  });

  it('opens the breaker and reports 503 health when Mattermost is down', async () => {
    const bridge = await startPlainBridge(stack.sim.url, {
      BRIDGE_BREAKER_THRESHOLD: '2',
      BRIDGE_UPSTREAM_RETRIES: '0',
    });
    try {
      const client = await connectClient(bridge.url, ws.alice.token);
      stack.sim.faults.set({ error_rate: 1 });
      for (let i = 0; i < 3; i++) await callTool(client, 'list_teams');
      const result = await callTool(client, 'list_teams');
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain('pauses requests');
      const health = await fetch(`${bridge.url}/health`);
      expect(health.status).toBe(503);
      expect(((await health.json()) as { breaker: string }).breaker).toBe('open');
      await client.close();
    } finally {
      stack.sim.faults.clear();
      await bridge.stop(1000);
    }
  });
});
