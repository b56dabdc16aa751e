/**
 * The "unusual" detector: no threshold to type. A day is compared with what the series' own history
 * says it should be, allowing for weekly seasonality, growth and noise.
 *
 * Model, for day D (all on project-local calendar days):
 * - the same weekday over the previous weeks (D−7, D−14, … up to 8 weeks), each scaled to today's level:
 *   `a_k = value(D−7k) × L₀ ÷ L_k`, where `L_k` is the mean of the 7 days before D−7k (one of each
 *   weekday, so seasonality cancels) and `L₀` the mean of the 7 days before D. Steady growth or a
 *   settled step change moves L₀, so it is not a spike; a Saturday is compared with Saturdays.
 * - expected = median of the a_k (median, not mean: one past incident among the weeks does not
 *   poison it). No trend term: each a_k's ratio already carries the growth between its level's centre
 *   and its day, as today's does.
 * - spread² = the day's sampling noise (a count's Poisson variance, a rate's binomial one, inflated for
 *   the expectation's own noise) + the model's error, measured on the last 28 ordinary days' misses
 *   (medians of squared misses, robust) in two readings — a relative error, or an overdispersion
 *   factor for bursty counts — whichever is more cautious; floored at 3 % of the expected value. Until
 *   14 days have been scored, the misses are bootstrapped from the two weeks before (against a single
 *   week earlier). So 3 vs 6 is noise, and a growing project is judged by today's noise.
 * - score = (value − expected) ÷ spread. Unusual when |score| ≥ the sensitivity's threshold AND the
 *   relative change is at least the sensitivity's minimum (a statistically clear +4 % on a huge series
 *   is not news).
 * - Days flagged earlier are replaced by their expected value in every later baseline (past incidents
 *   excluded), unless the change persists for 3 days in the same direction (the days after the first
 *   at least half the threshold away): that is a new level — a launch, a lost customer — and the
 *   history before it is rescaled by the run's median ratio, so the weeks straddling the change inflate
 *   neither the expectation nor the spread.
 * - Fewer than 3 usable weeks (26 days of history): "learning", never a firing.
 *
 * Measured on a labelled incident set by `npm run eval:alerts` (bench/eval-alerts.ts).
 *
 * Pure: used by the evaluator (evaluate.ts) for the `unusual` condition, live and in backtests.
 */
import { addDays as addCalendarDays, dayRange } from '../time';
import { daysBefore } from './days';

