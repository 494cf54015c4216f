import type { CallToolResult } from '@modelcontextprotocol/server';
import { pino } from 'pino';
import { z } from 'zod';
import { concurrencyMiddleware } from '../../src/mcp/middleware/concurrency.js';
import { correlationMiddleware } from '../../src/mcp/middleware/correlation.js';
import { errorMiddleware } from '../../src/mcp/middleware/errors.js';
import { metricsMiddleware } from '../../src/mcp/middleware/metrics.js';
import {
  composeMiddleware,
  invokeHandler,
  type ToolCall,
  type ToolMiddleware,
} from '../../src/mcp/middleware/types.js';
import { createBridgeMetrics } from '../../src/observability/bridge-metrics.js';
import { currentContext } from '../../src/observability/context.js';
import { createMetricsRegistry } from '../../src/observability/metrics.js';
import { defineTool, type AnyTool, type ToolContext } from '../../src/tools/define.js';
import { BridgeLimitError, MattermostError, ToolError } from '../../src/errors.js';

const silent = pino({ level: 'silent' });

function toolThat(handler: () => Promise<{ text: string; structured: { ok: boolean } }>): AnyTool {
  return defineTool({
    name: 'probe',
    title: 'Probe',
    description: 'A tool used to exercise the middleware chain in these tests.',
    toolset: 'posts',
    kind: 'read',
    input: z.object({}),
    output: z.object({ ok: z.boolean() }),
    handler,
  });
}

function call(tool: AnyTool): ToolCall {
  const ctx = {
    user: { id: 'user-1', username: 'alice', roles: 'system_user', isSystemAdmin: false },
    mm: {} as ToolContext['mm'],
    log: silent,
    signal: new AbortController().signal,
    settings: { mattermostUrl: 'http://mm.test', maxOutputChars: 1000 },
    correlationId: '',
  };
  return { tool, args: {}, ctx };
}

function chain(extra: ToolMiddleware[] = []) {
  const metrics = createBridgeMetrics(createMetricsRegistry());
  const composed = composeMiddleware(
    [correlationMiddleware, metricsMiddleware(metrics), errorMiddleware(metrics), ...extra],
    invokeHandler,
  );
  // No step of this chain asks the user: every answer is a result.
  const run = async (c: ToolCall) => (await composed(c)) as CallToolResult;
  return { run, metrics };
}

describe('the tool middleware chain', () => {
  it('runs steps outermost first', async () => {
    const order: string[] = [];
    const step =
      (name: string): ToolMiddleware =>
      async (c, next) => {
        order.push(`${name}>`);
        const result = await next(c);
        order.push(`<${name}`);
        return result;
      };
    const run = composeMiddleware([step('a'), step('b')], async () => {
      order.push('handler');
      return { content: [] };
    });
    await run(call(toolThat(async () => ({ text: '', structured: { ok: true } }))));
    expect(order).toEqual(['a>', 'b>', 'handler', '<b', '<a']);
  });

  it('gives the handler a correlation id in its async context and shapes the result', async () => {
    let seen: string | undefined;
    const { run, metrics } = chain();
    const result = await run(
      call(
        toolThat(async () => {
          seen = currentContext()?.correlationId;
          return { text: 'fine', structured: { ok: true } };
        }),
      ),
    );
    expect(seen).toMatch(/^[0-9a-f-]{36}$/);
    expect(result).toEqual({
      content: [{ type: 'text', text: 'fine' }],
      structuredContent: { ok: true },
    });
    expect(await metrics.registry.getSingleMetricAsString('mcp_bridge_tool_calls_total')).toContain(
      'tool="probe",outcome="ok"} 1',
    );
  });

  it('maps a Mattermost error to a tool error with both ids and no stack', async () => {
    const { run } = chain();
    const result = await run(
      call(
        toolThat(async () => {
          throw new MattermostError(
            'Unable to find the channel.',
            404,
            'app.channel.missing',
            'reqid123',
          );
        }),
      ),
    );
    expect(result.isError).toBe(true);
    const text = (result.content[0] as { text: string }).text;
    expect(text).toContain('Not found in Mattermost');
    expect(text).toContain('Unable to find the channel.');
    expect(text).toContain('Mattermost request id reqid123');
    expect(text).toMatch(/correlation id [0-9a-f-]{36}/);
    expect(text).not.toContain('at ');
  });

  it('passes tool errors through as they are, and hides unexpected failures', async () => {
    const { run, metrics } = chain();
    const refused = await run(
      call(toolThat(async () => Promise.reject(new ToolError('No channel ~x.')))),
    );
    expect(refused).toEqual({ content: [{ type: 'text', text: 'No channel ~x.' }], isError: true });
    const crashed = await run(
      call(toolThat(async () => Promise.reject(new TypeError('secret internals')))),
    );
    const text = (crashed.content[0] as { text: string }).text;
    expect(crashed.isError).toBe(true);
    expect(text).not.toContain('secret internals');
    expect(text).toContain('correlation id');
    expect(
      await metrics.registry.getSingleMetricAsString('mcp_bridge_tool_errors_total'),
    ).toContain('kind="internal"');
  });

  it('refuses calls over the per-user concurrency limit with a clear message', async () => {
    const { run } = chain([concurrencyMiddleware(1)]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = toolThat(async () => {
      await gate;
      return { text: 'done', structured: { ok: true } };
    });
    const first = run(call(slow));
    const second = await run(call(slow));
    expect(second.isError).toBe(true);
    expect((second.content[0] as { text: string }).text).toContain('at most 1 per user');
    release();
    expect((await first).isError).toBeUndefined();
    expect((await run(call(slow))).isError).toBeUndefined();
  });

  it('reports bridge limits as tool errors', async () => {
    const { run } = chain();
    const result = await run(
      call(
        toolThat(async () =>
          Promise.reject(new BridgeLimitError('Rate limit reached.', 'rate_limit_user')),
        ),
      ),
    );
    expect(result.isError).toBe(true);
    expect((result.content[0] as { text: string }).text).toContain('Rate limit reached.');
  });
});
