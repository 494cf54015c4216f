// Components reach the client through React context: in Mattermost the default client (the page's
// site, the session cookie); elsewhere whatever client the caller provides.
import { createContext, useContext } from 'react';

import { createClient, type Client } from './client';
import { pageSiteUrl } from './site-url';

let pageClient: Client | undefined;

/** The client for the Mattermost page the plugin runs in, created on first use. */
export function defaultClient(): Client {
  pageClient ??= createClient({ siteUrl: pageSiteUrl() });
  return pageClient;
}

const ClientContext = createContext<Client | undefined>(undefined);

export const ClientProvider = ClientContext.Provider;

export function useClient(): Client {
  return useContext(ClientContext) ?? defaultClient();
}
