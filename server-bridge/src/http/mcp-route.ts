import { randomUUID } from 'node:crypto';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest, type EventStore } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/authenticator.js';
import type { Gateway } from '../gateway/types.js';
import type { ToolRegistry } from '../mcp/registry.js';
import { ToolsetError } from '../mcp/tool-filter.js';
import type { BridgeMetrics } from '../observability/bridge-metrics.js';
import type { Logger } from '../observability/logger.js';
import type { HttpSession, SessionStore } from './sessions.js';

export interface McpRouteDeps {
  sessions: SessionStore;
  registry: ToolRegistry;
  gateway: Gateway;
  metrics: BridgeMetrics;
  log: Logger;
  /** True while the bridge shuts down: no new work is accepted. */
  isDraining(): boolean;
  /** A store that lets one session's SSE streams resume after `Last-Event-ID`; disposed with the session. */
  eventStoreForSession?: () => EventStore & { dispose(): void };
  /** Serves requests of the 2026-07-28 era (per-request envelope); the rest is the sessionful 2025 era. */
  modern?: {
    accepts(req: Request): Promise<boolean>;
    handle(req: Request, res: Response, principal: Principal): Promise<void>;
  };
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

  function ownedSession(req: Request, res: Response): HttpSession | undefined {
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
    const session = sessions.get(id);
    if (!session || session.userId !== principalOf(res).user.id) {
      if (session) {
        metrics.sessionsRejected.inc({ reason: 'wrong_user' });
        log.warn(
          { session_id: id, user_id: principalOf(res).user.id },
          'a user tried to use another user’s session',
        );
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
  function requestedToolsets(req: Request, res: Response): string[] | undefined | null {
    if (typeof req.query.toolsets !== 'string') return undefined;
    const toolsets = req.query.toolsets
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    try {
      registry.checkSelection(toolsets);
    } catch (err) {
      if (!(err instanceof ToolsetError)) throw err;
      jsonRpcError(res, 400, -32602, err.message);
      return null;
    }
    return toolsets.length ? toolsets : undefined;
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
    const toolsets = requestedToolsets(req, res);
    if (toolsets === null) return;
    const sessionLog = log.child({ user_id: principal.user.id });
    const server = registry.buildServer({
      user: principal.user,
      mm: gateway.forUser(principal.user, principal.token),
      token: principal.token,
      log: sessionLog,
      ...(principal.readOnly ? { readOnly: true } : {}),
      ...(toolsets ? { toolsets } : {}),
    });
    let session: HttpSession | undefined;
    const eventStore = deps.eventStoreForSession?.();
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      eventStore,
      onsessioninitialized: (id) => {
        session = {
          id,
          userId: principal.user.id,
          transport,
          server,
          lastSeen: Date.now(),
          inFlight: 1,
        };
        sessions.add(session);
      },
      // A client's DELETE ends its session.
      onsessionclosed: (id) => void sessions.remove(id, 'deleted'),
    });
    transport.onclose = () => {
      eventStore?.dispose();
      if (transport.sessionId) void sessions.remove(transport.sessionId, 'closed');
    };
    await server.server.connect(transport);
    try {
      await transport.handleRequest(req, res, req.body);
    } finally {
      if (session) {
        session.inFlight -= 1;
        session.lastSeen = Date.now();
      } else {
        // initialize failed: nothing was stored, release the server.
        await server.close();
      }
    }
  }

  return async function handleMcp(req: Request, res: Response): Promise<void> {
    if (deps.isDraining()) {
      jsonRpcError(res, 503, -32000, 'The bridge is shutting down.');
      return;
    }
    if (deps.modern && (await deps.modern.accepts(req))) {
      const toolsets = requestedToolsets(req, res);
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
    const session = ownedSession(req, res);
    if (!session) return;
    session.lastSeen = Date.now();
    // A GET holds an SSE stream open for as long as the client wants: it is not "work in flight".
    const counts = req.method !== 'GET';
    if (counts) session.inFlight += 1;
    try {
      await session.transport.handleRequest(req, res, req.body);
    } finally {
      if (counts) session.inFlight -= 1;
      session.lastSeen = Date.now();
    }
  };
}
