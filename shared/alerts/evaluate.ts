/**
 * The pure evaluator: one series + one rule → for each day, whether the rule's condition holds, with
 * the numbers that explain it. Main runs it after every sync; the renderer runs it over the cached
 * history for backtests. Same function, same answer.
 *
 * Days are local `YYYY-MM-DD` calendar days (shared/time.ts), so a 23-hour DST day is one day like
 * any other and "the same weekday 4 weeks ago" is 28 calendar days back, never 28 × 24 hours.
 */
import { addDays as addCalendarDays } from '../time';
import { scoreRange, type AnomalyScore, type NoiseModel } from './anomaly';
import { daysBefore } from './days';
import type { Baseline, Condition, EvaluationSettings } from './rule';

/** One series as the evaluator reads it: local day → value (null = undefined that day, e.g. a rate with no entries). */
export type DayValues = ReadonlyMap<string, number | null>;

export interface SeriesInput {
  values: DayValues;
  /**
   * What the volume guard counts, when it is not the value itself: a conversion rate's entries.
   * Absent: the guard looks at the value and the baseline.
   */
  volume?: DayValues;
  /** How the `unusual` detector judges noise (default: a count). */
  noise?: NoiseModel;
}

/** How many baseline days must have a value for the baseline to count. */
const BASELINE_MINIMUM: Readonly<Record<Baseline, number>> = { previous_day: 1, avg_7d: 4, same_weekday_4w: 2 };

const BASELINE_OFFSETS: Readonly<Record<Baseline, readonly number[]>> = {
  previous_day: [1],
  avg_7d: [1, 2, 3, 4, 5, 6, 7],
  same_weekday_4w: [7, 14, 21, 28],
};

/** Days the "stopped" level is averaged over, ending at the last non-zero day. */
const STOPPED_LEVEL_DAYS = 7;

export interface DayNumbers {
  value: number;
  /** What the value is compared with: the baseline, the threshold, or (stopped) the level before the stop. */
  reference: number | null;
  /** The days the baseline (or the level before a stop) averaged; empty for thresholds. */
  referenceDays: string[];
  /** (value − reference) ÷ reference; null when the reference is 0 or absent. */
  change: number | null;
  /** `stopped`: the first day of the current run of zeros. */
  since?: string;
  /** `unusual`: the expected range at the rule's sensitivity, and how many spreads from expected. */
  band?: { low: number; high: number };
  score?: number;
}

export type DayCheck =
  | ({ day: string; outcome: 'breach' | 'ok' | 'low_volume' } & DayNumbers)
  | { day: string; outcome: 'no_data'; reason: 'no_value' | 'no_baseline' }
  /** `unusual` with too little history: it never fires while learning. */
  | { day: string; outcome: 'no_data'; reason: 'learning'; needDays: number };

/** `day` moved by `n` days (look-backs memoised, see days.ts). */
function addDays(day: string, n: number): string {
  return n <= 0 ? daysBefore(day, -n) : addCalendarDays(day, n);
}

const valueOn = (values: DayValues, day: string): number | null => {
  const v = values.get(day);
  return v === undefined || v === null || !Number.isFinite(v) ? null : v;
};

function baselineOf(values: DayValues, day: string, baseline: Baseline): { value: number; days: string[] } | null {
  const days: string[] = [];
  let sum = 0;
  const offsets = BASELINE_OFFSETS[baseline];
  // Oldest first, so `days` comes out sorted.
  for (let i = offsets.length - 1; i >= 0; i -= 1) {
    const d = daysBefore(day, offsets[i] ?? 0);
    const v = valueOn(values, d);
    if (v === null) continue;
    days.push(d);
    sum += v;
  }
  if (days.length < BASELINE_MINIMUM[baseline]) return null;
  return { value: sum / days.length, days };
}

type Outcome = 'breach' | 'ok' | 'low_volume';
/** A check with numbers, built field by field (object spread is most of a year-long backtest's cost). */
function checked(day: string, outcome: Outcome, value: number, reference: number | null, referenceDays: string[], change: number | null): DayCheck {
  return { day, outcome, value, reference, referenceDays, change };
}

const relativeChange = (value: number, reference: number): number | null => (reference === 0 ? null : (value - reference) / reference);

