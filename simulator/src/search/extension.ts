import type { SimExtension } from '../extensions.js';
import { searchRoutes } from '../routes/search.js';

/** Post and file search with Mattermost's syntax. */
export const searchExtension: SimExtension = {
  name: 'search',
  routes: (router, ctx) => void router.use(searchRoutes(ctx)),
};
