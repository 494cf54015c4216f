/**
 * @jest-environment node
 */
// The plugin's built bundle in headless Chromium, against the simulator and the bridge running as
// processes. The browser signs in like a person (the login sets the session cookies), loads a page
// shaped like Mattermost's (React globals, a plugin registry, the bundle loaded by a script tag),
// and everything the plugin does goes over real HTTP through the site's origin to the simulator.
//
// An admin saves the Bridge URL and provisions the bridge in the System Console; the bridge starts
// with exactly the environment lines the page showed and the page reports it healthy; the admin
// creates the outgoing webhook. A user enables AI assistant access, copies a configuration, and a
// real MCP client connects with it and calls a tool; after the user revokes the token in the page,
// the bridge refuses that client with 401. Screenshots of each screen land in
// test-artifacts/screenshots/ (docs/images/ with UPDATE_DOC_IMAGES=1).
import { createServer, type AddressInfo } from 'node:net';

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Browser, BrowserContext, Page } from 'playwright-core';

import { createClient, type Client as RestClient } from '../../src/client/client';
import { startBridgeProcess, type BridgeProcess } from '../support/bridge-process';
import { createPerson, PASSWORD } from '../support/sessions';
import {
  enableTestFeatures,
  startSimulatorProcess,
  type SimulatorProcess,
} from '../support/simulator-process';
import { chromiumStatus, launchChromium } from './support/browser';
import { builtBundle } from './support/bundle';
import { startHostServer, type HostServer } from './support/host-server';
import { screenshot } from './support/screenshots';

const chromium = chromiumStatus();
if (chromium.kind === 'skip') console.warn(chromium.message);
const suite = chromium.kind === 'skip' ? describe.skip : describe;

/** How long any one thing the page shows may take to appear. */
const UI_TIMEOUT_MS = 10_000;

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

