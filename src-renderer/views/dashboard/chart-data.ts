/**
 * The detail chart's rows and its text summary, from a series and a range window. Pure, so the view
 * memoizes them and a range switch costs a slice of what is already read.
 */
import type { AlertEvent } from '../../../shared/alerts/status';
import { METRICS, type MetricId, type SeriesPoint } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';
import { formatDay, formatValue } from '../../format/format';
import type { RangeWindow } from './ranges';

export interface ChartRow {
  day: string;
  /** The stored value of this day (null: none stored, or undefined for that day). */
  own: number | null;
  /** Whether `own` may still change: today, or a day that was going on when last synced. */
  isPartial: boolean;
  /** The solid line: complete days only. */
  value: number | null;
  /** The dashed segment: partial days, joined to the last complete day before them. */
  partial: number | null;
  /** The previous period's value aligned with this day (when comparing), and its day. */
  previous: number | null;
  previousDay: string | null;
}

export interface ChartOptions {
  today: string;
  /** The first partial day (see comparisons.firstIncompleteDay). */
  incompleteFrom: string;
  comparing: boolean;
}

/** One row per day of the window (missing days included, as gaps), sorted by day. */
export function chartRows(points: readonly SeriesPoint[], window: RangeWindow, options: ChartOptions): ChartRow[] {
  const byDay = new Map<string, number | null>();
  for (const p of points) byDay.set(p.day, p.value);
  const first = window.from ?? points[0]?.day ?? options.today;
  const from = first > options.today ? options.today : first;
  const days = dayRange(from, options.today);
  const hasPartial = days.some((d) => d >= options.incompleteFrom && byDay.get(d) !== undefined && byDay.get(d) !== null);
  const offset = options.comparing && window.previous !== null ? window.days : null;
  return days.map((day) => {
    const own = byDay.get(day) ?? null;
    const isPartial = day >= options.incompleteFrom;
    const joinsPartial = hasPartial && addDays(day, 1) === options.incompleteFrom;
    const previousDay = offset === null ? null : addDays(day, -offset);
    return {
      day,
      own,
      isPartial,
      value: isPartial ? null : own,
      partial: isPartial || joinsPartial ? own : null,
      previous: previousDay === null ? null : (byDay.get(previousDay) ?? null),
      previousDay,
    };
  });
}

export interface DayValue {
  day: string;
  value: number;
}

export interface RangeSummary {
  /** Over the complete days of the range that have a value. */
  min: DayValue | null;
  max: DayValue | null;
  latest: DayValue | null;
  /** Today's partial value, if any. */
  today: number | null;
  from: string;
  to: string;
}

export function summarize(rows: readonly ChartRow[], today: string): RangeSummary {
  let min: DayValue | null = null;
  let max: DayValue | null = null;
  let latest: DayValue | null = null;
  let todays: number | null = null;
  for (const row of rows) {
    if (row.day === today) todays = row.own;
    if (row.isPartial || row.own === null) continue;
    const point = { day: row.day, value: row.own };
    if (min === null || point.value < min.value) min = point;
    if (max === null || point.value > max.value) max = point;
    latest = point;
  }
  return { min, max, latest, today: todays, from: rows[0]?.day ?? today, to: rows[rows.length - 1]?.day ?? today };
}

/** The summary as one paragraph, for screen readers and the small print under the chart. */
export function summaryText(summary: RangeSummary, metric: MetricId, label: string, locale: string): string {
  const unit = METRICS[metric].unit;
  const v = (x: DayValue): string => `${formatValue(x.value, unit, locale)} on ${formatDay(x.day, locale, 'medium')}`;
  const span = `${label}, ${formatDay(summary.from, locale, 'short')} to ${formatDay(summary.to, locale, 'short')}`;
  const parts =
    summary.min === null || summary.max === null || summary.latest === null
      ? [`${span}: no complete day with a value.`]
      : [`${span}: lowest ${v(summary.min)}, highest ${v(summary.max)}, latest complete day ${v(summary.latest)}.`];
  if (summary.today !== null) parts.push(`So far today: ${formatValue(summary.today, unit, locale)} (partial).`);
  return parts.join(' ');
}

/** A sparkline's values: the `days` days ending at `end` (the latest complete day), missing days as gaps. */
export function sparkValues(points: readonly SeriesPoint[], end: string | null, days: number): Array<{ day: string; value: number | null }> {
  if (end === null) return [];
  const byDay = new Map(points.map((p) => [p.day, p.value]));
  return dayRange(addDays(end, -(days - 1)), end).map((day) => ({ day, value: byDay.get(day) ?? null }));
}

/**
 * The top of the value axis (which starts at 0: every metric is a count, a duration or a share): the
 * data's highest value, or 1 when the series never rose above 0 — a funnel at 0 % every day is drawn
 * on 0–100 %, not on the chart library's default 0–400 %.
 */
export function valueAxisMax(dataMax: number): number {
  if (Number.isFinite(dataMax) && dataMax > 0) return dataMax;
  return 1;
}

/** The alerts of one day on the detail chart: where its marker sits, and what it says. */
export interface AlertMarker {
  day: string;
  /** Where the marker sits: the day's value (0 when it has none). */
  value: number;
  /** `fired` when anything fired that day, else `resolved`. */
  kind: 'fired' | 'resolved';
  events: AlertEvent[];
}

/** Markers for the alert history of a series on the chart's days (events of other days left out). */
export function alertMarkers(events: readonly AlertEvent[], rows: readonly ChartRow[]): AlertMarker[] {
  const byDay = new Map<string, AlertEvent[]>();
  for (const e of events) {
    const list = byDay.get(e.day);
    if (list === undefined) byDay.set(e.day, [e]);
    else list.push(e);
  }
  const markers: AlertMarker[] = [];
  for (const row of rows) {
    const dayEvents = byDay.get(row.day);
    if (dayEvents === undefined) continue;
    markers.push({ day: row.day, value: row.own ?? 0, kind: dayEvents.some((e) => e.kind === 'fired') ? 'fired' : 'resolved', events: dayEvents });
  }
  return markers;
}
