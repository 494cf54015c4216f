import type { AnyTool } from '../tools/define.js';
import { ADMIN_TOOLSET, ALL_PROFILE, PROFILES, SESSION_TOOLSET, TOOLSETS } from './toolsets.js';
import { ToolsetError } from '../errors.js';

/** What the server allows, whatever a session asks for. Comes from the policy and may change live. */
export interface ToolBounds {
  /** Toolsets assistants may use at all; every toolset when undefined. */
  allowedToolsets?: readonly string[];
  /** Only tools whose kind is `read`. */
  readOnly: boolean;
  /** Toolsets whose write and destructive tools are offered; all when undefined. */
  writeToolsets?: readonly string[];
}

/** Who the session is for, as far as filtering goes. */
export interface ToolAudience {
  isSystemAdmin: boolean;
}

/** Why a tool is out of a session's reach, or undefined when it is within. */
export type Exclusion =
  'not_selected' | 'toolset_not_allowed' | 'read_only' | 'write_not_allowed' | 'admin_only';

/**
 * The tool inventory and its builder. It applies, in this order (docs/tools.md repeats it):
 *
 *  1. selection: profiles and toolsets named by BRIDGE_TOOLSETS or `/mcp?toolsets=`, plus the
 *     toolsets the session enabled since;
 *  2. allowed toolsets: BRIDGE_ALLOWED_TOOLSETS and the plugin's Toolsets setting;
 *  3. read-only (BRIDGE_READ_ONLY or the plugin's ReadOnly), then BRIDGE_WRITE_TOOLSETS for the
 *     write and destructive tools;
 *  4. per user: the admin toolset only for system admins.
 *
 * A tool left out at any step is neither listed nor callable. Unknown names fail loudly.
 */
export class ToolCatalogue {
  private readonly byName = new Map<string, AnyTool>();
  /** Profiles by name in a Map: names come from clients, and `__proto__` must name nothing. */
  private readonly profiles: ReadonlyMap<string, readonly string[]>;
  readonly toolsets: readonly string[];

  constructor(
    readonly tools: readonly AnyTool[],
    profiles: Readonly<Record<string, readonly string[]>> = PROFILES,
  ) {
    this.profiles = new Map(Object.entries(profiles));
    for (const tool of tools) {
      if (this.byName.has(tool.name)) throw new Error(`Two tools are named ${tool.name}.`);
      this.byName.set(tool.name, tool);
    }
    this.toolsets = [...new Set([...Object.keys(TOOLSETS), ...tools.map((t) => t.toolset)])].sort();
  }

  get(name: string): AnyTool | undefined {
    return this.byName.get(name);
  }

  /** The tools of one profile, checked: a profile naming a tool that does not exist is a start-up error. */
  profileTools(profile: string): string[] {
    const names = this.profiles.get(profile);
    if (!names) throw new ToolsetError(`Unknown profile ${profile}.`);
    const unknown = names.filter((name) => !this.byName.has(name));
    if (unknown.length) {
      throw new ToolsetError(
        `Profile ${profile} names tool(s) that do not exist: ${unknown.join(', ')}. Fix PROFILES in src/mcp/toolsets.ts.`,
      );
    }
    return [...names];
  }

  /** Checks toolset names (for bounds such as BRIDGE_ALLOWED_TOOLSETS); `all` stands for every toolset. */
  checkToolsets(names: readonly string[], what: string): readonly string[] | undefined {
    if (names.includes(ALL_PROFILE)) return undefined;
    const unknown = names.filter((name) => !this.toolsets.includes(name));
    if (unknown.length) {
      throw new ToolsetError(
        `${what}: unknown toolset(s) ${unknown.join(', ')}. Known: ${this.toolsets.join(', ')}, or all.`,
      );
    }
    return names;
  }

