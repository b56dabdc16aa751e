/**
 * A funnel's bars from the replica's totals: persons per step over a range, the share of the first
 * step and of the step before, the drop-off, and the median time from the step before. Pure.
 */
import type { Funnel } from '../../../shared/contract';
import type { FunnelStep } from '../../../shared/funnels';
import type { SeriesPoint } from '../../../shared/metrics';

export interface FunnelBar {
  step: number;
  definition: FunnelStep;
  persons: number;
  /** Share of the persons who entered (step 1); null when nobody entered. */
  fromFirst: number | null;
  /** Share of the step before; null for step 1 or when nobody reached the step before. */
  fromPrevious: number | null;
  /** Persons of the step before who did not reach this one. */
  dropped: number;
  /** Median seconds from the step before (persons reaching this step); null for step 1 or nobody. */
  medianSeconds: number | null;
}

export interface FunnelTotals {
  /** The day the totals were computed for (the last sync's day), or null when none is stored. */
  asOf: string | null;
  bars: FunnelBar[];
}

const keyOf = (funnelId: string, range: number, step: number): string => `${funnelId}:${range}:${step}`;

/** The newest stored totals of `range` days for the funnel (the points of posthog_funnel_total and posthog_funnel_time). */
export function funnelTotals(funnel: Funnel, range: number, totals: readonly SeriesPoint[], times: readonly SeriesPoint[]): FunnelTotals {
  const first = keyOf(funnel.id, range, 1);
  const asOf = totals.filter((p) => p.key === first).reduce<string | null>((latest, p) => (latest === null || p.day > latest ? p.day : latest), null);
  if (asOf === null) return { asOf: null, bars: [] };
  const at = (points: readonly SeriesPoint[], step: number): number | null => points.find((p) => p.key === keyOf(funnel.id, range, step) && p.day === asOf)?.value ?? null;
  const entered = at(totals, 1) ?? 0;
  let previous = entered;
  const bars = funnel.steps.map((definition, i) => {
    const step = i + 1;
    const persons = at(totals, step) ?? 0;
    const bar: FunnelBar = {
      step,
      definition,
      persons,
      fromFirst: entered > 0 ? persons / entered : null,
      fromPrevious: step === 1 || previous === 0 ? null : persons / previous,
      dropped: step === 1 ? 0 : previous - persons,
      medianSeconds: step === 1 ? null : at(times, step),
    };
    previous = persons;
    return bar;
  });
  return { asOf, bars };
}
