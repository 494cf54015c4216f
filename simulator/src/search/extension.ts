import type { SimExtension } from '../extensions.js';
import { registerSearchRoutes } from '../routes/search.js';

/** Post and file search with Mattermost's syntax. */
export const searchExtension: SimExtension = {
  name: 'search',
  routes: registerSearchRoutes,
};
