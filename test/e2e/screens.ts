/**
 * Screenshots taken by the end-to-end tests, for people to look at (the visual checks are the list in
 * README.md "Visual checks"): written to .test-output/screenshots/NAME.png on every run.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';

export const SHOTS = '.test-output/screenshots';

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
