import * as React from 'react';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';

import { createClient } from '../../src/client/client';
import { ClientProvider } from '../../src/client/context';
import { fakeFetch, type Route } from './fake-fetch';

export const SITE = 'https://chat.example.com';
export const BRIDGE = 'https://mcp.example.com';

/** Renders `ui` with a client for SITE whose fetch answers from `routes`. */
export function renderWithRoutes(
  ui: ReactElement,
  routes: Record<string, Route>,
  csrf = 'csrf-123',
) {
  const fake = fakeFetch(routes);
  const client = createClient({
    siteUrl: SITE,
    fetch: fake.fetch,
    readCookie: (name) => (name === 'MMCSRF' ? csrf : undefined),
  });
  const result: RenderResult = render(<ClientProvider value={client}>{ui}</ClientProvider>);
  return { ...result, fake, client };
}

/** The System Console's `config` prop with this plugin's saved settings. */
export function adminConfig(settings: Record<string, unknown>, siteUrl = SITE) {
  return {
    ServiceSettings: { SiteURL: siteUrl },
    PluginSettings: { Plugins: { 'mattermost-mcp-bridge': settings } },
  };
}

export function healthy(overrides: Record<string, unknown> = {}) {
  return {
    status: 'ok',
    version: '0.1.0',
    sessions: 3,
    mattermost: { reachable: true, latency_ms: 12.4 },
    breaker: 'closed',
    websocket: 'connected',
    ...overrides,
  };
}
