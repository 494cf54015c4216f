import * as React from 'react';
import { fireEvent, screen, within } from '@testing-library/react';

import { BridgeStatus } from '../../../src/admin/bridge-status/BridgeStatus';
import { mattermostError, UNREACHABLE, type Route } from '../../support/fake-fetch';
import { adminConfig, BRIDGE, healthy, renderWithRoutes } from '../../support/render';

const HEALTH = `GET ${BRIDGE}/health`;
const BOT = 'GET /api/v4/users/username/mcp-bridge';

/** The mcp-bridge bot as the bridge left it: advertising `url`, or nothing. */
function botAdvertising(url?: string): Route {
  return () => ({
    body: {
      id: 'b'.repeat(26),
      username: 'mcp-bridge',
      is_bot: true,
      roles: 'system_user system_admin',
      delete_at: 0,
      props: url ? { mcp_bridge_url: url, mcp_bridge_version: '0.1.0' } : {},
    },
  });
}

describe('Bridge status setting', () => {
  test('asks for a Bridge URL when none is saved, and calls nothing', () => {
    const { fake } = renderWithRoutes(<BridgeStatus config={adminConfig({})} />, {});
    expect(screen.getByText(/No Bridge URL is saved yet/)).toBeTruthy();
    expect(fake.requests).toHaveLength(0);
  });

  test('rejects a saved URL that is not http(s)', () => {
    const { fake } = renderWithRoutes(
      <BridgeStatus config={adminConfig({ bridgeurl: 'ftp://mcp.example.com' })} />,
      {},
    );
    expect(screen.getByRole('alert').textContent).toContain('not a valid http(s) URL');
    expect(fake.requests).toHaveLength(0);
  });

  test('shows status, version, sessions and Mattermost reachability of a healthy bridge', async () => {
    const { fake } = renderWithRoutes(
      <BridgeStatus config={adminConfig({ bridgeurl: `${BRIDGE}/` })} />,
      {
        [HEALTH]: () => ({ body: healthy() }),
      },
    );
    expect(await screen.findByText('The bridge is running and reaches Mattermost.')).toBeTruthy();
    const details = within(screen.getByLabelText('Bridge health details'));
    expect(details.getByText('ok')).toBeTruthy();
    expect(details.getByText('0.1.0')).toBeTruthy();
    expect(details.getByText('3')).toBeTruthy();
    expect(details.getByText('yes (12 ms)')).toBeTruthy();
    expect(fake.calls('GET', '/health')).toHaveLength(1);
    expect(fake.calls('GET', '/health')[0]?.credentials).toBe('omit');
  });

  test('reports a bridge that answers 503 because it cannot reach Mattermost', async () => {
    renderWithRoutes(<BridgeStatus config={adminConfig({ bridgeurl: BRIDGE })} />, {
      [HEALTH]: () => ({
        status: 503,
        body: healthy({ status: 'degraded', mattermost: { reachable: false } }),
      }),
    });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The bridge is running but cannot reach Mattermost.',
    );
    expect(within(screen.getByLabelText('Bridge health details')).getByText('no')).toBeTruthy();
  });

  test('says the bridge is unreachable, and what to check, when nothing answers', async () => {
    renderWithRoutes(<BridgeStatus config={adminConfig({ bridgeurl: BRIDGE })} />, {
      [HEALTH]: () => UNREACHABLE,
    });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The bridge is unreachable.');
    expect(alert.textContent).toContain('BRIDGE_ALLOWED_ORIGINS');
  });

  test('tells apart a server that is not the bridge', async () => {
    renderWithRoutes(<BridgeStatus config={adminConfig({ bridgeurl: BRIDGE })} />, {
      [HEALTH]: () => ({ status: 200, text: '<html>Welcome</html>' }),
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      "not the bridge's health report",
    );
  });

  test('checks again on request and shows the new state', async () => {
    let up = false;
    const { fake } = renderWithRoutes(
      <BridgeStatus config={adminConfig({ bridgeurl: BRIDGE })} />,
      {
        [HEALTH]: () => (up ? { body: healthy() } : UNREACHABLE),
      },
    );
    await screen.findByText(/The bridge is unreachable/);
    up = true;
    fireEvent.click(screen.getByRole('button', { name: 'Check bridge status again' }));
    expect(await screen.findByText('The bridge is running and reaches Mattermost.')).toBeTruthy();
    expect(fake.calls('GET', '/health')).toHaveLength(2);
  });

  test('warns when users cannot find the bridge: no bot, nothing advertised, or another URL', async () => {
    const cases: [Route, RegExp][] = [
      [
        () => mattermostError(404, 'app.user.missing_account.const', 'Unable to find the user.'),
        /Users cannot find the bridge yet/,
      ],
      [botAdvertising(undefined), /has not advertised itself on the mcp-bridge bot yet/],
      [
        botAdvertising('https://old.example.com'),
        /advertises https:\/\/old.example.com to users.*BRIDGE_PUBLIC_URL=https:\/\/mcp.example.com/,
      ],
    ];
    for (const [bot, message] of cases) {
      const { unmount } = renderWithRoutes(
        <BridgeStatus config={adminConfig({ bridgeurl: BRIDGE })} />,
        {
          [HEALTH]: () => ({ body: healthy() }),
          [BOT]: bot,
        },
      );
      expect(await screen.findByText(message)).toBeTruthy();
      await screen.findByText('The bridge is running and reaches Mattermost.');
      unmount();
    }
  });
});
