/**
 * A backtest as the editor shows it: the window (bounded by what is cached), the sentence ("Would
 * have fired 3 times in the last 90 days"), and the chart's rows with their markers. Pure.
 */
import { lastEvaluatedDay, type BacktestResult } from '../../../shared/alerts/backtest';
import type { EvaluationSettings } from '../../../shared/alerts/rule';
import { seriesInput, type PointsOf } from '../../../shared/alerts/series';
import type { MetricId } from '../../../shared/metrics';
import { dayRange } from '../../../shared/time';

export const BACKTEST_WINDOWS: ReadonlyArray<{ id: string; label: string; days: number }> = [
  { id: '30', label: '30 days', days: 30 },
  { id: '90', label: '90 days', days: 90 },
  { id: '365', label: '365 days', days: 365 },
];
export const DEFAULT_BACKTEST_DAYS = 90;

export interface BacktestSpan {
  /** Days the backtest covers, ending at the last day a rule looks at. */
  days: number;
  /** The replica holds fewer days than the window asked for. */
  bounded: boolean;
  /** Days the replica holds up to the last evaluated day. */
  cached: number;
}

/** Days the replica holds from `firstDay` to the last day a rule looks at. */
export function cachedDaysOf(today: string, evaluation: EvaluationSettings, firstDay: string | null, metric?: MetricId, lagDays?: number): number {
  const to = lastEvaluatedDay(today, evaluation, metric, lagDays);
  return firstDay === null || firstDay > to ? 0 : dayRange(firstDay, to).length;
}

/** The days a window covers on `today`, bounded by the first cached day. */
export function backtestSpan(windowDays: number, today: string, evaluation: EvaluationSettings, firstDay: string | null, metric?: MetricId, lagDays?: number): BacktestSpan {
  const cached = cachedDaysOf(today, evaluation, firstDay, metric, lagDays);
  return { days: Math.min(windowDays, cached), bounded: cached < windowDays, cached };
}

/**
 * Whether a window adds anything over the one before it: a window longer than what is cached does
 * not, except the first one that covers it all. Unknown cache (null): every window does.
 */
export function windowUsable(index: number, cachedDays: number | null): boolean {
  const previous = BACKTEST_WINDOWS[index - 1];
  return cachedDays === null || previous === undefined || previous.days < cachedDays;
}

/** The window actually used: the chosen one, or the longest that still adds something. */
export function effectiveWindow(chosen: number, cachedDays: number | null): number {
  const usable = BACKTEST_WINDOWS.filter((_, i) => windowUsable(i, cachedDays));
  if (usable.some((w) => w.days === chosen)) return chosen;
  return usable[usable.length - 1]?.days ?? chosen;
}

/** "Would have fired 3 times in the last 90 days" / "Would not have fired in the last 90 days". */
export function backtestSentence(result: BacktestResult, span: BacktestSpan): string {
  const when = span.bounded ? `in the ${span.days} ${span.days === 1 ? 'day' : 'days'} Sightline has cached` : `in the last ${span.days} days`;
  const keys = [...result.days.keys()];
  const evaluated = [...result.days.values()].some((days) => days.some((d) => d.status !== 'no_data'));
  if (!evaluated) {
    const learning = learningDays(result);
    if (learning !== null) return `Learning — needs ${learning} more ${learning === 1 ? 'day' : 'days'} of history before it can judge (it never fires while learning).`;
    return `Not enough history to check this rule ${when}.`;
  }
  const n = result.firings.length;
  if (n === 0) return `Would not have fired ${when}.`;
  const firingKeys = new Set(result.firings.map((f) => f.key)).size;
  const across = keys.length > 1 ? `, on ${firingKeys} of ${keys.length} series` : '';
  return `Would have fired ${n} ${n === 1 ? 'time' : 'times'} ${when}${across}.`;
}

/** How many more days the `unusual` detector needs, when every day checked was still learning. */
export function learningDays(result: BacktestResult): number | null {
  let need: number | null = null;
  for (const days of result.days.values()) {
    const last = days.at(-1)?.check;
    if (last?.outcome === 'no_data' && last.reason === 'learning') need = Math.max(need ?? 0, last.needDays);
  }
  return need;
}

export interface BacktestRow {
  day: string;
  value: number | null;
  /** What the day was compared with (baseline, threshold, level before a stop, expected value). */
  reference: number | null;
  /** `unusual`: the expected range that day ([low, high], for a shaded band), null elsewhere. */
  band: [number, number] | null;
  /** The rule held on this day (after its consecutive days). */
  breach: boolean;
  /** The rule would have fired on this day (an incident's first day). */
  fired: boolean;
}

/** One series of a backtest, day by day, for its chart. */
export function backtestRows(result: BacktestResult, metric: MetricId, key: string, pointsOf: PointsOf): BacktestRow[] {
  const input = seriesInput(metric, key, pointsOf);
  const fired = new Set(result.firings.filter((f) => f.key === key).map((f) => f.incident.start));
  const days = new Map((result.days.get(key) ?? []).map((d) => [d.day, d]));
  return dayRange(result.from, result.to).map((day) => {
    const ruleDay = days.get(day);
    const check = ruleDay?.check;
    const raw = input?.values.get(day);
    return {
      day,
      value: raw === undefined || raw === null || !Number.isFinite(raw) ? null : raw,
      reference: check === undefined || check.outcome === 'no_data' ? null : check.reference,
      band: check === undefined || check.outcome === 'no_data' || check.band === undefined ? null : [check.band.low, check.band.high],
      breach: ruleDay?.status === 'breach',
      fired: fired.has(day),
    };
  });
}

/** The key a chart shows first: the first that would have fired, else the first evaluated. */
export function defaultChartKey(result: BacktestResult): string | null {
  return result.firings[0]?.key ?? [...result.days.keys()][0] ?? null;
}
