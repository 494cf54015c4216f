import { createApp } from '../../src/app.js';
import type { SimContext } from '../../src/context.js';
import { extensions } from '../../src/plugins.js';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[]; segments?: ReadonlyMap<string, { stack: Layer[] }> };
  match(path: string): boolean;
}

/** Every route the simulator serves, as `METHOD /path/:param`, read from a freshly built app. */
export function implementedRoutes(ctx: SimContext): string[] {
  const app = createApp(ctx, extensions) as unknown as { router: { stack: Layer[] } };
  const out: string[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const m of Object.keys(layer.route.methods))
          out.push(`${m.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle?.segments) {
        // The API's routes are grouped in one router per first path segment.
        for (const router of layer.handle.segments.values()) walk(router.stack, prefix);
      } else if (layer.handle?.stack) {
        // The API router is the one mounted at /api/v4.
        const api = layer.match('/api/v4/probe') && !layer.match('/probe');
        walk(layer.handle.stack, api ? '/api/v4' : prefix);
      }
    }
  };
  walk(app.router.stack, '');
  return [...new Set(out)];
}
