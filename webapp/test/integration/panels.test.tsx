/**
 * @jest-environment ./test/support/jsdom-with-node-fetch.mjs
 */
// The panels as people use them, against the simulator and the bridge running as processes: an
// admin provisions the bridge from the System Console settings, the bridge starts with the token
// they were shown, and a user connects an assistant whose token then works on the bridge's /mcp.
import * as React from 'react';
import { createServer, type AddressInfo } from 'node:net';

import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';

import { BridgeStatus } from '../../src/admin/bridge-status/BridgeStatus';
import { Provisioning } from '../../src/admin/provisioning/Provisioning';
import { WebhookHelper } from '../../src/admin/webhook-helper/WebhookHelper';
import { findBridgeBot } from '../../src/bridge/bot';
import { createClient, type Client } from '../../src/client/client';
import { ClientProvider } from '../../src/client/context';
import { AIAccessPanel } from '../../src/user-settings/ai-access/AIAccessPanel';
import { startBridgeProcess, type BridgeProcess } from '../support/bridge-process';
import { browserSession, createPerson } from '../support/sessions';
import {
  enableTestFeatures,
  startSimulatorProcess,
  type SimulatorProcess,
} from '../support/simulator-process';
import { copyText, findCopyText } from '../support/copy-text';

jest.setTimeout(60_000);

let sim: SimulatorProcess;
let bridge: BridgeProcess | undefined;
let admin: Client;
let user: Client;

const withClient = (client: Client, ui: ReactElement) =>
  render(<ClientProvider value={client}>{ui}</ClientProvider>);
const pluginConfig = (bridgeUrl: string) => ({
  ServiceSettings: { SiteURL: sim.url },
  PluginSettings: { Plugins: { 'mattermost-mcp-bridge': { bridgeurl: bridgeUrl } } },
});

/** An MCP initialize request to the bridge with `token`; answers the HTTP status. */
async function initializeMcp(token: string): Promise<number> {
  const response = await fetch(`${bridge!.url}/mcp`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'plugin-test', version: '0' },
      },
    }),
  });
  await response.body?.cancel();
  return response.status;
}

beforeAll(async () => {
  sim = await startSimulatorProcess('empty');
  await enableTestFeatures(sim);
  await createPerson(sim.url, sim.adminToken, 'console-admin', 'system_user system_admin');
  await createPerson(sim.url, sim.adminToken, 'dana', 'system_user system_user_access_token');
  admin = await browserSession(sim.url, 'console-admin');
  user = await browserSession(sim.url, 'dana');
}, 150_000);

afterAll(async () => {
  await bridge?.stop();
  await sim?.stop();
});

test('an admin provisions the bridge, which then runs with the environment shown', async () => {
  const provisioning = withClient(admin, <Provisioning config={pluginConfig('')} />);
  fireEvent.click(await screen.findByRole('button', { name: 'Create the mcp-bridge bot account' }));
  const issue = await screen.findByRole('button', { name: 'Create a bridge token' });
  // Creating the bot also hands it the saved settings; the buttons wait for that.
  await waitFor(() => expect((issue as HTMLButtonElement).disabled).toBe(false));
  fireEvent.click(issue);
  const environment = await findCopyText('bridge environment');
  provisioning.unmount();

  const env = Object.fromEntries(
    environment
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .map((line) => line.split('=', 2) as [string, string]),
  );
  expect(env.MATTERMOST_URL).toBe(sim.url);
  bridge = await startBridgeProcess({
    MATTERMOST_URL: env.MATTERMOST_URL!,
    MATTERMOST_BOT_TOKEN: env.MATTERMOST_BOT_TOKEN!,
    // A revoked token must be refused at once, not after the verification cache expires.
    BRIDGE_TOKEN_CACHE_TTL_MS: '1',
  });

  // Users find the bridge through the bot's profile. The bridge advertises itself there when it
  // reads the plugin settings; the bot, with the token just shown, writes the same props here so
  // this test does not depend on when that happens.
  const asBot = createClient({ siteUrl: sim.url, fetch, authToken: env.MATTERMOST_BOT_TOKEN! });
  await asBot.put('/users/me/patch', {
    props: { mcp_bridge_url: bridge.url, mcp_bridge_version: '0.1.0' },
  });
  expect((await findBridgeBot(user))?.props?.mcp_bridge_url).toBe(bridge.url);
});

