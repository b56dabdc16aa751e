/**
 * The "unusual" detector: no threshold to type. A day is compared with what the series' own history
 * says it should be, allowing for weekly seasonality, growth and noise.
 *
 * Model, for day D (all on project-local calendar days):
 * - the same weekday over the previous weeks (D−7, D−14, … up to 8 weeks), each scaled to today's level:
 *   `a_k = value(D−7k) × L₀ ÷ L_k`, where `L_k` is the mean of the 7 days before D−7k (one of each
 *   weekday, so seasonality cancels) and `L₀` the mean of the 7 days before D. Steady growth or a
 *   settled step change moves L₀, so it is not a spike; a Saturday is compared with Saturdays.
 * - expected = median of the a_k; spread = MAD × 1.4826 (median and MAD, not mean and standard
 *   deviation: one past incident in the window does not poison the baseline), floored by the noise a
 *   count of that size has anyway (Poisson: √expected) and 5 % of the expected value — so 3 vs 6 is
 *   not an anomaly;
 * - score = (value − expected) ÷ spread. Unusual when |score| ≥ the sensitivity's threshold AND the
 *   relative change is at least the sensitivity's minimum (a statistically clear +4 % on a huge series
 *   is not news).
 * - Days flagged earlier are replaced by their expected value in every later baseline (past incidents
 *   excluded), unless the change persists for 3 days in the same direction: that is a new level, and
 *   the original values come back so the baseline follows it.
 * - Fewer than 3 usable weeks: "learning", never a firing.
 *
 * Pure: used by the evaluator (evaluate.ts) for the `unusual` condition, live and in backtests.
 */
import { addDays as addCalendarDays, dayRange } from '../time';
import { daysBefore } from './days';

export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** How far from expected (in spreads) and by how much (relative) a day must be to be unusual. */
export const SENSITIVITY_SPECS: Readonly<Record<Sensitivity, { score: number; minChange: number; label: string }>> = {
  low: { score: 5, minChange: 0.3, label: 'low — only big moves' },
  medium: { score: 4, minChange: 0.2, label: 'medium' },
  high: { score: 3, minChange: 0.12, label: 'high — smaller moves too' },
};

/** Weeks of the same weekday looked at, at most and at least. */
export const MAX_WEEKS = 8;
export const MIN_WEEKS = 3;
/** A level needs this many of its 7 days. */
const LEVEL_MIN_DAYS = 5;
/** Days of history the detector needs before a day: MIN_WEEKS weeks, plus a level before the oldest. */
export const LEARNING_DAYS = 7 * MIN_WEEKS + LEVEL_MIN_DAYS;
/** Days before the first evaluated day a pass starts at, so earlier flags are known (exclusion). */
export const WARM_UP_DAYS = 7 * MAX_WEEKS + 7;
/** The spread is pooled over this many recent ordinary days, once there are at least POOL_MIN. */
const POOL_DAYS = 28;
const POOL_MIN = 14;
/** A change lasting this many days in the same direction is a new level, not an incident. */
const LEVEL_SHIFT_DAYS = 3;

/** How a series' noise floor is judged: counts are Poisson, rates binomial, durations relative only. */
export type NoiseModel = 'count' | 'ratio' | 'continuous';

export interface AnomalySeries {
  values: ReadonlyMap<string, number | null>;
  /** A rate's denominator (entries) for its noise floor. */
  volume?: ReadonlyMap<string, number | null>;
  noise: NoiseModel;
}

export type AnomalyScore =
  | { kind: 'learning'; needDays: number }
  | {
      kind: 'scored';
      value: number;
      expected: number;
      spread: number;
      /** (value − expected) ÷ spread. */
      score: number;
      /** The expected range at this sensitivity. */
      band: { low: number; high: number };
      /** The same-weekday days the expectation was built from. */
      baselineDays: string[];
      /** Whether the day is unusual (either direction) at this sensitivity. */
      unusual: boolean;
    };

const valueOf = (m: ReadonlyMap<string, number | null>, day: string): number | null => {
  const v = m.get(day);
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
};

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Mean of the 7 days before `day` (at least 5 with a value), or null. */
function levelBefore(values: ReadonlyMap<string, number | null>, day: string): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 1; i <= 7; i += 1) {
    const v = valueOf(values, daysBefore(day, i));
    if (v === null) continue;
    sum += v;
    n += 1;
  }
  return n >= LEVEL_MIN_DAYS ? sum / n : null;
}

function noiseFloor(series: AnomalySeries, day: string, expected: number): number {
  const relative = 0.05 * Math.abs(expected);
  if (series.noise === 'count') return Math.max(relative, Math.sqrt(Math.max(expected, 1)));
  if (series.noise === 'ratio') {
    const n = series.volume === undefined ? null : valueOf(series.volume, day);
    const p = Math.min(Math.max(expected, 0.01), 0.99);
    return Math.max(relative, n === null || n <= 0 ? 0.02 : Math.sqrt((p * (1 - p)) / n));
  }
  return Math.max(relative, 1e-9);
}

