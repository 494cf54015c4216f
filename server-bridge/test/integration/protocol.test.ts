import { jest } from '@jest/globals';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { catalogueTools } from '../../src/bridge.js';
import { startPlainBridge, useStack } from '../helpers/fixtures.js';
import { baseHeaders, initializeRequest, postInitialize } from '../helpers/mcp-http.js';
import { callTool, textOf } from '../helpers/stack.js';
import { checkToolSnapshot } from '../helpers/toolsnaps.js';
import { until } from '../helpers/wait.js';

jest.setTimeout(30_000);

const { stack, ws } = useStack();

const INIT_BODY = initializeRequest('raw', '2025-06-18');

function mcpPost(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.bridge.url}/mcp`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

describe('initialize and tools/list', () => {
  it('initializes a session and names the server', async () => {
    const client = await stack.connect(ws.alice);
    expect(client.getServerVersion()?.name).toBe('mattermost-mcp-bridge');
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    expect(client.getInstructions()).toContain('Mattermost');
  });

  it('lists every tool with hints, and each schema matches its snapshot', async () => {
    const client = await stack.connect(ws.alice);
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name).sort();
    // The stack offers the whole catalogue (BRIDGE_TOOLSETS=all), enable_toolset included.
    // Admin tools are registered only for system admins.
    expect(names).toEqual(
      catalogueTools()
        .filter((t) => t.toolset !== 'admin')
        .map((t) => t.name)
        .sort(),
    );
    const failures: string[] = [];
    for (const tool of tools) {
      expect(typeof tool.annotations?.readOnlyHint).toBe('boolean');
      expect(tool.outputSchema).toBeDefined();
      const check = checkToolSnapshot(tool.name, tool);
      if (!check.ok) failures.push(check.message);
    }
    expect(failures).toEqual([]);
  });
});

describe('authentication', () => {
  it('answers a request without a token with 401 and the metadata challenge', async () => {
    const res = await mcpPost(INIT_BODY);
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toBe(
      `Bearer resource_metadata="${stack.bridge.publicUrl}/.well-known/oauth-protected-resource"`,
    );
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('answers a refused token with 401 invalid_token and never echoes it', async () => {
    const res = await mcpPost(INIT_BODY, { Authorization: 'Bearer notarealtoken000000000000000' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const body = await res.text();
    expect(body).not.toContain('notarealtoken');
  });

  it('serves the protected resource metadata (RFC 9728)', async () => {
    const res = await fetch(`${stack.bridge.url}/.well-known/oauth-protected-resource`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { resource: string; bearer_methods_supported: string[] };
    expect(doc.resource).toBe(`${stack.bridge.publicUrl}/mcp`);
    expect(doc.bearer_methods_supported).toEqual(['header']);
  });

  it('refuses a foreign Host header and a foreign Origin', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${stack.bridge.url}/health`);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: '/health',
          headers: { Host: 'evil.example.com' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const res = await mcpPost(INIT_BODY, {
      Authorization: `Bearer ${ws.alice.token}`,
      Origin: 'https://evil.example.com',
    });
    expect(res.status).toBe(403);
  });
});

