import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpServer } from '@modelcontextprotocol/server';
import { wrapRequestHandler } from '../mcp/handler-wrap.js';
import type { ResourceContext } from '../resources/read.js';

/** The session a `completion/complete` request is answered for. */
const scope = new AsyncLocalStorage<ResourceContext>();

/**
 * Answers this server's `completion/complete` inside its session's context, where the completers
 * shared by every session (`sessionCompleter`) find it. Call once the prompts are registered.
 */
export function completeWithinSession(server: McpServer, ctx: ResourceContext): void {
  wrapRequestHandler(
    server,
    'completion/complete',
    (original) => (request, mcpCtx) => scope.run(ctx, () => original(request, mcpCtx)),
  );
}

/**
 * A completer for an argument schema built once and shared by every session's server: the SDK's
 * `completable` fixes a completer on the schema object itself, so a completer that reads the user's
 * Mattermost finds the session it answers for here instead of closing over it. Outside a session's
 * completion request it offers nothing.
 */
export function sessionCompleter(
  complete: (ctx: ResourceContext, typed: string) => Promise<string[]>,
): (value: string | undefined) => Promise<string[]> {
  return async (value) => {
    const ctx = scope.getStore();
    return ctx ? complete(ctx, value ?? '') : [];
  };
}
