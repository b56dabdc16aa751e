import path from 'node:path';
import { test as base } from '@playwright/test';
import type { App } from '../../src-main/app';
import { startBrowserHost, type BrowserHost } from '../../src-main/host/server';
import { browserRuntime } from '../../src-main/runtime';
import { startDefaultEmulator, type RunningEmulator } from '../posthog-emulator/index';
import { createTestApp } from '../support/test-app';

export const RENDERER_DIR = path.resolve('dist/renderer');
export const E2E_BROWSER_REASON = 'End-to-end test run: the Electron binary is not installed on this machine.';
export const EMULATOR_NOW = Date.parse('2026-11-23T15:00:00Z');

export interface RunningHost extends BrowserHost {
  app: App;
  /** Every channel main's dispatcher was asked to run, in order. */
  dispatched: string[];
  dataDir: string;
}

/**
 * Each test gets its own main-process services behind its own browser host (fresh token, port and
 * data folder). The PostHog emulator is shared by the tests of a worker; the app treats its US and EU
 * regions as PostHog's two clouds.
 */
export const test = base.extend<{ host: RunningHost }, { emulator: RunningEmulator }>({
  emulator: [
    // Playwright reads a fixture's dependencies from its first parameter's destructuring; this one has none.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const emulator = await startDefaultEmulator({ now: EMULATOR_NOW, regions: ['us', 'eu'], days: 14, targetDailyActive: 30 });
      await use(emulator);
      await emulator.close();
    },
    { scope: 'worker' },
  ],
  host: async ({ emulator }, use) => {
    const core = await createTestApp({
      runtime: browserRuntime(E2E_BROWSER_REASON),
      // Main's clock is the emulator's, so sync windows and "today" match the seeded data whatever the real date.
      now: () => EMULATOR_NOW,
      posthog: { clouds: { us: emulator.region('us').url, eu: emulator.region('eu').url }, timeoutMs: 5_000 },
    });
    const dispatched: string[] = [];
    const app: App = { ...core, dispatch: (channel, payload) => (dispatched.push(channel), core.dispatch(channel, payload)) };
    const host = await startBrowserHost({ app, rendererDir: RENDERER_DIR });
    await use({ ...host, app, dispatched, dataDir: core.dataDir });
    await host.close();
    await app.dispose();
  },
});

export { expect } from '@playwright/test';
