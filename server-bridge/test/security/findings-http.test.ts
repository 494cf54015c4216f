import { jest } from '@jest/globals';
import { Client } from '@modelcontextprotocol/client';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { freshWorkspace, type Stack, type Workspace } from '../helpers/stack.js';
import { baseHeaders } from '../helpers/mcp-http.js';
import { HttpSession, rawRequest } from './http.js';
import { startLoggedStack } from './logged-stack.js';
import { heapAfterGc } from './heap.js';

/**
 * Attacks on the bridge's HTTP surface found from outside, each replayed as it was made: unknown
 * tool names as metric labels, `?toolsets=` naming what every object inherits, a webhook delivery
 * whose time no date can print. Each must be refused without a 5xx, and leave nothing behind.
 */

jest.setTimeout(180_000);

const WEBHOOK_TOKEN = 'whkfindings0123456789abcdef';
const BOUND_TOKEN = 'whkbound0123456789abcdefghi';
const BOUND_TEAM = 'bound-team';
const BOUND_CHANNEL = 'bound-channel';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  ({ stack } = await startLoggedStack({
    BRIDGE_WEBHOOK_TOKENS: `${WEBHOOK_TOKEN},${BOUND_TOKEN}@${BOUND_TEAM}/${BOUND_CHANNEL}`,
    BRIDGE_MAX_SESSIONS: '12',
    BRIDGE_MAX_SESSIONS_PER_USER: '4',
    // Long enough for a 256 kB request on a loaded machine, short enough to wait out below.
    BRIDGE_REQUEST_TIMEOUT_MS: '5000',
    BRIDGE_ALLOWED_ORIGINS: 'https://chat.example.com',
  }));
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

describe('sessions', () => {
  it('are capped per user, so one user filling up leaves room for the others', async () => {
    const opened: HttpSession[] = [];
    let refusal = '';
    for (let i = 0; i < 12 && !refusal; i++) {
      await HttpSession.open(stack.bridge.url, ws.alice.token).then(
        (session) => opened.push(session),
        (err: Error) => (refusal = err.message),
      );
    }
    expect(refusal).toMatch(/^initialize: 503 .*BRIDGE_MAX_SESSIONS_PER_USER/);
    expect(opened.length).toBeLessThanOrEqual(4);
    const bob = await HttpSession.open(stack.bridge.url, ws.bob.token);
    await Promise.all([...opened, bob].map((session) => session.close()));
  });
});

describe('one output budget', () => {
  it('holds for tools, resources and prompts (20,000 characters by default)', async () => {
    const rest = stack.rest(ws.bob);
    const long = 'long words '.repeat(1200);
    const ids: string[] = [];
    for (let i = 0; i < 24; i++)
      ids.push((await rest.createPost({ channel_id: ws.channel.id, message: `${i} ${long}` })).id);
    const session = await HttpSession.open(stack.bridge.url, ws.alice.token);
    const texts = (message: unknown): string[] => {
      const result = (message as { result?: Record<string, unknown> }).result ?? {};
      const blocks = [
        ...((result.content as unknown[]) ?? []),
        ...((result.contents as unknown[]) ?? []),
        ...((result.messages as Array<{ content: unknown }>) ?? []).map((m) => m.content),
      ];
      return blocks.map((b) => (b as { text?: string }).text ?? '');
    };
    const answers = [
      await session.request('tools/call', {
        name: 'get_posts_around',
        arguments: { post_id: ids[12], before: 12, after: 11 },
      }),
      await session.request('resources/read', {
        uri: `mattermost://channels/${ws.channel.id}/posts`,
      }),
      await session.request('prompts/get', {
        name: 'summarize_channel',
        arguments: { channel: ws.channel.id, since: '1d' },
      }),
    ];
    for (const answer of answers) {
      const total = texts(answer.message).reduce((n, text) => n + text.length, 0);
      expect(total).toBeGreaterThan(10_000);
      expect(total).toBeLessThanOrEqual(20_000);
    }
    await session.close();
  });
});

describe('webhook tokens bound to a channel', () => {
  it('feed only deliveries from their channel', async () => {
    const from = (team: string, channel: string, postId: string) =>
      new URLSearchParams({
        token: BOUND_TOKEN,
        team_id: ws.team.id,
        team_domain: team,
        channel_id: ws.channel.id,
        channel_name: channel,
        timestamp: '1700000000',
        user_id: ws.bob.id,
        user_name: 'bob',
        post_id: postId,
        text: 'bound',
      }).toString();
    const send = (body: string) =>
      fetch(`${stack.bridge.url}/hooks/outgoing`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(10_000),
      }).then((res) => res.status);
    expect(await send(from(BOUND_TEAM, 'elsewhere', 'boundboundboundboundbound1'))).toBe(403);
    expect(await send(from('other-team', BOUND_CHANNEL, 'boundboundboundboundbound2'))).toBe(403);
    expect(await send(from(BOUND_TEAM, BOUND_CHANNEL, 'boundboundboundboundbound3'))).toBe(200);
    const kept = stack.bridge.live.webhooks.list().map((d) => d.post_id);
    expect(kept).toContain('boundboundboundboundbound3');
    expect(kept).not.toContain('boundboundboundboundbound1');
  });
});

describe('slow clients and origins', () => {
  it('cuts off a request whose body never finishes, within the request timeout', async () => {
    const started = Date.now();
    const { status } = await rawRequest(
      stack.bridge.url,
      [
        'POST /hooks/outgoing HTTP/1.1',
        `Host: 127.0.0.1`,
        'Content-Type: application/x-www-form-urlencoded',
        'Content-Length: 5000',
        '',
        'token=slow',
      ].join('\r\n'),
    );
    // The request timeout (5 s here) answers 408 or closes; the old server waited far longer.
    expect([0, 408]).toContain(status);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('lets /mcp be driven only from the exact allowed origins', async () => {
    for (const origin of [
      'http://localhost:1',
      'http://127.0.0.1:9',
      'https://chat.example.com:8443',
    ]) {
      const res = await fetch(`${stack.bridge.url}/mcp`, {
        method: 'POST',
        headers: { ...baseHeaders(ws.alice.token), Origin: origin },
        body: '{}',
        signal: AbortSignal.timeout(10_000),
      });
      expect(res.status).toBe(403);
    }
    const allowed = await fetch(`${stack.bridge.url}/mcp`, {
      method: 'POST',
      headers: { ...baseHeaders(ws.alice.token), Origin: 'https://chat.example.com' },
      body: '{}',
      signal: AbortSignal.timeout(10_000),
    });
    expect(allowed.status).not.toBe(403);
  });
});

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
