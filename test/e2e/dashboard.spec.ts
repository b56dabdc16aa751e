/**
 * The dashboard as a founder sees it, in Chromium through the browser host and the PostHog emulator:
 * the cards show the seeded project's true values, Refresh shows its progress and outcome, a failed
 * query marks only its own cards, and when PostHog (or the network) is gone the cached data stays on
 * screen — after a reload too. Screenshots of each state go to .test-output/screenshots/.
 */
import type { Page } from '@playwright/test';
import { addDays, localDay } from '../../shared/time';
import { startBrowserHost } from '../../src-main/host/server';
import { browserRuntime } from '../../src-main/runtime';
import { computeTruth, type TruthDay } from '../posthog-emulator/dataset/ground-truth';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator } from '../posthog-emulator/index';
import { DEMO_SCALE_LICENSE } from '../support/license-test-key';
import { createTestApp } from '../support/test-app';
import { E2E_BROWSER_REASON, EMULATOR_NOW, RENDERER_DIR, expect, test } from './fixtures';
import { connectDirectly, nextSync } from './connect-directly';
import { shot } from './screens';

const TIMEZONE = 'America/New_York';
const TODAY = localDay(EMULATOR_NOW, TIMEZONE);
const LAST_COMPLETE = addDays(TODAY, -1);

/** Resolves with the next finished sync of `app` (of `kind`, if given). */

/** A card's main number as shown (`1,234`, `4m 12s`, `—`), read back into a number. */
function readValue(text: string): number | null {
  const t = text.trim();
  if (t === '—') return null;
  const duration = /^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/.exec(t);
  if (duration !== null && /[hms]$/.test(t)) return Number(duration[1] ?? 0) * 3600 + Number(duration[2] ?? 0) * 60 + Number(duration[3] ?? 0);
  return Number(t.replace(/[^\d.-]/g, ''));
}

const CARDS: ReadonlyArray<[string, (t: TruthDay) => number | null]> = [
  ['posthog_dau', (t) => t.dau],
  ['posthog_wau', (t) => t.wau],
  ['posthog_mau', (t) => t.mau],
  ['posthog_new_users', (t) => t.newUsers],
  ['posthog_events', (t) => t.events],
  ['posthog_pageviews', (t) => t.pageviews],
  ['posthog_sessions', (t) => t.sessions],
  ['posthog_session_duration', (t) => (t.meanSessionDuration === null ? null : Math.round(t.meanSessionDuration))],
  ['posthog_feature_flags', (t) => t.activeFlags],
  ['posthog_flag_evaluations', (t) => t.flagEvaluationsTotal],
  ['posthog_errors', (t) => t.exceptions],
];

async function openPinned(page: Page, url: string): Promise<void> {
  // The page's clock is the emulator's too: "today" and "yesterday" are the seeded data's.
  await page.clock.setFixedTime(new Date(EMULATOR_NOW));
  await page.goto(url);
}

