// The Mattermost page's Redux store, handed to the plugin at `initialize`. The plugin reads the
// signed-in user and the client configuration from it, and tells it about configuration changes it
// made over REST, as Mattermost's own actions do: the System Console saves the whole configuration
// it holds, so without that a later Save would write the old values back.
import type { Store } from './types/mattermost-webapp';

let store: Store | undefined;

export function setHostStore(next: Store): void {
  store = next;
}

export function hostStore(): Store | undefined {
  return store;
}

/** Mattermost's action for a configuration just read or saved (`AdminTypes.RECEIVED_CONFIG`). */
export const RECEIVED_CONFIG = 'RECEIVED_CONFIG';

export function announceConfig(config: unknown): void {
  store?.dispatch({ type: RECEIVED_CONFIG, data: config });
}
