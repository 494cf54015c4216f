import {
  ProtocolError,
  ProtocolErrorCode,
  type McpServer,
  type Tool,
  type ToolAnnotations,
} from '@modelcontextprotocol/server';

import { wrapRequestHandler } from './handler-wrap.js';

/** Drops what tells a model nothing: the JSON Schema dialect URL and a title repeated in the hints. */
function compactTool(tool: Tool): Tool {
  const out = { ...tool } as Tool & Record<string, unknown>;
  for (const key of ['inputSchema', 'outputSchema'] as const) {
    const schema = out[key] as Record<string, unknown> | undefined;
    if (schema && '$schema' in schema) {
      const { $schema: _dialect, ...rest } = schema;
      out[key] = rest as never;
    }
  }
  if (out.annotations) out.annotations = compactHints(out.annotations, out.title);
  return out;
}

/** MCP's defaults for the hints: a client reads a missing hint as this value. */
const HINT_DEFAULTS = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/**
 * Hints that say nothing a client would not assume: those equal to MCP's default, and, for a tool
 * that only reads, destructiveHint and idempotentHint (the specification gives them meaning only
 * for tools that write). Also the title, when it repeats the tool's own.
 */
function compactHints(annotations: ToolAnnotations, title: string | undefined): ToolAnnotations {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(annotations)) {
    if (key === 'title' && value === title) continue;
    if (key in HINT_DEFAULTS && HINT_DEFAULTS[key as keyof typeof HINT_DEFAULTS] === value)
      continue;
    if (
      annotations.readOnlyHint === true &&
      (key === 'destructiveHint' || key === 'idempotentHint')
    )
      continue;
    out[key] = value;
  }
  return out as ToolAnnotations;
}

/**
 * tools/list is what every conversation pays for in tokens. This wraps the SDK's own handler and
 * removes from each tool what a client learns nothing from (the `$schema` dialect URL of each
 * schema, the title copied into the annotations, hints equal to MCP's defaults), about 35 tokens a
 * tool, without changing what a client understands.
 */
export function compactToolListing(server: McpServer): void {
  wrapRequestHandler(server, 'tools/list', (original) => async (request, ctx) => {
    const result = (await original(request, ctx)) as { tools: Tool[] };
    return { ...result, tools: result.tools.map(compactTool) };
  });
}

/** MCP's longest tool name. A longer one names nothing, and its echo must not be kept anywhere. */
export const MAX_TOOL_NAME = 128;

/**
 * Lets the registry see every tools/call before the SDK answers it, so that a call of a tool the
 * session does not offer (which the SDK refuses) is still recorded. The SDK's answer is unchanged,
 * except for names longer than any tool's: those are refused without repeating them, since the
 * answer may be kept for resumable streams.
 */
export function watchUnavailableCalls(server: McpServer, observe: (name: string) => void): void {
  wrapRequestHandler(server, 'tools/call', (original) => async (request, ctx) => {
    const name = String((request as { params?: { name?: unknown } }).params?.name ?? '');
    observe(name);
    if (name.length > MAX_TOOL_NAME) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `No such tool: tool names are at most ${MAX_TOOL_NAME} characters.`,
      );
    }
    return original(request, ctx);
  });
}