/** Scores `day` against `values` (already cleaned of earlier incidents). */
export function scoreDay(
  series: AnomalySeries,
  cleaned: ReadonlyMap<string, number | null>,
  day: string,
  sensitivity: Sensitivity,
  firstDay: string | null,
  /** The typical relative miss of recent days' expectations (pooled over weekdays), when known. */
  pooledRelativeSpread: number | null = null,
): AnomalyScore | null {
  const value = valueOf(series.values, day);
  if (value === null) return null;
  const learning = (): AnomalyScore => {
    const available = firstDay === null ? 0 : dayRange(firstDay, day).length - 1;
    return { kind: 'learning', needDays: Math.max(1, LEARNING_DAYS - available) };
  };
  const now = levelBefore(cleaned, day);
  if (now === null) return learning();
  const scaled: number[] = [];
  const baselineDays: string[] = [];
  for (let k = 1; k <= MAX_WEEKS; k += 1) {
    const past = daysBefore(day, 7 * k);
    const v = valueOf(cleaned, past);
    const level = levelBefore(cleaned, past);
    if (v === null || level === null || level <= 0) continue;
    scaled.push((v * now) / level);
    baselineDays.push(past);
  }
  if (scaled.length < MIN_WEEKS) return learning();
  scaled.sort((a, b) => a - b);
  const expected = median(scaled);
  // The spread: how far expectations usually miss. Pooled over the recent days of every weekday when
  // there are enough (4 same-weekday samples make a jumpy MAD); this weekday's own MAD otherwise.
  const deviations = scaled.map((a) => Math.abs(a - expected)).sort((a, b) => a - b);
  const own = median(deviations) * 1.4826;
  const typical = pooledRelativeSpread === null ? own : pooledRelativeSpread * Math.abs(expected);
  const spread = Math.max(typical, noiseFloor(series, day, expected));
  const score = (value - expected) / spread;
  const spec = SENSITIVITY_SPECS[sensitivity];
  const relative = expected === 0 ? Number.POSITIVE_INFINITY : Math.abs(value - expected) / Math.abs(expected);
  return {
    kind: 'scored',
    value,
    expected,
    spread,
    score,
    band: { low: Math.max(0, expected - spec.score * spread), high: expected + spec.score * spread },
    baselineDays: baselineDays.reverse(),
    unusual: Math.abs(score) >= spec.score && relative >= spec.minChange,
  };
}

/**
 * Scores every day of [from, to] in order, starting WARM_UP_DAYS earlier so the days flagged before
 * `from` are excluded from later baselines exactly as a live evaluation over the whole history would.
 * Deterministic: the same answer for a day whatever range it is asked in (given the same history).
 */
export function scoreRange(series: AnomalySeries, from: string, to: string, sensitivity: Sensitivity): Map<string, AnomalyScore | null> {
  let firstDay: string | null = null;
  for (const day of series.values.keys()) if (valueOf(series.values, day) !== null && (firstDay === null || day < firstDay)) firstDay = day;
  const start = addCalendarDays(from, -WARM_UP_DAYS);
  const cleaned = new Map(series.values);
  const scores = new Map<string, AnomalyScore | null>();
  /** The current run of flagged days in one direction (replaced by their expected values). */
  let run: { sign: number; days: string[] } = { sign: 0, days: [] };
  /** Relative misses |value − expected| ÷ expected of the last POOL_DAYS ordinary days. */
  const misses: number[] = [];
  for (const day of dayRange(start < (firstDay ?? from) ? (firstDay ?? from) : start, to)) {
    const pooled = misses.length >= POOL_MIN ? median([...misses].sort((a, b) => a - b)) * 1.4826 : null;
    const s = scoreDay(series, cleaned, day, sensitivity, firstDay, pooled);
    if (day >= from) scores.set(day, s);
    if (s !== null && s.kind === 'scored' && !s.unusual && s.expected > 0) {
      misses.push(Math.abs(s.value - s.expected) / s.expected);
      if (misses.length > POOL_DAYS) misses.shift();
    }
    if (s === null || s.kind === 'learning' || !s.unusual) {
      run = { sign: 0, days: [] };
      continue;
    }
    const sign = Math.sign(s.score);
    run = sign === run.sign ? { sign, days: [...run.days, day] } : { sign, days: [day] };
    if (run.days.length >= LEVEL_SHIFT_DAYS) {
      // A new level: the original values come back, so baselines follow it.
      for (const d of run.days) cleaned.set(d, series.values.get(d) ?? null);
    } else {
      cleaned.set(day, s.expected);
    }
  }
  return scores;
}
