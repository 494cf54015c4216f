import type { CallToolResult } from '@modelcontextprotocol/server';
import { BridgeLimitError, MattermostError, UnauthorizedError } from '../../gateway/types.js';
import type { BridgeMetrics } from '../../observability/bridge-metrics.js';
import { scrubSecrets } from '../../observability/logger.js';
import { ToolError } from '../../tools/define.js';
import type { ToolMiddleware } from './types.js';

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** What Mattermost's status means for the person reading the error. */
function explainStatus(status: number): string {
  switch (status) {
    case 0:
      return 'Mattermost could not be reached';
    case 400:
      return 'Mattermost refused the request';
    case 401:
      return 'Mattermost refused the token (expired or revoked)';
    case 403:
      return 'You do not have permission for this in Mattermost';
    case 404:
      return 'Not found in Mattermost (or not visible to you)';
    case 429:
      return 'Mattermost is rate limiting requests';
    case 501:
      return 'This Mattermost server has the feature turned off';
    default:
      return status >= 500 ? 'Mattermost failed to answer' : `Mattermost answered HTTP ${status}`;
  }
}

/**
 * Turns every failure into a tool result with `isError` that a model can act on: a clear message,
 * Mattermost's request id and the bridge's correlation id. No stack, no token, never a crash.
 */
export function errorMiddleware(metrics: BridgeMetrics): ToolMiddleware {
  return async (call, next) => {
    const { tool, ctx } = call;
    const ref = `correlation id ${ctx.correlationId}`;
    try {
      return await next(call);
    } catch (err) {
      if (err instanceof ToolError) {
        metrics.toolErrors.inc({ tool: tool.name, kind: 'tool' });
        ctx.log.info({ err: err.message }, 'tool refused the call');
        return errorResult(err.message);
      }
      if (err instanceof BridgeLimitError) {
        metrics.toolErrors.inc({ tool: tool.name, kind: 'limit' });
        ctx.log.warn({ limit: err.limit }, 'tool call hit a bridge limit');
        return errorResult(`${err.message} (${ref})`);
      }
      if (err instanceof UnauthorizedError) {
        metrics.toolErrors.inc({ tool: tool.name, kind: 'unauthorized' });
        return errorResult(`${err.message} (${ref})`);
      }
      if (err instanceof MattermostError) {
        metrics.toolErrors.inc({ tool: tool.name, kind: 'mattermost' });
        ctx.log.warn(
          {
            status: err.status,
            server_error_id: err.serverErrorId,
            mattermost_request_id: err.requestId,
          },
          'Mattermost refused a tool call',
        );
        const ids = [err.requestId ? `Mattermost request id ${err.requestId}` : '', ref]
          .filter(Boolean)
          .join(', ');
        const wait =
          err.retryAfterMs !== undefined
            ? ` Retry after ${Math.ceil(err.retryAfterMs / 1000)} s.`
            : '';
        const detail = `${scrubSecrets(err.message)}${wait}`;
        return errorResult(`${explainStatus(err.status)}: ${detail} (${ids})`);
      }
      metrics.toolErrors.inc({ tool: tool.name, kind: 'internal' });
      ctx.log.error({ err }, 'tool failed unexpectedly');
      return errorResult(
        `The bridge failed while running ${tool.name}. An admin can find the details under ${ref}.`,
      );
    }
  };
}
