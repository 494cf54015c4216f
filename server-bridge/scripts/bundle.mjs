#!/usr/bin/env node
// Bundles the bridge's command line (src/main.ts) into one file, dist/mcp-bridge.cjs, which the
// executable dist/cli.js runs (`src/startup/bundle-loader.ts`): on Node 20, reading, resolving and
// compiling some 600 modules one by one was most of the bridge's start. Runs after `tsc`, which still
// emits every module, for the library entry (dist/index.js) and its types.
//
// CommonJS, because `require` reads and compiles a file at once where Node 20's ESM loader decodes it
// through a TextDecoder first; whitespace minified, which drops the comments (some not ASCII: a text
// with one non-ASCII character is held as UTF-16, read and compiled more slowly); names kept, so that
// stack traces name functions; a source map beside it (`--enable-source-maps` maps the traces).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(workspace, 'dist/mcp-bridge.cjs');

await build({
  absWorkingDir: workspace,
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minifyWhitespace: true,
  charset: 'ascii',
  // pino starts its transports (pino-pretty) as workers from files beside its own modules.
  external: ['pino', 'pino-pretty'],
  // Modules that find files beside themselves (package.json) do it from their URL: the bundle's.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});

// The loader decodes the bundle as latin1 (fast, and exact for ASCII).
const bytes = readFileSync(outfile);
const wide = bytes.findIndex((byte) => byte > 0x7f);
if (wide !== -1) throw new Error(`${outfile}: a byte beyond ASCII at offset ${wide}`);

chmodSync(join(workspace, 'dist/cli.js'), 0o755);
