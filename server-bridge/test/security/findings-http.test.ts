import { jest } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { freshWorkspace, type Stack, type Workspace } from '../helpers/stack.js';
import { HttpSession } from './http.js';
import { startLoggedStack } from './logged-stack.js';
import { heapAfterGc } from './heap.js';

/**
 * Attacks on the bridge's HTTP surface found from outside, each replayed as it was made: unknown
 * tool names as metric labels, `?toolsets=` naming what every object inherits, a webhook delivery
 * whose time no date can print. Each must be refused without a 5xx, and leave nothing behind.
 */

jest.setTimeout(180_000);

const WEBHOOK_TOKEN = 'whkfindings0123456789abcdef';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  ({ stack } = await startLoggedStack({ BRIDGE_WEBHOOK_TOKENS: WEBHOOK_TOKEN }));
  ws = await freshWorkspace(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function metricsText(): Promise<string> {
  const res = await fetch(`${stack.bridge.url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return res.text();
}

describe('unknown tool names', () => {
  it('count under one label, so /metrics and memory stay flat over 100 calls with 256 kB names', async () => {
    const session = await HttpSession.open(stack.bridge.url, ws.alice.token);
    const call = (name: string) => session.request('tools/call', { name, arguments: {} });
    // Warm up every path once, then measure.
    await call(`warm-${'x'.repeat(1000)}`);
    const sizeBefore = (await metricsText()).length;
    const heapBefore = await heapAfterGc();
    for (let i = 0; i < 100; i++) {
      const answer = await call(`${i}-${'n'.repeat(256 * 1024)}`);
      expect(answer.status).toBeLessThan(500);
    }
    const heapAfter = await heapAfterGc();
    const metrics = await metricsText();
    process.stdout.write(
      `unknown tool names: heap ${mb(heapBefore)} → ${mb(heapAfter)} MB over 100 calls; /metrics ${sizeBefore} → ${metrics.length} bytes\n`,
    );
    expect(metrics).toContain('tool="(unknown)"');
    expect(metrics).not.toContain('nnnnnnnn');
    expect(metrics.length - sizeBefore).toBeLessThan(2000);
    // 100 names of 256 kB each: kept as labels they would add over 25 MB.
    expect(heapAfter - heapBefore).toBeLessThan(15 * 1024 * 1024);
    await session.close();
  });
});

const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__proto__,core'];

describe('?toolsets= naming inherited properties', () => {
  it('gets a 400 naming the known toolsets on the 2025-11-25 era, never a 5xx', async () => {
    for (const name of INHERITED) {
      const error = await HttpSession.open(
        stack.bridge.url,
        ws.alice.token,
        `?toolsets=${encodeURIComponent(name)}`,
      ).then(
        () => undefined,
        (err: Error) => err.message,
      );
      expect(error).toMatch(/^initialize: 400 .*unknown name/);
    }
  });

  it('gets a clear refusal on the 2026-07-28 era, never a 5xx', async () => {
    for (const name of INHERITED) {
      const statuses: number[] = [];
      const client = new Client(
        { name: 'findings', version: '1' },
        { versionNegotiation: { mode: { pin: '2026-07-28' } } },
      );
      const transport = new StreamableHTTPClientTransport(
        new URL(`${stack.bridge.url}/mcp?toolsets=${encodeURIComponent(name)}`),
        {
          requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
          fetch: async (url, init) => {
            const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
            statuses.push(res.status);
            return res;
          },
        },
      );
      const outcome = await client
        .connect(transport)
        .then(() => client.listTools())
        .then(
          () => 'listed',
          (err: Error) => err.message,
        );
      await client.close().catch(() => undefined);
      expect(outcome).not.toBe('listed');
      expect(statuses).toContain(400);
      for (const status of statuses) expect(status).toBeLessThan(500);
    }
  });
});

describe('outgoing webhook deliveries', () => {
  const delivery = (postId: string, timestamp: string) =>
    new URLSearchParams({
      token: WEBHOOK_TOKEN,
      team_id: ws.team.id,
      team_domain: ws.team.name,
      channel_id: ws.channel.id,
      channel_name: ws.channel.name,
      timestamp,
      user_id: ws.bob.id,
      user_name: 'bob',
      post_id: postId,
      text: `delivery ${postId}`,
      trigger_word: '',
      file_ids: '',
    }).toString();
  const deliver = (body: string) =>
    fetch(`${stack.bridge.url}/hooks/outgoing`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(10_000),
    });

  it('refuses a timestamp no date can hold, stores nothing, and the feed still reads', async () => {
    const good = 'goodgoodgoodgoodgoodgood01';
    expect((await deliver(delivery(good, '1700000000'))).status).toBe(200);
    for (const [i, timestamp] of ['99999999999999', '9999999999999999', '1e30'].entries()) {
      const res = await deliver(delivery(`badbadbadbadbadbadbadbad0${i}`, timestamp));
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/timestamp/);
    }
    expect(stack.bridge.live.webhooks.list().map((d) => d.post_id)).toEqual([good]);
    const session = await HttpSession.open(stack.bridge.url, ws.alice.token);
    const read = await session.request('resources/read', { uri: 'mattermost://webhooks/outgoing' });
    expect(JSON.stringify(read.message)).toContain(`delivery ${good}`);
    await session.close();
  });
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
