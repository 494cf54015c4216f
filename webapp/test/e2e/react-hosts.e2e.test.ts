/**
 * @jest-environment node
 */
// The built bundle on every React a Mattermost page gives plugins: 17 (Mattermost 10), 18
// (Mattermost 11) and 19 (Mattermost 12). On each, the plugin registers through a registry that
// checks what Mattermost's checks, and every component it registered renders and runs its effects
// in headless Chromium with no error: none in the page, none caught by the host's error boundaries.
// One browser, one page per person, reloaded for each React.
import type { Browser, Page } from 'playwright-core';

import { createPerson } from '../support/sessions';
import { startSimulatorProcess, type SimulatorProcess } from '../support/simulator-process';
import { chromiumStatus, launchChromium } from './support/browser';
import { builtBundle } from './support/bundle';
import { startHostServer, type HostServer, type ReactGeneration } from './support/host-server';
import { signIn } from './support/sign-in';

const chromium = chromiumStatus();
if (chromium.kind === 'skip') console.warn(chromium.message);
const suite = chromium.kind === 'skip' ? describe.skip : describe;

const GENERATIONS: ReactGeneration[] = ['17', '18', '19'];
/** A different toolsets value per React, so each run changes a setting. */
const TOOLSETS: Record<ReactGeneration, string> = {
  '17': 'posts',
  '18': 'posts,channels',
  '19': 'posts,channels,users',
};

suite('the bundle on React 17, 18 and 19', () => {
  let sim: SimulatorProcess;
  let site: HostServer;
  let browser: Browser | undefined;
  let admin: Page;
  let user: Page;
  const pageErrors: string[] = [];

  /** Loads `url` and waits for the plugin; the page's React must be the one asked for. */
  async function open(page: Page, url: string, react: ReactGeneration) {
    await page.goto(url);
    await page.waitForSelector('body[data-plugin-loaded="true"]', { timeout: 10_000 });
    expect(await page.getAttribute('body', 'data-react')).toMatch(new RegExp(`^${react}\\.`));
  }

  async function hostErrors(page: Page): Promise<string[]> {
    return page.evaluate(() => (window as unknown as { mmHostErrors: string[] }).mmHostErrors);
  }

  beforeAll(async () => {
    if (chromium.kind === 'missing') throw new Error(chromium.message);
    const [bundlePath, simulator] = await Promise.all([
      builtBundle(),
      startSimulatorProcess('empty'),
    ]);
    sim = simulator;
    site = await startHostServer({ mattermostUrl: sim.url, bundlePath });
    await createPerson(sim.url, sim.adminToken, 'react-admin', 'system_user system_admin');
    await createPerson(sim.url, sim.adminToken, 'react-user', 'system_user');
    browser = await launchChromium();
    admin = await signIn(browser, site, 'react-admin', pageErrors);
    user = await signIn(browser, site, 'react-user', pageErrors);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await sim?.stop();
  }, 30_000);

  afterEach(() => expect(pageErrors).toEqual([]));

  test.each(GENERATIONS)(
    'React %s: every System Console setting renders',
    async (react) => {
      await open(admin, site.consoleUrl({ react }), react);
      await admin.getByText(/^No Bridge URL is saved yet/).waitFor();
      await admin
        .getByRole('region', { name: 'Bridge provisioning' })
        .getByRole('button')
        .first()
        .waitFor();
      await admin.getByText(/^Save a valid Bridge URL first/).waitFor();
      // A change marks the page unsaved, and Save runs the plugin's save action on this React too.
      await admin.getByLabel('Toolsets', { exact: true }).fill(TOOLSETS[react]);
      // The Policy profiles editor: a profile added through its fields shows in its list.
      const profiles = admin.getByRole('region', { name: 'Policy profiles' });
      await profiles.getByRole('button', { name: 'Add a profile' }).click();
      const form = profiles.getByRole('group', { name: 'New profile' });
      await form.getByLabel('Name', { exact: true }).fill(`react-${react}`);
      await form.getByRole('checkbox').check();
      await form.getByLabel('People', { exact: true }).fill('react-user');
      await form.getByRole('button', { name: 'Keep this profile' }).click();
      await profiles
        .getByRole('listitem')
        .filter({ hasText: `react-${react}` })
        .waitFor();
      await admin.getByRole('button', { name: 'Save', exact: true }).click();
      await admin.getByText(/^(Settings saved\.|Could not save: )/).waitFor();
      expect(await hostErrors(admin)).toEqual([]);
    },
    30_000,
  );

  test.each(GENERATIONS)(
    'React %s: the settings tab shows its icon and the panel renders',
    async (react) => {
      await open(user, site.channelsUrl({ react }), react);
      await user.getByRole('button', { name: 'Settings', exact: true }).click();
      const tab = user.getByRole('tab', { name: 'AI assistant access' });
      // The icon is a file Mattermost serves, and it loads.
      await tab.locator('img').waitFor();
      await user.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[role="tab"] img');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      await tab.click();
      const panel = user.getByRole('region', { name: 'AI assistant access' });
      await panel.getByText(/not set up on this server yet/).waitFor();
      expect(await hostErrors(user)).toEqual([]);
    },
    30_000,
  );

  test.each(GENERATIONS)(
    'React %s: without plugin user settings, the main menu opens the panel in a dialog',
    async (react) => {
      await open(user, site.channelsUrl({ react, legacy: true }), react);
      await user.getByRole('button', { name: 'Main menu' }).click();
      await user.getByRole('menuitem', { name: 'AI assistant access' }).click();
      const dialog = user.getByRole('dialog', { name: 'AI assistant access' });
      await dialog.getByText(/not set up on this server yet/).waitFor();
      await user.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(await hostErrors(user)).toEqual([]);
    },
    30_000,
  );
});
