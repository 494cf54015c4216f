import type { McpServer } from '@modelcontextprotocol/server';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequestHandler = (request: any, ctx: any) => Promise<any>;

/**
 * Puts `wrap` around the handler a server already has for `method`, in place. Going through
 * `setRequestHandler` again would put the SDK's own layer (request validation, the input-required
 * seam that verifies `requestState`) around the handler a second time, and the inner copy would
 * then meet an already verified state. The wrapper sees requests as validated and answers as the
 * SDK made them.
 */
export function wrapRequestHandler(
  server: McpServer,
  method: string,
  wrap: (original: RequestHandler) => RequestHandler,
): void {
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, RequestHandler> })
    ._requestHandlers;
  const original = handlers.get(method);
  if (original) handlers.set(method, wrap(original));
}
