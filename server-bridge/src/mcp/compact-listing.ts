import type { McpServer, Tool } from '@modelcontextprotocol/server';

type ListHandler = (request: unknown, ctx: unknown) => Promise<{ tools: Tool[] }>;

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
  if (out.annotations?.title === out.title) {
    const { title: _repeated, ...hints } = out.annotations!;
    out.annotations = hints;
  }
  return out;
}

/**
 * tools/list is what every conversation pays for in tokens. This wraps the SDK's own handler and
 * removes two repeated fields from each tool (the `$schema` dialect URL of each schema, the title
 * copied into the annotations), about 25 tokens a tool, without changing what a client can do.
 */
export function compactToolListing(server: McpServer): void {
  const protocol = server.server as unknown as {
    _getRequestHandler(method: string): ListHandler | undefined;
  };
  const original = protocol._getRequestHandler('tools/list');
  if (!original) return;
  server.server.setRequestHandler('tools/list', async (request, ctx) => {
    const result = await original(request, ctx);
    return { ...result, tools: result.tools.map(compactTool) };
  });
}
