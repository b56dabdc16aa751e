import path from 'node:path';
import { test as base } from '@playwright/test';
import { createApp, type App } from '../../src-main/app';
import { startBrowserHost, type BrowserHost } from '../../src-main/host/server';
import { browserRuntime } from '../../src-main/runtime';

export const RENDERER_DIR = path.resolve('dist/renderer');
export const E2E_BROWSER_REASON = 'End-to-end test run: the Electron binary is not installed on this machine.';

export interface RunningHost extends BrowserHost {
  app: App;
  /** Every channel main's dispatcher was asked to run, in order. */
  dispatched: string[];
}

/** Each test gets its own main-process services behind its own browser host (fresh token, fresh port). */
export const test = base.extend<{ host: RunningHost }>({
  // Playwright reads a fixture's dependencies from its first parameter's destructuring; this one has none.
  // eslint-disable-next-line no-empty-pattern
  host: async ({}, use) => {
    const core = createApp({ runtime: browserRuntime(E2E_BROWSER_REASON), log: () => {} });
    const dispatched: string[] = [];
    const app: App = { ...core, dispatch: (channel, payload) => (dispatched.push(channel), core.dispatch(channel, payload)) };
    const host = await startBrowserHost({ app, rendererDir: RENDERER_DIR });
    await use({ ...host, app, dispatched });
    await host.close();
    await app.dispose();
  },
});

export { expect } from '@playwright/test';
