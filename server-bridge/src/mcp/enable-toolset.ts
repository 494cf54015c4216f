import { z } from 'zod';
import { defineTool, type AnyTool } from '../tools/define.js';
import { SESSION_TOOLSET, TOOLSET_NAMES, TOOLSETS, type Toolset } from './toolsets.js';
import { ToolError } from '../errors.js';

export const ENABLE_TOOLSET = 'enable_toolset';

const toolsetNames = TOOLSET_NAMES.filter((name) => name !== SESSION_TOOLSET) as [
  Toolset,
  ...Toolset[],
];

/** What a session does when its assistant asks for a toolset; bound per session by the registry. */
export interface ToolsetEnabler {
  /** Adds the toolset's tools the session may use; returns their names (empty when none were new). */
  enable(toolset: string): Promise<{ added: string[]; allowed: string[] }>;
}

const output = z.object({ toolset: z.string(), added: z.array(z.string()) });

/**
 * The catalogue's record of `enable_toolset`. It is thin on purpose: it only widens the session's
 * selection; the registry re-applies the same filters (allowed toolsets, read-only, per user) and
 * tells the client with `notifications/tools/list_changed`. The handler here is never called: the
 * registry binds `boundEnableToolset` to each session.
 */
export const enableToolset = defineTool({
  name: ENABLE_TOOLSET,
  title: 'Enable a toolset',
  description:
    'Adds more tools to this session: ' +
    toolsetNames
      .map((name) => `${name} (${TOOLSETS[name]}${name === 'admin' ? ', system admins only' : ''})`)
      .join(', ') +
    '.',
  toolset: SESSION_TOOLSET,
  kind: 'read',
  input: z.object({ toolset: z.enum(toolsetNames).describe('The toolset to add.') }),
  output,
  async handler() {
    throw new Error('enable_toolset is bound to a session by the registry.');
  },
});

export function boundEnableToolset(enabler: ToolsetEnabler): AnyTool {
  return {
    ...enableToolset,
    async handler({ toolset }: { toolset: string }) {
      const { added, allowed } = await enabler.enable(toolset);
      if (!allowed.includes(toolset)) {
        throw new ToolError(
          `The toolset ${toolset} is not available here. Available: ${allowed.join(', ') || 'none'}.`,
        );
      }
      return {
        text: added.length
          ? `Enabled ${toolset}: ${added.join(', ')}.`
          : `The ${toolset} tools are already enabled.`,
        structured: { toolset, added },
      };
    },
  };
}
