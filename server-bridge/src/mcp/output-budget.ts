import type { McpServer } from '@modelcontextprotocol/server';
import { clip } from '../format/text.js';
import { wrapRequestHandler } from './handler-wrap.js';

/** Room left for the cut marker, so what is sent stays within the budget. */
const MARKER_ROOM = 60;

function fitText<T>(block: T, budget: { left: number }): T {
  const item = block as { type?: string; text?: unknown };
  if (typeof item.text !== 'string') return block;
  const max = Math.max(0, budget.left);
  const text =
    item.text.length <= max ? item.text : clip(item.text, Math.max(0, max - MARKER_ROOM));
  budget.left -= text.length;
  return text === item.text ? block : ({ ...item, text } as T);
}

/**
 * One output budget (BRIDGE_MAX_OUTPUT_CHARS) for everything a session's server answers with text:
 * tool results, resource contents and prompt messages, all texts of one answer together. Tools
 * and readers fit their output themselves (cutting at whole lines, with a cursor); this is the
 * backstop at the server's own handlers, so no handler that forgets can send more. Call once the
 * tools, resources and prompts are registered; binary contents (blobs, images) are left alone.
 */
export function enforceOutputBudget(server: McpServer, maxChars: number): void {
  const wrap = (method: string, fit: (result: Record<string, unknown>) => void) =>
    wrapRequestHandler(server, method, (original) => async (request, ctx) => {
      const result = { ...(await original(request, ctx)) } as Record<string, unknown>;
      fit(result);
      return result;
    });
  wrap('tools/call', (result) => {
    const budget = { left: maxChars };
    if (Array.isArray(result.content))
      result.content = result.content.map((b) => fitText(b, budget));
  });
  wrap('resources/read', (result) => {
    const budget = { left: maxChars };
    if (Array.isArray(result.contents))
      result.contents = result.contents.map((c) => fitText(c, budget));
  });
  wrap('prompts/get', (result) => {
    const budget = { left: maxChars };
    if (Array.isArray(result.messages))
      result.messages = result.messages.map((m: { content?: unknown }) =>
        m.content ? { ...m, content: fitText(m.content, budget) } : m,
      );
  });
}
