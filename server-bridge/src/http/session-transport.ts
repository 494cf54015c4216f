import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import {
  WebStandardStreamableHTTPServerTransport,
  type EventStore,
  type JSONRPCMessage,
  type TransportSendOptions,
} from '@modelcontextprotocol/server';
import { legacyResourceNotFound } from '../mcp/protocol-errors.js';

/** The SDK transport's own state for its standalone GET stream (see `sendOnStandaloneStream`). */
interface StandaloneStream {
  _standaloneSseStreamId: string;
  _eventStore?: EventStore;
  _streamMapping: Map<
    string,
    {
      controller?: ReadableStreamDefaultController<Uint8Array>;
      encoder?: { encode(text: string): Uint8Array };
      replayedEventIds?: Set<string>;
    }
  >;
  writeSSEEvent(
    controller: ReadableStreamDefaultController<Uint8Array>,
    encoder: { encode(text: string): Uint8Array },
    message: JSONRPCMessage,
    eventId?: string,
  ): boolean;
}

/**
 * One 2025-era session's Streamable HTTP transport: the SDK's web-standard transport, fed Node's
 * requests (as the SDK's Node transport does) and, when another bridge of a cluster opened the
 * session, the client's own earlier messages replayed so that this server knows the session as
 * the client set it up.
 */
export class SessionTransport extends WebStandardStreamableHTTPServerTransport {
  /** Every session here is of the 2025 era: "resource not found" is sent as its -32002. */
  override send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (options?.relatedRequestId === undefined && 'method' in message && !('id' in message))
      return this.sendOnStandaloneStream(message);
    return super.send(legacyResourceNotFound(message), options);
  }

  /**
   * A notification that answers no request (`resources/updated` to every follower of a change):
   * kept for resumption and written on the GET stream exactly as the SDK's `send` does, without its
   * first step, which checks every message against the result and error response schemas. Those
   * checks fail for a notification, and zod builds the failures' issues: half of the CPU a
   * fan-out to 1,000 sessions took.
   */
  private async sendOnStandaloneStream(message: JSONRPCMessage): Promise<void> {
    const sdk = this as unknown as StandaloneStream;
    const streamId = sdk._standaloneSseStreamId;
    const eventId = sdk._eventStore
      ? await sdk._eventStore.storeEvent(streamId, message)
      : undefined;
    const stream = sdk._streamMapping.get(streamId);
    if (!stream?.controller || !stream.encoder) return;
    if (eventId !== undefined && stream.replayedEventIds?.has(eventId)) return;
    sdk.writeSSEEvent(stream.controller, stream.encoder, message, eventId);
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
