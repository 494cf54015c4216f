import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpServer } from '@modelcontextprotocol/server';
import { wrapRequestHandler } from '../mcp/handler-wrap.js';
import type { ResourceContext } from './read.js';

/** The session a resource, prompt or completion request is answered for. */
const scope = new AsyncLocalStorage<ResourceContext>();

/** The requests whose handlers run the records shared by every session (see shared-records.ts). */
const SESSION_METHODS = ['resources/list', 'resources/read', 'prompts/get', 'completion/complete'];

/**
 * Answers this server's resource, prompt and completion requests inside its session's context,
 * where the readers, prompts and completers shared by every session's server find it. Call once
 * the resources and prompts are registered.
 */
export function serveWithinSession(server: McpServer, ctx: ResourceContext): void {
  for (const method of SESSION_METHODS) {
    wrapRequestHandler(
      server,
      method,
      (original) => (request, mcpCtx) => scope.run(ctx, () => original(request, mcpCtx)),
    );
  }
}

/** The session the request being answered belongs to. */
export function sessionContext(): ResourceContext {
  const ctx = scope.getStore();
  if (!ctx) throw new Error('A session’s resource or prompt was used outside its request.');
  return ctx;
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
