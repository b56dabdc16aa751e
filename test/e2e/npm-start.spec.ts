import { expect, test } from '@playwright/test';
import { launchBuiltEntry } from './launched-app';

// What `npm start` runs after building: the launcher. Without the Electron binary (as on this machine)
// it must fall back to the browser host, say so and why, and serve a working app at the printed link.
test('npm start falls back to browser mode, explains why, and serves the app at the printed link', async ({ page }) => {
  const app = await launchBuiltEntry('dist/main/launcher.mjs');
  try {
    expect(app.output()).toContain('Sightline is running in browser mode.');
    expect(app.output()).toMatch(/Why: .+/);
    await page.goto(app.link);
    await expect(page.getByTestId('runtime-bar')).toContainText('browser mode');
    await expect(page.getByTestId('browser-mode-notice')).toBeVisible();
    await expect(page.getByTestId('connection-status')).toHaveText('No PostHog project connected');
  } finally {
    expect(await app.stop()).toBe(0);
  }
});
