import * as React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import { Provisioning } from '../../../src/admin/provisioning/Provisioning';
import type { MattermostUser } from '../../../src/bridge/bot';
import { mattermostError, type Route } from '../../support/fake-fetch';
import { adminConfig, BRIDGE, renderWithRoutes, SITE } from '../../support/render';
import { copyText, findCopyText, pageShows } from '../../support/copy-text';

const BOT_ID = 'b'.repeat(26);
const TOKEN = 'x'.repeat(26);

const config = adminConfig({ bridgeurl: BRIDGE });

/** Mattermost's answers for the bot account, holding the state the calls change. */
function botRoutes(initial?: Partial<MattermostUser>, options: { botCreation?: boolean } = {}) {
  let bot: MattermostUser | undefined = initial
    ? {
        id: BOT_ID,
        username: 'mcp-bridge',
        roles: 'system_user',
        delete_at: 0,
        is_bot: true,
        ...initial,
      }
    : undefined;
  const routes: Record<string, Route> = {
    'GET /api/v4/users/username/mcp-bridge': () =>
      bot
        ? { body: bot }
        : mattermostError(404, 'app.user.missing_account.const', 'Unable to find the user.'),
    'POST /api/v4/bots': (req) => {
      if (options.botCreation === false)
        return mattermostError(403, 'api.bot.create_disabled', 'Bot creation has been disabled.');
      const { username } = req.body as { username: string };
      bot = { id: BOT_ID, username, roles: 'system_user', delete_at: 0, is_bot: true };
      return { status: 201, body: { user_id: BOT_ID, username } };
    },
    [`POST /api/v4/bots/${BOT_ID}/enable`]: () => {
      if (bot) bot.delete_at = 0;
      return { body: { user_id: BOT_ID } };
    },
    [`PUT /api/v4/users/${BOT_ID}/roles`]: (req) => {
      if (bot) bot.roles = (req.body as { roles: string }).roles;
      return { body: { status: 'OK' } };
    },
    // The saved settings, handed to a bot as soon as it is created.
    'GET /api/v4/config': () => ({ body: config }),
    [`GET /api/v4/users/${BOT_ID}/preferences/mcp_bridge_settings`]: () => ({ body: [] }),
    [`PUT /api/v4/users/${BOT_ID}/preferences`]: () => ({ body: { status: 'OK' } }),
    [`POST /api/v4/users/${BOT_ID}/preferences/delete`]: () => ({ body: { status: 'OK' } }),
    [`POST /api/v4/users/${BOT_ID}/tokens`]: (req) => ({
      body: {
        id: 't'.repeat(26),
        token: TOKEN,
        user_id: BOT_ID,
        description: (req.body as { description: string }).description,
      },
    }),
  };
  return routes;
}

/** Matches the element whose whole text, child elements included, is `text`. */
function textOf(text: string) {
  return (_content: string, element: Element | null) =>
    element?.textContent === text &&
    [...element.children].every((child) => child.textContent !== text);
}

