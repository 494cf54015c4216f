import { randomUUID } from 'node:crypto';
import { isInitializeRequest, type EventStore } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/authenticator.js';
import type { Gateway } from '../gateway/types.js';
import type { ToolRegistry } from '../mcp/registry.js';
import { sessionStateKey, type SessionStateStore } from '../mcp/session-state.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import { SessionTransport } from './session-transport.js';
import type { HttpSession, SessionStore } from './sessions.js';
import { ToolsetError } from '../errors.js';

/** What another bridge needs to serve a session this one opened (see `SharedSessions`). */
export interface SharedSessionRecord {
  userId: string;
  /** The client's own initialize request, replayed to set the session up elsewhere. */
  initialize: unknown;
  toolsets?: string[];
  subscriptions: string[];
}

/**
 * A shared session's state: in use, ended by its client (on any bridge), or unknown to the store
 * (expired, or lost with a restarted Redis: the bridges that hold it record it again).
 */
export type SessionLiveness = 'alive' | 'closed' | 'missing';

/**
 * Sessions shared by the bridges of a cluster: any bridge serves any session, so a load balancer
 * needs no stickiness. A bridge records each session it opens; one that meets an unknown session
 * id looks it up and sets the session up again from the record.
 */
export interface SharedSessions {
  put(sessionId: string, record: SharedSessionRecord): Promise<void>;
  get(sessionId: string): Promise<SharedSessionRecord | undefined>;
  /** Keeps a session alive for another idle period: any bridge's use counts. */
  touch(sessionId: string): Promise<SessionLiveness>;
  setSubscriptions(sessionId: string, subscriptions: string[]): Promise<void>;
  delete(sessionId: string): Promise<void>;
}

export interface McpRouteDeps {
  sessions: SessionStore;
  registry: ToolRegistry;
  gateway: Gateway;
  metrics: BridgeMetrics;
  log: Logger;
  /** True while the bridge shuts down: no new work is accepted. */
  isDraining(): boolean;
  /**
   * A store that lets one session's SSE streams resume after `Last-Event-ID`; disposed with the
   * session. It is given the session's id, known once the client initialized.
   */
  eventStoreForSession?: (sessionId: () => string | undefined) => EventStore & { dispose(): void };
  /** Serves requests of the 2026-07-28 era (per-request envelope); the rest is the sessionful 2025 era. */
  modern?: {
    accepts(req: Request): boolean;
    handle(req: Request, res: Response, principal: Principal): Promise<void>;
  };
  /** Present when the bridge is one of a cluster. */
  shared?: SharedSessions;
  /** Session state (toolsets enabled with enable_toolset), kept by session id. */
  state?: SessionStateStore;
}