  /**
   * What the allowed bound takes from a start selection: the toolsets it names outright that are
   * not allowed (a profile spanning toolsets is simply narrowed), and `nothingLeft` when no tool of
   * the selection survives (the session toolset, always kept, aside).
   */
  outsideBound(
    selection: readonly string[],
    allowed: readonly string[] | undefined,
  ): { toolsets: string[]; nothingLeft: boolean } {
    if (!allowed) return { toolsets: [], nothingLeft: false };
    const chosen = [...this.expand(selection, 'BRIDGE_TOOLSETS')]
      .map((name) => this.byName.get(name)!.toolset)
      .filter((toolset) => toolset !== SESSION_TOOLSET);
    const toolsets = selection.filter(
      (name) => this.toolsets.includes(name) && name !== SESSION_TOOLSET && !allowed.includes(name),
    );
    return { toolsets, nothingLeft: chosen.every((toolset) => !allowed.includes(toolset)) };
  }

  /**
   * Step 1: profile and toolset names to tool names. Unknown names are refused with the list of
   * known ones, never silently matching nothing.
   */
  expand(names: readonly string[], what = 'toolsets'): Set<string> {
    const selected = new Set<string>();
    const unknown: string[] = [];
    for (const name of names) {
      if (name === ALL_PROFILE) for (const tool of this.tools) selected.add(tool.name);
      else if (this.profiles.has(name))
        for (const tool of this.profileTools(name)) selected.add(tool);
      else if (this.toolsets.includes(name)) {
        for (const tool of this.tools) if (tool.toolset === name) selected.add(tool.name);
      } else unknown.push(name);
    }
    if (unknown.length) {
      const profiles = [ALL_PROFILE, ...this.profiles.keys()].join(', ');
      throw new ToolsetError(
        `${what}: unknown name(s) ${unknown.join(', ')}. Profiles: ${profiles}. Toolsets: ${this.toolsets.join(', ')}.`,
      );
    }
    return selected;
  }

  /** Steps 2 to 4 for one tool: why the server keeps it from this audience, if it does. */
  exclusion(tool: AnyTool, bounds: ToolBounds, audience: ToolAudience): Exclusion | undefined {
    const always = tool.toolset === SESSION_TOOLSET;
    if (!always && bounds.allowedToolsets && !bounds.allowedToolsets.includes(tool.toolset))
      return 'toolset_not_allowed';
    if (tool.kind !== 'read') {
      if (bounds.readOnly) return 'read_only';
      if (bounds.writeToolsets && !bounds.writeToolsets.includes(tool.toolset))
        return 'write_not_allowed';
    }
    if (tool.toolset === ADMIN_TOOLSET && !audience.isSystemAdmin) return 'admin_only';
    return undefined;
  }

  /** Steps 1 to 4: the tools a session sees, in catalogue order. */
  select(selected: ReadonlySet<string>, bounds: ToolBounds, audience: ToolAudience): AnyTool[] {
    return this.tools.filter(
      (tool) => selected.has(tool.name) && !this.exclusion(tool, bounds, audience),
    );
  }

  /** Toolsets this audience could still enable: allowed, and holding at least one tool it may use. */
  enableable(bounds: ToolBounds, audience: ToolAudience): string[] {
    return this.toolsets.filter(
      (toolset) =>
        toolset !== SESSION_TOOLSET &&
        this.tools.some(
          (tool) => tool.toolset === toolset && !this.exclusion(tool, bounds, audience),
        ),
    );
  }
}

/** The old one-shot filter, kept for callers that just need a list: toolsets, then read-only. */
export function filterTools(
  tools: readonly AnyTool[],
  settings: { readOnly: boolean; toolsets?: readonly string[] },
): AnyTool[] {
  const catalogue = new ToolCatalogue(tools, {});
  const selected = catalogue.expand(settings.toolsets ?? [ALL_PROFILE]);
  return catalogue.select(selected, { readOnly: settings.readOnly }, { isSystemAdmin: true });
}
