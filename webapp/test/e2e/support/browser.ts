// Debian's Chromium, driven headless through playwright-core (Playwright's own browser downloads
// are never used). scripts/ensure-chromium.sh installs it; `make test` runs that first.
import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export type ChromiumStatus =
  | { kind: 'present' }
  /** Missing where it must be there: the test fails with this message. */
  | { kind: 'missing'; message: string }
  /** Missing, not installable by this user, outside CI: the test is skipped with this message. */
  | { kind: 'skip'; message: string };

export function chromiumStatus(): ChromiumStatus {
  if (existsSync(CHROMIUM_PATH)) return { kind: 'present' };
  const install = 'Install it with `sh scripts/ensure-chromium.sh` as root (`make test` does).';
  if (process.env.CI === 'true')
    return { kind: 'missing', message: `${CHROMIUM_PATH} is missing under CI. ${install}` };
  if (process.getuid?.() === 0)
    return { kind: 'missing', message: `${CHROMIUM_PATH} is missing. ${install}` };
  return {
    kind: 'skip',
    message: `Skipping the plugin's browser test: ${CHROMIUM_PATH} is missing and only root can install it. ${install}`,
  };
}

/**
 * A headless Chromium. Each `browser.newContext()` is a fresh profile with its own cookie jar (for
 * launch(), Playwright gives the browser a new temporary --user-data-dir, removed on close).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
