/**
 * From stored points to what the evaluator reads, the same way in main (its series store) and in the
 * renderer (its Dexie replica):
 * - a flag's own series has no point on a day it was not evaluated when the sync window held no
 *   evaluation of it at all (a 7-day refresh after it stopped): that day is 0 whenever the total (key
 *   '') has a point, so a stopped flag reads as zeros, not as missing data;
 * - a rate is guarded by its denominator (3 entries at 0 % is not a collapse; nor is a D7 of 0 % among
 *   2 persons first seen that day).
 */
import { METRICS, type MetricId, type SeriesPoint } from '../metrics';
import type { AlertTarget } from './rule';
import type { NoiseModel } from './anomaly';
import type { SeriesInput } from './evaluate';

/** The points of one metric, by key then day. */
export type MetricPoints = ReadonlyMap<string, ReadonlyMap<string, number | null>>;

/** How the anomaly detector judges a metric's noise: rates are binomial, durations relative, the rest counts. */
export function noiseOf(metric: MetricId): NoiseModel {
  const unit = METRICS[metric].unit;
  return unit === 'ratio' ? 'ratio' : unit === 'seconds' ? 'continuous' : 'count';
}

/** Groups points by metric and key (what both stores hand over). */
export function groupPoints(points: Iterable<SeriesPoint>): Map<MetricId, Map<string, Map<string, number | null>>> {
  const byMetric = new Map<MetricId, Map<string, Map<string, number | null>>>();
  for (const p of points) {
    let byKey = byMetric.get(p.metric);
    if (byKey === undefined) byMetric.set(p.metric, (byKey = new Map<string, Map<string, number | null>>()));
    let days = byKey.get(p.key);
    if (days === undefined) byKey.set(p.key, (days = new Map<string, number | null>()));
    days.set(p.day, p.value);
  }
  return byMetric;
}

/** Where the points of a metric come from: a lookup, so either store can answer without copying. */
export type PointsOf = (metric: MetricId) => MetricPoints | undefined;

/** The metrics evaluating `metric` reads: a rate's volume guard counts its denominator (entries, first-seen persons). */
export function evaluationMetrics(metric: MetricId): MetricId[] {
  const denominator = METRICS[metric].denominator;
  return denominator === undefined ? [metric] : [metric, denominator];
}

/** The keys a target covers: its key, or every sub-series of the metric (never the flag total). */
export function targetKeys(target: AlertTarget, pointsOf: PointsOf): string[] {
  if (target.key !== null) return [target.key];
  const keys = [...(pointsOf(target.metric)?.keys() ?? [])];
  return keys.filter((k) => k !== '').sort();
}

function zeroFilled(own: ReadonlyMap<string, number | null> | undefined, total: ReadonlyMap<string, number | null>): Map<string, number | null> {
  const filled = new Map<string, number | null>();
  for (const day of total.keys()) filled.set(day, 0);
  for (const [day, value] of own ?? []) filled.set(day, value);
  return filled;
}

/**
 * The evaluator's input for one key of a target, or null when the store holds nothing for it (the
 * metric is missing: an event no longer tracked, a funnel that changed).
 */
export function seriesInput(metric: MetricId, key: string, pointsOf: PointsOf): SeriesInput | null {
  const byKey = pointsOf(metric);
  const own = byKey?.get(key);
  if (METRICS[metric].keyed === 'flag' && key !== '') {
    const total = byKey?.get('');
    if (own === undefined || total === undefined) return own === undefined ? null : { values: own, noise: 'count' };
    return { values: zeroFilled(own, total), noise: 'count' };
  }
  if (own === undefined) return null;
  const noise = noiseOf(metric);
  const denominator = METRICS[metric].denominator;
  if (denominator !== undefined) {
    // A funnel's entries share its key; the Day-N cohorts are project-wide like their rates.
    const volume = pointsOf(denominator)?.get(key);
    return volume === undefined ? { values: own, noise } : { values: own, volume, noise };
  }
  return { values: own, noise };
}
