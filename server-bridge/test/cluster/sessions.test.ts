import { jest } from '@jest/globals';
import { baseHeaders, initializeRequest } from '../helpers/mcp-http.js';
import { redisAvailability } from '../helpers/redis-server.js';
import { startCluster, waitFor, type ClusterStack } from '../helpers/cluster.js';

const available = redisAvailability();
const describeRedis = available.ok ? describe : describe.skip;
if (!available.ok) console.warn(`Skipping the cluster tests: ${available.message}`);

jest.setTimeout(60_000);

/** A JSON-RPC answer as these tests read it. */
interface RpcAnswer {
  result: { isError?: boolean; content?: unknown };
}

/** One JSON-RPC exchange with a bridge's /mcp, as a client without a session-aware library would. */
async function rpc(
  url: string,
  token: string,
  body: unknown,
  sessionId?: string,
): Promise<{ status: number; sessionId: string | null; message: RpcAnswer }> {
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { ...baseHeaders(token), ...(sessionId ? { 'Mcp-Session-Id': sessionId } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  // An SSE answer may start with a priming event whose data is empty (resumable streams).
  const data = text
    .split('\n')
    .filter((line) => line.startsWith('data:') && line.slice(5).trim())
    .pop();
  const message = data
    ? JSON.parse(data.slice(5))
    : text.startsWith('{')
      ? JSON.parse(text)
      : undefined;
  return { status: res.status, sessionId: res.headers.get('mcp-session-id'), message };
}

const initialize = initializeRequest('cluster-session-test');

describeRedis('sessions shared by the bridges of a cluster', () => {
  let stack: ClusterStack;

  beforeAll(async () => {
    stack = await startCluster(2);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function openOn(index: number, token: string): Promise<string> {
    const opened = await rpc(stack.bridges[index]!.url, token, initialize);
    expect(opened.status).toBe(200);
    const id = opened.sessionId!;
    const ack = await rpc(
      stack.bridges[index]!.url,
      token,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      id,
    );
    expect(ack.status).toBe(202);
    return id;
  }

  it('serves a session opened on one bridge from another, with no stickiness', async () => {
    const alice = stack.sim.users.alice!;
    const [a, b] = stack.bridges;
    const id = await openOn(0, alice.token);
    const call = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'get_me', arguments: {} },
    };
    const onB = await rpc(b!.url, alice.token, call, id);
    expect(onB.status).toBe(200);
    expect(onB.message.result.isError).toBeFalsy();
    expect(JSON.stringify(onB.message.result.content)).toContain('alice');
    // Back and forth: each bridge keeps serving it.
    expect((await rpc(a!.url, alice.token, { ...call, id: 3 }, id)).status).toBe(200);
    expect((await rpc(b!.url, alice.token, { ...call, id: 4 }, id)).status).toBe(200);
    expect(b!.sessions.get(id)).toBeDefined();
  });

  it('answers 404 to another user presenting the session id, on every bridge', async () => {
    const id = await openOn(0, stack.sim.users.alice!.token);
    const bob = stack.sim.users.bob!;
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    for (const bridge of stack.bridges) {
      const res = await rpc(bridge.url, bob.token, call, id);
      expect(res.status).toBe(404);
    }
  });

  it('ends a session everywhere when the client deletes it on any bridge', async () => {
    const alice = stack.sim.users.alice!;
    const [a, b] = stack.bridges;
    const id = await openOn(0, alice.token);
    const call = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    expect((await rpc(b!.url, alice.token, call, id)).status).toBe(200);
    const deleted = await fetch(`${b!.url}/mcp`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${alice.token}`, 'Mcp-Session-Id': id },
    });
    expect(deleted.status).toBe(200);
    expect((await rpc(a!.url, alice.token, call, id)).status).toBe(404);
    expect((await rpc(b!.url, alice.token, call, id)).status).toBe(404);
  });

  it('keeps a session alive when the bridge that opened it dies', async () => {
    const alice = stack.sim.users.alice!;
    const extra = await stack.addBridge();
    const opened = await rpc(extra.url, alice.token, initialize);
    const id = opened.sessionId!;
    await rpc(extra.url, alice.token, { jsonrpc: '2.0', method: 'notifications/initialized' }, id);
    await extra.stop(500);
    const res = await rpc(
      stack.bridges[0]!.url,
      alice.token,
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'get_me', arguments: {} } },
      id,
    );
    expect(res.status).toBe(200);
    expect(res.message.result.isError).toBeFalsy();
  });

  it('records its sessions again when Redis comes back empty', async () => {
    const alice = stack.sim.users.alice!;
    const [a, b] = stack.bridges;
    const id = await openOn(0, alice.token);
    const call = { jsonrpc: '2.0', id: 7, method: 'tools/list', params: {} };
    await stack.redis.stop(true);
    await stack.redis.start();
    for (const bridge of [a!, b!]) {
      await waitFor('each bridge to reach Redis again', async () => {
        const health = (await (await fetch(`${bridge.url}/health`)).json()) as {
          components: { redis: string };
        };
        return health.components.redis === 'ok' ? true : undefined;
      });
    }
    // The bridge holding the session records it again on its next use...
    expect((await rpc(a!.url, alice.token, call, id)).status).toBe(200);
    // ...so the other bridge can serve it again.
    expect((await rpc(b!.url, alice.token, call, id)).status).toBe(200);
  });
});