/** The subscribe and unsubscribe requests in a POST body (one message or a batch). */
function subscriptionChanges(body: unknown): { uri: string; on: boolean }[] {
  const messages = Array.isArray(body) ? body : [body];
  const changes: { uri: string; on: boolean }[] = [];
  for (const m of messages as { method?: unknown; params?: { uri?: unknown } }[]) {
    if (typeof m?.params?.uri !== 'string') continue;
    if (m.method === 'resources/subscribe') changes.push({ uri: m.params.uri, on: true });
    if (m.method === 'resources/unsubscribe') changes.push({ uri: m.params.uri, on: false });
  }
  return changes;
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/**
 * `POST|GET|DELETE /mcp`: finds the caller's session (or opens one on `initialize`) and hands the
 * request to that session's own transport and server. A session answers only the user who opened
 * it; to anyone else it does not exist (404).
 */
export function createMcpHandler(deps: McpRouteDeps) {
  const { sessions, registry, gateway, metrics, log } = deps;

  async function ownedSession(req: Request, res: Response): Promise<HttpSession | undefined> {
    const id = req.header('mcp-session-id');
    if (!id) {
      jsonRpcError(
        res,
        400,
        -32000,
        'Bad Request: no Mcp-Session-Id header; start with initialize.',
      );
      return undefined;
    }
    const userId = principalOf(res).user.id;
    let session = sessions.get(id);
    let ownerId = session?.userId;
    if (session?.shared && deps.shared) {
      const liveness = await deps.shared.touch(id).catch(() => 'alive' as const);
      if (liveness === 'closed') {
        // The client ended it on another bridge: this copy ends too.
        await sessions.remove(id, 'closed elsewhere');
        session = undefined;
        ownerId = undefined;
      } else if (liveness === 'missing') {
        // Redis lost it (restarted empty, or the record expired while this copy was in use).
        await deps.shared
          .put(id, { ...session.shared, subscriptions: [...session.subscriptions] })
          .catch(() => {});
      }
    }
    if (!session && deps.shared) {
      // Opened by another bridge of the cluster, or by this one before it dropped the idle copy.
      const record = await deps.shared.get(id).catch(() => undefined);
      ownerId = record?.userId;
      if (record && record.userId === userId && !sessions.limitFor(userId)) {
        session = await restoreSession(id, record, principalOf(res));
      }
    }
    if (!session || ownerId !== userId) {
      if (ownerId !== undefined && ownerId !== userId) {
        metrics.sessionsRejected.inc({ reason: 'wrong_user' });
        log.warn({ session_id: id, user_id: userId }, 'a user tried to use another user’s session');
      } else {
        metrics.sessionsRejected.inc({ reason: 'unknown' });
      }
      jsonRpcError(
        res,
        404,
        -32001,
        'Session not found: it expired or was closed. Initialize a new one.',
      );
      return undefined;
    }
    return session;
  }

  /**
   * `/mcp?toolsets=core,files`: the client's own selection, within what the bridge allows.
   * Undefined when it chose nothing; null when it chose wrongly (the 400 answer is sent).
   */
  function requestedToolsets(
    req: Request,
    res: Response,
    principal: Principal,
  ): string[] | undefined | null {
    if (typeof req.query.toolsets !== 'string') return undefined;
    const toolsets = req.query.toolsets
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    try {
      registry.checkSelection(toolsets, { isSystemAdmin: principal.user.isSystemAdmin });
    } catch (err) {
      if (!(err instanceof ToolsetError)) throw err;
      jsonRpcError(res, 400, -32602, err.message);
      return null;
    }
    return toolsets.length ? toolsets : undefined;
  }

  /**
   * A session's own server and transport; `sessionId` set when restoring a known session, with
   * the toolsets it had enabled.
   */
  function createSession(
    principal: Principal,
    toolsets: string[] | undefined,
    sessionId?: string,
    enabledToolsets?: string[],
  ) {
    let id: string | undefined = sessionId;
    const server = registry.buildServer({
      user: principal.user,
      mm: gateway.forUser(principal.user, principal.token),
      token: principal.token,
      log: log.child({ user_id: principal.user.id }),
      ...(principal.readOnly ? { readOnly: true } : {}),
      ...(principal.oauthClientId ? { oauthClientId: principal.oauthClientId } : {}),
      ...(toolsets ? { toolsets } : {}),
      stateKey: () => (id ? sessionStateKey(id) : undefined),
      ...(enabledToolsets ? { enabledToolsets } : {}),
    });
    const holder: { session?: HttpSession } = {};
    const eventStore = deps.eventStoreForSession?.(() => id);
    const transport = new SessionTransport({
      sessionIdGenerator: () => (id ??= randomUUID()),
      eventStore,
      onsessioninitialized: (id) => {
        holder.session = {
          id,
          userId: principal.user.id,
          transport,
          server,
          lastSeen: Date.now(),
          inFlight: 1,
          subscriptions: new Set(),
        };
        sessions.add(holder.session);
      },
      // A client's DELETE ends its session, on every bridge of a cluster.
      onsessionclosed: (id) => {
        void sessions.remove(id, 'deleted');
        void deps.shared?.delete(id).catch(() => {});
      },
    });
    transport.onclose = () => {
      eventStore?.dispose();
      if (transport.sessionId) void sessions.remove(transport.sessionId, 'closed');
    };
    return { server, transport, holder };
  }

  async function openSession(req: Request, res: Response): Promise<void> {
    const principal = principalOf(res);
    const limit = sessions.limitFor(principal.user.id);
    if (limit) {
      metrics.sessionsRejected.inc({ reason: limit });
      res.setHeader('Retry-After', '30');
      jsonRpcError(
        res,
        503,
        -32000,
        limit === 'user_limit'
          ? 'You have reached the sessions one user may open (BRIDGE_MAX_SESSIONS_PER_USER): close one, or wait until idle ones expire.'
          : 'The bridge has reached its session limit (BRIDGE_MAX_SESSIONS). Try again later.',
      );
      return;
    }
    const toolsets = requestedToolsets(req, res, principal);
    if (toolsets === null) return;
    const { server, transport, holder } = createSession(principal, toolsets);
    await server.server.connect(transport);
    try {
      await transport.handleNode(req, res, req.body);
    } finally {
      const session = holder.session;
      if (session) {
        session.inFlight -= 1;
        session.lastSeen = Date.now();
        if (deps.shared) {
          session.shared = {
            userId: principal.user.id,
            initialize: req.body,
            ...(toolsets ? { toolsets } : {}),
            subscriptions: [],
          };
          await deps.shared
            .put(session.id, session.shared)
            .catch((err: unknown) =>
              log.warn({ err }, 'a session was not shared with the cluster'),
            );
        }
      } else {
        // initialize failed: nothing was stored, release the server.
        await server.close();
      }
    }
  }

  /** Sets up, on this bridge, a session another bridge opened: its messages replayed in order. */
  async function restoreSession(
    id: string,
    record: SharedSessionRecord,
    principal: Principal,
  ): Promise<HttpSession | undefined> {
    const saved = await deps.state?.get(sessionStateKey(id)).catch(() => undefined);
    const { server, transport, holder } = createSession(
      principal,
      record.toolsets,
      id,
      saved?.toolsets,
    );
    await server.server.connect(transport);
    await transport.replay(record.initialize);
    const session = holder.session;
    if (!session) {
      await server.close();
      return undefined;
    }
    await transport.replay({ jsonrpc: '2.0', method: 'notifications/initialized' }, id);
    for (const [n, uri] of record.subscriptions.entries()) {
      const subscribe = {
        jsonrpc: '2.0',
        id: `restore-${n}`,
        method: 'resources/subscribe',
        params: { uri },
      };
      await transport.replay(subscribe, id);
      session.subscriptions.add(uri);
    }
    session.inFlight -= 1;
    session.shared = record;
    log.info({ session_id: id, user_id: principal.user.id }, 'session taken over from the cluster');
    return session;
  }

  return async function handleMcp(req: Request, res: Response): Promise<void> {
    if (deps.isDraining()) {
      jsonRpcError(res, 503, -32000, 'The bridge is shutting down.');
      return;
    }
    if (deps.modern?.accepts(req)) {
      const toolsets = requestedToolsets(req, res, principalOf(res));
      if (toolsets === null) return;
      await deps.modern.handle(req, res, {
        ...principalOf(res),
        ...(toolsets ? { toolsets } : {}),
      });
      return;
    }
    if (req.method === 'POST' && !req.header('mcp-session-id') && isInitializeRequest(req.body)) {
      await openSession(req, res);
      return;
    }
    const session = await ownedSession(req, res);
    if (!session) return;
    session.lastSeen = Date.now();
    // A GET holds an SSE stream open for as long as the client wants: it is not "work in flight".
    const counts = req.method !== 'GET';
    if (counts) session.inFlight += 1;
    try {
      await session.transport.handleNode(req, res, req.body);
    } finally {
      if (counts) session.inFlight -= 1;
      session.lastSeen = Date.now();
    }
    const changes = req.method === 'POST' ? subscriptionChanges(req.body) : [];
    if (changes.length && deps.shared) {
      for (const change of changes) {
        if (change.on) session.subscriptions.add(change.uri);
        else session.subscriptions.delete(change.uri);
      }
      await deps.shared.setSubscriptions(session.id, [...session.subscriptions]).catch(() => {});
    }
  };
}
