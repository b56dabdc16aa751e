/**
 * Test helper: the retention points a sync should have produced (or stored), from the independent
 * ground truth, and the comparison with what it did produce.
 */
import { expect } from 'vitest';
import type { SeriesPoint, SyncPlanOptions } from '../../../../shared/metrics';
import { RETENTION_PERIODS } from '../../../../shared/retention';
import { addDays, dayRange } from '../../../../shared/time';
import { computeRetentionTruth } from '../../../posthog-emulator/dataset/retention-truth';
import type { Dataset } from '../../../posthog-emulator/dataset/types';

const id = (metric: string, key: string, day: string): string => `${metric}|${key}|${day}`;

/** Every retention point a sync with `options` writes, by `metric|key|day`, as the ground truth says. */
export function retentionTruthPoints(dataset: Dataset, options: SyncPlanOptions): Map<string, number | null> {
  const { retention, weekStartDay, from, to } = options;
  const truth = computeRetentionTruth(dataset, { ...retention, weekStartDay, today: to, periods: RETENTION_PERIODS[retention.period] });
  const starts = truth.cohorts.map((c) => c.start);
  // An initial sync writes the whole table; a refresh the periods from the one holding `from`.
  const oldest = starts[0] ?? '';
  const writeFrom = options.kind === 'initial' ? oldest : ([...starts].reverse().find((s) => s <= from) ?? oldest);
  const want = new Map<string, number | null>();
  truth.cohorts.forEach((cohort, i) => {
    if (cohort.start >= writeFrom) want.set(id('posthog_retention_cohort', '', cohort.start), cohort.size);
    for (let k = 1; k < cohort.returned.length; k += 1) {
      const at = starts[i + k] as string;
      if (at >= writeFrom) want.set(id('posthog_retention_returned', String(k), at), cohort.returned[k] as number);
    }
  });
  for (const day of dayRange(addDays(from, -30), to)) {
    const size = truth.firstSeen.get(day) ?? 0;
    want.set(id('posthog_retention_day_cohort', '', day), size);
    for (const n of [1, 7, 30]) {
      if (day < addDays(from, -n)) continue;
      const open = addDays(day, n) >= to;
      want.set(id(`posthog_retention_d${n}`, '', day), open || size === 0 ? null : (truth.dayReturned.get(`${day} ${n}`) ?? 0) / size);
    }
  }
  return want;
}

/** `points`' retention points equal the truth's, one for one. */
export function expectRetentionTruth(points: readonly SeriesPoint[], dataset: Dataset, options: SyncPlanOptions): void {
  const want = retentionTruthPoints(dataset, options);
  expectSamePoints(points.filter((p) => p.metric.startsWith('posthog_retention_')), want);
}

export function expectSamePoints(points: readonly SeriesPoint[], want: ReadonlyMap<string, number | null>): void {
  const got = new Map(points.map((p) => [id(p.metric, p.key, p.day), p.value]));
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  const wrong: string[] = [];
  for (const [key, value] of want) {
    const actual = got.get(key) ?? null;
    const same = value === null || actual === null ? value === actual : Math.abs(value - actual) < 1e-9;
    if (!same) wrong.push(`${key}: ${String(actual)} ≠ ${String(value)}`);
  }
  expect(wrong.slice(0, 10)).toEqual([]);
}
