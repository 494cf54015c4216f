import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import fc from 'fast-check';
import { freshWorkspace, type Stack, type Workspace } from '../helpers/stack.js';
import { baseHeaders, initializeRequest, PROTOCOL_VERSION } from '../helpers/mcp-http.js';
import { HttpSession, messageOf, postMcp, rawRequest } from './http.js';
import { startLoggedStack } from './logged-stack.js';

/**
 * The bridge's HTTP surface under hostile requests: malformed and odd JSON-RPC, oversized bodies,
 * wrong content types and Accept headers, unknown and foreign session ids, CRLF in headers, Host
 * and Origin rebinding, and attacks on the outgoing webhook's token. Every case must get a clear 4xx
 * or JSON-RPC error (never a 5xx, a crash or a hang), and no token may reach an answer or a log.
 */

jest.setTimeout(90_000);

const WEBHOOK_TOKEN = 'whk0123456789abcdefghijklmn';
const MAX_BODY = 65_536;

let stack: Stack;
let logs: () => string;
let ws: Workspace;
let secrets: string[];

beforeAll(async () => {
  ({ stack, logs } = await startLoggedStack({
    BRIDGE_MAX_REQUEST_BYTES: String(MAX_BODY),
    BRIDGE_WEBHOOK_TOKENS: WEBHOOK_TOKEN,
    BRIDGE_PUBLIC_URL: 'https://mcp.example.com',
  }));
  ws = await freshWorkspace(stack);
  secrets = [ws.alice.token, ws.bob.token, stack.sim.admin.token, WEBHOOK_TOKEN];
});

afterAll(async () => {
  await stack?.stop();
});

function expectClean(text: string): void {
  for (const secret of secrets) expect(text.includes(secret)).toBe(false);
}

/** A 4xx (or a 2xx carrying a JSON-RPC error or result) and a body that says what went wrong. */
function expectClearRefusal(status: number, body: string): void {
  expect(status).toBeGreaterThanOrEqual(200);
  expect(status).toBeLessThan(500);
  if (status >= 400) expect(body.length).toBeGreaterThan(0);
  expectClean(body);
}

async function healthy(): Promise<void> {
  const res = await fetch(`${stack.bridge.url}/health`, { signal: AbortSignal.timeout(5000) });
  expect(res.status).toBe(200);
}

