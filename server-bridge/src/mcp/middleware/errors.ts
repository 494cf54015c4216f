import type { CallToolResult } from '@modelcontextprotocol/server';
import type { BridgeMetrics } from '../../observability/bridge-metrics.js';
import { classifyFailure, type FailureKind } from '../protocol-errors.js';
import type { ToolMiddleware } from './types.js';

function errorResult(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** The `kind` label of mcp_bridge_tool_errors_total for each kind of failure. */
const METRIC_KIND: Record<FailureKind, string> = {
  refused: 'tool',
  not_found: 'mattermost',
  mattermost: 'mattermost',
  limit: 'limit',
  unauthorized: 'unauthorized',
  internal: 'internal',
};

/**
 * Turns every failure into a tool result with `isError` that a model can act on: a clear message,
 * Mattermost's request id and the bridge's correlation id. No stack, no token, never a crash. The
 * classification is the one resources, prompts and completion use (`protocol-errors.ts`).
 */
export function errorMiddleware(metrics: BridgeMetrics): ToolMiddleware {
  return async (call, next) => {
    const { tool, ctx } = call;
    const ref = `correlation id ${ctx.correlationId}`;
    try {
      return await next(call);
    } catch (err) {
      const failure = classifyFailure(err);
      metrics.toolErrors.inc({ tool: tool.name, kind: METRIC_KIND[failure.kind] });
      switch (failure.kind) {
        case 'refused':
          ctx.log.info({ err: failure.message }, 'tool refused the call');
          return errorResult(failure.message);
        case 'limit':
        case 'unauthorized':
          if (failure.kind === 'limit')
            ctx.log.warn({ err: failure.message }, 'tool call hit a bridge limit');
          return errorResult(`${failure.message} (${ref})`);
        case 'not_found':
        case 'mattermost': {
          ctx.log.warn(
            { err: failure.message, mattermost_request_id: failure.requestId },
            'Mattermost refused a tool call',
          );
          const ids = [failure.requestId ? `Mattermost request id ${failure.requestId}` : '', ref]
            .filter(Boolean)
            .join(', ');
          return errorResult(`${failure.message} (${ids})`);
        }
        case 'internal':
          ctx.log.error({ err }, 'tool failed unexpectedly');
          return errorResult(
            `The bridge failed while running ${tool.name}. An admin can find the details under ${ref}.`,
          );
      }
    }
  };
}