describe('Bridge provisioning setting', () => {
  test('creates an ordinary bot, says what it may do, and shows its environment once', async () => {
    const { fake } = renderWithRoutes(<Provisioning config={config} />, botRoutes());

    fireEvent.click(
      await screen.findByRole('button', { name: 'Create the mcp-bridge bot account' }),
    );
    await screen.findByText(textOf('Step 1. Bot account mcp-bridge: ready.'));
    expect(fake.calls('POST', '/api/v4/bots')[0]?.body).toMatchObject({ username: 'mcp-bridge' });
    // The new bot gets the saved settings at once.
    await waitFor(() =>
      expect(fake.calls('PUT', `/api/v4/users/${BOT_ID}/preferences`)[0]?.body).toEqual([
        {
          user_id: BOT_ID,
          category: 'mcp_bridge_settings',
          name: 'bridgeurl',
          value: BRIDGE,
        },
      ]),
    );
    // No role is granted: the list says exactly what the bridge does with the bot.
    expect(fake.calls('PUT', `/api/v4/users/${BOT_ID}/roles`)).toHaveLength(0);
    const rights = screen.getByRole('list', { name: 'What the bridge does with its bot account' });
    expect(rights.textContent).toContain('reads its own preferences');
    expect(screen.getByText('system_user')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /system admin/i })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Create a bridge token' }));
    const environment = await findCopyText('bridge environment');
    expect(environment).toBe(
      [
        `MATTERMOST_URL=${SITE}`,
        `MATTERMOST_BOT_TOKEN=${TOKEN}`,
        `BRIDGE_PUBLIC_URL=${BRIDGE}`,
      ].join('\n'),
    );
    expect(screen.getByText(/shown only once/)).toBeTruthy();
    const tokenRequest = fake.calls('POST', `/api/v4/users/${BOT_ID}/tokens`)[0];
    expect((tokenRequest?.body as { description: string }).description).toMatch(
      /^MCP bridge service token \d{4}-\d{2}-\d{2}$/,
    );

    // Every write carried the CSRF token and the webapp's header.
    for (const write of fake.requests.filter((r) => r.method !== 'GET')) {
      expect(write.headers['X-CSRF-Token']).toBe('csrf-123');
      expect(write.headers['X-Requested-With']).toBe('XMLHttpRequest');
    }

    expect(pageShows(TOKEN)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Done, hide the token' }));
    expect(pageShows(TOKEN)).toBe(false);
  });

  test('copies the environment lines to the clipboard', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    renderWithRoutes(<Provisioning config={config} />, botRoutes({}));
    fireEvent.click(await screen.findByRole('button', { name: 'Create a bridge token' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Copy bridge environment' }));
    expect(await screen.findByText('Copied.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(
      expect.stringContaining(`MATTERMOST_BOT_TOKEN=${TOKEN}`),
    );
  });

  test('offers to make a bot an older set-up left a system admin an ordinary bot again', async () => {
    const { fake } = renderWithRoutes(
      <Provisioning config={adminConfig({ bridgeurl: BRIDGE }, 'https://public.example.com/')} />,
      botRoutes({ roles: 'system_user system_admin' }),
    );
    expect(await screen.findByText(/holds the System Admin role/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Make mcp-bridge an ordinary bot again' }));
    await waitFor(() => expect(screen.queryByText(/holds the System Admin role/)).toBeNull());
    expect(fake.calls('PUT', `/api/v4/users/${BOT_ID}/roles`)[0]?.body).toEqual({
      roles: 'system_user',
    });
    // The public site URL comes from the config.
    fireEvent.click(screen.getByRole('button', { name: 'Create a bridge token' }));
    const environment = await findCopyText('bridge environment');
    expect(environment?.split('\n')[0]).toBe('MATTERMOST_URL=https://public.example.com');
  });

  test('explains how to turn on bot accounts when Mattermost refuses to create one', async () => {
    renderWithRoutes(
      <Provisioning config={config} />,
      botRoutes(undefined, { botCreation: false }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Create the mcp-bridge bot account' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Bot creation has been disabled. (HTTP 403).');
    expect(alert.textContent).toContain('System Console > Integrations > Bot Accounts');
  });

  test('offers to enable a disabled bot', async () => {
    const { fake } = renderWithRoutes(
      <Provisioning config={config} />,
      botRoutes({ delete_at: 1700000000000 }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Enable the mcp-bridge bot account' }),
    );
    await screen.findByText(textOf('Step 1. Bot account mcp-bridge: ready.'));
    expect(fake.calls('POST', `/api/v4/bots/${BOT_ID}/enable`)).toHaveLength(1);
  });

  test('refuses to provision a regular user who holds the username', async () => {
    renderWithRoutes(<Provisioning config={config} />, botRoutes({ is_bot: false }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'A regular user already holds the username',
    );
    expect(screen.queryByRole('button', { name: 'Create a bridge token' })).toBeNull();
  });

  test('leaves BRIDGE_PUBLIC_URL to fill in when no Bridge URL is saved', async () => {
    renderWithRoutes(<Provisioning config={adminConfig({})} />, botRoutes({}));
    fireEvent.click(await screen.findByRole('button', { name: 'Create a bridge token' }));
    // The group is named by its heading, as the e2e test will find it.
    const group = await screen.findByRole('group', { name: 'bridge environment' });
    expect((within(group).getByRole('textbox') as HTMLTextAreaElement).value).toContain(
      '# BRIDGE_PUBLIC_URL=',
    );
    expect(copyText('bridge environment')).toContain('# BRIDGE_PUBLIC_URL=');
    expect(
      screen.getByText('Save the Bridge URL setting to fill in BRIDGE_PUBLIC_URL.'),
    ).toBeTruthy();
  });

  test('says so when the bot cannot be looked up', async () => {
    renderWithRoutes(<Provisioning config={config} />, {
      'GET /api/v4/users/username/mcp-bridge': () =>
        mattermostError(500, 'app.x', 'Database unavailable.'),
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Could not look up the mcp-bridge account: Database unavailable. (HTTP 500).',
    );
  });
});