describe('JSON-RPC over POST /mcp', () => {
  it('answers arbitrary bodies with a 4xx or a JSON-RPC error, in and out of a session', async () => {
    const session = await HttpSession.open(stack.bridge.url, ws.alice.token);
    const bodies = fc.oneof(
      fc.string(),
      fc.json(),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc
        .record({
          jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()),
          id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()),
          method: fc.oneof(
            fc.constantFrom(
              'tools/call',
              'tools/list',
              'initialize',
              'resources/read',
              'prompts/get',
              'ping',
            ),
            fc.string(),
          ),
          params: fc.jsonValue(),
        })
        .map((m) => JSON.stringify(m)),
      // Batches (JSON-RPC arrays), which this protocol version does not accept.
      fc
        .array(
          fc.record({ jsonrpc: fc.constant('2.0'), id: fc.integer(), method: fc.constant('ping') }),
          {
            minLength: 1,
            maxLength: 5,
          },
        )
        .map((m) => JSON.stringify(m)),
    );
    await fc.assert(
      fc.asyncProperty(bodies, fc.boolean(), async (body, inSession) => {
        const answer = await postMcp(
          stack.bridge.url,
          body,
          inSession ? session.headers() : baseHeaders(ws.alice.token),
        );
        expectClearRefusal(answer.status, answer.body);
        if (answer.status === 200 && answer.body) {
          const message = messageOf(answer.body) as { jsonrpc?: string } | undefined;
          expect(message?.jsonrpc ?? (Array.isArray(message) ? '2.0' : undefined)).toBe('2.0');
        }
      }),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
    await healthy();
    await session.close();
  });

  it('refuses oversized bodies, wrong content types and Accept headers with a 4xx', async () => {
    const init = JSON.stringify(initializeRequest('x'));
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(MAX_BODY) },
    });
    const cases: { body: string; headers: Record<string, string>; expected: number[] }[] = [
      { body: huge, headers: baseHeaders(ws.alice.token), expected: [413] },
      {
        body: init,
        headers: { ...baseHeaders(ws.alice.token), 'Content-Type': 'text/plain' },
        expected: [400, 415],
      },
      {
        body: 'a=1&b=2',
        headers: {
          ...baseHeaders(ws.alice.token),
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        expected: [400, 415],
      },
      {
        body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n',
        headers: {
          ...baseHeaders(ws.alice.token),
          'Content-Type': 'multipart/form-data; boundary=x',
        },
        expected: [400, 415],
      },
      {
        body: init,
        headers: { ...baseHeaders(ws.alice.token), Accept: 'text/html' },
        expected: [406],
      },
      {
        body: init,
        headers: { ...baseHeaders(ws.alice.token), Accept: 'application/json' },
        expected: [406],
      },
      {
        body: init,
        headers: { ...baseHeaders(ws.alice.token), Accept: '*/*;q=;;' },
        expected: [406],
      },
      {
        body: init,
        headers: {
          ...baseHeaders(ws.alice.token),
          'Content-Type': 'application/json; charset=utf-16',
        },
        expected: [400, 415],
      },
    ];
    for (const c of cases) {
      const answer = await postMcp(stack.bridge.url, c.body, c.headers);
      expectClearRefusal(answer.status, answer.body);
      expect({
        accept: c.headers.Accept,
        type: c.headers['Content-Type'],
        status: answer.status,
      }).toEqual({
        accept: c.headers.Accept,
        type: c.headers['Content-Type'],
        status: c.expected.includes(answer.status) ? answer.status : c.expected,
      });
    }
    // A body far beyond the limit, sent in pieces, is cut off without reading it all.
    const streamed = await rawRequest(
      stack.bridge.url,
      `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${ws.alice.token}\r\n` +
        `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
        `Content-Length: 50000000\r\n\r\n{"jsonrpc":"2.0","pad":"${'y'.repeat(200_000)}`,
    );
    expect(streamed.status).toBe(413);
    await healthy();
  });

  it('answers unknown and foreign session ids with 404, and tells the other user nothing', async () => {
    const alice = await HttpSession.open(stack.bridge.url, ws.alice.token);
    const ping = JSON.stringify({
      jsonrpc: '2.0',
      id: 9,
      method: 'tools/call',
      params: { name: 'get_me', arguments: {} },
    });
    const sessionHeaders = (token: string, id: string) => ({
      ...baseHeaders(token),
      'Mcp-Session-Id': id,
      'Mcp-Protocol-Version': PROTOCOL_VERSION,
    });
    for (const id of [
      randomUUID(),
      'x',
      '../../etc/passwd',
      'a'.repeat(5000),
      alice.id.toUpperCase(),
    ]) {
      const answer = await postMcp(stack.bridge.url, ping, sessionHeaders(ws.alice.token, id));
      expect([400, 404]).toContain(answer.status);
      expectClean(answer.body);
    }
    // Bob holding Alice's session id: as if it did not exist, for POST, GET and DELETE alike.
    const stolen = await postMcp(stack.bridge.url, ping, sessionHeaders(ws.bob.token, alice.id));
    expect(stolen.status).toBe(404);
    expect(stolen.body).not.toContain(ws.alice.username);
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${stack.bridge.url}/mcp`, {
        method,
        headers: { ...sessionHeaders(ws.bob.token, alice.id), Accept: 'text/event-stream' },
        signal: AbortSignal.timeout(5000),
      });
      expect(res.status).toBe(404);
      await res.body?.cancel();
    }
    // Alice's session survived the attempts.
    const mine = await alice.request('tools/call', { name: 'get_me', arguments: {} });
    expect(JSON.stringify(mine.message)).toContain(ws.alice.username);
    await alice.close();
  });

  it('survives CRLF and other malformed bytes in headers and request lines', async () => {
    const { port } = new URL(stack.bridge.url);
    const host = `127.0.0.1:${port}`;
    const requests = [
      `GET /health HTTP/1.1\r\nHost: ${host}\r\nX-Test: a\rb\r\n\r\n`,
      `GET /health HTTP/1.1\r\nHost: ${host}\r\nX-Test: a\nInjected: yes\r\n\r\n`,
      `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${ws.alice.token}\r\nSet-Cookie: x\r\n injected\r\nContent-Length: 2\r\n\r\n{}`,
      `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nMcp-Session-Id: abc\u0000def\r\nContent-Length: 2\r\n\r\n{}`,
      `GET /health\r\nHTTP/1.1 200 OK\r\n\r\n`,
      `GET /health HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      `GET /health HTTP/1.1\r\nHost: ${host}\r\nHost: evil.example.com\r\n\r\n`,
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      `\u0000\u0001\u0002garbage\r\n\r\n`,
    ];
    for (const text of requests) {
      const { status, raw } = await rawRequest(stack.bridge.url, text);
      // Node's parser closes the connection (0) or answers 4xx; never a 5xx, never an injected header.
      expect(status === 0 || (status >= 400 && status < 500)).toBe(true);
      expect(raw).not.toMatch(/\r\nInjected:/i);
      expectClean(raw);
    }
    // A response header cannot be split by a value from the request (the correlation id is echoed).
    const echoed = await rawRequest(
      stack.bridge.url,
      `GET /health HTTP/1.1\r\nHost: ${host}\r\nX-Correlation-Id: abc%0d%0aInjected:%20yes\r\nConnection: close\r\n\r\n`,
    );
    expect(echoed.raw).not.toMatch(/\r\nInjected:/i);
    await healthy();
  });
});