suite('the plugin in Chromium, against the simulator and the bridge', () => {
  let sim: SimulatorProcess;
  let site: HostServer;
  let bridge: BridgeProcess | undefined;
  let browser: Browser | undefined;
  /** The simulator's own admin, over REST, for set-up and for checking what the page did. */
  let setup: RestClient;
  let bridgeUrl: string;
  let teamId: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const mcpClients: Client[] = [];

  /** A browser profile signed in as `username` through Mattermost's login, as a person would. */
  async function signedInPage(username: string): Promise<Page> {
    const context = await browser!.newContext({
      baseURL: site.origin,
      viewport: { width: 1280, height: 860 },
      deviceScaleFactor: 1,
    });
    contexts.push(context);
    context.setDefaultTimeout(UI_TIMEOUT_MS);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
    const login = await context.request.post('/api/v4/users/login', {
      data: { login_id: username, password: PASSWORD },
    });
    expect(login.status()).toBe(200);
    const cookies = (await context.cookies(site.origin)).map((c) => c.name);
    expect(cookies).toEqual(expect.arrayContaining(['MMAUTHTOKEN', 'MMCSRF']));
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    return page;
  }

  /** Loads a host page and waits until the plugin's bundle has registered. */
  async function open(page: Page, url: string) {
    await page.goto(url);
    await page.waitForSelector('body[data-plugin-loaded="true"]', { timeout: UI_TIMEOUT_MS });
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
    await enableTestFeatures(sim);
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
    const userId = await createPerson(
      sim.url,
      sim.adminToken,
      'dana',
      'system_user system_user_access_token',
    );
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
    await Promise.allSettled(contexts.map((c) => c.close()));
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

  test('an admin saves the Bridge URL and provisions the bridge in the System Console', async () => {
    adminPage = await signedInPage('console-admin');
    const page = adminPage;
    await open(page, site.consoleUrl());
    await page.getByText(/^No Bridge URL is saved yet/).waitFor();
    await page.getByRole('button', { name: 'Create the mcp-bridge bot account' }).waitFor();
    await screenshot(page, 'console-empty');

    await page.getByLabel('Bridge URL', { exact: true }).fill(bridgeUrl);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    // Saved, but nothing runs there yet.
    await page.getByText(/^The bridge is unreachable\./).waitFor();

    await page.getByRole('button', { name: 'Create the mcp-bridge bot account' }).click();
    // An ordinary bot, holding the saved settings the moment it exists.
    const settings = page.getByRole('region', { name: 'Settings for the bridge' });
    await settings.getByRole('definition').filter({ hasText: bridgeUrl }).waitFor();
    const bot = await setup.get<{ id: string; roles: string; is_bot: boolean }>(
      '/users/username/mcp-bridge',
    );
    expect(bot.is_bot).toBe(true);
    expect(bot.roles.split(' ')).not.toContain('system_admin');

    await page.getByRole('button', { name: 'Create a bridge token' }).click();
    const environment = await copied(page, 'bridge environment');
    await screenshot(page, 'console-bridge-token', {
      docs: { locator: settingRow(page, 'Bridge provisioning') },
    });
    bridgeEnvironment = parseEnvironment(environment);
    expect(Object.keys(bridgeEnvironment).sort()).toEqual([
      'BRIDGE_PUBLIC_URL',
      'MATTERMOST_BOT_TOKEN',
      'MATTERMOST_URL',
    ]);
    expect(bridgeEnvironment.MATTERMOST_URL).toBe(site.origin);
    expect(bridgeEnvironment.BRIDGE_PUBLIC_URL).toBe(bridgeUrl);
    expect(await copied(page, 'bot token')).toBe(bridgeEnvironment.MATTERMOST_BOT_TOKEN);

    await page.getByRole('button', { name: 'Done, hide the token' }).click();
    await page
      .getByRole('textbox', { name: 'bridge environment', exact: true })
      .waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(bridgeEnvironment.MATTERMOST_BOT_TOKEN);
  }, 30_000);

  test('the bridge, started with the lines the page showed, is reported healthy', async () => {
    expect(bridgeEnvironment).toBeDefined();
    bridge = await startBridgeProcess({
      ...bridgeEnvironment,
      // The port of the saved Bridge URL: the bridge listens where the admin said it would.
      BRIDGE_PORT: new URL(bridgeEnvironment.BRIDGE_PUBLIC_URL!).port,
    });

    // Started with its bot token, the bridge advertises itself on the bot's profile, where users'
    // settings find it.
    const deadline = Date.now() + 10_000;
    let advertised: Record<string, string> | undefined;
    while (Date.now() < deadline && advertised?.mcp_bridge_url !== bridgeUrl) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      advertised = (
        await setup.get<{ props?: Record<string, string> }>('/users/username/mcp-bridge')
      ).props;
    }
    expect(advertised).toEqual(
      expect.objectContaining({
        mcp_bridge_url: bridgeUrl,
        mcp_bridge_version: expect.any(String),
      }),
    );

    const page = adminPage;
    await page.reload();
    await page.waitForSelector('body[data-plugin-loaded="true"]');
    const status = page.getByRole('region', { name: 'Bridge status' });
    await status.getByText('The bridge is running and reaches Mattermost.').waitFor();
    await status
      .getByText('Users see this bridge in their AI assistant access settings.')
      .waitFor();
    const details = status.getByLabel('Bridge health details');
    expect(await details.locator('dd').first().textContent()).toBe('ok');
    expect(await details.locator('dd').last().textContent()).toMatch(/^yes/);

    await status.getByRole('button', { name: 'Check bridge status again' }).click();
    await status.getByText('The bridge is running and reaches Mattermost.').waitFor();
    await screenshot(page, 'console-bridge-status', {
      docs: { locator: settingRow(page, 'Bridge status') },
    });
  }, 45_000);

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

  test('a user connects an assistant with a copied configuration, then revokes it and the bridge refuses it', async () => {
    const page = await signedInPage('dana');
    await open(page, site.channelsUrl());
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'AI assistant access' }).click();
    const panel = settings.getByRole('region', { name: 'AI assistant access' });
    await panel.getByText('The bridge is running and reaches Mattermost.').waitFor();
    await panel.getByText('No assistant has access yet.').waitFor();
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
    expect(toolText(me)).toContain('dana');

    await panel.getByRole('button', { name: 'Done, hide the token' }).click();
    await panel
      .getByRole('textbox', { name: 'access token', exact: true })
      .waitFor({ state: 'detached' });
    await revoke.click();
    await panel.getByText('No assistant has access yet.').waitFor();
    await screenshot(page, 'settings-ai-access-revoked');

    // The open session's next call is refused by Mattermost, and the bridge forgets the token...
    const refused = await assistant.client.callTool({ name: 'get_me', arguments: {} });
    expect(refused.isError).toBe(true);
    expect(toolText(refused)).not.toContain(token);
    // ...so a client connecting with the configuration is refused outright.
    const again = mcpClient(url, headers);
    mcpClients.push(again.client);
    await expect(again.connect()).rejects.toHaveProperty('status', 401);
  }, 45_000);

  test('on servers before 9.4 the main menu opens the same panel in a dialog', async () => {
    const page = await signedInPage('dana');
    await open(page, site.channelsUrl({ legacy: true }));
    await page.getByRole('button', { name: 'Main menu' }).click();
    await page.getByRole('menuitem', { name: 'AI assistant access' }).click();
    const dialog = page.getByRole('dialog', { name: 'AI assistant access' });
    await dialog.getByText('The bridge is running and reaches Mattermost.').waitFor();
    await dialog.getByText('No assistant has access yet.').waitFor();
    await screenshot(page, 'legacy-dialog');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }, 30_000);
});
