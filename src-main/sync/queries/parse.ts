/**
 * Reading PostHog's rows: the trust boundary. Every row is checked with zod (arity and cell types),
 * every day must fall inside the window and appear once per series, and anything else is a
 * `MetricQueryError` naming the query.
 */
import { z } from 'zod';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { MetricQueryError, type MetricQueryResult } from './types';
import type { PlanWindow } from './window';

/** A HogQL `Date`: `YYYY-MM-DD`. */
export const DayCell = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a YYYY-MM-DD day');

/** A ClickHouse UInt64 count: a JSON number, or a decimal string when it does not fit a double. */
export const CountCell = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d+$/, 'expected a non-negative integer')
    .transform(Number)
    .pipe(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)),
]);

/** A Float64 (NaN/Infinity arrive as null). */
export const FloatCell = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i, 'expected a number')
    .transform(Number),
  z.null(),
]);

/** A string column (event names, flag keys). */
export const TextCell = z.string();

const ResultShape = z.object({ results: z.array(z.array(z.unknown())) }, { error: 'expected {results: unknown[][]}' });

/** Every row validated against `row` (a `z.tuple`), or a `MetricQueryError` naming the query, the row and the problem. */
export function parseRows<T extends z.ZodType>(queryId: string, result: MetricQueryResult, row: T, maxRows?: number): z.output<T>[] {
  const shape = ResultShape.safeParse(result);
  if (!shape.success) throw new MetricQueryError(queryId, z.prettifyError(shape.error));
  const rows = shape.data.results;
  if (maxRows !== undefined && rows.length > maxRows) {
    throw new MetricQueryError(queryId, `${rows.length} rows, more than the ${maxRows} it can return`);
  }
  return rows.map((cells, i) => {
    const parsed = row.safeParse(cells);
    if (!parsed.success) throw new MetricQueryError(queryId, `row ${i} ${JSON.stringify(cells)}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/**
 * Collects one query's values per (metric, key, day) and emits every day of the window, filling the
 * days PostHog returned no row for (a day without events yields no group) with `fill`.
 */
export class SeriesCollector {
  private readonly days: ReadonlySet<string>;
  private readonly series = new Map<string, { metric: MetricId; key: string; values: Map<string, number | null> }>();

  constructor(
    private readonly queryId: string,
    private readonly window: PlanWindow,
  ) {
    this.days = new Set(window.days);
  }

  /** Records a value; a day outside the window or seen twice for the same series is an error. */
  set(metric: MetricId, key: string, day: string, value: number | null): void {
    if (!this.days.has(day)) throw new MetricQueryError(this.queryId, `a ${metric} row for ${day}, outside ${this.window.from}..${this.window.to}`);
    const series = this.ensure(metric, key);
    if (series.values.has(day)) throw new MetricQueryError(this.queryId, `two ${metric} rows for ${key === '' ? '' : `"${key}" on `}${day}`);
    series.values.set(day, value);
  }

  /** Adds to a value (a total built from several rows). */
  add(metric: MetricId, key: string, day: string, value: number): void {
    if (!this.days.has(day)) throw new MetricQueryError(this.queryId, `a ${metric} row for ${day}, outside ${this.window.from}..${this.window.to}`);
    const series = this.ensure(metric, key);
    series.values.set(day, (series.values.get(day) ?? 0) + value);
  }

  /** Makes sure the series exists, so that `points` emits it (filled) even with no row at all. */
  ensure(metric: MetricId, key: string): { metric: MetricId; key: string; values: Map<string, number | null> } {
    const id = `${metric}\u0000${key}`;
    let series = this.series.get(id);
    if (series === undefined) {
      series = { metric, key, values: new Map() };
      this.series.set(id, series);
    }
    return series;
  }

  /** Every series, every day of the window; `fill(metric)` for the days without a row. */
  points(fill: (metric: MetricId) => number | null): SeriesPoint[] {
    const out: SeriesPoint[] = [];
    for (const { metric, key, values } of this.series.values()) {
      const missing = fill(metric);
      for (const day of this.window.days) {
        const value = values.get(day);
        out.push({ metric, key, day, value: value === undefined ? missing : value });
      }
    }
    return out;
  }
}
