import * as React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';

import { setHostStore } from '../../../src/host-store';
import { AIAccessPanel } from '../../../src/user-settings/ai-access/AIAccessPanel';
import {
  mattermostError,
  UNREACHABLE,
  type FakeAnswer,
  type Route,
} from '../../support/fake-fetch';
import { BRIDGE, healthy, renderWithRoutes } from '../../support/render';
import { copyText, findCopyText, pageShows } from '../../support/copy-text';

const ME = 'u'.repeat(26);
const NEW_TOKEN = 'n'.repeat(26);

interface Token {
  id: string;
  user_id: string;
  description: string;
  is_active: boolean;
}

/** Mattermost and the bridge as a regular user sees them; `tokens` is the user's token list. */
function world(
  options: {
    botProps?: Record<string, string> | null;
    create?: FakeAnswer;
    list?: FakeAnswer;
    oauth?: boolean;
  } = {},
) {
  const assistants = [
    {
      user_id: ME,
      category: 'mcp_bridge_assistants',
      name: 'g'.repeat(32),
      value: JSON.stringify({
        client_name: 'Claude',
        redirect_host: 'claude.ai',
        scope: 'read',
        created_at: Date.UTC(2026, 0, 7),
      }),
    },
  ];
  const tokens: Token[] = [
    {
      id: 'a'.repeat(26),
      user_id: ME,
      description: 'AI assistant access (Cursor) 2026-01-05',
      is_active: true,
    },
    { id: 'c'.repeat(26), user_id: ME, description: 'CLI scripts', is_active: true },
  ];
  const botProps =
    options.botProps === undefined
      ? { mcp_bridge_url: BRIDGE, mcp_bridge_version: '0.1.0' }
      : options.botProps;
  const routes: Record<string, Route> = {
    'GET /api/v4/users/username/mcp-bridge': () =>
      botProps === null
        ? mattermostError(404, 'app.user.missing_account.const', 'Unable to find the user.')
        : {
            body: {
              id: 'b'.repeat(26),
              username: 'mcp-bridge',
              is_bot: true,
              roles: 'system_user',
              delete_at: 0,
              props: botProps,
            },
          },
    [`GET ${BRIDGE}/health`]: () => ({ body: healthy() }),
    'GET /api/v4/users/me': () => ({ body: { id: ME, username: 'alice' } }),
    [`GET /api/v4/users/${ME}/tokens`]: () => options.list ?? { body: tokens },
    [`POST /api/v4/users/${ME}/tokens`]: (req) => {
      if (options.create) return options.create;
      const token = {
        id: 'z'.repeat(26),
        user_id: ME,
        description: (req.body as { description: string }).description,
        is_active: true,
      };
      tokens.push(token);
      return { body: { ...token, token: NEW_TOKEN } };
    },
    'GET /api/v4/users/me/preferences/mcp_bridge_assistants': () => ({ body: assistants }),
    [`POST /api/v4/users/${ME}/preferences/delete`]: (req) => {
      for (const { name } of req.body as { name: string }[])
        assistants.splice(
          assistants.findIndex((a) => a.name === name),
          1,
        );
      return { body: { status: 'OK' } };
    },
    [`GET ${BRIDGE}/.well-known/oauth-protected-resource`]: () => ({
      body: { resource: `${BRIDGE}/mcp`, authorization_servers: options.oauth ? [BRIDGE] : [] },
    }),
    'POST /api/v4/users/tokens/revoke': (req) => {
      const index = tokens.findIndex((t) => t.id === (req.body as { token_id: string }).token_id);
      tokens.splice(index, 1);
      return { body: { status: 'OK' } };
    },
  };
  return { routes, tokens, assistants };
}

async function ready() {
  await screen.findByText('The bridge is running and reaches Mattermost.');
  await screen.findByRole('list', { name: 'Your AI assistant tokens' });
}

/** The page's store as Mattermost fills it, for a user with `roles` and tokens on or off. */
function pageStore(roles: string, tokensOn: boolean, permissions: Record<string, string[]> = {}) {
  return {
    getState: () => ({
      entities: {
        general: { config: { EnableUserAccessTokens: String(tokensOn) } },
        users: { currentUserId: ME, profiles: { [ME]: { id: ME, roles } } },
        roles: {
          roles: Object.fromEntries(
            Object.entries(permissions).map(([name, list]) => [name, { name, permissions: list }]),
          ),
        },
      },
    }),
    dispatch: (action: unknown) => action,
    subscribe: () => () => undefined,
  };
}

afterEach(() => setHostStore(undefined as never));

