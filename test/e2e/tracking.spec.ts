/**
 * Tracking custom events through the UI, in Chromium with the emulator: the picker searches PostHog's
 * event definitions, the chosen events are synced at once (their cards show the true count of the
 * last complete day), and removing an event removes its card.
 */
import { addDays, localDay } from '../../shared/time';
import { computeTruth } from '../posthog-emulator/dataset/ground-truth';
import { EMULATOR_KEYS, PROJECT_IDS } from '../posthog-emulator/index';
import { DEMO_SCALE_LICENSE } from '../support/license-test-key';
import { EMULATOR_NOW, expect, test } from './fixtures';
import { shot } from './screens';

test('pick events in the picker: they are synced, carded and charted; removing one removes its card', async ({ page, host, emulator }) => {
  test.setTimeout(90_000);
  const call = async (channel: string, payload: unknown): Promise<void> => {
    const r = await host.app.dispatch(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  };
  await call('plan.installLicense', { license: DEMO_SCALE_LICENSE });
  await call('connection.test', { host: emulator.region('us').url, apiKey: EMULATOR_KEYS.usFull });
  await call('connection.save', { projectId: PROJECT_IDS.usWeb });
  await page.clock.setFixedTime(new Date(EMULATOR_NOW));
  await page.goto(host.pageUrl);

  await page.getByRole('button', { name: 'Custom events' }).click();
  await expect(page.getByTestId('tracking-view')).toBeVisible();
  await page.getByTestId('event-search').fill('e');
  const signedUp = page.locator('[data-testid="event-option"][data-name="signed_up"]');
  await expect(signedUp).toBeVisible();
  await expect(signedUp).toContainText(/\d/); // its 30-day volume
  await signedUp.getByRole('checkbox').check();
  await page.locator('[data-testid="event-option"][data-name="button_clicked"]').getByRole('checkbox').check();
  await page.getByTestId('track-selected').click();
  await expect(page.locator('[data-testid="tracked-event"]')).toHaveCount(2);

  await expect(page.locator('[data-testid="event-trend"][data-name="signed_up"] [data-testid="trend-summary"]')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'tracking-view');

  // The dashboard has a card per event with the true count of the last complete day.
  const day = addDays(localDay(EMULATOR_NOW, 'America/New_York'), -1);
  const truth = computeTruth(emulator.region('us').project(PROJECT_IDS.usWeb).dataset, { customEvents: ['signed_up'] }).find((d) => d.day === day);
  await page.getByRole('button', { name: 'Dashboard' }).click();
  const card = page.locator('[data-testid="metric-card-posthog_custom_event_count"][data-key="signed_up"]');
  await expect(card.getByTestId('metric-value')).toHaveText(String(truth?.custom.signed_up?.count));

  await page.getByRole('button', { name: 'Custom events' }).click();
  await page.locator('[data-testid="tracked-event"][data-name="button_clicked"]').getByRole('button', { name: 'Stop tracking button_clicked' }).click();
  await expect(page.locator('[data-testid="tracked-event"]')).toHaveCount(1);
  await page.getByRole('button', { name: 'Dashboard' }).click();
  await expect(page.locator('[data-testid="metric-card-posthog_custom_event_count"][data-key="button_clicked"]')).toHaveCount(0);
  await expect(card).toBeVisible();
});
