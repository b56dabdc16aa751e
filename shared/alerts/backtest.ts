/**
 * A rule run over cached history: where it would have fired, with the numbers, before it is saved.
 * The renderer runs it on its Dexie replica; tests run it on main's store. Same evaluator as live.
 */
import { METRICS, type MetricId } from '../metrics';
import { addDays, dayRange } from '../time';
import type { AlertRuleInput, EvaluationSettings } from './rule';
import { describeCheck, type KeyNames } from './describe';
import { evaluateDays, incidentsOf, type Incident, type RuleDay } from './evaluate';
import { seriesInput, targetKeys, type PointsOf } from './series';

/** The last day a rule looks at: yesterday (today is partial), or today when the rule says so. */
export function lastEvaluatedDay(today: string, settings: EvaluationSettings, metric?: MetricId, lagDays?: number): string {
  // A Day-N rate is final N days after its day, a funnel's rate once its window is over: a rule looks
  // at the latest final day (never a partial one). `lagDays` (a funnel's) overrides the metric's own.
  const lag = lagDays ?? (metric === undefined ? 0 : (METRICS[metric].lagDays ?? 0));
  if (lag > 0) return addDays(today, -(1 + lag));
  return settings.includePartialDay ? today : addDays(today, -1);
}

export interface BacktestFiring {
  key: string;
  incident: Incident;
  text: string;
}

export interface BacktestResult {
  from: string;
  to: string;
  /** Every evaluated day, per key (the chart's markers and band). */
  days: Map<string, RuleDay[]>;
  /** Where the rule would have fired (the first day of each incident), oldest first. */
  firings: BacktestFiring[];
  /** Keys the store has nothing for (the metric is missing). */
  missing: string[];
}

export interface BacktestOptions {
  /** The project's local today. */
  today: string;
  /** How many days back from the last evaluated day. */
  days: number;
  locale: string;
  names?: KeyNames;
  /** Days the target's values take to be final, when it depends on the target (a funnel's window + 1). */
  lagDays?: number;
}

type RuleShape = Pick<AlertRuleInput, 'target' | 'condition' | 'evaluation'>;

export function backtest(rule: RuleShape, pointsOf: PointsOf, options: BacktestOptions): BacktestResult {
  const to = lastEvaluatedDay(options.today, rule.evaluation, rule.target.metric, options.lagDays);
  const from = addDays(to, -(Math.max(1, options.days) - 1));
  const range = dayRange(from, to);
  const result: BacktestResult = { from, to, days: new Map(), firings: [], missing: [] };
  for (const key of targetKeys(rule.target, pointsOf)) {
    const input = seriesInput(rule.target.metric, key, pointsOf);
    if (input === null) {
      result.missing.push(key);
      continue;
    }
    const days = evaluateDays(input, rule, range);
    result.days.set(key, days);
    for (const incident of incidentsOf(days)) {
      const describeOptions = { locale: options.locale, streak: incident.first.streak, ...(options.names === undefined ? {} : { names: options.names }) };
      result.firings.push({ key, incident, text: describeCheck(rule.target.metric, key, rule.condition, incident.first.check, describeOptions) });
    }
  }
  result.firings.sort((a, b) => (a.incident.start < b.incident.start ? -1 : a.incident.start > b.incident.start ? 1 : a.key < b.key ? -1 : 1));
  return result;
}
