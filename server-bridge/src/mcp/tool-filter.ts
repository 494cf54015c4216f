import type { AnyTool } from '../tools/define.js';

export interface ToolFilterSettings {
  /** Only tools whose kind is `read`. */
  readOnly: boolean;
  /** Only tools of these toolsets; every toolset when undefined. */
  toolsets?: readonly string[];
}

/**
 * The tools a session may see, in a fixed order: toolsets first, then read-only. Unknown toolset
 * names are refused at start-up rather than silently matching nothing.
 */
export function filterTools(tools: readonly AnyTool[], settings: ToolFilterSettings): AnyTool[] {
  const known = new Set(tools.map((tool) => tool.toolset));
  const unknown = (settings.toolsets ?? []).filter((name) => !known.has(name));
  if (unknown.length) {
    throw new Error(
      `Unknown toolset(s): ${unknown.join(', ')}. Known: ${[...known].sort().join(', ')}.`,
    );
  }
  return tools.filter(
    (tool) =>
      (!settings.toolsets || settings.toolsets.includes(tool.toolset)) &&
      (!settings.readOnly || tool.kind === 'read'),
  );
}
