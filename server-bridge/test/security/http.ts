import { connect } from 'node:net';
import { baseHeaders, initializeRequest, PROTOCOL_VERSION } from '../helpers/mcp-http.js';

/** The JSON-RPC message of an answer that is JSON or SSE (the last `data:` line). */
export function messageOf(body: string): unknown {
  const text = body.trimStart();
  if (!text) return undefined;
  if (text.startsWith('{') || text.startsWith('[')) return JSON.parse(text);
  const data = text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart());
  return data.length ? JSON.parse(data[data.length - 1]!) : undefined;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** One POST /mcp, bounded in time: a hang fails the test that waits for it. */
export async function postMcp(
  bridgeUrl: string,
  body: string,
  headers: Record<string, string>,
  path = '/mcp',
): Promise<Answer> {
  const res = await fetch(`${bridgeUrl}${path}`, {
    method: 'POST',
    headers,
    body,
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** An initialized MCP session over plain fetch, so each answer's HTTP status can be checked. */
export class HttpSession {
  private nextId = 1;

  private constructor(
    readonly bridgeUrl: string,
    readonly token: string,
    readonly id: string,
  ) {}

  static async open(bridgeUrl: string, token: string, query = ''): Promise<HttpSession> {
    const init = await postMcp(
      bridgeUrl,
      JSON.stringify({ ...initializeRequest('fuzz'), id: 0 }),
      baseHeaders(token),
      `/mcp${query}`,
    );
    const id = init.headers.get('mcp-session-id');
    if (init.status !== 200 || !id)
      throw new Error(`initialize: ${init.status} ${init.body.slice(0, 200)}`);
    const session = new HttpSession(bridgeUrl, token, id);
    await session.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return session;
  }

  headers(): Record<string, string> {
    return {
      ...baseHeaders(this.token),
      'Mcp-Session-Id': this.id,
      'Mcp-Protocol-Version': PROTOCOL_VERSION,
    };
  }

  send(message: unknown): Promise<Answer> {
    return postMcp(this.bridgeUrl, JSON.stringify(message), this.headers());
  }

  async request(method: string, params: unknown): Promise<Answer & { message: unknown }> {
    const answer = await this.send({ jsonrpc: '2.0', id: this.nextId++, method, params });
    return { ...answer, message: messageOf(answer.body) };
  }

  async close(): Promise<void> {
    await fetch(`${this.bridgeUrl}/mcp`, {
      method: 'DELETE',
      headers: this.headers(),
      signal: AbortSignal.timeout(5000),
    }).catch(() => undefined);
  }
}

/**
 * Sends bytes as they are on a fresh socket and returns the status line's code (0 when the server
 * closed without answering). fetch refuses malformed headers, so this is how they reach the bridge.
 */
export function rawRequest(
  bridgeUrl: string,
  text: string | Buffer,
): Promise<{ status: number; raw: string }> {
  const { hostname, port } = new URL(bridgeUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let raw = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no answer within 10 s'));
    }, 10_000);
    socket.on('connect', () => socket.write(text));
    socket.on('data', (chunk) => {
      raw += chunk.toString('latin1');
      // One answer is enough; a keep-alive socket would otherwise wait for the timer.
      const headEnd = raw.indexOf('\r\n\r\n');
      const length = /\r\ncontent-length: *(\d+)/i.exec(raw)?.[1];
      if (headEnd >= 0 && length !== undefined && raw.length >= headEnd + 4 + Number(length))
        socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1] ?? 0), raw });
    });
  });
}