describe('DNS rebinding', () => {
  const hostStatus = async (host: string, path = '/health') =>
    (
      await rawRequest(
        stack.bridge.url,
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      )
    ).status;

  it('answers only the Host names it serves', async () => {
    const { port } = new URL(stack.bridge.url);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'mcp.example.com'])
      expect(await hostStatus(host)).toBe(200);
    for (const host of [
      'evil.example.com',
      `evil.example.com:${port}`,
      '127.0.0.1.evil.example.com',
      'localhost.evil.example.com',
      `127.0.0.1@evil.example.com`,
      'mcp.example.com.evil.example.com',
      '',
    ]) {
      const status = await hostStatus(host);
      expect({ host, refused: status >= 400 && status < 500 }).toEqual({ host, refused: true });
    }
  });

  it('refuses /mcp from a foreign browser Origin, and gives no CORS grant to it', async () => {
    const init = JSON.stringify(initializeRequest('x'));
    for (const origin of [
      'https://evil.example.com',
      'null',
      `${stack.sim.url}.evil.example.com`,
      'http://127.0.0.1.nip.io',
    ]) {
      const answer = await postMcp(stack.bridge.url, init, {
        ...baseHeaders(ws.alice.token),
        Origin: origin,
      });
      expect({ origin, status: answer.status }).toEqual({ origin, status: 403 });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
    const preflight = await fetch(`${stack.bridge.url}/health`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await fetch(`${stack.bridge.url}/health`, {
      headers: { Origin: stack.sim.url },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe(stack.sim.url);
  });
});

describe('POST /hooks/outgoing', () => {
  const delivery = (token: unknown) => ({
    token,
    team_id: ws.team.id,
    channel_id: ws.channel.id,
    user_id: ws.alice.id,
    post_id: 'p'.repeat(26),
    timestamp: Date.now(),
    text: 'hello',
  });
  const hook = (body: string, type = 'application/json') =>
    fetch(`${stack.bridge.url}/hooks/outgoing`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body,
      signal: AbortSignal.timeout(5000),
    });

  it('refuses a missing, wrong, near-miss, repeated or ill-typed token, and accepts the right one', async () => {
    const wrong = [
      undefined,
      '',
      'nope',
      WEBHOOK_TOKEN.slice(0, -1),
      `${WEBHOOK_TOKEN}x`,
      WEBHOOK_TOKEN.toUpperCase(),
      ` ${WEBHOOK_TOKEN}`,
      `${WEBHOOK_TOKEN},${WEBHOOK_TOKEN}`,
      [WEBHOOK_TOKEN],
      [WEBHOOK_TOKEN, WEBHOOK_TOKEN],
      { token: WEBHOOK_TOKEN },
      123,
      ws.alice.token,
    ];
    for (const token of wrong) {
      const res = await hook(JSON.stringify(delivery(token)));
      expect({ token, status: res.status }).toEqual({ token, status: 401 });
      expectClean(await res.text());
    }
    // Form encoding repeats a field to make an array; that is refused too.
    const repeated = await hook(
      `token=${WEBHOOK_TOKEN}&token=${WEBHOOK_TOKEN}&team_id=${ws.team.id}&channel_id=${ws.channel.id}` +
        `&user_id=${ws.alice.id}&post_id=${'q'.repeat(26)}&timestamp=1&text=x`,
      'application/x-www-form-urlencoded',
    );
    expect(repeated.status).toBe(401);
    const right = await hook(JSON.stringify(delivery(WEBHOOK_TOKEN)));
    expect(right.status).toBe(200);
  });

  it('takes about as long to refuse a near miss as a token of another length', async () => {
    // Functional, not statistical: both paths hash and compare every configured token. Requests
    // alternate and medians are compared, so a pause of the shared machine does not decide it.
    const once = async (token: string) => {
      const started = performance.now();
      await (await hook(JSON.stringify(delivery(token)))).text();
      return performance.now() - started;
    };
    const near: number[] = [];
    const far: number[] = [];
    for (let i = 0; i < 40; i++) {
      near.push(await once(WEBHOOK_TOKEN.slice(0, -1) + 'x'));
      far.push(await once('x'));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
    const [a, b] = [median(near), median(far)];
    expect(Math.max(a, b) / Math.min(a, b)).toBeLessThan(3);
  });

  it('never logs a presented token', () => {
    expectClean(logs());
  });
});
