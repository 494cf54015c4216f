#!/usr/bin/env node
// `npm run docs:tools`: writes docs/tools.md from the built bridge's tool definitions.
import { existsSync, writeFileSync } from 'node:fs';

const dist = new URL('../server-bridge/dist/', import.meta.url);
if (!existsSync(new URL('mcp/tools-doc.js', dist))) {
  console.error(
    'The bridge is not built: run `npx tsc -p server-bridge/tsconfig.build.json` first.',
  );
  process.exit(1);
}
const { catalogueTools } = await import(new URL('bridge.js', dist).href);
const { renderToolsDoc } = await import(new URL('mcp/tools-doc.js', dist).href);
const out = new URL('../docs/tools.md', import.meta.url);
const tools = catalogueTools();
writeFileSync(out, renderToolsDoc(tools));
console.log(`docs/tools.md: ${tools.length} tools`);
