/**
 * The retention view's model: cohorts from the stored points, cells found by period offset, young
 * cohorts' later periods absent (not 0), the current period marked partial, empty cohorts without a
 * share, and a curve weighted by cohort size over completed periods only.
 */
import { describe, expect, it } from 'vitest';
import type { SeriesPoint } from '../../../shared/metrics';
import { DEFAULT_RETENTION } from '../../../shared/retention';
import { describeRetention, offsetLabel, retentionModel } from '../../../src-renderer/views/retention/retention-table';

const cohort = (day: string, value: number): SeriesPoint => ({ metric: 'posthog_retention_cohort', key: '', day, value });
const back = (k: number, day: string, value: number): SeriesPoint => ({ metric: 'posthog_retention_returned', key: String(k), day, value });

describe('retentionModel', () => {
  // Weekly, today Friday 2026-11-20: the current week starts Sunday 2026-11-15.
  const cohorts = [cohort('2026-11-01', 10), cohort('2026-11-08', 0), cohort('2026-11-15', 4)];
  const returned = [back(1, '2026-11-08', 5), back(2, '2026-11-15', 3), back(1, '2026-11-15', 0)];
  const model = retentionModel(cohorts, returned, 'week', '2026-11-20');

  it('builds one row per cohort with its cells by offset; periods not begun are absent, not 0', () => {
    expect(model.rows.map((r) => [r.cohort, r.size, r.cells.map((c) => c.returned)])).toEqual([
      ['2026-11-01', 10, [10, 5, 3]],
      ['2026-11-08', 0, [0, 0]],
      ['2026-11-15', 4, [4]],
    ]);
    expect(model.offsets).toHaveLength(8);
  });

  it('gives shares of the cohort, none for an empty cohort, and marks the week under way', () => {
    const [oldest, empty, current] = model.rows;
    expect(oldest?.cells.map((c) => c.share)).toEqual([1, 0.5, 0.3]);
    expect(oldest?.cells.map((c) => c.partial)).toEqual([false, false, true]);
    expect(empty?.cells.map((c) => c.share)).toEqual([null, null]);
    expect(current?.cells[0]?.partial).toBe(true);
  });

  it('averages the curve over completed periods, weighted by cohort size (empty cohorts and partial periods left out)', () => {
    expect(model.curve.slice(0, 3)).toEqual([
      { offset: 0, share: 1, cohorts: 1 },
      { offset: 1, share: 0.5, cohorts: 1 },
      { offset: 2, share: null, cohorts: 0 },
    ]);
  });

  it('keeps only the last 8 weekly cohorts up to today', () => {
    const days = ['2026-08-30', '2026-09-06', '2026-09-13', '2026-09-20', '2026-09-27', '2026-10-04', '2026-10-11', '2026-10-18', '2026-10-25', '2026-11-01', '2026-11-08', '2026-11-15', '2026-11-22'];
    const weekly = retentionModel(days.map((d, i) => cohort(d, i)), [], 'week', '2026-11-20');
    expect(weekly.rows.map((r) => r.cohort)).toEqual(days.slice(4, 12));
  });
});

it('says what the definition measures', () => {
  expect(describeRetention(DEFAULT_RETENTION)).toBe('Weekly cohorts of persons by their first event; a person is back in a later week when they do any event in it.');
  expect(describeRetention({ period: 'day', startEvent: 'signed_up', returnEvent: '$pageview', mode: 'recurring' })).toBe(
    'Daily cohorts of persons by every day with “signed_up”; a person is back in a later day when they do “$pageview” in it.',
  );
  expect(offsetLabel('month', 3)).toBe('Month 3');
});
