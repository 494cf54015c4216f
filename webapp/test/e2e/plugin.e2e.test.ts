/**
 * @jest-environment node
 */
// The plugin's built bundle in headless Chromium, against a simulator left at Mattermost's defaults
// (personal access tokens, bot accounts and the OAuth provider all off) and the bridge running as a
// process. The browser signs in like a person, loads a page shaped like Mattermost's (React globals,
// a plugin registry and store, the bundle loaded by a script tag), and everything the plugin does
// goes over real HTTP through the site's origin to the simulator.
//
// An admin goes from the installed plugin to a working assistant with the System Console page's
// buttons only: Readiness turns on what the bridge needs, creates its ordinary bot and token and
// registers its OAuth app; the bridge starts with exactly the lines the page showed and, holding no
// admin role, applies the settings Save hands it; the admin connects an assistant in their own
// settings, a real MCP client calls a tool with it, and after the revoke the bridge refuses it.
// A user without the token role reads in one sentence what the admin must change. Screenshots of
// each screen land in test-artifacts/screenshots/ (docs/images/ with UPDATE_DOC_IMAGES=1).
import { createServer, type AddressInfo } from 'node:net';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Browser, Page } from 'playwright-core';

import { createClient, type Client as RestClient } from '../../src/client/client';
import { startBridgeProcess, type BridgeProcess } from '../support/bridge-process';
import { createPerson } from '../support/sessions';
import { startSimulatorProcess, type SimulatorProcess } from '../support/simulator-process';
import { chromiumStatus, launchChromium } from './support/browser';
import { builtBundle } from './support/bundle';
import { startHostServer, type HostServer } from './support/host-server';
import { screenshot } from './support/screenshots';
import { signIn } from './support/sign-in';

const chromium = chromiumStatus();
if (chromium.kind === 'skip') console.warn(chromium.message);
const suite = chromium.kind === 'skip' ? describe.skip : describe;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
  });
}

/** `KEY=value` lines (comments skipped) as an object. */
function parseEnvironment(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)];
      }),
  );
}

