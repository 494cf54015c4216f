import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import {
  WebStandardStreamableHTTPServerTransport,
  type JSONRPCMessage,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { legacyResourceNotFound } from '../mcp/protocol-errors.js';

/**
 * One 2025-era session's Streamable HTTP transport: the SDK's web-standard transport, fed Node's
 * requests (as the SDK's Node transport does) and, when another bridge of a cluster opened the
 * session, the client's own earlier messages replayed so that this server knows the session as
 * the client set it up.
 */
export class SessionTransport extends WebStandardStreamableHTTPServerTransport {
  /** Every session here is of the 2025 era: "resource not found" is sent as its -32002. */
  override send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    return super.send(legacyResourceNotFound(message), options);
  }

  async handleNode(req: IncomingMessage, res: ServerResponse, parsedBody?: unknown): Promise<void> {
    await getRequestListener((request) => this.handleRequest(request, { parsedBody }), {
      overrideGlobalObjects: false,
    })(req, res);
  }

  /** Hands a message the client sent earlier (elsewhere) to this server; the answer is dropped. */
  async replay(message: unknown, sessionId?: string): Promise<number> {
    const response = await this.handleRequest(
      new Request('http://bridge.invalid/mcp', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
        },
        body: JSON.stringify(message),
      }),
      { parsedBody: message },
    );
    // Read to the end: the server writes its answer (and may log a failure) before the stream closes.
    await response.text();
    return response.status;
  }
}
