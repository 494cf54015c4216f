import type {
  JSONRPCMessage,
  MessageExtraInfo,
  Transport,
  TransportSendOptions,
} from '@modelcontextprotocol/server';
import { FollowCounts } from '../events/follow-counts.js';
import { legacyResourceNotFound } from '../mcp/protocol-errors.js';
import { subscriptionLimitMessage } from '../resources/subscribable.js';

/**
 * What the wire needs of the connection's live state to follow listen streams. None of it may
 * wait for the connection's server: a listen can be the message that server is built for, and
 * the wire hands that message on only once the listen is followed.
 */
export interface StdioFollower {
  /** The resources among `uris` the user may follow (the others are not honoured). */
  admit(uris: readonly string[]): Promise<string[]>;
  /** Starts following a resource (see `StdioWire.following`); once while streams name it. */
  follow(uri: string): Promise<void>;
  unfollow(uri: string): void;
  /** Most resources followed at once. */
  maxResources: number;
}

interface ListenRequest {
  jsonrpc: '2.0';
  id: string | number;
  method: 'subscriptions/listen';
  params?: { notifications?: { resourceSubscriptions?: unknown } };
}

function isListen(message: JSONRPCMessage): message is ListenRequest & JSONRPCMessage {
  return (message as { method?: unknown }).method === 'subscriptions/listen' && 'id' in message;
}

/**
 * The stdio connection as the SDK's `serveStdio` sees it, between it and the real pipe:
 *
 * - in the 2025 era (`legacy`), "resource not found" leaves as that era's -32002;
 * - in the 2026-07-28 era, a `subscriptions/listen` is checked before the SDK serves it: its
 *   resources are narrowed to those the user may read (as over HTTP, and as a 2025 subscribe
 *   refuses the others), and the connection's live session follows them until the stream is
 *   cancelled or answered, so the server's change notifications reach the stream.
 *
 * Messages keep their order: each is handed on after the one before it.
 */
export class StdioWire implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  /** The era the connection was pinned to (set when its server is built). */
  legacy = false;
  private queue: Promise<void> = Promise.resolve();
  /** Resources each open listen stream follows, by the listen request's id. */
  private readonly streams = new Map<string | number, string[]>();
  private readonly followed = new FollowCounts();
  /** Resolves when the pipe closes (the client went away, or `close`). */
  readonly closed: Promise<void>;

  constructor(
    private readonly inner: Transport,
    private readonly follower: StdioFollower,
  ) {
    let ended: () => void = () => undefined;
    this.closed = new Promise((resolve) => (ended = resolve));
    inner.onclose = () => {
      ended();
      this.onclose?.();
    };
    inner.onerror = (error) => this.onerror?.(error);
    inner.onmessage = (message, extra) => {
      this.queue = this.queue
        .then(() => this.receive(message, extra))
        .catch((error: unknown) => this.onerror?.(error as Error));
    };
  }

  start(): Promise<void> {
    return this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    // A listen's response ends its stream: refused (the SDK's checks) or closed by the server.
    if (('result' in message || 'error' in message) && message.id !== undefined)
      this.endStream(message.id);
    return this.inner.send(this.legacy ? legacyResourceNotFound(message) : message, options);
  }

  /** The resources the open listen streams follow, for a server built after they opened. */
  following(): string[] {
    return this.followed.uris();
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  private async receive(message: JSONRPCMessage, extra?: MessageExtraInfo): Promise<void> {
    if (!this.legacy && isListen(message)) {
      const admitted = await this.admit(message);
      if (!admitted) return;
    }
    const cancelled = (message as { method?: string; params?: { requestId?: unknown } }).method;
    if (cancelled === 'notifications/cancelled') {
      const id = (message as { params?: { requestId?: string | number } }).params?.requestId;
      if (id !== undefined) this.endStream(id);
    }
    this.onmessage?.(message, extra);
  }

  /** Narrows the listen's filter to what the user may follow, and follows it; false if refused. */
  private async admit(message: ListenRequest): Promise<boolean> {
    const filter = message.params?.notifications;
    const requested = filter?.resourceSubscriptions;
    if (!filter || !Array.isArray(requested)) return true;
    const asked = [...new Set(requested.filter((u): u is string => typeof u === 'string'))];
    const follower = this.follower;
    if (this.followed.sizeWith(asked) > follower.maxResources) {
      await this.inner.send({
        jsonrpc: '2.0',
        id: message.id,
        error: { code: -32602, message: subscriptionLimitMessage(follower.maxResources) },
      });
      return false;
    }
    const allowed = await follower.admit(asked);
    filter.resourceSubscriptions = allowed;
    this.streams.set(message.id, allowed);
    await Promise.all(this.followed.open(allowed).map((uri) => follower.follow(uri)));
    return true;
  }

  private endStream(id: string | number): void {
    const uris = this.streams.get(id);
    if (!uris) return;
    this.streams.delete(id);
    for (const uri of this.followed.close(uris)) this.follower.unfollow(uri);
  }
}
