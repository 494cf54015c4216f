import { isInputRequiredResult } from '@modelcontextprotocol/server';
import type { BridgeMetrics } from '../../observability/bridge-metrics.js';
import type { ToolMiddleware } from './types.js';

/** Counts calls and their outcome, and times them, per tool. */
export function metricsMiddleware(metrics: BridgeMetrics): ToolMiddleware {
  return async (call, next) => {
    const stop = metrics.toolDuration.startTimer({ tool: call.tool.name });
    try {
      const result = await next(call);
      const outcome = isInputRequiredResult(result)
        ? 'input_required'
        : result.isError
          ? 'error'
          : 'ok';
      metrics.toolCalls.inc({ tool: call.tool.name, outcome });
      return result;
    } catch (err) {
      metrics.toolCalls.inc({ tool: call.tool.name, outcome: 'error' });
      throw err;
    } finally {
      stop();
    }
  };
}
