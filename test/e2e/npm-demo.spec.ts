import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { launchBuiltEntry } from './launched-app';

// What `npm run demo` runs after building: the PostHog emulator with a seeded project, then the app
// already connected to it.
test('npm run demo starts the PostHog emulator and the app connected to its project', async ({ page }) => {
  test.setTimeout(60_000);
  const app = await launchBuiltEntry('dist/main/demo.mjs');
  try {
    const usUrl = /US cloud\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(app.output())?.[1];
    expect(usUrl).toBeDefined();
    expect(app.output()).toMatch(/[\d,]+ events from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(America\/New_York\)/);

    await page.goto(app.link);
    const status = page.getByTestId('connection-status');
    await expect(status).toContainText('Acme Web');
    await expect(page.getByTestId('dashboard-connected')).toContainText('Acme Web is connected');
    await expect(status).toContainText(`PostHog emulator (demo) · ${new URL(usUrl!).host} · America/New_York`);
    mkdirSync('.test-output/screenshots', { recursive: true });
    await page.screenshot({ path: '.test-output/screenshots/demo-connected.png' });

    // The emulator it names really answers as PostHog.
    const res = await fetch(`${usUrl}/api/projects/`, { headers: { Authorization: 'Bearer phx_emuUSfull0000000000000000000000000000000001' } });
    expect(res.status).toBe(200);
  } finally {
    expect(await app.stop()).toBe(0);
  }
});
