// Screenshots of each screen the browser test passes through. Every run keeps them as test
// artefacts in test-artifacts/screenshots/ (not committed). With UPDATE_DOC_IMAGES=1 the ones the
// documentation shows are also written to docs/images/, to be reviewed and committed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

const root = join(__dirname, '..', '..', '..', '..');
export const artifactsDir = join(root, 'test-artifacts', 'screenshots');
const docsImagesDir = join(root, 'docs', 'images');

export async function screenshot(
  page: Page,
  name: string,
  { docs }: { docs?: Locator } = {},
): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
  if (docs && process.env.UPDATE_DOC_IMAGES === '1') {
    mkdirSync(docsImagesDir, { recursive: true });
    await docs.screenshot({ path: join(docsImagesDir, `plugin-${name}.png`) });
  }
}
