import { z } from 'zod';
import type { AnyTool } from '../tools/define.js';
import { annotationsFor } from './annotations.js';
import { ALL_PROFILE, PROFILES, TOOLSET_NAMES, TOOLSETS } from './toolsets.js';

/** How to bring docs/tools.md up to date; the check test prints it when the file is stale. */
export const TOOLS_DOC_COMMAND = 'npm run docs:tools';

interface JsonProperty {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonProperty;
  anyOf?: JsonProperty[];
  default?: unknown;
  description?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

function typeOf(property: JsonProperty): string {
  if (property.enum) return property.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  if (property.anyOf) return property.anyOf.map(typeOf).join(' or ');
  if (property.type === 'array')
    return `array of ${property.items ? typeOf(property.items) : 'any'}`;
  if (Array.isArray(property.type)) return property.type.join(' or ');
  return property.type ?? 'any';
}

/** Table cells hold one line; pipes would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function argumentRows(tool: AnyTool): string[] {
  const schema = z.toJSONSchema(tool.input, { io: 'input' }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  const entries = Object.entries(schema.properties ?? {});
  if (!entries.length) return ['No arguments.'];
  const required = new Set(schema.required ?? []);
  return [
    '| argument | type | required | description |',
    '| --- | --- | --- | --- |',
    ...entries.map(([name, property]) => {
      const extra =
        property.default !== undefined ? ` Default: \`${JSON.stringify(property.default)}\`.` : '';
      return `| \`${name}\` | ${cell(typeOf(property))} | ${required.has(name) ? 'yes' : 'no'} | ${cell(
        (property.description ?? '') + extra,
      )} |`;
    }),
  ];
}

function hints(tool: AnyTool): string {
  const annotations = annotationsFor(tool);
  return (['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
    .filter((key) => annotations[key])
    .map((key) => `\`${key}\``)
    .join(', ');
}

/**
 * docs/tools.md, generated from the tool records themselves (name, title, toolset, kind, hints,
 * description, arguments), grouped by toolset in the order of TOOLSETS. Pure: the same tools give
 * the same text, so a test can tell when the checked-in file is stale.
 */
export function renderToolsDoc(tools: readonly AnyTool[]): string {
  const toolsets = TOOLSET_NAMES.filter((name) => tools.some((tool) => tool.toolset === name));
  const inProfile = (name: string) =>
    Object.entries(PROFILES)
      .filter(([, names]) => names.includes(name))
      .map(([profile]) => profile);
  const lines: string[] = [
    '# Tools',
    '',
    `<!-- Generated from the tool definitions by \`${TOOLS_DOC_COMMAND}\` (scripts/gen-tools-doc.mjs). Do not edit. -->`,
    '',
    `The bridge has ${tools.length} tools in ${toolsets.length} toolsets. Each tool's kind decides its MCP hints: ` +
      '`read` tools only read, `write` tools change what other people see, `destructive` ones cannot be undone ' +
      '(and ask the user to confirm through MCP elicitation where the client supports it).',
    '',
    '## Which tools a session sees',
    '',
    'The bridge applies, in this order:',
    '',
    `1. **Selection**: the profiles and toolsets of \`BRIDGE_TOOLSETS\` (default \`core\`), or of the client's own ` +
      '`/mcp?toolsets=...`, plus the toolsets the session added with `enable_toolset`.',
    "2. **Allowed toolsets**: `BRIDGE_ALLOWED_TOOLSETS` and the plugin's _Toolsets_ setting (both apply).",
    "3. **Read-only and write toolsets**: with `BRIDGE_READ_ONLY` or the plugin's _Read-only mode_ only `read` " +
      'tools remain; `BRIDGE_WRITE_TOOLSETS` keeps the write tools of the listed toolsets only.',
    '4. **Per user**: the `admin` toolset only for system admins (a `/mcp?toolsets=` naming it is refused for anyone else).',
    '',
    'A tool left out at any step is neither listed nor callable, also when a client calls it by name.',
    '',
    '## Profiles',
    '',
    `- \`${ALL_PROFILE}\`: every tool.`,
    ...Object.entries(PROFILES).map(
      ([profile, names]) => `- \`${profile}\`: ${names.map((name) => `\`${name}\``).join(', ')}.`,
    ),
    '',
    '## Toolsets',
    '',
    '| toolset | tools | what |',
    '| --- | --- | --- |',
    ...toolsets.map(
      (toolset) =>
        `| [\`${toolset}\`](#${toolset}) | ${tools.filter((tool) => tool.toolset === toolset).length} | ${cell(
          TOOLSETS[toolset],
        )} |`,
    ),
  ];
  for (const toolset of toolsets) {
    lines.push('', `## ${toolset}`, '');
    if (TOOLSETS[toolset]) lines.push(`${TOOLSETS[toolset]}.`, '');
    for (const tool of tools.filter((t) => t.toolset === toolset)) {
      const profiles = inProfile(tool.name);
      lines.push(
        `### \`${tool.name}\``,
        '',
        `**${tool.title}** · kind \`${tool.kind}\` · ${hints(tool) || 'no hints'}${
          profiles.length ? ` · in ${profiles.map((p) => `\`${p}\``).join(', ')}` : ''
        }`,
        '',
        tool.description,
        '',
        ...argumentRows(tool),
        '',
      );
    }
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
