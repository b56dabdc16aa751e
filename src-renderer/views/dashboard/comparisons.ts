/**
 * Which value a card shows and what it is compared with. Pure functions over day strings, which are
 * the project's local days (see shared/time.ts); "today" is always the project's today.
 */
import { METRICS, type MetricId, type SeriesPoint } from '../../../shared/metrics';
import { addDays } from '../../../shared/time';
import { formatChange, formatDay, formatPointsChange } from '../../format/format';

/**
 * The first day whose stored value may be partial. Today always is; and a day on which the last
 * successful sync ran was still going on when it was read, so if that sync ran before today, its day
 * (and any later one) is partial too. `lastSyncDay` is the project-local day that sync finished on.
 */
export function firstIncompleteDay(today: string, lastSyncDay: string | null): string {
  return lastSyncDay !== null && lastSyncDay < today ? lastSyncDay : today;
}

export interface CardPoints {
  /** The latest complete day's point (its value may be null: e.g. no sessions to average). */
  latest: SeriesPoint | null;
  /** Today's point: partial, shown as "so far today". */
  today: SeriesPoint | null;
}

/**
 * Picks the latest complete day and today's partial point from a series sorted by day. A metric that
 * takes `lagDays` to be final (Day-N retention) is complete `lagDays` earlier and has no partial today.
 */
export function cardPoints(points: readonly SeriesPoint[], today: string, incompleteFrom: string, lagDays = 0): CardPoints {
  let latest: SeriesPoint | null = null;
  let todays: SeriesPoint | null = null;
  const completeBefore = addDays(incompleteFrom, -lagDays);
  for (const point of points) {
    if (point.day === today) todays = lagDays === 0 ? point : null;
    else if (point.day < completeBefore && (latest === null || point.day > latest.day)) latest = point;
  }
  return { latest, today: todays };
}

/** WAU and MAU are rolling windows: every day is compared with 7 days before, not "last Tuesday". */
const ROLLING: ReadonlySet<MetricId> = new Set<MetricId>(['posthog_wau', 'posthog_mau']);

/** The day a value is compared with: the same weekday one week earlier (7 days before, for rolling metrics). */
export function comparisonDay(day: string): string {
  return addDays(day, -7);
}

/** How the comparison is labelled: `vs Tue last week`, or `vs 7 days before` for WAU/MAU. */
export function comparisonLabel(metric: MetricId, baselineDay: string, locale: string): string {
  return ROLLING.has(metric) ? 'vs 7 days before' : `vs ${formatDay(baselineDay, locale, 'weekday')} last week`;
}

export type Direction = 'up' | 'down' | 'flat';
/** Whether the move is good news: it depends on the metric (more errors is bad). */
export type Tone = 'good' | 'bad' | 'neutral';

export type Change =
  /** Counts, durations: relative change, 0.123 = 12.3% more. */
  | { kind: 'relative'; ratio: number; direction: Direction; tone: Tone }
  /** Ratios (conversion rate): change in percentage points. */
  | { kind: 'points'; points: number; direction: Direction; tone: Tone }
  /** From zero to something: no percentage exists. */
  | { kind: 'from-zero'; direction: 'up'; tone: Tone };

/** Below this a change rounds to 0.0% (or 0.0 pts) on screen: it is shown as no change. */
const FLAT_RATIO = 0.0005;
const FLAT_POINTS = 0.05;

function toneOf(metric: MetricId, direction: Direction): Tone {
  if (direction === 'flat') return 'neutral';
  return (direction === 'up') === METRICS[metric].upIsGood ? 'good' : 'bad';
}

/** The change from `previous` to `current`, or null when either is missing. */
export function compare(metric: MetricId, current: number | null, previous: number | null): Change | null {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  if (METRICS[metric].unit === 'ratio') {
    const points = (current - previous) * 100;
    const direction: Direction = Math.abs(points) < FLAT_POINTS ? 'flat' : points > 0 ? 'up' : 'down';
    return { kind: 'points', points, direction, tone: toneOf(metric, direction) };
  }
  if (previous === 0) {
    if (current === 0) return { kind: 'relative', ratio: 0, direction: 'flat', tone: 'neutral' };
    return { kind: 'from-zero', direction: 'up', tone: toneOf(metric, 'up') };
  }
  const ratio = (current - previous) / Math.abs(previous);
  const direction: Direction = Math.abs(ratio) < FLAT_RATIO ? 'flat' : ratio > 0 ? 'up' : 'down';
  return { kind: 'relative', ratio, direction, tone: toneOf(metric, direction) };
}

/** `+12.3%`, `-4%`, `+2.1 pts`, `up from 0`, `no change`. */
export function describeChange(change: Change, locale: string): string {
  if (change.direction === 'flat') return 'no change';
  if (change.kind === 'from-zero') return 'up from 0';
  return change.kind === 'points' ? formatPointsChange(change.points, locale) : formatChange(change.ratio, locale);
}

/** The comparison a card shows: the value it is compared with, how it changed, and the label. */
export interface CardComparison {
  baselineDay: string;
  label: string;
  baseline: number | null;
  change: Change | null;
}

export function cardComparison(metric: MetricId, latest: SeriesPoint, points: readonly SeriesPoint[], locale: string): CardComparison {
  const baselineDay = comparisonDay(latest.day);
  const baseline = points.find((p) => p.day === baselineDay)?.value ?? null;
  return { baselineDay, label: comparisonLabel(metric, baselineDay, locale), baseline, change: compare(metric, latest.value, baseline) };
}
