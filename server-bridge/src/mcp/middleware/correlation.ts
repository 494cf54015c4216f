import { randomUUID } from 'node:crypto';
import { currentContext, runWithContext } from '../../observability/context.js';
import type { ToolMiddleware } from './types.js';

/**
 * Gives the call its correlation id and runs the rest of the chain inside it, so every log line
 * and upstream request made for this call carries the id (AsyncLocalStorage). Over HTTP the id is
 * the request's own (its `X-Correlation-Id`); over stdio each call gets a new one.
 */
export const correlationMiddleware: ToolMiddleware = (call, next) => {
  const correlationId = currentContext()?.correlationId ?? randomUUID();
  const log = call.ctx.log.child({ correlation_id: correlationId, tool: call.tool.name });
  return runWithContext(
    { correlationId, userId: call.ctx.user.id, tool: call.tool.name, signal: call.ctx.signal },
    () => next({ ...call, ctx: { ...call.ctx, correlationId, log } }),
  );
};