test('the bridge status shows the running bridge and that users see it', async () => {
  withClient(admin, <BridgeStatus config={pluginConfig(bridge!.url)} />);
  expect(await screen.findByText('The bridge is running and reaches Mattermost.')).toBeTruthy();
  expect(
    await screen.findByText('Users see this bridge in their AI assistant access settings.'),
  ).toBeTruthy();
  const details = within(screen.getByLabelText('Bridge health details'));
  expect(details.getByText('ok')).toBeTruthy();
  expect(details.getByText(/^yes/)).toBeTruthy();
});

test('the bridge status tells a stopped bridge and a server that is not the bridge apart', async () => {
  const closedPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const stopped = withClient(
    admin,
    <BridgeStatus config={pluginConfig(`http://127.0.0.1:${closedPort}`)} />,
  );
  expect((await screen.findByText(/^The bridge is unreachable\./)).textContent).toContain(
    'BRIDGE_ALLOWED_ORIGINS',
  );
  stopped.unmount();

  // The simulator is a web server, but not the bridge.
  withClient(admin, <BridgeStatus config={pluginConfig(sim.url)} />);
  expect(await screen.findByText(/but not the bridge's health report/)).toBeTruthy();
});

test('the bridge lets the Mattermost site read its health across origins', async () => {
  const response = await fetch(`${bridge!.url}/health`, { headers: { Origin: sim.url } });
  expect(response.headers.get('access-control-allow-origin')).toBe(sim.url);
  await response.body?.cancel();
});

test('a user connects an assistant whose token works on the bridge, then revokes it', async () => {
  withClient(user, <AIAccessPanel />);
  expect(await screen.findByText('The bridge is running and reaches Mattermost.')).toBeTruthy();
  expect(document.body.textContent).toContain(`Assistants connect to ${bridge!.url}/mcp`);
  await screen.findByText('No assistant has access yet.');

  fireEvent.change(screen.getByLabelText('Assistant you are connecting'), {
    target: { value: 'vscode' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Enable AI assistant access' }));
  const token = await findCopyText('access token');
  const vscode = JSON.parse(copyText('VS Code configuration'));
  const server = vscode.servers.mattermost;
  expect(server.url).toBe(`${bridge!.url}/mcp`);
  expect(server.headers.Authorization).toBe(`Bearer ${token}`);
  expect(await initializeMcp(token)).toBe(200);

  const revoke = await screen.findByRole('button', {
    name: /^Revoke AI assistant access \(VS Code\) /,
  });
  fireEvent.click(screen.getByRole('button', { name: 'Done, hide the token' }));
  fireEvent.click(revoke);
  await screen.findByText('No assistant has access yet.');
  await waitFor(async () => expect(await initializeMcp(token)).toBe(401), { timeout: 5000 });
});

test('an admin creates the outgoing webhook for a public channel', async () => {
  const setup = createClient({ siteUrl: sim.url, fetch, authToken: sim.adminToken });
  const team = await setup.post<{ id: string }>('/teams', {
    name: 'ops',
    display_name: 'Ops',
    type: 'O',
  });
  const adminId = (await admin.get<{ id: string }>('/users/me')).id;
  await setup.post(`/teams/${team.id}/members`, { team_id: team.id, user_id: adminId });

  withClient(admin, <WebhookHelper config={pluginConfig(bridge!.url)} />);
  await screen.findByRole('option', { name: 'Ops' });
  fireEvent.change(screen.getByLabelText('Team'), { target: { value: team.id } });
  const townSquare = (await screen.findByRole('option', {
    name: 'Town Square',
  })) as HTMLOptionElement;
  fireEvent.change(screen.getByLabelText('Channel'), { target: { value: townSquare.value } });
  fireEvent.click(screen.getByRole('button', { name: 'Create the outgoing webhook' }));
  const line = await findCopyText('webhook environment');
  const token = line.replace('BRIDGE_WEBHOOK_TOKENS=', '');

  const hooks = await setup.get<{ token: string; callback_urls: string[]; channel_id: string }[]>(
    `/hooks/outgoing?team_id=${team.id}`,
  );
  expect(hooks).toEqual([
    expect.objectContaining({
      token,
      channel_id: townSquare.value,
      callback_urls: [`${bridge!.url}/hooks/outgoing`],
    }),
  ]);
});