test('connect → initial sync → every card shows the true value of the last complete day; detail and dark mode', async ({ page, host, emulator }) => {
  test.setTimeout(90_000);
  await host.app.dispatch('plan.installLicense', { license: DEMO_SCALE_LICENSE });
  await openPinned(page, host.pageUrl);
  await page.getByTestId('start-connect').click();
  await page.getByLabel('Self-hosted').check();
  await page.getByTestId('self-hosted-url').fill(emulator.region('us').url);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByTestId('api-key').fill(EMULATOR_KEYS.usFull);
  await page.getByTestId('test-connection').click();
  await page.getByLabel(/Acme Web/).check();
  await page.getByTestId('connect-project').click();

  const truth = new Map(computeTruth(emulator.region('us').project(PROJECT_IDS.usWeb).dataset).map((d) => [d.day, d]));
  const day = truth.get(LAST_COMPLETE);
  if (day === undefined) throw new Error(`no truth for ${LAST_COMPLETE}`);
  for (const [metric, expected] of CARDS) {
    const value = page.getByTestId(`metric-card-${metric}`).getByTestId('metric-value');
    await expect.poll(async () => readValue(await value.innerText()), { message: metric, timeout: 30_000 }).toBe(expected(day));
  }
  await expect(page.getByTestId('metric-card-posthog_dau').getByTestId('metric-today')).toContainText(/so far today/i);
  await shot(page, 'dashboard-overview');

  await page.getByTestId('metric-card-posthog_dau').click();
  const detail = page.getByTestId('metric-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('metric-summary')).toContainText(new Intl.NumberFormat('en-US').format(day.dau));
  await shot(page, 'dashboard-detail-dau');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByTestId('detail-back').click();
  await expect(page.getByTestId('metric-grid')).toBeVisible();
  await shot(page, 'dashboard-overview-dark');
});

test('Refresh shows a determinate progress bar while it runs, then what it updated', async ({ page, host, emulator }) => {
  test.setTimeout(60_000);
  await connectDirectly(host.app, emulator);
  await openPinned(page, host.pageUrl);
  await expect(page.getByTestId('metric-card-posthog_dau').getByTestId('metric-value')).not.toHaveText('—');

  // Slow answers, so the bar can be seen moving.
  emulator.region('us').faults.inject({ fault: { kind: 'slow', delayMs: 1_500 }, pathPrefix: `/api/projects/${PROJECT_IDS.usWeb}/`, count: 5 });
  const refreshed = nextSync(host.app, 'refresh');
  await page.getByTestId('refresh').click();
  const bar = page.getByTestId('sync-progress');
  await expect(bar).toBeVisible();
  await expect(page.getByTestId('refresh')).toBeDisabled();
  await expect(bar).toHaveAttribute('aria-valuemax', /[1-9]/);
  await shot(page, 'dashboard-refreshing');
  expect((await refreshed).status).toBe('ok');
  emulator.region('us').faults.clear();
  await expect(page.getByTestId('sync-outcome')).toContainText(/Updated/);
  await expect(page.getByTestId('refresh')).toBeEnabled();
});

test('a query that fails marks its own cards with the error; the other cards keep working', async ({ page, host, emulator }) => {
  test.setTimeout(60_000);
  await connectDirectly(host.app, emulator);
  await openPinned(page, host.pageUrl);
  await expect(page.getByTestId('metric-card-posthog_wau').getByTestId('metric-value')).not.toHaveText('—');

  // The activity query (DAU, events, pageviews, errors, sessions) fails every attempt; the others answer.
  emulator.region('us').faults.inject({ fault: { kind: 'status', status: 500 }, bodyContains: "'events' AS kind", count: 10 });
  const refreshed = nextSync(host.app, 'refresh');
  await page.getByTestId('refresh').click();
  expect((await refreshed).status).toBe('partial');
  emulator.region('us').faults.clear();

  for (const metric of ['posthog_dau', 'posthog_events', 'posthog_pageviews', 'posthog_errors', 'posthog_sessions']) {
    await expect(page.getByTestId(`metric-card-${metric}`).getByTestId('metric-error'), metric).toBeVisible();
    // The value synced before is still shown.
    await expect(page.getByTestId(`metric-card-${metric}`).getByTestId('metric-value'), metric).not.toHaveText('—');
  }
  for (const metric of ['posthog_wau', 'posthog_mau', 'posthog_new_users', 'posthog_flag_evaluations']) {
    await expect(page.getByTestId(`metric-card-${metric}`).getByTestId('metric-error'), metric).toHaveCount(0);
  }
  await expect(page.getByTestId('sync-outcome')).toContainText(/activity/i);
  await shot(page, 'dashboard-metric-error');
});

test('the feature flags table lists every flag by evaluations', async ({ page, host, emulator }) => {
  test.setTimeout(60_000);
  await connectDirectly(host.app, emulator);
  await openPinned(page, host.pageUrl);
  await page.getByRole('button', { name: 'Feature flags' }).click();
  const rows = page.getByTestId('flag-row');
  const flags = emulator.region('us').project(PROJECT_IDS.usWeb).dataset.flags;
  await expect(rows).toHaveCount(flags.length);
  await shot(page, 'flags-table');
});

test('offline: with PostHog gone or the network down, the cached data stays on screen, after a reload too', async ({ page }) => {
  test.setTimeout(90_000);
  // Its own emulator and app: this test stops PostHog.
  const emulator = await startDefaultEmulator({ now: EMULATOR_NOW, regions: ['us'], days: 14, targetDailyActive: 30 });
  const app = await createTestApp({
    runtime: browserRuntime(E2E_BROWSER_REASON),
    now: () => EMULATOR_NOW,
    posthog: { clouds: { us: emulator.region('us').url, eu: emulator.region('us').url }, timeoutMs: 2_000 },
  });
  const host = await startBrowserHost({ app, rendererDir: RENDERER_DIR });
  try {
    await connectDirectly(app, emulator);
    await openPinned(page, host.pageUrl);
    const dau = page.getByTestId('metric-card-posthog_dau').getByTestId('metric-value');
    await expect(dau).not.toHaveText('—');
    const shown = await dau.innerText();

    await emulator.close();
    const failed = nextSync(app, 'refresh');
    await page.getByTestId('refresh').click();
    expect((await failed).status).toBe('failed');
    await expect(page.getByTestId('offline-banner')).toContainText(/can.t be reached/i);
    await expect(dau).toHaveText(shown);
    await shot(page, 'dashboard-posthog-unreachable');

    // A reload paints from the local copy, PostHog still gone.
    await page.reload();
    await expect(dau).toHaveText(shown);

    // The machine's network goes away: the banner says so, the data stays.
    await page.context().setOffline(true);
    await expect(page.getByTestId('offline-banner')).toContainText(/offline/i);
    await expect(dau).toHaveText(shown);
    await shot(page, 'dashboard-offline');
    await page.context().setOffline(false);
  } finally {
    await host.close();
    await app.dispose();
    await emulator.close().catch(() => undefined);
  }
});
