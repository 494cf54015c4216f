#!/usr/bin/env node
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The built package runs the bridge from one file, dist/mcp-bridge.cjs (`scripts/bundle.mjs`):
// reading, resolving and compiling the bridge's and its packages' modules one by one was most of
// its start on Node 20. Sources compiled by tsc alone (no bundle, or one older than they are) run
// ./main.js, after turning on Node's compile cache where there is one (Node 22+).
const bundle = fileURLToPath(new URL('./mcp-bridge.cjs', import.meta.url));
const modules = fileURLToPath(new URL('./main.js', import.meta.url));
const { compileCacheDirectory, enableNodeCompileCache, loadBundle, privateDirectory } =
  await import('./startup/bundle-loader.js');
if (existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(modules).mtimeMs) {
  loadBundle(bundle, compileCacheDirectory());
} else {
  const directory = compileCacheDirectory();
  enableNodeCompileCache(directory ? privateDirectory(directory) : undefined);
  await import('./main.js');
}