export const SENSITIVITIES = ['low', 'medium', 'high'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

/** How far from expected (in spreads) and by how much (relative) a day must be to be unusual. */
export const SENSITIVITY_SPECS: Readonly<Record<Sensitivity, { score: number; minChange: number; label: string }>> = {
  low: { score: 4, minChange: 0.3, label: 'low — only big moves' },
  medium: { score: 3, minChange: 0.2, label: 'medium' },
  high: { score: 2.5, minChange: 0.12, label: 'high — smaller moves too' },
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

/**
 * The variance a day's value has from sampling alone, at `expected`: a count is Poisson (variance =
 * mean), a rate binomial over its entries; a duration has none we can model (0).
 */
function samplingVariance(series: AnomalySeries, day: string, expected: number): number {
  if (series.noise === 'count') return Math.max(expected, 1);
  if (series.noise === 'ratio') {
    const n = series.volume === undefined ? null : valueOf(series.volume, day);
    const p = Math.min(Math.max(expected, 0.01), 0.99);
    return n === null || n <= 0 ? 0.02 ** 2 : (p * (1 - p)) / n;
  }
  return 0;
}

/**
 * How far recent expectations missed, beyond the sampling noise. Two readings of the same misses, as
 * we cannot tell them apart from 4 weeks of days:
 * - a relative model error (weekday pattern and level are never exact; it grows with the value), on
 *   top of the sampling noise — right for a growing DAU: when it doubles, its relative sampling noise
 *   falls by √2 while the model's stays;
 * - overdispersion: the series is noisier than its sampling model by a factor (errors come in bursts:
 *   one crashing session sends ten) — right for small bursty counts.
 * A day's spread takes the more cautious of the two at its expected value.
 */
export interface PooledMisses {
  /** The model's relative error (a standard deviation, as a share of the expected value). */
  modelRelative: number;
  /** Variance ÷ sampling variance (≥ 1). */
  dispersion: number;
}

/** Sampling variance is inflated by this factor: the expectation is itself built from noisy days. */
const EXPECTATION_NOISE = 1.25;
/** The median of a squared standard normal: turns a median of squared misses into a variance. */
const MEDIAN_CHI2_1 = 0.455;

/** A recent ordinary day: its value, the model's expectation and its sampling variance (with the expectation's noise). */
interface Miss {
  value: number;
  expected: number;
  sampling: number;
}

const medianOf = (xs: number[]): number => median(xs.sort((a, b) => a - b));

function pool(misses: readonly Miss[]): PooledMisses {
  const residuals = misses.map((m) => ({ r2: (m.value - m.expected) ** 2, e: m.expected, sampling: m.sampling }));
  const total = medianOf(residuals.map((x) => x.r2 / x.e ** 2)) / MEDIAN_CHI2_1;
  const sampling = medianOf(residuals.map((x) => x.sampling / x.e ** 2));
  return {
    modelRelative: Math.sqrt(Math.max(0, total - sampling)),
    dispersion: Math.max(1, medianOf(residuals.map((x) => (x.sampling > 0 ? x.r2 / x.sampling : 0))) / MEDIAN_CHI2_1),
  };
}

/** The smallest spread, as a share of the expected value: no model is better than this. */
const MIN_RELATIVE_SPREAD = 0.03;

/**
 * What the same weekday over the past weeks says `day` should be: each past value scaled to today's
 * level, and their median. Null without today's level or with fewer than `minWeeks` usable weeks.
 */
function expectationAt(cleaned: ReadonlyMap<string, number | null>, day: string, minWeeks: number): { expected: number; scaled: number[]; baselineDays: string[] } | null {
  const now = levelBefore(cleaned, day);
  if (now === null) return null;
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
  if (scaled.length < minWeeks) return null;
  scaled.sort((a, b) => a - b);
  // Trend needs no term of its own: each past value is divided by the level of the 7 days before it,
  // so the ratio already carries the growth between that level's centre and the day, as today's does.
  return { expected: median(scaled), scaled, baselineDays: baselineDays.reverse() };
}

/**
 * Until POOL_MIN days have been scored, the pool is bootstrapped from the two weeks before: each day's
 * miss against what a single week earlier said (whose noise counts twice: both days are samples).
 */
const BOOTSTRAP_DAYS = 14;
const BOOTSTRAP_MIN = 7;
function bootstrapPool(series: AnomalySeries, cleaned: ReadonlyMap<string, number | null>, day: string): PooledMisses | null {
  const misses: Miss[] = [];
  for (let i = 1; i <= BOOTSTRAP_DAYS; i += 1) {
    const d = daysBefore(day, i);
    const value = valueOf(cleaned, d);
    const e = expectationAt(cleaned, d, 1);
    if (value === null || e === null || e.expected <= 0) continue;
    misses.push({ value, expected: e.expected, sampling: 2 * samplingVariance(series, d, e.expected) });
  }
  return misses.length >= BOOTSTRAP_MIN ? pool(misses) : null;
}

/** Scores `day` against `cleaned` (the series with earlier incidents replaced, history level-adjusted). */
export function scoreDay(
  series: AnomalySeries,
  cleaned: ReadonlyMap<string, number | null>,
  day: string,
  sensitivity: Sensitivity,
  firstDay: string | null,
  /** How recent expectations missed, pooled over every weekday (bootstrapped when not yet known). */
  recent: PooledMisses | null = null,
): AnomalyScore | null {
  const value = valueOf(series.values, day);
  if (value === null) return null;
  const e = expectationAt(cleaned, day, MIN_WEEKS);
  if (e === null) {
    const available = firstDay === null ? 0 : dayRange(firstDay, day).length - 1;
    return { kind: 'learning', needDays: Math.max(1, LEARNING_DAYS - available) };
  }
  const { expected, scaled, baselineDays } = e;
  const pooled = recent ?? bootstrapPool(series, cleaned, day);
  // The spread: the model's relative error pooled over recent days of every weekday (4 samples of one
  // weekday make a jumpy MAD), plus this day's sampling noise; this weekday's own MAD as a last resort.
  // A count above its expectation has its noise taken halfway to its own value: a day far above an
  // expectation that came out low by chance (a bursty series' few samples of one weekday) must stand
  // out at a scale nearer its own, not only against the low guess's small Poisson noise.
  const sampling = EXPECTATION_NOISE * samplingVariance(series, day, series.noise === 'count' ? Math.max(expected, (expected + value) / 2) : expected);
  const variance =
    pooled === null
      ? (medianOf(scaled.map((a) => Math.abs(a - expected))) * 1.4826) ** 2 + sampling
      : Math.max((pooled.modelRelative * expected) ** 2 + sampling, pooled.dispersion * sampling);
  const spread = Math.max(Math.sqrt(variance), MIN_RELATIVE_SPREAD * Math.abs(expected), 1e-9);
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
    baselineDays,
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
  let run: { sign: number; days: string[]; ratios: number[] } = { sign: 0, days: [], ratios: [] };
  /** How the last POOL_DAYS ordinary days' expectations missed. */
  const misses: Miss[] = [];
  for (const day of dayRange(start < (firstDay ?? from) ? (firstDay ?? from) : start, to)) {
    const s = scoreDay(series, cleaned, day, sensitivity, firstDay, misses.length >= POOL_MIN ? pool(misses) : null);
    if (day >= from) scores.set(day, s);
    if (s !== null && s.kind === 'scored' && !s.unusual && s.expected > 0) {
      misses.push({ value: s.value, expected: s.expected, sampling: EXPECTATION_NOISE * samplingVariance(series, day, s.expected) });
      if (misses.length > POOL_DAYS) misses.shift();
    }
    if (s === null || s.kind === 'learning') {
      run = { sign: 0, days: [], ratios: [] };
      continue;
    }
    const sign = Math.sign(s.score);
    const ratio = s.expected > 0 ? s.value / s.expected : 1;
    // A run starts at an unusual day and goes on while the following days stay clearly on the same
    // side (half the threshold: the level in their baseline already moved part of the way).
    const continues = run.sign !== 0 && sign === run.sign && Math.abs(s.score) >= SENSITIVITY_SPECS[sensitivity].score / 2;
    if (!s.unusual && !continues) {
      run = { sign: 0, days: [], ratios: [] };
      continue;
    }
    run = continues ? { sign, days: [...run.days, day], ratios: [...run.ratios, ratio] } : { sign, days: [day], ratios: [ratio] };
    if (run.days.length >= LEVEL_SHIFT_DAYS) {
      // A new level (a launch, a lost customer): the run's own values come back, and the history
      // before it is rescaled to the new level, so the weeks of baseline that straddle the change
      // neither inflate the expected value nor the spread.
      const first = run.days[0] ?? day;
      const shift = median([...run.ratios].sort((a, b) => a - b));
      for (const [d, v] of cleaned) if (d < first && v !== null) cleaned.set(d, v * shift);
      for (const d of run.days) cleaned.set(d, series.values.get(d) ?? null);
      run = { sign: 0, days: [], ratios: [] };
    } else if (s.unusual) {
      cleaned.set(day, s.expected);
    }
  }
  return scores;
}