/** Below the volume guard: nothing here is big enough to mean anything. */
function lowVolume(input: SeriesInput, day: string, value: number, reference: number, minVolume: number): boolean {
  if (minVolume <= 0) return false;
  if (input.volume !== undefined) return (valueOn(input.volume, day) ?? 0) < minVolume;
  return Math.max(value, reference) < minVolume;
}

/** The last day before `day` with a value above zero, looking back at most `maxDays`. */
function lastNonZeroBefore(values: DayValues, day: string, maxDays: number): string | null {
  let d = day;
  for (let i = 0; i < maxDays; i += 1) {
    d = addDays(d, -1);
    const v = valueOn(values, d);
    if (v !== null && v > 0) return d;
  }
  return null;
}

function checkStopped(input: SeriesInput, day: string, value: number, settings: EvaluationSettings, lookbackDays: number): DayCheck {
  if (value !== 0) return checked(day, 'ok', value, null, [], null);
  const last = lastNonZeroBefore(input.values, day, lookbackDays);
  if (last === null) return checked(day, 'ok', value, null, [], null);
  const days: string[] = [];
  let sum = 0;
  for (let i = STOPPED_LEVEL_DAYS - 1; i >= 0; i -= 1) {
    const d = addDays(last, -i);
    const v = valueOn(input.values, d);
    if (v === null) continue;
    days.push(d);
    sum += v;
  }
  const level = sum / days.length;
  // The guard asks whether the series was busy enough before it stopped (1 a week stopping is not news).
  const outcome = level < Math.max(settings.minVolume, Number.MIN_VALUE) ? 'low_volume' : 'breach';
  return { day, outcome, value, reference: level, referenceDays: days, change: -1, since: addDays(last, 1) };
}

export interface CheckOptions {
  /** How far back `stopped` looks for the last non-zero day (default: a year). */
  stoppedLookbackDays?: number;
}

/** Whether `condition` holds on `day` (one day only; consecutive days are `evaluateDays`' job). */
export function checkDay(input: SeriesInput, condition: Condition, settings: EvaluationSettings, day: string, options: CheckOptions = {}): DayCheck {
  const value = valueOn(input.values, day);
  if (value === null) return { day, outcome: 'no_data', reason: 'no_value' };
  switch (condition.kind) {
    case 'threshold': {
      const breach = condition.direction === 'below' ? value < condition.value : value > condition.value;
      // A threshold is its own volume statement; only a rate's denominator (entries) is guarded.
      const guarded = breach && input.volume !== undefined && lowVolume(input, day, value, value, settings.minVolume);
      return checked(day, guarded ? 'low_volume' : breach ? 'breach' : 'ok', value, condition.value, [], relativeChange(value, condition.value));
    }
    case 'change': {
      const base = baselineOf(input.values, day, condition.baseline);
      if (base === null) return { day, outcome: 'no_data', reason: 'no_baseline' };
      const reference = base.value;
      // Nothing to fall from: a drop against a baseline of zero is undefined (a dead series stays an
      // open incident until it comes back, rather than "recovering" because its baseline decayed).
      if (condition.direction === 'drop' && reference === 0) return { day, outcome: 'no_data', reason: 'no_baseline' };
      const change = relativeChange(value, reference);
      const delta = condition.direction === 'drop' ? reference - value : value - reference;
      let breach: boolean;
      // Exactly the amount counts, even when floating point lands a hair under it (0.3 − 0.2 < 0.1).
      if (condition.unit === 'absolute') breach = delta >= condition.amount * (1 - 1e-9);
      else if (reference === 0) breach = condition.direction === 'rise' && value > 0; // from nothing: any rise is infinite
      else breach = (delta / reference) * 100 >= condition.amount - 1e-9;
      const guarded = breach && lowVolume(input, day, value, reference, settings.minVolume);
      return checked(day, guarded ? 'low_volume' : breach ? 'breach' : 'ok', value, reference, base.days, change);
    }
    case 'stopped':
      return checkStopped(input, day, value, settings, options.stoppedLookbackDays ?? 366);
    case 'unusual':
      return unusualChecks(input, condition, settings, day, day).get(day) ?? { day, outcome: 'no_data', reason: 'no_value' };
  }
}

type UnusualCondition = Extract<Condition, { kind: 'unusual' }>;

