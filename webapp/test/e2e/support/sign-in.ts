// A browser profile signed in through Mattermost's login, as a person would: the login sets the
// session cookies (MMAUTHTOKEN, MMCSRF) for the site's origin.
import type { Browser, Page } from 'playwright-core';

import { PASSWORD } from '../../support/sessions';
import type { HostServer } from './host-server';

/** How long any one thing the page shows may take to appear. */
export const UI_TIMEOUT_MS = 10_000;

export async function signIn(
  browser: Browser,
  site: HostServer,
  username: string,
  pageErrors: string[],
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: site.origin,
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.origin });
  const login = await context.request.post('/api/v4/users/login', {
    data: { login_id: username, password: PASSWORD },
  });
  if (login.status() !== 200) throw new Error(`Login of ${username} answered ${login.status()}`);
  const cookies = (await context.cookies(site.origin)).map((c) => c.name);
  if (!cookies.includes('MMAUTHTOKEN') || !cookies.includes('MMCSRF'))
    throw new Error(`Login of ${username} set no session cookies`);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
  return page;
}
