/**
 * The retention view in Chromium with the emulator: after the first sync the weekly table shows the
 * true cohort sizes and shares (ground truth), young cohorts' later weeks are blank (not 0 %), the
 * D1/D7/D30 cards show the latest cohort old enough; switching to daily cohorts from `signed_up`
 * replaces the table with the new question's.
 */
import { DEFAULT_RETENTION, RETENTION_PERIODS } from '../../shared/retention';
import { localDay } from '../../shared/time';
import { computeRetentionTruth } from '../posthog-emulator/dataset/retention-truth';
import { PROJECT_IDS } from '../posthog-emulator/index';
import { connectDirectly } from './connect-directly';
import { EMULATOR_NOW, expect, test } from './fixtures';
import { shot } from './screens';

test('the retention view: the true cohort table, blank young cells, Day-N cards; another definition replaces the table', async ({ page, host, emulator }) => {
  test.setTimeout(90_000);
  await connectDirectly(host.app, emulator);
  await page.clock.setFixedTime(new Date(EMULATOR_NOW));
  await page.goto(host.pageUrl);
  await page.getByRole('button', { name: 'Retention' }).click();
  await expect(page.getByTestId('retention-view')).toBeVisible();

  const dataset = emulator.region('us').project(PROJECT_IDS.usWeb).dataset;
  const today = localDay(EMULATOR_NOW, 'America/New_York');
  const truth = computeRetentionTruth(dataset, { ...DEFAULT_RETENTION, weekStartDay: 0, today, periods: RETENTION_PERIODS.week });
  const rows = page.getByTestId('retention-row');
  await expect(rows).toHaveCount(8, { timeout: 30_000 });
  // Every cohort's size and every cell's count is the truth; the newest cohort has only its own week.
  for (const cohort of truth.cohorts) {
    const row = page.locator(`[data-testid="retention-row"][data-cohort="${cohort.start}"]`);
    await expect(row).toHaveAttribute('data-size', String(cohort.size));
    if (cohort.size === 0) {
      // An empty cohort (before the product launched) has no shares: said as nobody, not as 0 %.
      await expect(row.locator('.retention-cell--empty')).toHaveCount(cohort.returned.length);
      continue;
    }
    const cells = row.getByTestId('retention-cell');
    await expect(cells).toHaveCount(cohort.returned.length);
    await expect(cells.last()).toHaveAttribute('data-returned', String(cohort.returned.at(-1)));
  }
  const newest = rows.last();
  await expect(newest.locator('.retention-cell--future')).toHaveCount(7);
  await expect(newest.locator('.retention-cell--future').first()).toHaveText('');
  await expect(page.getByTestId('retention-curve-summary')).toContainText(/On average \d+(\.\d)?\s?% come back in week 1/);
  await expect(page.getByTestId('dayn-card-1').getByTestId('dayn-value')).toHaveText(/\d\s?%/);
  await expect(page.getByTestId('dayn-card-7').getByTestId('dayn-detail')).toContainText(/of \d+ persons first seen/);
  // The project is two weeks old: no cohort is 30 days old, and the card says so rather than 0 %.
  await expect(page.getByTestId('dayn-card-30').getByTestId('dayn-detail')).toHaveText('No cohort old enough yet: D30 needs persons first seen at least 31 days ago.');
  await page.setViewportSize({ width: 1280, height: 1500 });
  await shot(page, 'retention-weekly');

  // Daily cohorts of signed_up: the weekly table goes, the daily one (30 rows) arrives with a sync.
  await page.getByTestId('retention-period').selectOption('day');
  await page.getByTestId('retention-start').fill('signed_up');
  await page.getByTestId('retention-save').click();
  await expect(page.getByTestId('retention-definition')).toContainText('Daily cohorts of persons by their first “signed_up”');
  await expect(rows).toHaveCount(30, { timeout: 30_000 });
  const daily = computeRetentionTruth(dataset, { period: 'day', startEvent: 'signed_up', returnEvent: null, mode: 'first_time', weekStartDay: 0, today, periods: 30 });
  const first = daily.cohorts[0];
  await expect(page.locator(`[data-testid="retention-row"][data-cohort="${first?.start}"]`)).toHaveAttribute('data-size', String(first?.size));
  await shot(page, 'retention-daily');
});
