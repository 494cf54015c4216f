import type { ServerContext } from '@modelcontextprotocol/server';
import type { ToolContext } from '../tools/define.js';

/**
 * `notifications/progress` for the call, tied to the client's progress token; does nothing when
 * the client asked for no progress. A failed notification never fails the call.
 */
export function progressReporter(mcpCtx: ServerContext): ToolContext['progress'] {
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
