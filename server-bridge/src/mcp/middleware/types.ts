import type { CallToolResult } from '@modelcontextprotocol/server';
import type { AnyTool, ToolContext } from '../../tools/define.js';

/** One tool call on its way through the middleware chain. Arguments are already schema-checked. */
export interface ToolCall {
  tool: AnyTool;
  args: Record<string, unknown>;
  ctx: ToolContext;
}

export type NextFn = (call: ToolCall) => Promise<CallToolResult>;

/**
 * A step around every tool call: it may change the call, refuse it, observe or change the result.
 * Each step lives in its own file; the registry composes them once per session.
 */
export type ToolMiddleware = (call: ToolCall, next: NextFn) => Promise<CallToolResult>;

/** `[a, b, c]` and a handler become `a(b(c(handler)))`: the first middleware is the outermost. */
export function composeMiddleware(middleware: readonly ToolMiddleware[], terminal: NextFn): NextFn {
  return middleware.reduceRight<NextFn>((next, step) => (call) => step(call, next), terminal);
}

/** The innermost step: run the handler and shape its answer for MCP. */
export const invokeHandler: NextFn = async ({ tool, args, ctx }) => {
  const output = await tool.handler(args, ctx);
  return {
    content: [{ type: 'text', text: output.text }, ...(output.content ?? [])],
    structuredContent: output.structured,
  };
};
