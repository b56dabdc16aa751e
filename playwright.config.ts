import { defineConfig } from '@playwright/test';

// End-to-end tests: the built renderer, served by the browser host, in Debian's Chromium.
// `npx playwright install` cannot download browsers here, so the system one is used.
export const CHROMIUM_PATH = process.env.SIGHTLINE_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: '.test-output/playwright',
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: '.test-output/playwright.json' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1200, height: 760 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      // This machine's network is closed: keep Chromium from dialling out at start.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
});