describe('AI assistant access panel', () => {
  test("shows the bridge the server advertises, its health, and only the user's AI assistant tokens", async () => {
    renderWithRoutes(<AIAccessPanel />, world().routes);
    await ready();
    expect(document.body.textContent).toContain(
      `Assistants connect to ${BRIDGE}/mcp (bridge version 0.1.0).`,
    );
    const items = within(
      screen.getByRole('list', { name: 'Your AI assistant tokens' }),
    ).getAllByRole('listitem');
    expect(items.map((i) => i.firstChild?.textContent)).toEqual([
      'AI assistant access (Cursor) 2026-01-05',
    ]);
  });

  test('creates a token for the chosen assistant and shows it once with every configuration', async () => {
    const { fake } = renderWithRoutes(<AIAccessPanel />, world().routes);
    await ready();
    fireEvent.change(screen.getByLabelText('Assistant you are connecting'), {
      target: { value: 'claude-code' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Enable AI assistant access' }));

    expect(await findCopyText('access token')).toBe(NEW_TOKEN);
    const request = fake.calls('POST', `/api/v4/users/${ME}/tokens`)[0];
    expect(request?.body).toEqual({
      description: expect.stringMatching(/^AI assistant access \(Claude Code\) \d{4}-\d{2}-\d{2}$/),
    });
    expect(request?.headers['X-CSRF-Token']).toBe('csrf-123');

    const copyButtons = screen.getAllByRole('button', { name: /^Copy / }).map((b) => b.textContent);
    expect(copyButtons).toEqual([
      'Copy access token',
      'Copy Claude Code configuration',
      'Copy Claude Desktop configuration',
      'Copy Cursor configuration',
      'Copy VS Code configuration',
      'Copy Other MCP client configuration',
    ]);
    expect(copyText('Claude Code configuration')).toBe(
      `claude mcp add --transport http mattermost ${BRIDGE}/mcp --header 'Authorization: Bearer ${NEW_TOKEN}'`,
    );
    const vscode = JSON.parse(copyText('VS Code configuration'));
    expect(vscode.servers.mattermost).toMatchObject({ type: 'http', url: `${BRIDGE}/mcp` });

    // The new token joins the list, and "Done" removes it from the page.
    await screen.findByText(/AI assistant access \(Claude Code\)/, { selector: 'li' });
    expect(pageShows(NEW_TOKEN)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Done, hide the token' }));
    expect(pageShows(NEW_TOKEN)).toBe(false);
  });

  test('no token survives closing the panel', async () => {
    const { routes } = world();
    const first = renderWithRoutes(<AIAccessPanel />, routes);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Enable AI assistant access' }));
    await screen.findByLabelText('access token', { selector: 'textarea' });
    expect(pageShows(NEW_TOKEN)).toBe(true);
    first.unmount();

    renderWithRoutes(<AIAccessPanel />, routes);
    await ready();
    expect(pageShows(NEW_TOKEN)).toBe(false);
  });

  test('explains that personal access tokens are off (501) and where the admin turns them on', async () => {
    const { routes } = world({
      create: mattermostError(
        501,
        'api.user.create_user_access_token.disabled',
        'Personal access tokens are disabled on this server.',
      ),
    });
    renderWithRoutes(<AIAccessPanel />, routes);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Enable AI assistant access' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Personal access tokens are turned off on this server.');
    expect(alert.textContent).toContain('System Console > Integrations > Integration Management');
  });

  test('explains a missing permission (403) and the role the admin must grant', async () => {
    const { routes } = world({
      create: mattermostError(
        403,
        'api.context.permissions.app_error',
        'You do not have the appropriate permissions.',
      ),
    });
    renderWithRoutes(<AIAccessPanel />, routes);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Enable AI assistant access' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(
      'Your account is not allowed to create personal access tokens.',
    );
    expect(alert.textContent).toContain('System Console > User Management > Users');
    expect(alert.textContent).toContain('Manage Roles');
  });

  test('revokes a token and lists what remains', async () => {
    const { routes, tokens } = world();
    const { fake } = renderWithRoutes(<AIAccessPanel />, routes);
    await ready();
    fireEvent.click(
      screen.getByRole('button', { name: 'Revoke AI assistant access (Cursor) 2026-01-05' }),
    );
    expect(await screen.findByText('No assistant has access yet.')).toBeTruthy();
    expect(fake.calls('POST', '/api/v4/users/tokens/revoke')[0]?.body).toEqual({
      token_id: 'a'.repeat(26),
    });
    expect(tokens.map((t) => t.description)).toEqual(['CLI scripts']);
  });

  test('says the bridge is not set up when no bridge bot exists, and offers no token', async () => {
    const { fake } = renderWithRoutes(<AIAccessPanel />, world({ botProps: null }).routes);
    expect(
      (await screen.findByText(/AI assistant access is not set up on this server yet/)).textContent,
    ).toContain('Ask a system admin');
    await screen.findByRole('list', { name: 'Your AI assistant tokens' });
    expect(
      (screen.getByRole('button', { name: 'Enable AI assistant access' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true);
    expect(fake.requests.some((r) => r.url.startsWith(BRIDGE))).toBe(false);
  });

  test('treats a bridge bot without an advertised URL as not set up', async () => {
    renderWithRoutes(<AIAccessPanel />, world({ botProps: {} }).routes);
    expect(await screen.findByText(/not set up on this server yet/)).toBeTruthy();
    await screen.findByRole('list', { name: 'Your AI assistant tokens' });
  });

  test('tells the user plainly when the bridge does not answer', async () => {
    const { routes } = world();
    routes[`GET ${BRIDGE}/health`] = () => UNREACHABLE;
    renderWithRoutes(<AIAccessPanel />, routes);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The bridge is not answering right now. If this lasts, tell a system admin.',
    );
    await screen.findByRole('list', { name: 'Your AI assistant tokens' });
  });

  test('explains why the token list is unavailable', async () => {
    renderWithRoutes(
      <AIAccessPanel />,
      world({
        list: mattermostError(
          403,
          'api.context.permissions.app_error',
          'You do not have the appropriate permissions.',
        ),
      }).routes,
    );
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain(
        'Could not list your tokens. Your account is not allowed to create personal access tokens.',
      ),
    );
    await screen.findByText('The bridge is running and reaches Mattermost.');
  });

  test('works out first that the user may not create a token, and says in one sentence what the admin must change', async () => {
    setHostStore(pageStore('system_user', false, { system_user: ['create_post'] }));
    const { fake } = renderWithRoutes(<AIAccessPanel />, world().routes);
    await screen.findByText('The bridge is running and reaches Mattermost.');
    const advice = await screen.findByText(/^To connect an assistant with a token/);
    expect(advice.textContent).toBe(
      'To connect an assistant with a token, a system admin must turn on personal access tokens (System Console > Integrations > Integration Management > Enable Personal Access Tokens) and allow your account to create them (System Console > User Management > Users > your account > Manage Roles).',
    );
    expect(screen.queryByRole('button', { name: 'Enable AI assistant access' })).toBeNull();
    // Nothing is asked that Mattermost would refuse.
    expect(fake.calls('GET', `/api/v4/users/${ME}/tokens`)).toHaveLength(0);
  });

  test('with tokens on, only the missing permission is named; a role granting it is enough', async () => {
    setHostStore(pageStore('system_user', true, { system_user: ['create_post'] }));
    renderWithRoutes(<AIAccessPanel />, world().routes);
    expect((await screen.findByText(/^To connect an assistant with a token/)).textContent).toBe(
      'To connect an assistant with a token, a system admin must allow your account to create them (System Console > User Management > Users > your account > Manage Roles).',
    );
  });

  test('a role with create_user_access_token is enough', async () => {
    setHostStore(
      pageStore('system_user custom_tokens', true, {
        system_user: ['create_post'],
        custom_tokens: ['create_user_access_token'],
      }),
    );
    renderWithRoutes(<AIAccessPanel />, world().routes);
    await ready();
    expect(screen.getByRole('button', { name: 'Enable AI assistant access' })).toBeTruthy();
  });

  test('offers sign-in without a token when the bridge does OAuth', async () => {
    setHostStore(pageStore('system_user', false));
    renderWithRoutes(<AIAccessPanel />, world({ oauth: true }).routes);
    await screen.findByText(/Assistants that sign in with Mattermost need no token/);
    expect(document.body.textContent).toContain(`${BRIDGE}/mcp`);
  });

  test('lists the assistants connected through Mattermost sign-in and disconnects one', async () => {
    const { fake } = renderWithRoutes(<AIAccessPanel />, world().routes);
    const list = await screen.findByRole('list', {
      name: 'Assistants connected through Mattermost sign-in',
    });
    expect(list.textContent).toContain(
      'Claude (returns to claude.ai, read only, connected 2026-01-07)',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect Claude' }));
    await screen.findByText('No assistant is connected through Mattermost sign-in.');
    expect(fake.calls('POST', `/api/v4/users/${ME}/preferences/delete`)[0]?.body).toEqual([
      { user_id: ME, category: 'mcp_bridge_assistants', name: 'g'.repeat(32), value: '' },
    ]);
  });
});
