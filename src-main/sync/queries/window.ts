/**
 * The days a sync asks for, and the placeholders every query uses to select them.
 *
 * Time filters are written twice, on purpose:
 * - a `timestamp` range (`timestamp >= toDateTime({scan_start}) AND timestamp < toDateTime({scan_end})`),
 *   which is what lets PostHog prune partitions and granules (events are partitioned by month and
 *   sorted by date). The bounds are local-midnight strings (`2026-11-01 00:00:00`): HogQL's
 *   `toDateTime` is timezone-aware and reads them in the project's timezone. The range is widened by
 *   `SCAN_MARGIN_DAYS` on each side so that a local midnight that does not exist (zones whose DST
 *   change happens at midnight) or any other difference in how a server reads the string can never
 *   cut off part of a day;
 * - an exact local-day filter (`toDate(timestamp)` between `{from_day}` and `{to_day}`), which
 *   decides what is counted: HogQL evaluates `toDate(timestamp)` in the project's timezone, the same
 *   day bucket the metrics are defined on (DST days have 23 or 25 hours and need nothing special).
 */
import { addDays, dayRange, isDay } from '../../../shared/time';

/** Extra days scanned on each side of a range (see above). */
export const SCAN_MARGIN_DAYS = 1;

/** `YYYY-MM-DD 00:00:00`: a local midnight, read by HogQL's `toDateTime` in the project's timezone. */
export function localMidnight(day: string): string {
  return `${day} 00:00:00`;
}

export interface PlanWindow {
  from: string;
  to: string;
  /** Every day from `from` to `to`, inclusive. */
  days: string[];
}

export function planWindow(from: string, to: string): PlanWindow {
  if (!isDay(from)) throw new Error(`Sync window: "${from}" is not a YYYY-MM-DD day`);
  if (!isDay(to)) throw new Error(`Sync window: "${to}" is not a YYYY-MM-DD day`);
  if (from > to) throw new Error(`Sync window: ${from} is after ${to}`);
  return { from, to, days: dayRange(from, to) };
}

/** Placeholders selecting the window's days: `{from_day}`, `{to_day}`, `{scan_start}`, `{scan_end}`. */
export function windowValues(window: PlanWindow): { from_day: string; to_day: string; scan_start: string; scan_end: string } {
  return {
    from_day: window.from,
    to_day: window.to,
    scan_start: localMidnight(addDays(window.from, -SCAN_MARGIN_DAYS)),
    // Exclusive: the midnight ending `to`, plus the margin.
    scan_end: localMidnight(addDays(window.to, 1 + SCAN_MARGIN_DAYS)),
  };
}

/** `timestamp` within `[{start}, {end})`: the prunable part of a time filter. */
export function timestampBetween(start: string, end: string, column = 'timestamp'): string {
  return `${column} >= toDateTime({${start}}) AND ${column} < toDateTime({${end}})`;
}

/** The local day of `expr` within `[{from}, {to}]`: the exact part of a time filter. */
export function dayBetween(expr: string, from = 'from_day', to = 'to_day'): string {
  return `toDate(${expr}) >= toDate({${from}}) AND toDate(${expr}) <= toDate({${to}})`;
}

/** The events of the window's days: prunable range and exact day filter. */
export const EVENTS_IN_WINDOW = `${timestampBetween('scan_start', 'scan_end')} AND ${dayBetween('timestamp')}`;
