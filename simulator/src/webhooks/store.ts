import type { Store } from '../store/store.js';
import type { IncomingWebhook, OutgoingWebhook } from './types.js';

/** The webhooks of one simulator, kept beside its store so that they survive a restart as all data does. */
export interface WebhookStore {
  incoming: Map<string, IncomingWebhook>;
  outgoing: Map<string, OutgoingWebhook>;
}

const stores = new WeakMap<Store, WebhookStore>();

export function webhooksOf(store: Store): WebhookStore {
  let hooks = stores.get(store);
  if (!hooks) stores.set(store, (hooks = { incoming: new Map(), outgoing: new Map() }));
  return hooks;
}
