/**
 * The flags table's rows, from the flag list and the per-flag evaluation series in the replica. Pure.
 *
 * - A flag is listed when PostHog's flag list has it, or when it was evaluated in the range (a flag
 *   evaluated but not in the list was deleted, or created after the list was fetched).
 * - Days: the sync stores a 0 for a flag on every synced day it was not evaluated, but only for flags
 *   evaluated somewhere in that sync's window; so a day on which the total (key '') has a value and a
 *   flag has none also counts as 0 for that flag.
 * - Stopped: evaluated earlier in the range, and not since, through the latest complete day (today is
 *   partial; a value today means it runs again).
 */
import type { FlagList } from '../../../shared/contract';
import type { SeriesPoint } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';

/** The flag evaluations total, not a flag. */
export const TOTAL_KEY = '';

export type FlagRangeId = '7d' | '30d' | '90d';
export const FLAG_RANGES: ReadonlyArray<{ id: FlagRangeId; label: string; days: number }> = [
  { id: '7d', label: '7 d', days: 7 },
  { id: '30d', label: '30 d', days: 30 },
  { id: '90d', label: '90 d', days: 90 },
];
export const DEFAULT_FLAG_RANGE: FlagRangeId = '30d';
/** The widest range: what the view reads once, and slices for narrower ones. */
export const MAX_FLAG_RANGE_DAYS = 90;

export interface FlagSpan {
  /** First day counted: the range's start, or the replica's first day when it holds less. */
  from: string;
  /** Today (partial). */
  to: string;
  /** The range's first day as asked (before being bounded by the replica). */
  asked: string;
  /** The latest complete day that was synced (null: none yet). Sparklines end there; "stopped" is judged on it. */
  latestComplete: string | null;
}

/** The days a range covers on `today`, bounded by the first day the replica holds, and its latest complete synced day. */
export function flagSpan(days: number, today: string, incompleteFrom: string, points: readonly SeriesPoint[]): FlagSpan {
  const asked = addDays(today, -(days - 1));
  let first: string | null = null;
  let latestTotal: string | null = null;
  let latestAny: string | null = null;
  for (const p of points) {
    if (first === null || p.day < first) first = p.day;
    if (p.day >= incompleteFrom) continue;
    if (latestAny === null || p.day > latestAny) latestAny = p.day;
    if (p.key === TOTAL_KEY && (latestTotal === null || p.day > latestTotal)) latestTotal = p.day;
  }
  const from = first !== null && first > asked ? (first > today ? today : first) : asked;
  return { from, to: today, asked, latestComplete: latestTotal ?? latestAny };
}

export interface FlagRow {
  key: string;
  /** From PostHog's flag list; null when the flag is not in it. */
  name: string | null;
  active: boolean | null;
  /** Whether the flag list has this flag (null: no list fetched yet, so it cannot be told). */
  inList: boolean | null;
  /** Evaluations from `span.from` through today. */
  evaluations: number;
  /** The latest day with evaluations > 0 among the days read (null: none). */
  lastEvaluated: string | null;
  stopped: boolean;
  /** One value per day from `span.from` through the latest complete day (null: that day was not synced). */
  daily: Array<{ day: string; value: number | null }>;
}

/** Per flag key, its value per day (total excluded). */
function byFlag(points: readonly SeriesPoint[]): Map<string, Map<string, number>> {
  const flags = new Map<string, Map<string, number>>();
  for (const p of points) {
    if (p.key === TOTAL_KEY) continue;
    let days = flags.get(p.key);
    if (days === undefined) flags.set(p.key, (days = new Map<string, number>()));
    days.set(p.day, p.value ?? 0);
  }
  return flags;
}

export function flagRows(list: FlagList | null, points: readonly SeriesPoint[], span: FlagSpan): FlagRow[] {
  const synced = new Set(points.filter((p) => p.key === TOTAL_KEY).map((p) => p.day));
  const flags = byFlag(points);
  const listed = new Map((list?.flags ?? []).map((f) => [f.key, f]));
  const knowsList = list !== null && list.fetchedAt !== null;
  const sparkDays = span.latestComplete === null || span.latestComplete < span.from ? [] : dayRange(span.from, span.latestComplete);

  const rows: FlagRow[] = [];
  for (const key of new Set([...listed.keys(), ...flags.keys()])) {
    const days = flags.get(key) ?? new Map<string, number>();
    const valueOn = (day: string): number | null => days.get(day) ?? (synced.has(day) ? 0 : null);
    let evaluations = 0;
    let lastEvaluated: string | null = null;
    let evaluatedBeforeLatest = false;
    for (const [day, value] of days) {
      if (value <= 0) continue;
      if (lastEvaluated === null || day > lastEvaluated) lastEvaluated = day;
      if (day < span.from || day > span.to) continue;
      evaluations += value;
      if (span.latestComplete !== null && day < span.latestComplete) evaluatedBeforeLatest = true;
    }
    const flag = listed.get(key);
    if (flag === undefined && evaluations === 0) continue;
    const stopped = span.latestComplete !== null && evaluatedBeforeLatest && lastEvaluated !== null && lastEvaluated < span.latestComplete;
    rows.push({
      key,
      name: flag?.name ?? null,
      active: flag?.active ?? null,
      inList: knowsList ? flag !== undefined : null,
      evaluations,
      lastEvaluated,
      stopped,
      daily: sparkDays.map((day) => ({ day, value: valueOn(day) })),
    });
  }
  return sortFlagRows(rows, 'evaluations', 'desc');
}

export type FlagSortKey = 'evaluations' | 'key' | 'lastEvaluated';
export type SortDirection = 'asc' | 'desc';

/** The direction a column sorts in when first chosen: numbers and days newest/biggest first, names A→Z. */
export function defaultDirection(key: FlagSortKey): SortDirection {
  return key === 'key' ? 'asc' : 'desc';
}

/** Sorted by the column, ties by key (A→Z); flags never evaluated last when sorting by last evaluated. */
export function sortFlagRows(rows: readonly FlagRow[], key: FlagSortKey, direction: SortDirection): FlagRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byKey = (a: FlagRow, b: FlagRow): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const compare = (a: FlagRow, b: FlagRow): number => {
    if (key === 'key') return sign * byKey(a, b);
    if (key === 'evaluations') return sign * (a.evaluations - b.evaluations) || byKey(a, b);
    if (a.lastEvaluated === b.lastEvaluated) return byKey(a, b);
    if (a.lastEvaluated === null) return 1;
    if (b.lastEvaluated === null) return -1;
    return sign * (a.lastEvaluated < b.lastEvaluated ? -1 : 1);
  };
  return [...rows].sort(compare);
}
