/**
 * The retention query, run on the emulator (PostHog's parser → DuckDB), gives exactly the ground
 * truth (test/posthog-emulator/dataset/retention-truth.ts) for every cohort cell, cohort size,
 * first-seen count and D1/D7/D30 rate it writes: weekly and daily, first-time and recurring, Sunday
 * and Monday weeks, calendar months, named and "any" events, initial syncs and refreshes, on a
 * America/New_York project whose data crosses the 2026-11-01 DST change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesPoint, SyncPlanOptions } from '../../../../shared/metrics';
import { DEFAULT_RETENTION, type RetentionDefinition, type WeekStartDay } from '../../../../shared/retention';
import { addDays } from '../../../../shared/time';
import { buildSyncQueries } from '../../../../src-main/sync/queries/plan';
import { generateDataset } from '../../../posthog-emulator/dataset/generator';
import type { Dataset } from '../../../posthog-emulator/dataset/types';
import { createDuckDbEngine } from '../../../posthog-emulator/engine/duckdb-engine';
import type { HogQLEngine } from '../../../posthog-emulator/engine/types';
import { expectRetentionTruth, retentionTruthPoints } from './retention-check';

const END_DAY = '2026-11-20';
let dataset: Dataset;
let engine: HogQLEngine;

beforeAll(async () => {
  dataset = generateDataset({ seed: 2027, timezone: 'America/New_York', endDay: END_DAY, days: 75, targetDailyActive: 120 });
  engine = await createDuckDbEngine(dataset, { now: () => Date.parse(`${END_DAY}T23:00:00Z`) });
});
afterAll(async () => engine.close());

async function retentionPoints(options: SyncPlanOptions): Promise<SeriesPoint[]> {
  const query = buildSyncQueries(options).find((q) => q.id === 'retention');
  if (query === undefined) throw new Error('no retention query');
  const result = await engine.query({ query: query.hogql, values: query.values });
  expect(result.hasMore).toBe(false);
  const points = query.parse({ columns: result.columns, results: result.results });
  // Every point is one the query says it replaces.
  for (const p of points) {
    const write = query.writes?.find((w) => w.metrics.includes(p.metric));
    expect(write, p.metric).toBeDefined();
    expect(p.day >= (write?.from ?? '') && p.day <= (write?.to ?? ''), `${p.metric} ${p.day}`).toBe(true);
  }
  return points;
}

function options(retention: RetentionDefinition, weekStartDay: WeekStartDay, kind: 'initial' | 'refresh'): SyncPlanOptions {
  return { from: addDays(END_DAY, kind === 'initial' ? -30 : -7), to: END_DAY, kind, retention, weekStartDay, customEvents: [], funnels: [] };
}

const CASES: Array<[string, RetentionDefinition, WeekStartDay, 'initial' | 'refresh']> = [
  ['weekly, first time, any event, Sunday weeks (the default), initial', DEFAULT_RETENTION, 0, 'initial'],
  ['weekly, recurring, any event, Monday weeks, initial', { ...DEFAULT_RETENTION, mode: 'recurring' }, 1, 'initial'],
  ['weekly, first time, signed_up → $pageview, Monday weeks, refresh', { ...DEFAULT_RETENTION, startEvent: 'signed_up', returnEvent: '$pageview' }, 1, 'refresh'],
  ['daily, first time, signed_up → any event, initial', { period: 'day', startEvent: 'signed_up', returnEvent: null, mode: 'first_time' }, 0, 'initial'],
  ['daily, recurring, $pageview → button_clicked, refresh', { period: 'day', startEvent: '$pageview', returnEvent: 'button_clicked', mode: 'recurring' }, 0, 'refresh'],
  ['monthly, recurring, any event, initial', { period: 'month', startEvent: null, returnEvent: null, mode: 'recurring' }, 0, 'initial'],
];

describe.each(CASES)('%s', (_name, retention, weekStartDay, kind) => {
  it('every cell, cohort size, first-seen count and Day-N rate equals the ground truth', async () => {
    const plan = options(retention, weekStartDay, kind);
    const points = await retentionPoints(plan);
    expectRetentionTruth(points, dataset, plan);
  });
});

describe('the cases exercise what they claim', () => {
  it('cells are mostly non-zero, D30 has values and open days, Monday and Sunday weeks differ', () => {
    const sunday = retentionTruthPoints(dataset, options(DEFAULT_RETENTION, 0, 'initial'));
    const monday = retentionTruthPoints(dataset, options(DEFAULT_RETENTION, 1, 'initial'));
    const cells = [...sunday].filter(([k]) => k.startsWith('posthog_retention_returned|'));
    expect(cells.length).toBe(28); // 8 weekly cohorts: 7 + 6 + … + 1 later periods
    expect(cells.filter(([, v]) => (v ?? 0) > 0).length).toBeGreaterThan(20);
    expect([...sunday.keys()].some((k) => k.startsWith('posthog_retention_cohort||') && k.endsWith('2026-11-15'))).toBe(true); // a Sunday
    expect([...monday.keys()].some((k) => k.startsWith('posthog_retention_cohort||') && k.endsWith('2026-11-16'))).toBe(true); // a Monday
    const d30 = [...sunday].filter(([k]) => k.startsWith('posthog_retention_d30|'));
    expect(d30.some(([, v]) => v !== null && v > 0)).toBe(true);
    expect(d30.filter(([, v]) => v === null).length).toBeGreaterThanOrEqual(30);
    // Recurring cohorts are larger than first-time ones (returning persons join every period's cohort).
    const recurring = retentionTruthPoints(dataset, options({ ...DEFAULT_RETENTION, mode: 'recurring' }, 0, 'initial'));
    expect(recurring.get(`posthog_retention_cohort||2026-11-08`)).toBeGreaterThan(sunday.get(`posthog_retention_cohort||2026-11-08`) ?? Infinity);
  });
});