function fromScore(day: string, score: AnomalyScore | null, condition: UnusualCondition, settings: EvaluationSettings): DayCheck {
  if (score === null) return { day, outcome: 'no_data', reason: 'no_value' };
  if (score.kind === 'learning') return { day, outcome: 'no_data', reason: 'learning', needDays: score.needDays };
  const direction = condition.direction === 'both' || (condition.direction === 'drop' ? score.score < 0 : score.score > 0);
  const breach = score.unusual && direction;
  const guarded = breach && settings.minVolume > 0 && Math.max(score.value, score.expected) < settings.minVolume;
  return {
    day,
    outcome: guarded ? 'low_volume' : breach ? 'breach' : 'ok',
    value: score.value,
    reference: score.expected,
    referenceDays: score.baselineDays,
    change: relativeChange(score.value, score.expected),
    band: score.band,
    score: score.score,
  };
}

/** `unusual` checks for [from, to], scored in one pass (earlier incidents excluded, see anomaly.ts). */
function unusualChecks(input: SeriesInput, condition: UnusualCondition, settings: EvaluationSettings, from: string, to: string): Map<string, DayCheck> {
  const series = { values: input.values, noise: input.noise ?? 'count', ...(input.volume === undefined ? {} : { volume: input.volume }) };
  const checks = new Map<string, DayCheck>();
  for (const [day, score] of scoreRange(series, from, to, condition.sensitivity)) checks.set(day, fromScore(day, score, condition, settings));
  return checks;
}

/** A day as the rule sees it: the condition's check plus the streak of breaching days ending there. */
export interface RuleDay {
  day: string;
  /**
   * `breach` once the condition held on `consecutiveDays` days in a row (ending here); `low_volume`:
   * it would have, but the numbers are below the volume guard — too small to open an incident, and no
   * evidence that an open one recovered either (a dead series' baseline decays below the guard).
   */
  status: 'breach' | 'ok' | 'low_volume' | 'no_data';
  check: DayCheck;
  /** Consecutive days ending here on which the condition held (counted up to `consecutiveDays`). */
  streak: number;
}

/**
 * Evaluates `days` (sorted ascending, consecutive or not) in order. The streak also counts breaching
 * days before the first one asked for, so a 3-day rule evaluated on one day still sees the two before.
 */
export function evaluateDays(
  input: SeriesInput,
  rule: { condition: Condition; evaluation: EvaluationSettings },
  days: readonly string[],
  options: CheckOptions = {},
): RuleDay[] {
  const first = days[0];
  const last = days[days.length - 1];
  // `unusual` scores a whole range in one pass (its baselines depend on the days before).
  const checks =
    rule.condition.kind === 'unusual' && first !== undefined && last !== undefined
      ? unusualChecks(input, rule.condition, rule.evaluation, addDays(first, -(rule.evaluation.consecutiveDays - 1)), last)
      : new Map<string, DayCheck>();
  const check = (day: string): DayCheck => {
    let c = checks.get(day);
    if (c === undefined) {
      c = checkDay(input, rule.condition, rule.evaluation, day, options);
      checks.set(day, c);
    }
    return c;
  };
  const needed = rule.evaluation.consecutiveDays;
  return days.map((day) => {
    const c = check(day);
    if (c.outcome === 'no_data') return { day, status: 'no_data', check: c, streak: 0 };
    if (c.outcome === 'low_volume') return { day, status: 'low_volume', check: c, streak: 0 };
    let streak = 0;
    for (let d = day; streak < needed && check(d).outcome === 'breach'; d = addDays(d, -1)) streak += 1;
    return { day, status: streak >= needed ? 'breach' : 'ok', check: c, streak };
  });
}

/** An incident: consecutive breaching days (a day without data or below the volume guard does not end it; an OK day does). */
export interface Incident {
  /** The day the rule fired (the dedupe key with the rule and the series). */
  start: string;
  /** The day it recovered, or null when it is still breaching on the last day evaluated. */
  resolvedOn: string | null;
  /** The check of the first day: the numbers a notification quotes. */
  first: RuleDay;
}

/** Incidents in evaluated days (sorted ascending), as a backtest or a catch-up sees them. */
export function incidentsOf(days: readonly RuleDay[]): Incident[] {
  const incidents: Incident[] = [];
  let open: Incident | null = null;
  for (const d of days) {
    if (d.status === 'breach' && open === null) {
      open = { start: d.day, resolvedOn: null, first: d };
      incidents.push(open);
    } else if (d.status === 'ok' && open !== null) {
      open.resolvedOn = d.day;
      open = null;
    }
  }
  return incidents;
}
