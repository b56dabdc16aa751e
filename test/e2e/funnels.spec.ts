/**
 * Funnels through the UI, in Chromium with the emulator: a 3-step funnel (a pricing page, a signup, a
 * subscription) is defined in the editor, synced at once, and shown as bars whose persons per step are
 * the ground truth's over the last 30 days, with its conversion trend; the dashboard gets its card.
 */
import { FUNNEL_TOTAL_RANGES } from '../../shared/funnels';
import { addDays, localDay } from '../../shared/time';
import { computeFunnelTruth, PRICING_FUNNEL } from '../posthog-emulator/dataset/funnel-truth';
import { PROJECT_IDS } from '../posthog-emulator/index';
import { connectDirectly, nextSync } from './connect-directly';
import { EMULATOR_NOW, expect, test } from './fixtures';
import { shot } from './screens';

test('define a 3-step funnel: it is synced at once, its bars are the truth, its trend and card appear', async ({ page, host, emulator }) => {
  test.setTimeout(90_000);
  await connectDirectly(host.app, emulator);
  await page.clock.setFixedTime(new Date(EMULATOR_NOW));
  await page.goto(host.pageUrl);
  await page.getByRole('button', { name: 'Funnels' }).click();
  await expect(page.getByTestId('funnels-none')).toBeVisible();

  const editor = page.getByTestId('funnel-editor');
  await editor.getByTestId('funnel-name').fill('Pricing to paid');
  await editor.getByTestId('funnel-add-step').click();
  await editor.getByTestId('funnel-step-1').fill('$pageview');
  await editor.getByTestId('funnel-add-filter-1').click();
  await editor.getByTestId('funnel-filter-value-1').fill('/PRICING');
  await editor.getByTestId('funnel-step-2').fill('signed_up');
  await editor.getByTestId('funnel-step-3').fill('subscription_started');
  const synced = nextSync(host.app, 'initial');
  await editor.getByTestId('funnel-save').click();
  expect((await synced).status).toBe('ok');

  const today = localDay(EMULATOR_NOW, 'America/New_York');
  const dataset = emulator.region('us').project(PROJECT_IDS.usWeb).dataset;
  const truth = computeFunnelTruth(dataset, { steps: PRICING_FUNNEL, windowDays: 14, today, dayFrom: addDays(today, -44), ranges: FUNNEL_TOTAL_RANGES });
  const reached = truth.totals.get(30)?.reached ?? [];
  expect(reached[0]).toBeGreaterThan(0);
  const panel = page.getByTestId('funnel-panel');
  await expect(panel.getByTestId('funnel-bar')).toHaveCount(3, { timeout: 30_000 });
  for (const [i, persons] of reached.entries()) await expect(panel.getByTestId('funnel-bar').nth(i)).toHaveAttribute('data-persons', String(persons));
  await expect(panel.getByTestId('funnel-still-converting')).toBeVisible();
  await expect(panel.getByTestId('trend-summary')).toBeVisible({ timeout: 30_000 });
  await page.setViewportSize({ width: 1280, height: 1500 });
  await shot(page, 'funnels-view');

  // The editor flags an event this project never sent (a typo would never match).
  await editor.getByTestId('funnel-name').fill('Typo');
  await editor.getByTestId('funnel-step-1').fill('signed_up');
  await editor.getByTestId('funnel-step-2').fill('subscripton_started');
  await expect(editor.getByTestId('funnel-unknown-event')).toContainText('“subscripton_started” is not among this project’s events');
  await shot(page, 'funnels-editor-unknown-event');

  await page.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.locator('[data-testid="metric-card-posthog_conversion_rate"]')).toHaveCount(1);
});
