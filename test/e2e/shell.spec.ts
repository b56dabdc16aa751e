import { mkdirSync } from 'node:fs';
import { APP_VERSION } from '../../src-main/runtime';
import { expect, E2E_BROWSER_REASON, test } from './fixtures';

test('the shell loads through the browser host and shows what main said in app.info', async ({ page, host }) => {
  await page.goto(host.pageUrl);
  await expect(page.getByTestId('app-shell')).toBeVisible();
  await expect(page.getByTestId('runtime-bar')).toHaveText(`Sightline ${APP_VERSION} · browser mode · ${process.platform} ${process.arch}`);
  await expect(page.getByTestId('browser-mode-notice')).toContainText(E2E_BROWSER_REASON);
  await expect(page.getByTestId('connection-status')).toHaveText('No PostHog project connected');
  // The token leaves the address bar as soon as the page has it.
  expect(new URL(page.url()).hash).toBe('');

  mkdirSync('.test-output/screenshots', { recursive: true });
  await page.screenshot({ path: '.test-output/screenshots/shell-dashboard.png' });

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('app-version')).toHaveText(APP_VERSION);
  await expect(page.getByTestId('app-transport')).toHaveText('Browser mode (browser host on 127.0.0.1)');
  await page.screenshot({ path: '.test-output/screenshots/shell-settings.png' });
});

test('a reload keeps working: the token is kept for the tab, not in the URL', async ({ page, host }) => {
  await page.goto(host.pageUrl);
  await expect(page.getByTestId('runtime-bar')).toHaveAttribute('data-status', 'ready');
  await page.reload();
  await expect(page.getByTestId('runtime-bar')).toHaveAttribute('data-status', 'ready');
});

test('an event from main reaches the page over server-sent events and switches the view', async ({ page, host }) => {
  const own = host.app.events.subscriberCount;
  await page.goto(host.pageUrl);
  await expect(page.getByTestId('dashboard-empty')).toBeVisible();
  await expect.poll(() => host.app.events.subscriberCount).toBe(own + 1);
  host.app.events.emit('app.navigate', { view: 'alerts' });
  await expect(page.getByTestId('alerts-empty')).toBeVisible();
  await expect(page.getByTestId('app-shell')).toHaveAttribute('data-view', 'alerts');
});

test('opening the page without its token explains how to get in, and main is never asked', async ({ page, host }) => {
  const apiCalls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
  });
  await page.goto(`${host.origin}/`);
  await expect(page.getByTestId('no-access')).toContainText('npm start');
  expect(apiCalls).toEqual([]);
});

test('a stale token (from an earlier run) shows the unauthorized error with its hint', async ({ page, host }) => {
  await page.goto(`${host.origin}/#token=${'x'.repeat(43)}`);
  const notice = page.getByTestId('error-notice');
  await expect(notice).toHaveAttribute('data-code', 'unauthorized');
  await expect(notice).toContainText('npm start');
  await page.screenshot({ path: '.test-output/screenshots/shell-unauthorized.png' });
});
