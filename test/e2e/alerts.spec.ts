/**
 * Alerts as a founder meets them, in Chromium through the browser host and the PostHog emulator: after
 * the first sync the templates are offered; the error-spike template (the "unusual" detector, still
 * learning on this young project) customized to a plain rise with minimum volume 5 backtests onto the
 * seeded spike; saved, it is Pending until the next sync; Refresh makes it fire —
 * a toast (no notification permission here) and a history entry — and View opens the metric's detail
 * at that day with its marker. A second test shows the "unusual" detector's expected band on a longer
 * history. Screenshots of each step go to .test-output/screenshots/.
 */
import { addDays, localDay } from '../../shared/time';
import type { App } from '../../src-main/app';
import { startBrowserHost, type BrowserHost } from '../../src-main/host/server';
import { browserRuntime } from '../../src-main/runtime';
import { PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../posthog-emulator/index';
import { createTestApp } from '../support/test-app';
import { E2E_BROWSER_REASON, RENDERER_DIR, expect, test } from './fixtures';
import { connectDirectly, nextSync } from './connect-directly';
import { shot } from './screens';

/**
 * Main's (and the page's) clock: 10:00 in New York on Sun 22 Nov 2026, a day before the emulator's
 * data ends, so the latest complete project day is the seeded error spike's.
 */
const ALERT_NOW = Date.parse('2026-11-22T15:00:00Z');
/** A day later (the emulator's own now): the spike day is followed by an ordinary one. */
const NEXT_DAY = Date.parse('2026-11-23T15:00:00Z');
const TIMEZONE = 'America/New_York';
const LAST_COMPLETE = addDays(localDay(ALERT_NOW, TIMEZONE), -1);

/** Main services on the alert clock behind their own browser host, connected to Acme Web on Scale (history beyond 3 days). */
async function startConnected(emulator: RunningEmulator, now: () => number): Promise<{ app: App; host: BrowserHost }> {
  const app = await createTestApp({
    runtime: browserRuntime(E2E_BROWSER_REASON),
    now,
    locale: 'en-US',
    posthog: { clouds: { us: emulator.region('us').url, eu: emulator.region('eu').url }, timeoutMs: 5_000 },
  });
  const host = await startBrowserHost({ app, rendererDir: RENDERER_DIR });
  await connectDirectly(app, emulator);
  return { app, host };
}

test('error spike: template → customize with a backtest → save (pending) → refresh fires it: toast, history, detail with its marker', async ({ page, emulator }) => {
  test.setTimeout(120_000);
  const spikeDay = emulator.region('us').project(PROJECT_IDS.usWeb).dataset.incidents.errorSpikeDay;
  expect(spikeDay).toBe(LAST_COMPLETE);
  let clock = ALERT_NOW;
  const { app, host } = await startConnected(emulator, () => clock);
  try {
    // Tall enough for each screenshot to show a whole step (the shell scrolls its content, not the page).
    await page.setViewportSize({ width: 1200, height: 1300 });
    await page.clock.setFixedTime(new Date(ALERT_NOW));
    await page.goto(host.pageUrl);
    await expect(page.getByTestId('metric-card-posthog_errors').getByTestId('metric-value')).not.toHaveText('—');

    // After the first sync: no rules, no history, the templates offered.
    await page.getByRole('button', { name: /^Alerts/ }).click();
    await expect(page.getByTestId('alerts-no-rules')).toBeVisible();
    await expect(page.getByTestId('alerts-no-history')).toBeVisible();
    const spike = page.locator('[data-testid="alert-template"][data-template="error-spike"]');
    await expect(spike).toBeVisible();
    await expect(page.getByTestId('alert-template')).toHaveCount(6);
    await shot(page, 'alerts-templates');

    // Customize. The template uses the "unusual" detector: it needs 26 days of history, so on this
    // young project it is learning, and says so.
    await spike.getByRole('button', { name: /Customize/ }).click();
    const editor = page.getByTestId('rule-editor');
    await expect(editor).toBeVisible();
    await expect(editor.getByTestId('rule-kind')).toHaveValue('unusual');
    await expect(editor.getByTestId('rule-unusual-direction')).toHaveValue('spike');
    await expect(editor.getByTestId('rule-sensitivity')).toHaveValue('medium');
    const sentence = editor.getByTestId('backtest-sentence');
    await expect(sentence).toHaveText(/^Learning — needs \d+ more days? of history before it can judge/);
    await shot(page, 'alerts-editor-learning');

    // A plain condition instead: 3× the previous 7 days' average, at least 10 that day — too few here.
    await editor.getByTestId('rule-kind').selectOption('change');
    await editor.getByTestId('rule-change-direction').selectOption('rise');
    await editor.getByTestId('rule-amount').fill('200');
    await editor.getByTestId('rule-min-volume').fill('10');
    await expect(sentence).toHaveText(/^Would not have fired/);
    await expect(editor.locator('.backtest-marker')).toHaveCount(0);

    // A field error in words, live, and no backtest while the rule is not valid.
    await editor.getByTestId('rule-min-volume').fill('-1');
    await expect(editor.getByTestId('field-error')).toHaveText('A number, 0 or more (0: no minimum).');
    await expect(editor.getByTestId('backtest-invalid')).toBeVisible();

    await editor.getByTestId('rule-min-volume').fill('5');
    await expect(editor.getByTestId('field-error')).toHaveCount(0);
    await expect(sentence).toHaveText(/^Would have fired 1 time in /);
    const firing = editor.getByTestId('backtest-firing');
    await expect(firing).toHaveCount(1);
    await expect(firing).toHaveAttribute('data-day', spikeDay);
    await expect(firing).toContainText(/Error events rose [\d,]+% — 7 vs/);
    await expect(editor.locator('.backtest-marker')).toHaveCount(1);
    await shot(page, 'alerts-editor-backtest');

    await editor.getByTestId('rule-save').click();
    const rule = page.getByTestId('alert-rule');
    await expect(rule).toHaveCount(1);
    await expect(rule.getByTestId('rule-status')).toHaveAttribute('data-status', 'pending');
    await expect(rule.getByTestId('rule-status')).toContainText('Checked after the next sync');
    await expect(spike.getByTestId('template-enabled')).toBeVisible();

    // The next sync evaluates it on the latest complete day: the spike.
    const refreshed = nextSync(app, 'refresh');
    await page.getByTestId('refresh').click();
    expect((await refreshed).status).toBe('ok');
    await expect(rule.getByTestId('rule-status')).toHaveAttribute('data-status', 'firing');
    await expect(rule.getByTestId('rule-status')).toContainText(/Error events rose [\d,]+% — 7 vs/);
    const toast = page.getByTestId('alert-toast');
    await expect(toast).toHaveCount(1);
    await expect(toast).toContainText('Error spike');
    await expect(toast).toContainText(/Error events rose [\d,]+% — 7 vs .* · Sat, Nov 21/);
    const event = page.getByTestId('alert-event');
    await expect(event).toHaveCount(1);
    await expect(event).toHaveAttribute('data-day', spikeDay);
    await expect(event.getByTestId('alert-event-notified')).toHaveText('Notified');
    await expect(page.getByTestId('alerts-firing-count')).toHaveText('1');
    await rule.scrollIntoViewIfNeeded();
    await toast.hover(); // held while hovered, so it is still there for the screenshot and the click
    await shot(page, 'alerts-firing-toast');

    await toast.getByRole('button', { name: 'View' }).click();
    const detail = page.getByTestId('metric-detail');
    await expect(detail).toBeVisible();
    await expect(detail).toHaveAttribute('data-metric', 'posthog_errors');
    await expect(detail.locator('.alert-marker--fired')).toHaveCount(1);
    await expect(detail.getByTestId('detail-alert')).toHaveAttribute('data-focus', 'true');
    await expect(detail.getByTestId('detail-alert')).toContainText('Error spike fired');
    await expect(page.getByTestId('alert-toast')).toHaveCount(0);
    await shot(page, 'alerts-detail-marker');

    // A day later the errors are back to normal: the rule resolves, says so, and the history has both, newest first.
    clock = NEXT_DAY;
    await page.clock.setFixedTime(new Date(NEXT_DAY));
    await page.getByRole('button', { name: /^Alerts/ }).click();
    const nextRefresh = nextSync(app, 'refresh');
    await page.getByTestId('refresh').click();
    expect((await nextRefresh).status).toBe('ok');
    await expect(rule.getByTestId('rule-status')).toHaveAttribute('data-status', 'resolved');
    await expect(page.getByTestId('alert-event')).toHaveCount(2);
    await expect(page.getByTestId('alert-event').first()).toHaveAttribute('data-kind', 'resolved');
    await expect(page.getByTestId('alert-event').first()).toHaveAttribute('data-day', addDays(spikeDay, 1));
    await expect(page.getByTestId('alert-toast')).toContainText('Resolved: Error spike');
    await expect(page.getByTestId('alerts-firing-count')).toHaveCount(0);
    await page.getByTestId('alert-history').scrollIntoViewIfNeeded();
    await shot(page, 'alerts-history');

    // The fired entry opens the chart at its day, the recovery marked the day after.
    await page.locator('[data-testid="alert-event"][data-kind="fired"]').getByRole('button').click();
    const again = page.getByTestId('metric-detail');
    await expect(again).toHaveAttribute('data-metric', 'posthog_errors');
    await expect(again.locator('.alert-marker--fired')).toHaveCount(1);
    await expect(again.locator('.alert-marker--resolved')).toHaveCount(1);
    await expect(again.locator('[data-testid="detail-alert"][data-focus="true"]')).toContainText('Error spike fired');
  } finally {
    await host.close();
    await app.dispose();
  }
});

test('the DAU-drop template (the unusual detector) shows its expected band and the seeded drop it would have caught', async ({ page }) => {
  test.setTimeout(90_000);
  // A 200-DAU project whose data ends on Nov 23; the founder connected three weeks earlier and has
  // refreshed every day since, so Sightline holds 50 days — the detector judges once it has 26.
  const end = Date.parse('2026-11-23T15:00:00Z');
  const day = 86_400_000;
  const emulator = await startDefaultEmulator({ now: end, regions: ['us', 'eu'], days: 60, targetDailyActive: 200 });
  let clock = end - 20 * day;
  const { app, host } = await startConnected(emulator, () => clock);
  try {
    for (let i = 19; i >= 0; i -= 1) {
      clock = end - i * day;
      const r = await app.dispatch('sync.refresh', {});
      expect(r.ok).toBe(true);
    }
    await page.setViewportSize({ width: 1200, height: 1300 });
    await page.clock.setFixedTime(new Date(end));
    await page.goto(host.pageUrl);
    await expect(page.getByTestId('metric-card-posthog_dau').getByTestId('metric-value')).not.toHaveText('—');
    await page.getByRole('button', { name: /^Alerts/ }).click();
    await page.locator('[data-testid="alert-template"][data-template="dau-drop"]').getByRole('button', { name: /Customize/ }).click();
    const editor = page.getByTestId('rule-editor');
    await expect(editor.getByTestId('rule-kind')).toHaveValue('unusual');
    await expect(editor.getByTestId('rule-unusual-direction')).toHaveValue('drop');
    const drop = emulator.region('us').project(PROJECT_IDS.usWeb).dataset.incidents.dauDropDay;
    await expect(editor.getByTestId('backtest-sentence')).toHaveText(/^Would have fired 1 time in /);
    await expect(editor.getByTestId('backtest-firing')).toHaveAttribute('data-day', drop);
    await expect(editor.getByTestId('backtest-firing')).toContainText(/DAU unusually low — \d+ vs [\d,]+–[\d,]+ expected for a \w+day/);
    await expect(editor.locator('.recharts-area-area')).toHaveCount(1);
    await editor.getByTestId('backtest').scrollIntoViewIfNeeded();
    await shot(page, 'alerts-editor-unusual-band');
  } finally {
    await host.close();
    await app.dispose();
    await emulator.close();
  }
});
