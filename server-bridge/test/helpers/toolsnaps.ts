import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the schema snapshots live: one key-sorted JSON file per tool. */
export const TOOLSNAPS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '__toolsnaps__');

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function snapshotText(tool: unknown): string {
  return `${JSON.stringify(sortKeys(tool), null, 2)}\n`;
}

/**
 * Compares a listed tool with its snapshot. `UPDATE_TOOLSNAPS=1` writes the snapshot instead; a
 * missing snapshot fails, so a new tool's schema is always reviewed once.
 */
export function checkToolSnapshot(name: string, tool: unknown): { ok: boolean; message: string } {
  const file = join(TOOLSNAPS_DIR, `${name}.snap.json`);
  const actual = snapshotText(tool);
  if (process.env.UPDATE_TOOLSNAPS === '1') {
    mkdirSync(TOOLSNAPS_DIR, { recursive: true });
    writeFileSync(file, actual);
    return { ok: true, message: `wrote ${file}` };
  }
  if (!existsSync(file)) {
    return {
      ok: false,
      message: `No snapshot for ${name}: run the tests with UPDATE_TOOLSNAPS=1 and review ${file}.`,
    };
  }
  const expected = readFileSync(file, 'utf8');
  if (expected === actual) return { ok: true, message: '' };
  return {
    ok: false,
    message: `The schema of ${name} changed. If that is intended, run with UPDATE_TOOLSNAPS=1 and review the diff of ${file}.\nexpected:\n${expected}\nactual:\n${actual}`,
  };
}
