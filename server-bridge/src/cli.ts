#!/usr/bin/env node
import { existsSync } from 'node:fs';
import nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';

// The built package runs the bridge from one file, dist/mcp-bridge.cjs (`scripts/bundle.mjs`):
// reading, resolving and compiling the bridge's and its packages' modules one by one was most of
// its start on Node 20. Sources compiled by tsc alone run ./main.js, after turning on Node's
// compile cache where there is one (Node 22+), before the modules load.
const bundle = fileURLToPath(new URL('./mcp-bridge.cjs', import.meta.url));
if (existsSync(bundle)) {
  const { compileCacheDirectory, loadBundle } = await import('./startup/bundle-loader.js');
  loadBundle(bundle, compileCacheDirectory());
} else {
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  await import('./main.js');
}