describe('sessions', () => {
  it('binds a session to its user: another user cannot use its id, nor see its data', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
    });
    const alice = new Client({ name: 'alice', version: '1' });
    await alice.connect(transport);
    const sessionId = transport.sessionId!;
    expect(sessionId).toBeTruthy();

    const hijack = await mcpPost(
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_me', arguments: {} } },
      {
        Authorization: `Bearer ${ws.bob.token}`,
        'Mcp-Session-Id': sessionId,
        'Mcp-Protocol-Version': '2025-06-18',
      },
    );
    expect(hijack.status).toBe(404);
    expect(await hijack.text()).not.toContain(ws.alice.username);

    // Alice writes to herself; Bob, through his own session, cannot read that channel.
    const sent = await callTool(alice, 'send_message', {
      channel: `@${ws.alice.username}`,
      message: 'note to self 42',
    });
    expect(sent.isError).toBeFalsy();
    const bob = await stack.connect(ws.bob);
    const peek = await callTool(bob, 'read_channel', {
      channel: String(sent.structuredContent?.channel_id),
    });
    expect(peek.isError).toBe(true);
    expect(textOf(peek)).not.toContain('note to self 42');
    await alice.close();
  });

  it('refuses requests without a session, and forgets idle sessions', async () => {
    const noSession = await mcpPost(
      { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} },
      { Authorization: `Bearer ${ws.alice.token}` },
    );
    expect(noSession.status).toBe(400);

    const transport = new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
    });
    const client = new Client({ name: 'idle', version: '1' });
    await client.connect(transport);
    const id = transport.sessionId!;
    expect(stack.bridge.sessions.get(id)).toBeDefined();
    const swept = await stack.bridge.sessions.sweep(Date.now() + 31 * 60_000);
    expect(swept).toBeGreaterThan(0);
    expect(stack.bridge.sessions.get(id)).toBeUndefined();
    await expect(client.listTools()).rejects.toThrow();
  });

  it('closes a session on DELETE, and sweeps idle sessions on a timer', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${stack.bridge.url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
    });
    const client = new Client({ name: 'bye', version: '1' });
    await client.connect(transport);
    const id = transport.sessionId!;
    await transport.terminateSession();
    expect(stack.bridge.sessions.get(id)).toBeUndefined();
    await client.close();

    const quick = await startPlainBridge(stack.sim.url, {
      BRIDGE_WEBSOCKET: 'false',
      BRIDGE_SESSION_IDLE_MS: '300',
    });
    try {
      const idleTransport = new StreamableHTTPClientTransport(new URL(`${quick.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
      });
      const idle = new Client({ name: 'idle', version: '1' });
      await idle.connect(idleTransport);
      expect(quick.sessions.size).toBe(1);
      await until('the idle session to be swept', () => quick.sessions.size === 0, 5000);
      await idle.close();
    } finally {
      await quick.stop(1000);
    }
  });

  it('refuses new sessions beyond BRIDGE_MAX_SESSIONS with a clear error', async () => {
    const small = await startPlainBridge(stack.sim.url, {
      BRIDGE_MAX_SESSIONS: '1',
    });
    try {
      const first = new Client({ name: 'one', version: '1' });
      await first.connect(
        new StreamableHTTPClientTransport(new URL(`${small.url}/mcp`), {
          requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
        }),
      );
      const res = await postInitialize(small.url, ws.bob.token, 'raw', '2025-06-18');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        'BRIDGE_MAX_SESSIONS',
      );
      await first.close();
    } finally {
      await small.stop(1000);
    }
  });
});

describe('malformed requests', () => {
  it('answers unreadable JSON with a JSON-RPC parse error, and an oversized body with 413', async () => {
    const headers = baseHeaders(ws.alice.token);
    const broken = await fetch(`${stack.bridge.url}/mcp`, {
      method: 'POST',
      headers,
      body: '{"jsonrpc": ',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: number } }).error.code).toBe(-32700);
    const huge = await fetch(`${stack.bridge.url}/mcp`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...INIT_BODY, padding: 'x'.repeat(8_500_000) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { error: { message: string } }).error.message).toMatch(
      /the bridge accepts at most 8388608/,
    );
  });
});

describe('health and metrics', () => {
  it('reports Mattermost reachable, the breaker and the sessions', async () => {
    const res = await fetch(`${stack.bridge.url}/health`, { headers: { Origin: stack.sim.url } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(stack.sim.url);
    const body = (await res.json()) as {
      version: unknown;
      sessions: unknown;
      mattermost: { latency_ms: unknown };
    };
    expect(body).toMatchObject({
      status: 'ok',
      breaker: 'closed',
      mattermost: { reachable: true },
    });
    expect(typeof body.version).toBe('string');
    expect(typeof body.sessions).toBe('number');
    expect(typeof body.mattermost.latency_ms).toBe('number');
  });

  it('names the users whose WebSocket it holds to system admins only', async () => {
    // This stack polls (no WebSockets): the list is empty, but only an admin gets it at all;
    // test/cluster/websocket.test.ts reads it with the sockets it holds.
    const websocketFor = async (token?: string) => {
      const res = await fetch(`${stack.bridge.url}/health`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      });
      return ((await res.json()) as { websocket: { socket_users?: string[] } }).websocket;
    };
    expect(await websocketFor(stack.sim.admin.token)).toHaveProperty('socket_users', []);
    expect(await websocketFor()).not.toHaveProperty('socket_users');
    expect(await websocketFor(ws.alice.token)).not.toHaveProperty('socket_users');
    expect(await websocketFor('not-a-token')).not.toHaveProperty('socket_users');
  });

  it('exposes tool, upstream and session metrics', async () => {
    const client = await stack.connect(ws.alice);
    await callTool(client, 'get_me');
    const text = await (await fetch(`${stack.bridge.url}/metrics`)).text();
    expect(text).toContain('mcp_bridge_tool_calls_total{tool="get_me",outcome="ok"}');
    expect(text).toMatch(
      /mcp_bridge_upstream_requests_total\{operation="users\.get_me",status="200"\} \d+/,
    );
    expect(text).toContain('mcp_bridge_sessions ');
    expect(text).toContain('mcp_bridge_upstream_breaker_state 0');
    expect(text).not.toContain(ws.alice.token);
  });
});

describe('shutdown', () => {
  it('lets a call in flight finish, then refuses new connections', async () => {
    const bridge = await startPlainBridge(stack.sim.url);
    const client = new Client({ name: 'slow', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${bridge.url}/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${ws.alice.token}` } },
      }),
    );
    stack.sim.faults.set({ latency_ms: 400 });
    const recording = stack.sim.recordRequests();
    try {
      const pending = callTool(client, 'get_me');
      // The call must be in flight (held 400 ms by the simulator) when the bridge stops.
      await until('get_me to reach Mattermost', () => recording.of(ws.alice.id).length > 0);
      const stopped = bridge.stop(5000);
      const result = await pending;
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent?.username).toBe(ws.alice.username);
      await stopped;
      await expect(fetch(`${bridge.url}/health`)).rejects.toThrow();
    } finally {
      recording.stop();
      stack.sim.faults.clear();
    }
  });
});
