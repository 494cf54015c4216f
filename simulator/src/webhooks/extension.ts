import type { SimExtension } from '../extensions.js';
import { registerWebhookRoutes } from '../routes/webhooks.js';
import { startOutgoingWebhooks } from './dispatcher.js';
import { registerIncomingWebhookCalls } from './incoming.js';

/** Incoming and outgoing webhooks: management under /api/v4/hooks, calls at /hooks/{id}, and firing on new posts. */
export const webhooksExtension: SimExtension = {
  name: 'webhooks',
  routes(router, ctx) {
    registerWebhookRoutes(router, ctx);
    startOutgoingWebhooks(ctx);
  },
  rootRoutes: (router, ctx) => registerIncomingWebhookCalls(router, ctx),
};
