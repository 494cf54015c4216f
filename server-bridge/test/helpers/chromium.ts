// Debian's Chromium for the bridge's browser tests, driven headless through playwright-core as the
// plugin's end-to-end test drives it (webapp/test/e2e/support/browser.ts; that workspace's tests
// are CommonJS, so its helper cannot be imported here). scripts/ensure-chromium.sh installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here (missing under CI or as root is an error), or undefined. */
export function chromiumMissing(): { fatal: boolean; message: string } | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const fatal = process.env.CI === 'true' || process.getuid?.() === 0;
  return {
    fatal,
    message: `${CHROMIUM} is missing; install it with \`sh scripts/ensure-chromium.sh\` as root (\`make test\` does).`,
  };
}

/** Headless Chromium; each `newContext()` is a fresh profile with its own cookies. */
export function startChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
}
