import {
  CLIENT_INFO_META_KEY,
  createMcpHandler,
  InMemoryServerEventBus,
  classifyInboundRequest,
  type McpHttpHandler,
  type McpServer,
} from '@modelcontextprotocol/server';
import { toNodeHandler, type NodeMcpRequestHandler } from '@modelcontextprotocol/node';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';
import type { Principal } from '../auth/authenticator.js';
import { FollowCounts } from '../events/follow-counts.js';
import type { LiveHub, LiveSession } from '../events/live-hub.js';
import type { Gateway } from '../gateway/types.js';
import type { Logger } from '../observability/logger.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { ChannelGuard } from '../policy/channel-guard.js';
import { liveAccessFor, resourceContext } from '../resources/session.js';
import { subscribableOnly, subscriptionLimitMessage } from '../resources/subscribable.js';
import type { WebhookFeed } from '../webhooks/feed.js';
import { modernStateKey } from '../mcp/session-state.js';

/** What a 2026-07-28 request's server needs to know of the client's session. */
export interface ModernSession {
  /** Where the client's session state is kept (see `modernStateKey`). */
  stateKey: string;
  /** Tells the user's listen streams that the tools changed. */
  toolsChanged(): void;
}

/** A request header as one value (repeated ones joined, as a web `Headers` would). */
function headerOf(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export interface ModernEndpointDeps {
  /** A fresh server for one request of the principal (its tools, resources and prompts). */
  buildServer(principal: Principal, session: ModernSession): McpServer | Promise<McpServer>;
  /** A user's gateway under the policy of the principal's session, with the guard of its channel rules. */
  guarded(raw: UserGateway, principal: Principal): { mm: UserGateway; guard: ChannelGuard };
  hub: LiveHub;
  webhooks: WebhookFeed;
  gateway: Gateway;
  log: Logger;
  maxUsers?: number;
}

interface UserEndpoint {
  handler: McpHttpHandler;
  node: NodeMcpRequestHandler;
  bus: InMemoryServerEventBus;
  /** The user's open `subscriptions/listen` streams, as one subscriber of the live layer. */
  follow?: {
    session: LiveSession;
    streams: number;
    uris: FollowCounts;
    /** The open streams themselves, ended when the user's live updates are over for good. */
    responses: Set<Response>;
  };
}

interface ListenFilter {
  resourceSubscriptions?: string[];
  resourcesListChanged?: boolean;
}

/**
 * The 2026-07-28 era of `/mcp`: requests that carry the per-request envelope are served by the
 * SDK's `createMcpHandler` (one server per request), and change notifications reach clients on
 * their `subscriptions/listen` streams. Each user has a handler with its own event bus, so one
 * user's listeners never hear of another user's resources; the resources named in the user's
 * listen filters are followed by the live layer for as long as a stream is open.
 */
export class ModernEndpoint {
  private readonly users: LRUCache<string, UserEndpoint>;

  constructor(private readonly deps: ModernEndpointDeps) {
    this.users = new LRUCache({
      max: deps.maxUsers ?? 1000,
      dispose: (entry) => {
        entry.follow?.session.detach();
        void entry.handler.close();
      },
    });
  }

  /** Whether a request belongs to the 2026-07-28 era (only POSTs carry the envelope). */
  accepts(req: Request): boolean {
    if (req.method !== 'POST' || req.body === undefined) return false;
    try {
      // The SDK's own classification (what `isLegacyRequest` runs on a parsed body), given the
      // three headers it reads: building a web Request for it cost more than the rest of the check.
      const route = classifyInboundRequest({
        httpMethod: 'POST',
        protocolVersionHeader: headerOf(req, 'mcp-protocol-version'),
        mcpMethodHeader: headerOf(req, 'mcp-method'),
        mcpNameHeader: headerOf(req, 'mcp-name'),
        body: req.body,
      });
      return route.kind !== 'legacy';
    } catch {
      // Unclassifiable: the sessionful 2025 path answers it with its own error.
      return false;
    }
  }

  async handle(req: Request, res: Response, principal: Principal): Promise<void> {
    const entry = this.endpointFor(principal);
    const filter = listenFilterOf(req.body);
    if (filter) {
      const uris = await this.admit(entry, principal, filter, req, res);
      if (uris === undefined) return;
      this.follow(entry, principal, uris, filter, res);
    }
    // The handler's factory reads the acting principal from here (authInfo), per request.
    const session: ModernSession = {
      stateKey: modernStateKey(principal, clientNameOf(req.body)),
      toolsChanged: () => entry.bus.publish({ kind: 'tools_list_changed' }),
    };
    (req as Request & { auth?: unknown }).auth = {
      token: principal.token,
      clientId: principal.user.id,
      scopes: [],
      extra: { principal, session },
    };
    await entry.node(req, res, req.body);
  }

  close(): void {
    this.users.clear();
  }

  /** Tells every listen stream that opted in that the tools changed (a policy change). */
  toolsChanged(): void {
    for (const entry of this.users.values()) entry.bus.publish({ kind: 'tools_list_changed' });
  }

  private endpointFor(principal: Principal): UserEndpoint {
    const existing = this.users.get(principal.user.id);
    if (existing) return existing;
    const bus = new InMemoryServerEventBus((err) =>
      this.deps.log.warn({ err }, 'listen stream failed'),
    );
    const handler = createMcpHandler(
      (ctx) => {
        const extra = ctx.authInfo?.extra as
          { principal?: Principal; session?: ModernSession } | undefined;
        const acting = extra?.principal;
        if (!acting || !extra.session || acting.user.id !== principal.user.id)
          throw new Error('request without its principal');
        return this.deps.buildServer(acting, extra.session);
      },
      {
        legacy: 'reject',
        bus,
        maxSubscriptions: this.deps.hub.settings.maxListenStreams,
        onerror: (err) => this.deps.log.debug({ err }, 'modern request refused'),
      },
    );
    const entry: UserEndpoint = { handler, node: toNodeHandler(handler), bus };
    this.users.set(principal.user.id, entry);
    return entry;
  }

  /**
   * Checks a listen request before anything is allocated for it: the number of streams and of
   * resources is bounded, and each resource must be one the user may read (see
   * `checkSubscribable`). The request's filter is narrowed to the resources that passed, so the
   * acknowledgement honours only those and the stream hears of nothing else. Returns them, or
   * undefined when the request was refused (the answer is sent).
   */
  private async admit(
    entry: UserEndpoint,
    principal: Principal,
    filter: ListenFilter,
    req: Request,
    res: Response,
  ): Promise<string[] | undefined> {
    const { maxSubscriptions, maxListenStreams } = this.deps.hub.settings;
    const requested = filter.resourceSubscriptions;
    // A malformed filter is the SDK's to refuse: nothing is followed for it.
    if (requested !== undefined && !Array.isArray(requested)) return [];
    const asked = [...new Set((requested ?? []).filter((u): u is string => typeof u === 'string'))];
    if ((entry.follow?.streams ?? 0) >= maxListenStreams) {
      refuse(
        req,
        res,
        `At most ${maxListenStreams} subscriptions/listen streams can be open at once.`,
      );
      return undefined;
    }
    if ((entry.follow?.uris.sizeWith(asked) ?? asked.length) > maxSubscriptions) {
      refuse(req, res, subscriptionLimitMessage(maxSubscriptions));
      return undefined;
    }
    const { mm, guard } = this.guardedFor(principal);
    const ctx = resourceContext(principal.user, mm, guard, this.deps.webhooks);
    const allowed = await subscribableOnly(asked, ctx);
    if (requested !== undefined) filter.resourceSubscriptions = allowed;
    return allowed;
  }

  private guardedFor(principal: Principal): { mm: UserGateway; guard: ChannelGuard } {
    return this.deps.guarded(this.deps.gateway.forUser(principal.user, principal.token), principal);
  }

  private follow(
    entry: UserEndpoint,
    principal: Principal,
    uris: readonly string[],
    filter: ListenFilter,
    res: Response,
  ): void {
    if (uris.length === 0 && filter.resourcesListChanged !== true) return;
    if (!entry.follow) {
      const { mm, guard } = this.guardedFor(principal);
      const ctx = resourceContext(principal.user, mm, guard, this.deps.webhooks);
      const session = this.deps.hub.attach(
        principal.user,
        principal.token,
        liveAccessFor(mm, ctx),
        {
          resourceUpdated: (uri) => entry.bus.publish({ kind: 'resource_updated', uri }),
          resourcesListChanged: () => entry.bus.publish({ kind: 'resources_list_changed' }),
          // The user's token stopped working: end the streams rather than leave them silent; the
          // client's next request is refused and says why.
          ended: () => {
            for (const open of entry.follow?.responses ?? []) open.end();
          },
        },
      );
      ctx.live = session;
      entry.follow = { session, streams: 0, uris: new FollowCounts(), responses: new Set() };
    }
    const follow = entry.follow;
    follow.streams++;
    follow.responses.add(res);
    for (const uri of follow.uris.open(uris)) void follow.session.subscribe(uri);
    res.once('close', () => {
      follow.responses.delete(res);
      for (const uri of follow.uris.close(uris)) follow.session.unsubscribe(uri);
      if (--follow.streams === 0) {
        follow.session.detach();
        if (entry.follow === follow) entry.follow = undefined;
      }
    });
  }
}

/** A JSON-RPC error for the listen request itself, sent before anything was allocated for it. */
function refuse(req: Request, res: Response, message: string): void {
  const id = (req.body as { id?: unknown } | undefined)?.id;
  res.status(400).json({
    jsonrpc: '2.0',
    id: typeof id === 'string' || typeof id === 'number' ? id : null,
    error: { code: -32602, message },
  });
}

/** The client's name from the request's envelope (`io.modelcontextprotocol/clientInfo`). */
function clientNameOf(body: unknown): string | undefined {
  const meta = (body as { params?: { _meta?: Record<string, unknown> } } | undefined)?.params
    ?._meta;
  const info = meta?.[CLIENT_INFO_META_KEY] as { name?: unknown } | undefined;
  return typeof info?.name === 'string' ? info.name : undefined;
}

function listenFilterOf(body: unknown): ListenFilter | undefined {
  const message = body as { method?: unknown; params?: { notifications?: unknown } } | undefined;
  if (message?.method !== 'subscriptions/listen') return undefined;
  const filter = message.params?.notifications;
  return filter && typeof filter === 'object' ? (filter as ListenFilter) : undefined;
}
