/**
 * Cohort retention as PostHog's retention insight defines it (posthog/hogql_queries/insights/
 * retention_query_runner.py, read for its rules), and the period arithmetic both processes share.
 *
 * - A cohort is the period (day, week or month, in the project's timezone; weeks start on the
 *   project's `week_start_day`) in which a person did the start event:
 *   - `first_time`: the period of the person's FIRST EVER start event (PostHog's
 *     "retention_first_time": `minIf(timestamp, start)` over all time); a person whose first start
 *     event is older than the table is in no cohort;
 *   - `recurring`: every period in which the person did the start event (a person can be in several
 *     cohorts).
 * - Period 0 of a cohort is its size. A person counts at period k ≥ 1 when they did the return event
 *   in the k-th period after the cohort's (a return inside the cohort's own period does not count:
 *   PostHog keeps only intervals "at least one interval after start event").
 * - Null start/return events mean "any event".
 * - The table covers the last `periods` periods, the current (incomplete) one included: 30 days, 8
 *   weeks or 6 months by default. Cohort c has cells for k = 0 … periods − 1 − (index of c).
 *
 * Day-N retention (D1, D7, D30) is the daily first-time table read along a diagonal: of the persons
 * whose first start event was on day X, the share who did the return event on day X + N. It has no
 * value while day X + N is not over, nor for a day on which nobody was first seen.
 */
import { addDays, isDay } from './time';

export type RetentionPeriod = 'day' | 'week' | 'month';
export type RetentionMode = 'first_time' | 'recurring';
/** PostHog's `week_start_day`: 0 Sunday (its default, also when unset), 1 Monday. */
export type WeekStartDay = 0 | 1;

export interface RetentionDefinition {
  period: RetentionPeriod;
  /** null = any event. */
  startEvent: string | null;
  /** null = any event. */
  returnEvent: string | null;
  mode: RetentionMode;
}

export const DEFAULT_RETENTION: Readonly<RetentionDefinition> = Object.freeze({ period: 'week', startEvent: null, returnEvent: null, mode: 'first_time' });

/** Periods the table covers (cohorts and the cells of the oldest one). */
export const RETENTION_PERIODS: Readonly<Record<RetentionPeriod, number>> = { day: 30, week: 8, month: 6 };

/** The N of the Day-N series. */
export const DAY_N = [1, 7, 30] as const;
export type DayN = (typeof DAY_N)[number];
/** The longest N: how far before a sync window Day-N cohorts are recomputed. */
export const MAX_DAY_N = 30;

function dayParts(day: string): { y: number; m: number; d: number } {
  if (!isDay(day)) throw new Error(`not a day: ${day}`);
  return { y: Number(day.slice(0, 4)), m: Number(day.slice(5, 7)), d: Number(day.slice(8, 10)) };
}

function monthStart(y: number, m: number): string {
  // m may run past 1..12: Date.UTC normalises it.
  return new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** The first day of the period holding `day`. */
export function periodStart(day: string, period: RetentionPeriod, weekStartDay: WeekStartDay): string {
  const { y, m } = dayParts(day);
  if (period === 'day') return day;
  if (period === 'month') return monthStart(y, m);
  return addDays(day, -((weekday(day) - weekStartDay + 7) % 7));
}

/** The start of the period `n` periods after the one starting on `start` (n may be negative). */
export function addPeriods(start: string, period: RetentionPeriod, n: number): string {
  if (period === 'day') return addDays(start, n);
  if (period === 'week') return addDays(start, 7 * n);
  const { y, m } = dayParts(start);
  return monthStart(y, m + n);
}

/** How many periods `later` is after `start` (both period starts): 0 for the same period. */
export function periodsBetween(start: string, later: string, period: RetentionPeriod): number {
  if (period === 'month') {
    const a = dayParts(start);
    const b = dayParts(later);
    return (b.y - a.y) * 12 + (b.m - a.m);
  }
  const days = Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
  return period === 'day' ? days : Math.floor(days / 7);
}

/** The cohorts the table shows on `today`, oldest first: the last `RETENTION_PERIODS[period]` periods. */
export function cohortStarts(today: string, period: RetentionPeriod, weekStartDay: WeekStartDay): string[] {
  const current = periodStart(today, period, weekStartDay);
  const count = RETENTION_PERIODS[period];
  return Array.from({ length: count }, (_, i) => addPeriods(current, period, i - (count - 1)));
}

export function sameRetention(a: RetentionDefinition, b: RetentionDefinition): boolean {
  return a.period === b.period && a.startEvent === b.startEvent && a.returnEvent === b.returnEvent && a.mode === b.mode;
}
