import { McpServer, type ServerContext } from '@modelcontextprotocol/server';
import type { AuthenticatedUser } from '../gateway/types.js';
import type { UserGateway } from '../gateway/user-gateway.js';
import type { Logger } from '../observability/logger.js';
import type { AnyTool, ToolContext, ToolSettings } from '../tools/define.js';
import { annotationsFor } from './annotations.js';
import {
  composeMiddleware,
  invokeHandler,
  type NextFn,
  type ToolMiddleware,
} from './middleware/types.js';

/** Who a session acts for. One per MCP session (or the stdio connection); never shared. */
export interface SessionIdentity {
  user: AuthenticatedUser;
  mm: UserGateway;
  /** The session's Mattermost token, for what acts outside the gateway (the user's WebSocket). Never logged. */
  token: string;
  log: Logger;
  sessionId?: string;
  /** The server answers a single request and is dropped (the 2026-07-28 era). */
  perRequest?: boolean;
}

/**
 * Adds resources, prompts or anything else to a freshly built per-session server. May return a
 * cleanup that runs when the session closes.
 */
export type ServerExtension = (
  server: McpServer,
  session: SessionIdentity,
) => void | (() => void | Promise<void>);

export interface ToolRegistryOptions {
  name: string;
  version: string;
  instructions?: string;
  /** The tools sessions may see (already filtered by toolsets and read-only). */
  tools: readonly AnyTool[];
  /** Steps around every call, outermost first (see mcp/middleware/). */
  middleware: readonly ToolMiddleware[];
  settings: ToolSettings;
  extensions?: readonly ServerExtension[];
}

export interface SessionServer {
  server: McpServer;
  /** Closes the server and runs the extensions' cleanups. */
  close(): Promise<void>;
}

/**
 * `notifications/progress` for the call, tied to the client's progress token; does nothing when
 * the client asked for no progress. A failed notification never fails the call.
 */
function progressReporter(mcpCtx: ServerContext): ToolContext['progress'] {
  const token = mcpCtx.mcpReq._meta?.progressToken;
  return async (progress, total, message) => {
    if (token === undefined || mcpCtx.mcpReq.signal.aborted) return;
    await mcpCtx.mcpReq
      .notify({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined ? { total } : {}),
          ...(message ? { message } : {}),
        },
      })
      .catch(() => undefined);
  };
}

/**
 * Builds one McpServer per session with the allowed tools, each handler wrapped once by the
 * middleware chain. The chain is composed here, once, and shared by every tool of the session.
 */
export class ToolRegistry {
  private readonly chain: NextFn;

  constructor(private readonly options: ToolRegistryOptions) {
    const names = new Set<string>();
    for (const tool of options.tools) {
      if (names.has(tool.name)) throw new Error(`Two tools are named ${tool.name}.`);
      names.add(tool.name);
    }
    this.chain = composeMiddleware(options.middleware, invokeHandler);
  }

  get tools(): readonly AnyTool[] {
    return this.options.tools;
  }

  buildServer(session: SessionIdentity): SessionServer {
    const server = new McpServer(
      { name: this.options.name, version: this.options.version },
      { instructions: this.options.instructions },
    );
    for (const tool of this.options.tools) {
      server.registerTool(
        tool.name,
        {
          title: tool.title,
          description: tool.description,
          inputSchema: tool.input,
          outputSchema: tool.output,
          annotations: annotationsFor(tool),
        },
        (args: Record<string, unknown>, mcpCtx: ServerContext) =>
          this.chain({
            tool,
            args,
            ctx: {
              user: session.user,
              mm: session.mm,
              log: session.log,
              signal: mcpCtx.mcpReq.signal,
              settings: this.options.settings,
              correlationId: '',
              progress: progressReporter(mcpCtx),
            },
          }),
      );
    }
    const cleanups = (this.options.extensions ?? []).map((extend) => extend(server, session));
    let closed = false;
    return {
      server,
      close: async () => {
        if (closed) return;
        closed = true;
        for (const cleanup of cleanups) {
          try {
            await cleanup?.();
          } catch (err) {
            session.log.warn({ err }, 'a session extension failed to clean up');
          }
        }
        await server.close();
      },
    };
  }
}