function mcpClient(url: string, headers: Record<string, string>) {
  const client = new Client({ name: 'plugin-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  return { client, connect: () => client.connect(transport) };
}

function toolText(result: { content?: unknown }): string {
  const content = (result.content ?? []) as { type: string; text?: string }[];
  return content.map((part) => part.text ?? '').join('\n');
}

interface ServiceSettings {
  EnableUserAccessTokens: boolean;
  EnableBotAccountCreation: boolean;
  EnableOAuthServiceProvider: boolean;
  AllowedUntrustedInternalConnections: string;
}

suite('from an installed plugin to a working assistant, on a default server', () => {
  let sim: SimulatorProcess;
  let site: HostServer;
  let bridge: BridgeProcess | undefined;
  let browser: Browser | undefined;
  /** The simulator's own admin, over REST, for set-up and for checking what the page did. */
  let setup: RestClient;
  let bridgeUrl: string;
  let teamId: string;
  const pageErrors: string[] = [];
  const mcpClients: Client[] = [];

  async function open(page: Page, url: string) {
    await page.goto(url);
    await page.waitForSelector('body[data-plugin-loaded="true"]');
  }

  async function hostErrors(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { mmHostErrors: string[] }).mmHostErrors);
  }

  /** What a copy block holds, read from its text area and, through its Copy button, the clipboard. */
  async function copied(page: Page, label: string): Promise<string> {
    const shown = await page.getByRole('textbox', { name: label, exact: true }).inputValue();
    const block = page.getByRole('group', { name: label, exact: true });
    await block.getByRole('button', { name: `Copy ${label}`, exact: true }).click();
    await block.getByText('Copied.').waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    expect(clipboard).toBe(shown);
    return clipboard;
  }

  /** A need of the Readiness panel, and the state it shows. */
  const need = (page: Page, title: string) =>
    page.getByRole('region', { name: 'Readiness' }).getByRole('listitem', { name: title });
  const stateOf = (page: Page, title: string) =>
    need(page, title).locator('[data-need-state]').getAttribute('data-need-state');

  async function serviceSettings(): Promise<ServiceSettings> {
    return (await setup.get<{ ServiceSettings: ServiceSettings }>('/config')).ServiceSettings;
  }

  /** The System Console row of a custom setting, for the documentation's pictures. */
  const settingRow = (page: Page, region: string) =>
    page.locator('.form-group', { has: page.getByRole('region', { name: region }) });

  beforeAll(async () => {
    if (chromium.kind === 'missing') throw new Error(chromium.message);
    const [bundlePath, simulator, port] = await Promise.all([
      builtBundle(),
      startSimulatorProcess('empty'),
      freePort(),
    ]);
    sim = simulator;
    bridgeUrl = `http://127.0.0.1:${port}`;
    site = await startHostServer({ mattermostUrl: sim.url, bundlePath });
    setup = createClient({ siteUrl: sim.url, fetch, authToken: sim.adminToken });
    // The Site URL is the address people's browsers use: here the host's origin.
    await setup.put('/config/patch', { ServiceSettings: { SiteURL: site.origin } });
    const adminId = await createPerson(
      sim.url,
      sim.adminToken,
      'console-admin',
      'system_user system_admin',
    );
    const userId = await createPerson(sim.url, sim.adminToken, 'dana', 'system_user');
    const team = await setup.post<{ id: string }>('/teams', {
      name: 'ops',
      display_name: 'Ops',
      type: 'O',
    });
    teamId = team.id;
    for (const id of [adminId, userId])
      await setup.post(`/teams/${team.id}/members`, { team_id: team.id, user_id: id });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await Promise.allSettled(mcpClients.map((c) => c.close()));
    await browser?.close();
    await bridge?.stop();
    await site?.stop();
    await sim?.stop();
  }, 30_000);

  afterEach(() => {
    // An exception in the page would otherwise only show as a missing element.
    expect(pageErrors).toEqual([]);
  });

  let adminPage: Page;
  let bridgeEnvironment: Record<string, string>;
  let oauthEnvironment: Record<string, string>;

  test('the server starts at the defaults: nothing the bridge needs is on', async () => {
    expect(await serviceSettings()).toMatchObject({
      EnableUserAccessTokens: false,
      EnableBotAccountCreation: false,
      EnableOAuthServiceProvider: false,
    });
  });

  test("an admin sets up everything the bridge needs with Readiness's buttons", async () => {
    adminPage = await signIn(browser!, site, 'console-admin', pageErrors);
    const page = adminPage;
    await open(page, site.consoleUrl());
    expect(await stateOf(page, 'Personal access tokens are on')).toBe('missing');
    await screenshot(page, 'console-default-server', {
      docs: { locator: settingRow(page, 'Readiness') },
    });

    await page.getByLabel('Bridge URL', { exact: true }).fill(bridgeUrl);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    await need(page, 'The bridge is reachable')
      .getByText(/^The bridge is unreachable\./)
      .waitFor();

    const fixes: [string, string][] = [
      ['Personal access tokens are on', 'Turn on personal access tokens'],
      ['Bot account creation is on', 'Turn on bot account creation'],
      ["The bridge's bot account, mcp-bridge, is provisioned", 'Create the mcp-bridge bot account'],
      [
        "Mattermost may call the bridge's host (outgoing webhooks)",
        'Allow Mattermost to call 127.0.0.1',
      ],
    ];
    for (const [title, button] of fixes) {
      await need(page, title).getByRole('button', { name: button }).click();
      if (title.startsWith("The bridge's bot")) continue;
      await need(page, title).locator('[data-need-state="holds"]').waitFor();
    }
    expect(await serviceSettings()).toMatchObject({
      EnableUserAccessTokens: true,
      EnableBotAccountCreation: true,
      AllowedUntrustedInternalConnections: '127.0.0.1',
    });
    const bot = await setup.get<{ id: string; roles: string; is_bot: boolean }>(
      '/users/username/mcp-bridge',
    );
    expect(bot.is_bot).toBe(true);
    expect(bot.roles.split(' ')).not.toContain('system_admin');

    // The bot exists; no bridge runs with its token yet.
    const botNeed = need(page, "The bridge's bot account, mcp-bridge, is provisioned");
    await botNeed.getByRole('button', { name: 'Create a bridge token' }).click();
    bridgeEnvironment = parseEnvironment(await copied(page, 'bridge environment'));
    expect(Object.keys(bridgeEnvironment).sort()).toEqual([
      'BRIDGE_PUBLIC_URL',
      'MATTERMOST_BOT_TOKEN',
      'MATTERMOST_URL',
    ]);
    expect(bridgeEnvironment.MATTERMOST_URL).toBe(site.origin);
    expect(bridgeEnvironment.BRIDGE_PUBLIC_URL).toBe(bridgeUrl);
    await page.getByRole('button', { name: 'Done, hide the bridge environment' }).click();

    // One step: the OAuth provider on, the bridge registered, its two lines shown once.
    await need(page, 'OAuth sign-in works (when the bridge uses it)')
      .getByRole('button', { name: "Register the bridge's OAuth app" })
      .click();
    oauthEnvironment = parseEnvironment(await copied(page, 'OAuth environment'));
    expect(Object.keys(oauthEnvironment).sort()).toEqual([
      'MATTERMOST_OAUTH_CLIENT_ID',
      'MATTERMOST_OAUTH_CLIENT_SECRET',
    ]);
    const app = await setup.get<{ callback_urls: string[] }>(
      `/oauth/apps/${oauthEnvironment.MATTERMOST_OAUTH_CLIENT_ID}`,
    );
    expect(app.callback_urls).toEqual([`${bridgeUrl}/oauth/callback`]);
    expect((await serviceSettings()).EnableOAuthServiceProvider).toBe(true);
    await screenshot(page, 'console-readiness-oauth', {
      docs: { locator: settingRow(page, 'Readiness') },
    });
    await page.getByRole('button', { name: 'Done, hide the OAuth environment' }).click();
    expect(await page.content()).not.toContain(oauthEnvironment.MATTERMOST_OAUTH_CLIENT_SECRET);
    expect(await hostErrors(page)).toEqual([]);
  }, 45_000);

  test('the bridge, started with the lines the page showed and no admin credential, is ready', async () => {
    expect(bridgeEnvironment).toBeDefined();
    bridge = await startBridgeProcess({
      ...bridgeEnvironment,
      ...oauthEnvironment,
      // The port of the saved Bridge URL: the bridge listens where the admin said it would.
      BRIDGE_PORT: new URL(bridgeEnvironment.BRIDGE_PUBLIC_URL!).port,
    });
    // Its bot may not read the server configuration: nothing the bridge does needs it.
    const config = await fetch(`${sim.url}/api/v4/config`, {
      headers: { Authorization: `Bearer ${bridgeEnvironment.MATTERMOST_BOT_TOKEN}` },
    });
    expect(config.status).toBe(403);

    const page = adminPage;
    await page.reload();
    await page.waitForSelector('body[data-plugin-loaded="true"]');
    for (const title of [
      'Personal access tokens are on',
      'Bot account creation is on',
      "The bridge's bot account, mcp-bridge, is provisioned",
      'OAuth sign-in works (when the bridge uses it)',
      'The bridge is reachable',
      "Mattermost may call the bridge's host (outgoing webhooks)",
    ])
      await need(page, title).locator('[data-need-state="holds"]').waitFor({ timeout: 15_000 });
    const status = page.getByRole('region', { name: 'Bridge status' });
    await status.getByText('The bridge is running and reaches Mattermost.').waitFor();
    await screenshot(page, 'console-readiness', {
      docs: { locator: settingRow(page, 'Readiness') },
    });
    await screenshot(page, 'console-bridge-status', {
      docs: { locator: settingRow(page, 'Bridge status') },
    });
  }, 45_000);

  test('Save hands the settings to the bot, the bridge applies them, and nothing Readiness set is undone', async () => {
    const page = adminPage;
    await page.getByLabel('Toolsets', { exact: true }).fill('users');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.getByText('The bridge has the saved settings.').waitFor();
    await screenshot(page, 'console-bridge-settings', {
      docs: { locator: settingRow(page, 'Settings for the bridge') },
    });
    // The System Console saves the whole configuration its store holds: Readiness told it.
    expect(await serviceSettings()).toMatchObject({
      EnableUserAccessTokens: true,
      EnableBotAccountCreation: true,
      EnableOAuthServiceProvider: true,
      AllowedUntrustedInternalConnections: '127.0.0.1',
    });
    const bot = await setup.get<{ id: string }>('/users/username/mcp-bridge');
    const held = await setup.get<{ name: string; value: string }[]>(
      `/users/${bot.id}/preferences/mcp_bridge_settings`,
    );
    expect(Object.fromEntries(held.map((p) => [p.name, p.value]))).toMatchObject({
      bridgeurl: bridgeUrl,
      toolsets: 'users',
    });
  }, 30_000);

  test('an admin creates the outgoing webhook to the bridge', async () => {
    const page = adminPage;
    const webhook = page.getByRole('region', { name: 'Outgoing webhook' });
    await webhook.getByLabel('Team', { exact: true }).selectOption({ label: 'Ops' });
    await webhook.getByRole('option', { name: 'Town Square' }).waitFor({ state: 'attached' });
    await webhook.getByLabel('Channel', { exact: true }).selectOption({ label: 'Town Square' });
    await webhook.getByRole('button', { name: 'Create the outgoing webhook' }).click();
    const line = await copied(page, 'webhook environment');
    await screenshot(page, 'console-webhook', {
      docs: { locator: settingRow(page, 'Outgoing webhook') },
    });
    expect(line).toMatch(/^BRIDGE_WEBHOOK_TOKENS=\w+$/);
    const hooks = await setup.get<
      { token: string; callback_urls: string[]; content_type: string }[]
    >(`/hooks/outgoing?team_id=${teamId}`);
    expect(hooks).toEqual([
      expect.objectContaining({
        token: line.slice('BRIDGE_WEBHOOK_TOKENS='.length),
        callback_urls: [`${bridgeUrl}/hooks/outgoing`],
        content_type: 'application/json',
      }),
    ]);
  }, 30_000);

  test('the admin connects an assistant with a copied configuration; after the revoke the bridge refuses it', async () => {
    const page = adminPage;
    await open(page, site.channelsUrl());
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'AI assistant access' }).click();
    const panel = settings.getByRole('region', { name: 'AI assistant access' });
    await panel.getByText('The bridge is running and reaches Mattermost.').waitFor();
    await panel.getByText('No assistant has access yet.').waitFor();
    await panel.getByText(/^Assistants that sign in with Mattermost need no token/).waitFor();
    expect(await panel.textContent()).toContain(`Assistants connect to ${bridgeUrl}/mcp`);
    await screenshot(page, 'settings-ai-access');

    await panel.getByLabel('Assistant you are connecting').selectOption({ label: 'Cursor' });
    await panel.getByRole('button', { name: 'Enable AI assistant access' }).click();
    const token = await copied(page, 'access token');
    const cursor = JSON.parse(await copied(page, 'Cursor configuration')) as {
      mcpServers: { mattermost: { url: string; headers: Record<string, string> } };
    };
    const revoke = panel.getByRole('button', { name: /^Revoke AI assistant access \(Cursor\) / });
    await revoke.waitFor();
    await screenshot(page, 'settings-ai-access-token', {
      docs: { locator: settings, maxHeight: 1100 },
    });

    const { url, headers } = cursor.mcpServers.mattermost;
    expect(url).toBe(`${bridgeUrl}/mcp`);
    expect(headers).toEqual({ Authorization: `Bearer ${token}` });
    const assistant = mcpClient(url, headers);
    mcpClients.push(assistant.client);
    await assistant.connect();
    const me = await assistant.client.callTool({ name: 'get_me', arguments: {} });
    expect(me.isError).toBeFalsy();
    expect(toolText(me)).toContain('console-admin');
    // The toolsets saved in the System Console reached the bridge through its bot.
    const tools = (await assistant.client.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('get_me');
    expect(tools).not.toContain('read_channel');

    await panel.getByRole('button', { name: 'Done, hide the token' }).click();
    await panel
      .getByRole('textbox', { name: 'access token', exact: true })
      .waitFor({ state: 'detached' });
    await revoke.click();
    await panel.getByText('No assistant has access yet.').waitFor();

    // The open session's next call is refused by Mattermost, and the bridge forgets the token...
    const refused = await assistant.client.callTool({ name: 'get_me', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(toolText(refused)).not.toContain(token);
    // ...so a client connecting with the configuration is refused outright.
    const again = mcpClient(url, headers);
    mcpClients.push(again.client);
    await expect(again.connect()).rejects.toHaveProperty('status', 401);
    expect(await hostErrors(page)).toEqual([]);
  }, 45_000);

  test('a user without the token role reads what the admin must change, and may sign in instead', async () => {
    const page = await signIn(browser!, site, 'dana', pageErrors);
    await open(page, site.channelsUrl());
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'AI assistant access' }).click();
    const panel = settings.getByRole('region', { name: 'AI assistant access' });
    await panel
      .getByText(
        'To connect an assistant with a token, a system admin must allow your account to create them (System Console > User Management > Users > your account > Manage Roles).',
      )
      .waitFor();
    await panel.getByText(/^Assistants that sign in with Mattermost need no token/).waitFor();
    expect(await panel.getByRole('button', { name: 'Enable AI assistant access' }).count()).toBe(0);
    await panel.getByText('No assistant is connected through Mattermost sign-in.').waitFor();
    await screenshot(page, 'settings-ai-access-no-token-role');
    expect(await hostErrors(page)).toEqual([]);
  }, 30_000);
});
