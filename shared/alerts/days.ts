/**
 * Calendar look-backs, memoised: the evaluator and the anomaly detector look back from every day of a
 * year for every series (up to 63 days), and the calendar maths (parse, validate, format) would be most
 * of a backtest's cost. Bounded; cleared when full.
 */
import { addDays } from '../time';

/** The furthest back a look-back is memoised. */
const MAX_BACK = 70;
const cache = new Map<string, string[]>();

/** The day `n` days before `day` (n ≥ 0; memoised up to 70). */
export function daysBefore(day: string, n: number): string {
  if (n < 0 || n > MAX_BACK) return addDays(day, -n);
  let past = cache.get(day);
  if (past === undefined) {
    if (cache.size >= 20_000) cache.clear();
    past = [day];
    cache.set(day, past);
  }
  while (past.length <= n) past.push(addDays(past[past.length - 1] ?? day, -1));
  return past[n] ?? addDays(day, -n);
}
