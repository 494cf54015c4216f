import * as React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { ComponentType, ReactNode } from 'react';

import { createClient } from '../../../src/client/client';
import { ClientProvider } from '../../../src/client/context';
import type { PluginConfiguration, PluginRegistry } from '../../../src/types/mattermost-webapp';
import { AIAccessPanel } from '../../../src/user-settings/ai-access/AIAccessPanel';
import { registerAIAccess, tabIconUrl } from '../../../src/user-settings/ai-access/register';
import { fakeFetch, mattermostError } from '../../support/fake-fetch';
import { recordingRegistry, noStore } from '../../support/registry';

describe('AI assistant access registration', () => {
  test('on servers with plugin user settings, adds a settings tab whose section is the panel', () => {
    const registry = recordingRegistry({ withUserSettings: true });
    registerAIAccess(registry, noStore);
    const [setting] = registry.userSettings as PluginConfiguration[];
    expect(setting).toMatchObject({ id: 'mattermost-mcp-bridge', uiName: 'AI assistant access' });
    // A path from the site root: Mattermost shows nothing else as an image.
    expect(setting?.icon).toBe('/plugins/mattermost-mcp-bridge/public/ai-access.svg');
    expect(setting?.sections).toEqual([
      { title: 'AI assistant access', component: AIAccessPanel, settings: [] },
    ]);
    expect(registry.mainMenuActions).toHaveLength(0);
    expect(registry.rootComponents).toHaveLength(0);
  });

  test('the icon path keeps the subpath the site is served from', () => {
    expect(tabIconUrl('/chat')).toBe('/chat/plugins/mattermost-mcp-bridge/public/ai-access.svg');
    expect(tabIconUrl('/chat/')).toBe('/chat/plugins/mattermost-mcp-bridge/public/ai-access.svg');
  });

  test('on older servers, a main menu item opens the panel in a dialog that closes on Escape', async () => {
    const registry = recordingRegistry({ withUserSettings: false });
    registerAIAccess(registry as PluginRegistry, noStore);
    expect(registry.mainMenuActions.map((a) => a.text)).toEqual(['AI assistant access']);
    const Root = registry.rootComponents[0] as ComponentType;

    // Every call fails quickly: this test is about the dialog, not the panel's content.
    const fake = fakeFetch({
      'GET /api/v4/users/me': () => mattermostError(401, 'x', 'Session expired.'),
    });
    const client = createClient({ siteUrl: 'https://chat.example.com', fetch: fake.fetch });
    const wrap = (children: ReactNode) => (
      <ClientProvider value={client}>{children}</ClientProvider>
    );
    render(wrap(<Root />));
    expect(screen.queryByRole('dialog')).toBeNull();

    act(() => registry.mainMenuActions[0]?.action());
    const dialog = await screen.findByRole('dialog', { name: 'AI assistant access' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close' }));
    await screen.findByText(/Could not load your account/, { selector: '[role="alert"]' });

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();

    act(() => registry.mainMenuActions[0]?.action());
    await screen.findByRole('dialog');
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
