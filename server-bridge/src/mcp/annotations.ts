import type { ToolAnnotations } from '@modelcontextprotocol/server';
import type { AnyTool, ToolKind } from '../tools/define.js';

/**
 * The one place where a tool's kind becomes its MCP hints. Reads stay inside the user's own
 * workspace; writes are seen by other people (open world); destructive ones cannot be undone.
 */
const HINTS: Record<ToolKind, Omit<ToolAnnotations, 'title'>> = {
  read: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  write: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
  destructive: {
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  },
};

export function annotationsFor(tool: Pick<AnyTool, 'kind' | 'title'>): ToolAnnotations {
  return { title: tool.title, ...HINTS[tool.kind] };
}
