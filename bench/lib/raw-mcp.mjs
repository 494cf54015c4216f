// An MCP session over Streamable HTTP spoken on one plain keep-alive socket: requests go out one at a
// time and each answer is read whole (Content-Length or chunked, JSON or a single SSE event). Node's
// HTTP client and the SDK client cost about as much CPU per call as the bridge does; on a 2-core
// machine that the load generator shares with the bridge they would be what is measured.
import { connect } from 'node:net';

export const PROTOCOL_VERSION = '2025-11-25';

/** One HTTP/1.1 connection; `request(text)` resolves with `{status, headers, body}`. */
class KeepAliveConnection {
  constructor(host, port) {
    this.socket = connect({ host, port });
    this.socket.setNoDelay(true);
    this.buffer = Buffer.alloc(0);
    this.waiting = undefined;
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    this.socket.on('error', (err) => this.fail(err));
    this.socket.on('close', () => this.fail(new Error('connection closed')));
  }

  fail(err) {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(err);
  }

  parse() {
    if (!this.waiting) return;
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    const start = headEnd + 4;
    let body;
    let rest;
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length) {
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      body = this.buffer.subarray(start, end);
      rest = this.buffer.subarray(end);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      // JSON and SSE never carry a raw CRLF, so the last chunk's marker cannot occur inside a chunk.
      const last = this.buffer.indexOf('\r\n0\r\n\r\n', start - 2);
      if (last < 0) return;
      body = dechunk(this.buffer.subarray(start, last + 2));
      rest = this.buffer.subarray(last + 7);
    } else {
      return;
    }
    this.buffer = rest;
    const status = Number(head.slice(9, 12));
    const headers = {};
    for (const line of head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting.resolve({ status, headers, body: body.toString('utf8') });
  }

  async request(head, body) {
    await this.ready;
    if (this.waiting) throw new Error('one request at a time');
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : head);
    });
  }

  close() {
    this.socket.destroy();
  }
}

function dechunk(buf) {
  const parts = [];
  let at = 0;
  while (at < buf.length) {
    const lineEnd = buf.indexOf('\r\n', at);
    const size = parseInt(buf.subarray(at, lineEnd).toString('latin1'), 16);
    if (!size) break;
    parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/** The JSON-RPC message in an answer that is JSON or SSE (`data:` lines of the last event). */
export function messageOf(body) {
  const text = body.trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return JSON.parse(text);
  const data = text
    .split('\n')
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart());
  return data.length ? JSON.parse(data[data.length - 1]) : undefined;
}

/** An MCP session of one user; open it with `RawMcpSession.open(url, token)`. */
export class RawMcpSession {
  constructor(bridgeUrl, token, path) {
    const { hostname, port } = new URL(bridgeUrl);
    this.host = `${hostname}:${port}`;
    this.path = path;
    this.token = token;
    this.connection = new KeepAliveConnection(hostname, Number(port));
    this.nextId = 1;
    this.sessionId = undefined;
  }

  static async open(bridgeUrl, token, { toolsets } = {}) {
    const session = new RawMcpSession(
      bridgeUrl,
      token,
      toolsets ? `/mcp?toolsets=${encodeURIComponent(toolsets)}` : '/mcp',
    );
    const init = await session.send({
      jsonrpc: '2.0',
      id: session.nextId++,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL_VERSION,
        capabilities: {},
        clientInfo: { name: 'bridge-bench', version: '1' },
      },
    });
    if (init.status !== 200)
      throw new Error(`initialize: HTTP ${init.status} ${init.body.slice(0, 200)}`);
    session.sessionId = init.headers['mcp-session-id'];
    const ack = await session.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    if (ack.status !== 202) throw new Error(`notifications/initialized: HTTP ${ack.status}`);
    return session;
  }

  /** Sends one JSON-RPC message; resolves with the raw HTTP answer. */
  send(message) {
    const body = Buffer.from(JSON.stringify(message));
    const sessionHeaders = this.sessionId
      ? `Mcp-Session-Id: ${this.sessionId}\r\nMcp-Protocol-Version: ${PROTOCOL_VERSION}\r\n`
      : '';
    return this.connection.request(
      `POST ${this.path} HTTP/1.1\r\nHost: ${this.host}\r\nAuthorization: Bearer ${this.token}\r\n` +
        `Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
        `${sessionHeaders}Content-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`,
      body,
    );
  }

  /** A JSON-RPC request; resolves with `{status, message, bytes}` (bytes: the JSON-RPC message's size). */
  async request(method, params) {
    const answer = await this.send({ jsonrpc: '2.0', id: this.nextId++, method, params });
    return { status: answer.status, message: messageOf(answer.body), body: answer.body };
  }

  async callTool(name, args = {}) {
    return this.request('tools/call', { name, arguments: args });
  }

  /** Ends the session on the bridge (DELETE) and closes the socket. */
  async close() {
    try {
      if (this.sessionId) {
        await this.connection.request(
          `DELETE ${this.path} HTTP/1.1\r\nHost: ${this.host}\r\nAuthorization: Bearer ${this.token}\r\n` +
            `Mcp-Session-Id: ${this.sessionId}\r\nMcp-Protocol-Version: ${PROTOCOL_VERSION}\r\n` +
            `Content-Length: 0\r\n\r\n`,
        );
      }
    } catch {
      // already gone
    } finally {
      this.connection.close();
    }
  }

  /** Closes only the socket: the session stays open on the bridge (idle). */
  detach() {
    this.connection.close();
  }
}
