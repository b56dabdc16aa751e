import type { Response } from '@playwright/test';
import { EMULATOR_KEYS } from '../posthog-emulator/index';
import { expect, test } from './fixtures';
import { shot } from './screens';

test('connect wizard end to end: a project key and a wrong region are explained and corrected, then the project is connected', async ({ page, host, emulator }) => {
  test.setTimeout(60_000);
  const us = emulator.region('us').url;
  const eu = emulator.region('eu').url;
  const bodies: string[] = [];
  page.on('response', (response: Response) => {
    if (new URL(response.url()).pathname.startsWith('/api/app') || new URL(response.url()).pathname.startsWith('/api/connection')) {
      void response.text().then((text) => bodies.push(text), () => undefined);
    }
  });

  await page.goto(host.pageUrl);
  await page.getByTestId('start-connect').click();
  const view = page.getByTestId('connect-view');
  await expect(view).toHaveAttribute('data-step', 'host');
  await shot(page, 'connect-1-where');

  // Step 1: a self-hosted address as pasted from the browser (the emulator's "US cloud").
  await page.getByLabel('Self-hosted').check();
  await page.getByTestId('self-hosted-url').fill(`${us}/project/1/insights`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(view).toHaveAttribute('data-step', 'key');
  await expect(page.getByTestId('wizard-host')).toHaveText(us);

  // Step 2a: a project key is explained at once and cannot be tested.
  await page.getByTestId('api-key').fill('phc_abcdefghijklmnopqrstuvwxyz0123456789');
  await expect(page.getByTestId('project-key-warning')).toContainText('can only send events');
  await expect(page.getByTestId('test-connection')).toBeDisabled();
  await shot(page, 'connect-2-project-key');

  // Step 2b: an EU key against the US host: told where it belongs, one click to switch.
  await page.getByTestId('api-key').fill(EMULATOR_KEYS.euFull);
  await expect(page.getByTestId('api-key')).toHaveAttribute('type', 'password');
  await page.getByTestId('test-connection').click();
  const notice = page.getByTestId('error-notice');
  await expect(notice).toHaveAttribute('data-code', 'wrong_region');
  await expect(notice).toContainText('EU');
  await shot(page, 'connect-3-wrong-region');
  await page.getByTestId('switch-region').click();

  // Step 3: the EU project, auto-picked as the only one; the key is shown masked.
  await expect(view).toHaveAttribute('data-step', 'project');
  await expect(page.getByTestId('key-accepted')).toContainText(`phx_…${EMULATOR_KEYS.euFull.slice(-4)}`);
  await expect(page.getByTestId('key-accepted')).toContainText(eu);
  await expect(page.getByLabel(/Acme EU/)).toBeChecked();
  await shot(page, 'connect-4-project');
  await page.getByTestId('connect-project').click();

  // Connected: the header and the dashboard say so.
  await expect(page.getByTestId('connection-status')).toContainText('Acme EU');
  await expect(page.getByTestId('connection-status')).toContainText('Europe/Berlin');
  await expect(page.getByTestId('dashboard-connected')).toBeVisible();
  await shot(page, 'connect-5-connected');

  // The first sync started by itself; Refresh adds another entry to the sync log.
  await page.getByRole('button', { name: 'Sync log' }).click();
  const rows = page.getByTestId('sync-log-table').locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('First sync');
  await expect(rows.first()).toHaveAttribute('data-status', 'ok');
  await page.getByTestId('refresh').click();
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Refresh');
  await expect(page.getByTestId('refresh')).toHaveText('Refresh');
  await shot(page, 'connect-5b-sync-log');

  // Settings → Connection: masked key, scopes, re-test.
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByTestId('connection-settings');
  await expect(page.getByTestId('key-hint')).toContainText(`phx_…${EMULATOR_KEYS.euFull.slice(-4)}`);
  await expect(page.getByTestId('connection-facts')).toContainText('query:read');
  await page.getByTestId('retest').click();
  await expect(page.getByTestId('retest')).toHaveText('Re-test');
  await expect(settings.getByTestId('error-notice')).toHaveCount(0);
  await shot(page, 'connect-6-settings');

  // The key appears nowhere the page can see: answers from main, storage, the document.
  const needles = [EMULATOR_KEYS.euFull, EMULATOR_KEYS.euFull.slice(8, 24)];
  const storage = await page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));
  const html = await page.content();
  for (const needle of needles) {
    for (const body of bodies) expect(body).not.toContain(needle);
    expect(storage).not.toContain(needle);
    expect(html).not.toContain(needle);
  }
  expect(bodies.length).toBeGreaterThan(5);

  // Disconnect asks first and says what stays.
  await page.getByTestId('disconnect').click();
  await expect(page.getByTestId('disconnect-confirm')).toContainText('stay on this computer');
  await shot(page, 'connect-7-disconnect-confirm');
  await page.getByTestId('disconnect-confirmed').click();
  await expect(page.getByTestId('connection-status')).toHaveText('No PostHog project connected');
});

test('missing scopes are all named, and a restart halfway resumes at the key step', async ({ page, host, emulator }) => {
  const us = emulator.region('us').url;
  await page.goto(host.pageUrl);
  await page.getByTestId('start-connect').click();
  await page.getByLabel('Self-hosted').check();
  await page.getByTestId('self-hosted-url').fill(us);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('api-key').fill(EMULATOR_KEYS.usMinimal);
  await page.getByTestId('test-connection').click();
  await expect(page.getByTestId('error-notice')).toHaveAttribute('data-code', 'missing_scopes');
  await expect(page.getByTestId('missing-scopes').locator('li')).toHaveText(['event_definition:read', 'feature_flag:read', 'query:read']);
  await shot(page, 'connect-missing-scopes');

  // Reload: the wizard remembers the host, not the key.
  await page.reload();
  await page.getByTestId('start-connect').click();
  await expect(page.getByTestId('connect-view')).toHaveAttribute('data-step', 'key');
  await expect(page.getByTestId('wizard-host')).toHaveText(us);
  await expect(page.getByTestId('api-key')).toHaveValue('');
});
