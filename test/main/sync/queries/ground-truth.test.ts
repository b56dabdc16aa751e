/**
 * The sync plan's queries, run on the emulator (PostHog's parser → DuckDB), give exactly the ground
 * truth for every metric and every day of the window: a America/New_York project whose window
 * contains the DST change of 2026-11-01 (a 25-hour day) and needs 29 days of history for MAU, and a
 * UTC project whose window ends before the data does (sessions and conversions reach past `to`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncPlanOptions } from '../../../../shared/metrics';
import type { FunnelDefinition } from '../../../../shared/funnels';
import { DEFAULT_RETENTION } from '../../../../shared/retention';
import { addDays } from '../../../../shared/time';
import { buildSyncQueries } from '../../../../src-main/sync/queries/plan';
import { generateDataset } from '../../../posthog-emulator/dataset/generator';
import { computeTruth } from '../../../posthog-emulator/dataset/ground-truth';
import type { Dataset } from '../../../posthog-emulator/dataset/types';
import { createDuckDbEngine } from '../../../posthog-emulator/engine/duckdb-engine';
import type { HogQLEngine } from '../../../posthog-emulator/engine/types';
import { expectFunnelTruth } from './funnel-check';
import { expectTruth, runPlan, truthOptions } from './truth-check';

const RETENTION_DEFAULTS = { retention: DEFAULT_RETENTION, weekStartDay: 0, kind: 'initial' } as const;
const PAID: FunnelDefinition = { id: 'signup-to-paid', name: 'Paid', steps: [{ event: 'signed_up', filter: null }, { event: 'subscription_started', filter: null }], windowDays: 7 };

/** Quotes, a backslash and unicode: must reach PostHog only as a placeholder value. */
const AWKWARD = 'O\'Brien\'s "click" \\ ✓';
const NEVER = 'never_happens_ünïcødé_事件';

/** Renames every `every`-th `button_clicked` to `name`, so that the awkward name really occurs. */
function plantAwkwardEvents(dataset: Dataset, name: string, every: number): void {
  let i = 0;
  for (const e of dataset.events) if (e.event === 'button_clicked' && i++ % every === 0) e.event = name;
}

describe('America/New_York, a 45-day window over the 2026-11-01 DST change', () => {
  const END_DAY = '2026-11-20';
  let dataset: Dataset;
  let engine: HogQLEngine;

  beforeAll(async () => {
    dataset = generateDataset({ seed: 2026, timezone: 'America/New_York', endDay: END_DAY, days: 75, targetDailyActive: 120 });
    plantAwkwardEvents(dataset, AWKWARD, 7);
    engine = await createDuckDbEngine(dataset, { now: () => Date.parse(`${END_DAY}T23:00:00Z`) });
  });
  afterAll(async () => engine.close());

  const options: SyncPlanOptions = {
    ...RETENTION_DEFAULTS,
    from: addDays(END_DAY, -44),
    to: END_DAY,
    customEvents: ['signed_up', 'button_clicked', AWKWARD, NEVER],
    funnels: [PAID],
  };

  it('every metric, every day, equals the ground truth (5 queries)', async () => {
    const queries = buildSyncQueries(options);
    expect(queries.length).toBeLessThanOrEqual(5);
    const truth = computeTruth(dataset, truthOptions(options));
    // The window really exercises what it claims to.
    expect(options.from <= '2026-11-01' && '2026-11-01' <= options.to).toBe(true);
    expect(addDays(options.from, -29) >= dataset.firstDay).toBe(true);
    const inWindow = truth.filter((t) => t.day >= options.from);
    expect(inWindow.some((t) => (t.custom[AWKWARD]?.count ?? 0) > 0)).toBe(true);
    expect(inWindow.some((t) => t.mau > t.wau && t.wau > t.dau)).toBe(true);
    expect(inWindow.some((t) => t.day >= dataset.incidents.flagStoppedDay && t.flagEvaluations[dataset.incidents.flagStoppedKey] === undefined)).toBe(true);

    const points = await runPlan(engine, queries);
    expectTruth(points, truth, options);
    expectFunnelTruth(points, dataset, options);
    expect(points.some((p) => p.metric === 'posthog_conversion_converted' && (p.value ?? 0) > 0)).toBe(true);
    // The stopped flag shows as zeros, not as missing points.
    const stopped = points.filter((p) => p.metric === 'posthog_flag_evaluations' && p.key === dataset.incidents.flagStoppedKey && p.day >= dataset.incidents.flagStoppedDay);
    expect(stopped.length).toBeGreaterThan(0);
    expect(stopped.every((p) => p.value === 0)).toBe(true);
  });

  it('a 1-day window (the DST day) and a plan without custom events or funnel', async () => {
    const one: SyncPlanOptions = { ...RETENTION_DEFAULTS, from: '2026-11-01', to: '2026-11-01', customEvents: [], funnels: [] };
    const queries = buildSyncQueries(one);
    expect(queries).toHaveLength(4);
    expectTruth(await runPlan(engine, queries), computeTruth(dataset, truthOptions(one)), one);
  });

  it('local-midnight strings in toDateTime select exactly the local day (25 hours on 2026-11-01)', async () => {
    const truth = computeTruth(dataset);
    for (const day of ['2026-10-31', '2026-11-01', '2026-11-02']) {
      const result = await engine.query({
        query: 'SELECT count() FROM events WHERE timestamp >= toDateTime({start}) AND timestamp < toDateTime({end})',
        values: { start: `${day} 00:00:00`, end: `${addDays(day, 1)} 00:00:00` },
      });
      expect(result.results, day).toEqual([[truth.find((t) => t.day === day)?.events]]);
    }
  });
});

describe('UTC, an 8-day window ending before the data does', () => {
  const END_DAY = '2026-03-15';
  let dataset: Dataset;
  let engine: HogQLEngine;

  beforeAll(async () => {
    dataset = generateDataset({ seed: 7, timezone: 'UTC', endDay: END_DAY, days: 40, targetDailyActive: 60 });
    plantAwkwardEvents(dataset, AWKWARD, 5);
    engine = await createDuckDbEngine(dataset, { now: () => Date.parse(`${END_DAY}T23:00:00Z`) });
  });
  afterAll(async () => engine.close());

  it('every metric, every day, equals the ground truth', async () => {
    const options: SyncPlanOptions = {
      ...RETENTION_DEFAULTS,
      from: '2026-03-02',
      to: '2026-03-09',
      customEvents: [AWKWARD, NEVER, '$pageview'],
      funnels: [{ ...PAID, id: 'f1' }],
    };
    const queries = buildSyncQueries(options);
    expect(queries).toHaveLength(5);
    const truth = computeTruth(dataset, truthOptions(options));
    const points = await runPlan(engine, queries);
    expectTruth(points, truth, options);
    expectFunnelTruth(points, dataset, options);
  });
});
