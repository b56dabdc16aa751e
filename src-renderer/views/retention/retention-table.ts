/**
 * The retention view's model, from the replica's points: the cohort table (size and returns per
 * period) and the retention curve. Pure functions.
 *
 * Stored points (src-main/sync/queries/retention.ts): `posthog_retention_cohort` by cohort start, and
 * `posthog_retention_returned` keyed by the period offset and dated by the RETURN period's start — so
 * cohort = return period − offset. A cell the sync has not written does not exist yet (that period has
 * not begun): it is shown blank, never as 0.
 */
import type { SeriesPoint } from '../../../shared/metrics';
import { addPeriods, RETENTION_PERIODS, type RetentionDefinition, type RetentionPeriod } from '../../../shared/retention';

export interface RetentionCell {
  /** 0 = the cohort's own period (its size). */
  offset: number;
  /** First day of the period the persons came back in. */
  periodStart: string;
  returned: number;
  /** returned ÷ cohort size; null for an empty cohort. */
  share: number | null;
  /** The period is still under way (it holds today): its count can still grow. */
  partial: boolean;
}

export interface RetentionRow {
  cohort: string;
  size: number;
  /** Offsets 0 … the latest period that has begun. */
  cells: RetentionCell[];
}

export interface CurvePoint {
  offset: number;
  /** Persons back in that period ÷ persons in the cohorts that have completed it; null when none has. */
  share: number | null;
  /** Cohorts counted. */
  cohorts: number;
}

export interface RetentionModel {
  period: RetentionPeriod;
  /** Oldest cohort first. */
  rows: RetentionRow[];
  /** Offsets shown as columns: 0 … periods − 1. */
  offsets: number[];
  curve: CurvePoint[];
}

/** The table for the last `RETENTION_PERIODS[period]` cohorts the replica holds (up to today). */
export function retentionModel(cohortPoints: readonly SeriesPoint[], returnedPoints: readonly SeriesPoint[], period: RetentionPeriod, today: string): RetentionModel {
  const count = RETENTION_PERIODS[period];
  const cohorts = cohortPoints.filter((p) => p.key === '' && p.day <= today && p.value !== null).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const shown = cohorts.slice(-count);
  const returned = new Map<string, number>();
  for (const p of returnedPoints) if (p.value !== null) returned.set(`${p.key} ${p.day}`, p.value);
  const isPartial = (start: string): boolean => addPeriods(start, period, 1) > today;

  const rows: RetentionRow[] = shown.map((point) => {
    const size = point.value ?? 0;
    const share = (n: number): number | null => (size > 0 ? n / size : null);
    const cells: RetentionCell[] = [{ offset: 0, periodStart: point.day, returned: size, share: share(size), partial: isPartial(point.day) }];
    for (let k = 1; k < count; k += 1) {
      const at = addPeriods(point.day, period, k);
      const value = returned.get(`${k} ${at}`);
      if (value === undefined) break;
      cells.push({ offset: k, periodStart: at, returned: value, share: share(value), partial: isPartial(at) });
    }
    return { cohort: point.day, size, cells };
  });

  const offsets = Array.from({ length: count }, (_, k) => k);
  const curve = offsets.map((offset) => {
    let persons = 0;
    let back = 0;
    let counted = 0;
    for (const row of rows) {
      const cell = row.cells[offset];
      if (cell === undefined || cell.partial || row.size === 0) continue;
      persons += row.size;
      back += cell.returned;
      counted += 1;
    }
    return { offset, share: persons > 0 ? back / persons : null, cohorts: counted };
  });
  return { period, rows, offsets, curve };
}

const PERIOD_WORD: Record<RetentionPeriod, string> = { day: 'Day', week: 'Week', month: 'Month' };

/** A column's heading: "Week 0", "Day 3". */
export function offsetLabel(period: RetentionPeriod, offset: number): string {
  return `${PERIOD_WORD[period]} ${offset}`;
}

const PERIOD_ADVERB: Record<RetentionPeriod, string> = { day: 'Daily', week: 'Weekly', month: 'Monthly' };

/** The definition in one sentence: "Weekly cohorts of persons by their first event, back with any event." */
export function describeRetention(definition: RetentionDefinition): string {
  const start = definition.startEvent === null ? 'event' : `“${definition.startEvent}”`;
  const cohort = definition.mode === 'first_time' ? `by their first ${start}` : `by every ${definition.period} with ${definition.startEvent === null ? 'an event' : start}`;
  const back = definition.returnEvent === null ? 'any event' : `“${definition.returnEvent}”`;
  return `${PERIOD_ADVERB[definition.period]} cohorts of persons ${cohort}; a person is back in a later ${definition.period} when they do ${back} in it.`;
}
