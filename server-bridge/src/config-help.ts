import type { z } from 'zod';
import { configSchema } from './config.js';

/** The variables `mcp-bridge --help` documents, read from the configuration schema itself. */
export interface ConfigVariableHelp {
  name: string;
  description: string;
  defaultValue?: string;
  secret: boolean;
}

/** The documented variables, straight from the schema. */
export function describeConfig(): ConfigVariableHelp[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const meta = (schema.meta() ?? {}) as { description?: string; secret?: boolean };
    const def = (schema as z.ZodType)._zod.def as { type: string; defaultValue?: unknown };
    return {
      name,
      description: meta.description ?? '',
      defaultValue: def.type === 'default' ? String(def.defaultValue) : undefined,
      secret: meta.secret === true,
    };
  });
}

export function configHelpText(): string {
  const rows = describeConfig();
  const width = Math.max(...rows.map((row) => row.name.length));
  return rows
    .map((row) => {
      const extra = row.defaultValue !== undefined ? ` (default: ${row.defaultValue})` : '';
      return `  ${row.name.padEnd(width)}  ${row.description}${extra}${row.secret ? ' [secret]' : ''}`;
    })
    .join('\n');
}
