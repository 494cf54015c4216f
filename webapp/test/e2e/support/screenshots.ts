// Screenshots of each screen the browser test passes through. Every run keeps them as test
// artefacts in test-artifacts/screenshots/ (not committed). With UPDATE_DOC_IMAGES=1 the ones the
// documentation shows are also written to docs/images/, to be reviewed and committed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Locator, Page } from 'playwright-core';

const root = join(__dirname, '..', '..', '..', '..');
export const artifactsDir = join(root, 'test-artifacts', 'screenshots');
const docsImagesDir = join(root, 'docs', 'images');

export interface DocsPicture {
  /** The part of the page the documentation shows. */
  locator: Locator;
  /** Cut below this height (CSS pixels) to keep the picture readable. */
  maxHeight?: number;
}

export async function screenshot(
  page: Page,
  name: string,
  { docs }: { docs?: DocsPicture } = {},
): Promise<void> {
  mkdirSync(artifactsDir, { recursive: true });
  await page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });
  if (!docs || process.env.UPDATE_DOC_IMAGES !== '1') return;
  mkdirSync(docsImagesDir, { recursive: true });
  // With the page scrolled to its top, the box is in page coordinates, as a full-page clip wants.
  await page.evaluate(() => window.scrollTo(0, 0));
  const box = await docs.locator.boundingBox();
  if (!box) throw new Error(`${name}: the part to picture is not on the page`);
  await page.screenshot({
    path: join(docsImagesDir, `plugin-${name}.png`),
    fullPage: true,
    clip: { ...box, height: Math.min(box.height, docs.maxHeight ?? box.height) },
  });
}
