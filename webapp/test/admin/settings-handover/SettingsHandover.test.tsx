import * as React from 'react';
import { screen, waitFor } from '@testing-library/react';

import { SettingsHandover } from '../../../src/admin/settings-handover/SettingsHandover';
import { mattermostError } from '../../support/fake-fetch';
import { adminConfig, renderWithRoutes } from '../../support/render';

const BOT_ID = 'b'.repeat(26);
type SaveAction = () => Promise<{ error?: { message?: string } }>;

function routes(settings: Record<string, unknown>) {
  return {
    'GET /api/v4/config': () => ({ body: adminConfig(settings) }),
    'GET /api/v4/users/username/mcp-bridge': () => ({
      body: {
        id: BOT_ID,
        username: 'mcp-bridge',
        is_bot: true,
        roles: 'system_user',
        delete_at: 0,
      },
    }),
    [`GET /api/v4/users/${BOT_ID}/preferences/mcp_bridge_settings`]: () => ({ body: [] }),
    'GET /api/v4/teams/name/legal/channels/name/no-such-room': () =>
      mattermostError(404, 'app.channel.get_by_name.missing.app_error', 'Channel does not exist.'),
    [`PUT /api/v4/users/${BOT_ID}/preferences`]: () => ({ body: { status: 'OK' } }),
    [`POST /api/v4/users/${BOT_ID}/preferences/delete`]: () => ({ body: { status: 'OK' } }),
  };
}

function mount(settings: Record<string, unknown>) {
  const actions: SaveAction[] = [];
  const rendered = renderWithRoutes(
    <SettingsHandover
      registerSaveAction={(action) => actions.push(action)}
      unRegisterSaveAction={(action) => actions.splice(actions.indexOf(action), 1)}
    />,
    routes(settings),
  );
  return { ...rendered, actions };
}

describe('Settings for the bridge', () => {
  test('registers one save action, which hands the saved settings to the bot', async () => {
    const { actions, fake } = mount({ bridgeurl: 'https://mcp.example.com', readonly: true });
    await waitFor(() => expect(actions).toHaveLength(1));
    expect(await actions[0]!()).toEqual({});
    expect(fake.calls('PUT', `/api/v4/users/${BOT_ID}/preferences`)[0]?.body).toEqual([
      {
        user_id: BOT_ID,
        category: 'mcp_bridge_settings',
        name: 'bridgeurl',
        value: 'https://mcp.example.com',
      },
      { user_id: BOT_ID, category: 'mcp_bridge_settings', name: 'readonly', value: 'true' },
    ]);
    await screen.findByText('The bridge has the saved settings.');
  });

  test('an entry naming no channel fails the save with the entry named, and writes nothing', async () => {
    const { actions, fake } = mount({ channeldenylist: 'legal/no-such-room' });
    await waitFor(() => expect(actions).toHaveLength(1));
    const result = await actions[0]!();
    expect(result.error?.message).toContain('legal/no-such-room');
    expect((await screen.findByRole('alert')).textContent).toContain('legal/no-such-room');
    expect(fake.calls('PUT', `/api/v4/users/${BOT_ID}/preferences`)).toHaveLength(0);
  });

  test('hands each policy profile over as its own preference, channel names made ids, and removes stale ones', async () => {
    const channelId = 'c'.repeat(26);
    const actions: SaveAction[] = [];
    const profiles = [
      { name: 'readers', read_only: true, applies_to: { users: ['bob'] } },
      { name: 'no-hr', channel_deny: ['legal/hr'], applies_to: { oauth_clients: ['client-1'] } },
    ];
    const { fake } = renderWithRoutes(
      <SettingsHandover
        registerSaveAction={(action) => actions.push(action)}
        unRegisterSaveAction={(action) => actions.splice(actions.indexOf(action), 1)}
      />,
      {
        ...routes({ policyprofiles: JSON.stringify(profiles) }),
        'GET /api/v4/teams/name/legal/channels/name/hr': () => ({ body: { id: channelId } }),
        [`GET /api/v4/users/${BOT_ID}/preferences/mcp_bridge_settings`]: () => ({
          body: [
            {
              user_id: BOT_ID,
              category: 'mcp_bridge_settings',
              name: 'profile_3',
              value: JSON.stringify({ name: 'old-profile' }),
            },
          ],
        }),
      },
    );
    await waitFor(() => expect(actions).toHaveLength(1));
    expect(await actions[0]!()).toEqual({});
    const written = fake.calls('PUT', `/api/v4/users/${BOT_ID}/preferences`)[0]?.body as {
      name: string;
      value: string;
    }[];
    const handed = written.filter((p) => p.name.startsWith('profile_'));
    expect(handed.map((p) => [p.name, JSON.parse(p.value)])).toEqual([
      ['profile_1', profiles[0]],
      ['profile_2', { ...profiles[1], channel_deny: [channelId] }],
    ]);
    const deleted = fake.calls('POST', `/api/v4/users/${BOT_ID}/preferences/delete`)[0]?.body as {
      name: string;
    }[];
    expect(deleted.map((p) => p.name)).toContain('profile_3');
    // The panel lists the profiles the bot held when it was drawn.
    expect(await screen.findByText('old-profile')).toBeTruthy();
  });

  test('a profile that does not parse stops the hand-over', async () => {
    const { actions, fake } = mount({ policyprofiles: '[{"name": "a b"}]' });
    await waitFor(() => expect(actions).toHaveLength(1));
    expect((await actions[0]!()).error?.message).toMatch(/policy profiles cannot be handed over/);
    expect(fake.calls('PUT', `/api/v4/users/${BOT_ID}/preferences`)).toHaveLength(0);
  });

  test('unmounting unregisters the action', async () => {
    const { actions, unmount } = mount({});
    await waitFor(() => expect(actions).toHaveLength(1));
    unmount();
    expect(actions).toHaveLength(0);
  });
});
