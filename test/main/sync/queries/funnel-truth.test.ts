/**
 * The funnel query, run on the emulator (PostHog's parser → DuckDB), gives exactly the ground truth
 * (test/posthog-emulator/dataset/funnel-truth.ts) for every per-day entry, conversion and rate and
 * every 7- and 30-day total and median time — on a New York project whose data crosses the 2026-11-01
 * DST change, with planted persons for each rule: out of order, a failed attempt then a converting
 * one, the last step exactly at the window's end and 1 ms past it, a window across the DST change,
 * two steps at the same millisecond, a filtered-out page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FunnelDefinition } from '../../../../shared/funnels';
import type { SeriesPoint } from '../../../../shared/metrics';
import { addDays } from '../../../../shared/time';
import { funnelQuery } from '../../../../src-main/sync/queries/funnel';
import { planWindow } from '../../../../src-main/sync/queries/window';
import { computeFunnelTruth, plantFunnelCases, PRICING_FUNNEL, type PlantedCase } from '../../../posthog-emulator/dataset/funnel-truth';
import { generateDataset } from '../../../posthog-emulator/dataset/generator';
import type { Dataset } from '../../../posthog-emulator/dataset/types';
import { createDuckDbEngine } from '../../../posthog-emulator/engine/duckdb-engine';
import type { HogQLEngine } from '../../../posthog-emulator/engine/types';
import { funnelTruthPoints } from './funnel-check';
import { expectSamePoints } from './retention-check';

const TODAY = '2026-11-20';
let dataset: Dataset;
let planted: PlantedCase[];
let engine: HogQLEngine;

beforeAll(async () => {
  dataset = generateDataset({ seed: 2028, timezone: 'America/New_York', endDay: TODAY, days: 75, targetDailyActive: 120 });
  planted = plantFunnelCases(dataset, TODAY);
  engine = await createDuckDbEngine(dataset, { now: () => Date.parse(`${TODAY}T23:00:00Z`) });
});
afterAll(async () => engine.close());

function truthPoints(funnel: FunnelDefinition, from: string): Map<string, number | null> {
  return funnelTruthPoints(dataset, funnel, from, TODAY);
}

async function run(funnel: FunnelDefinition, from: string): Promise<SeriesPoint[]> {
  const query = funnelQuery(planWindow(from, TODAY), funnel);
  const result = await engine.query({ query: query.hogql, values: query.values });
  expect(result.hasMore).toBe(false);
  return query.parse({ columns: result.columns, results: result.results });
}

const PRICING: FunnelDefinition = { id: 'pricing', name: 'Pricing to paid', steps: PRICING_FUNNEL, windowDays: 14 };

describe('the planted persons', () => {
  it('reach, per entry day, the step each was planted to reach (the truth agrees with the labels)', () => {
    const only: Dataset = { ...dataset, events: dataset.events.filter((e) => planted.some((p) => p.personId === e.person_id)) };
    const truth = computeFunnelTruth(only, { steps: PRICING_FUNNEL, windowDays: 14, today: TODAY, dayFrom: '2026-10-01', ranges: [30] });
    const expected = new Map<string, number[]>();
    for (const p of planted) {
      for (const [day, furthest] of Object.entries(p.expected)) {
        const counts = expected.get(day) ?? [0, 0, 0];
        for (let k = 0; k < furthest; k += 1) counts[k] = (counts[k] ?? 0) + 1;
        expected.set(day, counts);
      }
    }
    expect(new Map([...truth.days].sort())).toEqual(new Map([...expected].sort()));
  });
});

const CASES: Array<[string, FunnelDefinition, number]> = [
  ['3 steps: a pricing page (filter, any case) → signed_up → subscription_started, 14 days, initial', PRICING, 30],
  ['the same, a refresh: entries back to the window before the 7 days', PRICING, 7],
  ['2 steps: signed_up → subscription_started within 7 days', { id: 'f2', name: 'Paid', steps: [{ event: 'signed_up', filter: null }, { event: 'subscription_started', filter: null }], windowDays: 7 }, 30],
  [
    'the same event twice (strictly after), then a click not on the dashboard, within 1 day',
    {
      id: 'f3',
      name: 'Twice',
      steps: [
        { event: '$pageview', filter: null },
        { event: '$pageview', filter: null },
        { event: 'button_clicked', filter: { key: '$current_url', operator: 'not_icontains', value: '/dashboard' } },
      ],
      windowDays: 1,
    },
    7,
  ],
  [
    '5 steps with exact and is-not filters, and a name that never occurs',
    {
      id: 'f5',
      name: 'Long',
      steps: [
        { event: '$pageview', filter: { key: '$current_url', operator: 'exact', value: 'https://acme.example/pricing' } },
        { event: 'signed_up', filter: { key: 'plan', operator: 'is_not', value: 'enterprise' } },
        { event: 'button_clicked', filter: null },
        { event: 'subscription_started', filter: null },
        { event: 'O\'Brien "never" ✓', filter: null },
      ],
      windowDays: 30,
    },
    30,
  ],
];

describe.each(CASES)('%s', (_name, funnel, days) => {
  it('every per-day figure and every total equals the ground truth', async () => {
    const from = addDays(TODAY, -days);
    const points = await run(funnel, from);
    const want = truthPoints(funnel, from);
    expectSamePoints(points, want);
    // The case is not vacuous: people entered, and (but for the impossible last step) some converted.
    const entered = [...want].filter(([k, v]) => k.startsWith('posthog_conversion_entered') && (v ?? 0) > 0);
    expect(entered.length).toBeGreaterThan(0);
    if (funnel.id !== 'f5') expect([...want].some(([k, v]) => k.startsWith('posthog_conversion_converted') && (v ?? 0) > 0)).toBe(true);
  });
});
