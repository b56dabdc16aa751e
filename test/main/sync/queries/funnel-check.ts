/**
 * Test helper: the funnel points a sync should have produced (or stored), from the independent ground
 * truth (test/posthog-emulator/dataset/funnel-truth.ts), and the comparison for every funnel of a plan.
 */
import { FUNNEL_TOTAL_RANGES, type FunnelDefinition } from '../../../../shared/funnels';
import type { SeriesPoint, SyncPlanOptions } from '../../../../shared/metrics';
import { addDays } from '../../../../shared/time';
import { funnelDayFrom, funnelTotalKey } from '../../../../src-main/sync/queries/funnel';
import { planWindow } from '../../../../src-main/sync/queries/window';
import { computeFunnelTruth } from '../../../posthog-emulator/dataset/funnel-truth';
import type { Dataset } from '../../../posthog-emulator/dataset/types';
import { expectSamePoints } from './retention-check';

/** The points the truth says a sync over `from`..`today` writes for `funnel`, by `metric|key|day`. */
export function funnelTruthPoints(dataset: Dataset, funnel: FunnelDefinition, from: string, today: string): Map<string, number | null> {
  const window = planWindow(from, today);
  const dayFrom = funnelDayFrom(window, funnel.windowDays);
  const truth = computeFunnelTruth(dataset, { steps: funnel.steps, windowDays: funnel.windowDays, today, dayFrom, ranges: FUNNEL_TOTAL_RANGES });
  const want = new Map<string, number | null>();
  const n = funnel.steps.length;
  for (let day = dayFrom; day <= today; day = addDays(day, 1)) {
    const counts = truth.days.get(day);
    const entered = counts?.[0] ?? 0;
    const converted = counts?.[n - 1] ?? 0;
    want.set(`posthog_conversion_entered|${funnel.id}|${day}`, entered);
    want.set(`posthog_conversion_converted|${funnel.id}|${day}`, converted);
    want.set(`posthog_conversion_rate|${funnel.id}|${day}`, entered > 0 ? converted / entered : null);
  }
  for (const range of FUNNEL_TOTAL_RANGES) {
    const total = truth.totals.get(range);
    for (let k = 1; k <= n; k += 1) {
      want.set(`posthog_funnel_total|${funnelTotalKey(funnel.id, range, k)}|${today}`, total?.reached[k - 1] ?? 0);
      if (k >= 2) want.set(`posthog_funnel_time|${funnelTotalKey(funnel.id, range, k)}|${today}`, total?.medianSeconds[k - 1] ?? null);
    }
  }
  return want;
}

const isFunnelMetric = (metric: string): boolean => metric.startsWith('posthog_conversion_') || metric.startsWith('posthog_funnel_');

/** `points`' funnel points equal the truth's for every funnel of the plan, one for one. */
export function expectFunnelTruth(points: readonly SeriesPoint[], dataset: Dataset, options: SyncPlanOptions): void {
  const want = new Map<string, number | null>();
  for (const funnel of options.funnels) for (const [k, v] of funnelTruthPoints(dataset, funnel, options.from, options.to)) want.set(k, v);
  expectSamePoints(points.filter((p) => isFunnelMetric(p.metric)), want);
}
