// Lets the MCP conformance suite (@modelcontextprotocol/conformance) run on Node 20: it imports
// `globSync` from `fs`, which Node added in 22. On Node 20 its imports of `fs` resolve to
// `node20-fs.mjs`, which adds that one function; newer Node is left alone.
// Use: node --import ./node20.mjs node_modules/.bin/conformance ...
import fs from 'node:fs';
import { register } from 'node:module';

if (typeof fs.globSync !== 'function') {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
        const shim = ${JSON.stringify(new URL('./node20-fs.mjs', import.meta.url).href)};
        export async function resolve(specifier, context, next) {
          if ((specifier === 'fs' || specifier === 'node:fs') &&
              context.parentURL?.includes('/@modelcontextprotocol/conformance/'))
            return { url: shim, shortCircuit: true };
          return next(specifier, context);
        }`),
  );
}
