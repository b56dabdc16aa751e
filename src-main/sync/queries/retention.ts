/**
 * Query `retention`: the cohort retention table and the Day-N retention series, in one request of four
 * UNION ALL branches (rules in shared/retention.ts, which follow PostHog's retention insight):
 *
 *   'cohort'      (cohort start, cohort start, persons): the size of each cohort of the table
 *   'cell'        (cohort start, return period start, persons): persons of a cohort who did the
 *                 return event in a LATER period (a return inside the cohort's own period is not one)
 *   'first_seen'  (day, day, persons): persons whose first start event ever was that day
 *   'day_return'  (first day, return day, persons): of those, persons who did the return event exactly
 *                 1, 7 or 30 days later
 *
 * Written with plain aggregates and joins: ClickHouse's `retention()` is not used. First-time cohorts
 * need each person's first start event ever, so that scan has no lower time bound (like new users);
 * every other scan is bounded. Aggregates only leave PostHog: counts per cohort and period.
 *
 * What a sync replaces, per metric (`writes`):
 * - the table (cohort sizes by cohort start, returns keyed by period offset and dated by the RETURN
 *   period's start): an initial sync rebuilds every cohort of the table; a refresh only the periods
 *   its days fall in (returns in those periods, for every cohort, and the sizes of cohorts starting
 *   in them) — nothing else can change;
 * - Day-N rates for the cohort days X whose day X + N the sync covers (X from the window's first day
 *   minus N), and the first-seen counts for every such X.
 */
import { z } from 'zod';
import { addDays } from '../../../shared/time';
import type { MetricId, SeriesPoint, SyncPlanOptions } from '../../../shared/metrics';
import { DAY_N, MAX_DAY_N, RETENTION_PERIODS, addPeriods, cohortStarts, periodStart, periodsBetween, type RetentionDefinition, type RetentionPeriod, type WeekStartDay } from '../../../shared/retention';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, parseRows } from './parse';
import { MetricQueryError, type MetricQuery, type MetricWrite } from './types';
import { dayBetween, localMidnight, SCAN_MARGIN_DAYS, timestampBetween, type PlanWindow } from './window';

const TABLE_METRICS = ['posthog_retention_cohort', 'posthog_retention_returned'] as const satisfies readonly MetricId[];
const DAY_N_METRIC = { 1: 'posthog_retention_d1', 7: 'posthog_retention_d7', 30: 'posthog_retention_d30' } as const satisfies Record<(typeof DAY_N)[number], MetricId>;
const FIRST_SEEN_METRIC = 'posthog_retention_day_cohort' satisfies MetricId;

/** Each branch's LIMIT (the answer is a few hundred rows at most: 30 cohorts, 400 days × 3 offsets). */
const BRANCH_ROWS = MAX_ROWS / 5;

const Row = z.tuple([z.enum(['cohort', 'cell', 'first_seen', 'day_return']), DayCell, DayCell, CountCell]);

/** The start of an event's period, in the project's timezone (toStartOfWeek's mode 0 = Sunday, 1 = Monday). */
function periodOf(expr: string, period: RetentionPeriod, weekStartDay: WeekStartDay): string {
  if (period === 'day') return `toDate(${expr})`;
  if (period === 'month') return `toStartOfMonth(${expr})`;
  return `toStartOfWeek(${expr}, ${weekStartDay})`;
}

/** `event = {placeholder} AND `, or nothing for "any event". */
function eventIs(name: string | null, placeholder: string): string {
  return name === null ? '' : `event = {${placeholder}} AND `;
}

/** The HogQL for a definition: its text depends on the period, the mode and whether events are named (names travel as values). */
export function retentionHogql(definition: RetentionDefinition, weekStartDay: WeekStartDay): string {
  const P = (expr: string): string => periodOf(expr, definition.period, weekStartDay);
  const start = eventIs(definition.startEvent, 'start_event');
  const ret = eventIs(definition.returnEvent, 'return_event');
  // First time: the period of the first start event ever (no lower bound). Recurring: every period with one.
  const cohorts =
    definition.mode === 'first_time'
      ? `SELECT person_id, ${P('min(timestamp)')} AS cohort
        FROM events
        WHERE ${start}timestamp < toDateTime({scan_end})
        GROUP BY person_id
        HAVING cohort >= toDate({cohort_from}) AND cohort <= toDate({to_day})`
      : `SELECT DISTINCT person_id, ${P('timestamp')} AS cohort
        FROM events
        WHERE ${start}${timestampBetween('cohort_scan_start', 'scan_end')} AND ${dayBetween('timestamp', 'cohort_from', 'to_day')}`;
  const returns = `SELECT DISTINCT person_id, ${P('timestamp')} AS period
        FROM events
        WHERE ${ret}${timestampBetween('write_scan_start', 'scan_end')} AND ${dayBetween('timestamp', 'write_from', 'to_day')}`;
  const firstSeen = `SELECT person_id, toDate(min(timestamp)) AS day
        FROM events
        WHERE ${start}timestamp < toDateTime({scan_end})
        GROUP BY person_id
        HAVING day >= toDate({first_seen_from}) AND day <= toDate({to_day})`;
  const activeDays = `SELECT DISTINCT person_id, toDate(timestamp) AS day
        FROM events
        WHERE ${ret}${timestampBetween('first_seen_scan_start', 'scan_end')} AND ${dayBetween('timestamp', 'first_seen_from', 'to_day')}`;
  const offsets = DAY_N.map((n) => `a.day = addDays(f.day, ${n})`).join(' OR ');
  return `SELECT 'cohort' AS kind, cohort AS d1, cohort AS d2, count() AS persons
FROM (
    ${cohorts}
)
WHERE cohort >= toDate({write_from})
GROUP BY cohort
ORDER BY cohort
LIMIT ${BRANCH_ROWS}
UNION ALL
SELECT 'cell' AS kind, c.cohort AS d1, r.period AS d2, count() AS persons
FROM (
    ${cohorts}
) AS c
INNER JOIN (
    ${returns}
) AS r ON c.person_id = r.person_id
WHERE r.period > c.cohort
GROUP BY c.cohort, r.period
ORDER BY d1, d2
LIMIT ${BRANCH_ROWS}
UNION ALL
SELECT 'first_seen' AS kind, day AS d1, day AS d2, count() AS persons
FROM (
    ${firstSeen}
)
GROUP BY day
ORDER BY day
LIMIT ${BRANCH_ROWS}
UNION ALL
SELECT 'day_return' AS kind, f.day AS d1, a.day AS d2, count() AS persons
FROM (
    ${firstSeen}
) AS f
INNER JOIN (
    ${activeDays}
) AS a ON f.person_id = a.person_id
WHERE ${offsets}
GROUP BY f.day, a.day
ORDER BY d1, d2
LIMIT ${BRANCH_ROWS}`;
}

/** The days a retention query covers for a sync: its table's cohorts and what it replaces. */
export interface RetentionSpan {
  /** The table's cohorts, oldest first. */
  cohorts: string[];
  /** The first period whose cells and cohort size are replaced (a period start). */
  writeFrom: string;
  /** The first cohort day of the Day-N series replaced (the window's first day − 30). */
  firstSeenFrom: string;
}

export function retentionSpan(options: Pick<SyncPlanOptions, 'from' | 'to' | 'kind' | 'weekStartDay'> & { period: RetentionPeriod }): RetentionSpan {
  const cohorts = cohortStarts(options.to, options.period, options.weekStartDay);
  const oldest = cohorts[0] as string;
  const windowPeriod = periodStart(options.from, options.period, options.weekStartDay);
  const writeFrom = options.kind === 'initial' || windowPeriod < oldest ? oldest : windowPeriod;
  return { cohorts, writeFrom, firstSeenFrom: addDays(options.from, -MAX_DAY_N) };
}

export function retentionQuery(window: PlanWindow, options: SyncPlanOptions): MetricQuery {
  const id = 'retention';
  const { retention: definition, weekStartDay } = options;
  const span = retentionSpan({ ...options, period: definition.period });
  const today = window.to;
  const scanStart = (day: string): string => localMidnight(addDays(day, -SCAN_MARGIN_DAYS));
  const values: Record<string, unknown> = {
    to_day: today,
    scan_end: localMidnight(addDays(today, 1 + SCAN_MARGIN_DAYS)),
    cohort_from: span.cohorts[0],
    write_from: span.writeFrom,
    write_scan_start: scanStart(span.writeFrom),
    first_seen_from: span.firstSeenFrom,
    first_seen_scan_start: scanStart(span.firstSeenFrom),
  };
  // Recurring cohorts scan from the table's first period; first-time ones need all of history.
  if (definition.mode === 'recurring') values.cohort_scan_start = scanStart(span.cohorts[0] as string);
  if (definition.startEvent !== null) values.start_event = definition.startEvent;
  if (definition.returnEvent !== null) values.return_event = definition.returnEvent;

  const dayNWrites = DAY_N.map((n) => ({ from: addDays(window.from, -n), to: today, metrics: [DAY_N_METRIC[n]] }));
  const writes: MetricWrite[] = [
    { from: span.writeFrom, to: today, metrics: [...TABLE_METRICS] },
    { from: span.firstSeenFrom, to: today, metrics: [FIRST_SEEN_METRIC] },
    ...dayNWrites,
  ];
  return {
    id,
    hogql: retentionHogql(definition, weekStartDay),
    values,
    metrics: [...TABLE_METRICS, FIRST_SEEN_METRIC, ...DAY_N.map((n) => DAY_N_METRIC[n])],
    writes,
    parse: (result) => retentionPoints(parseRows(id, result, Row, MAX_ROWS), { period: definition.period, weekStartDay, today, span }),
  };
}

type RetentionRow = z.output<typeof Row>;

/** PostHog's rows to points, every row checked against what the query can return. */
export function retentionPoints(rows: readonly RetentionRow[], ctx: { period: RetentionPeriod; weekStartDay: WeekStartDay; today: string; span: RetentionSpan }): SeriesPoint[] {
  const { period, weekStartDay, today, span } = ctx;
  const fail = (detail: string): never => {
    throw new MetricQueryError('retention', detail);
  };
  const isPeriodStart = (day: string): boolean => periodStart(day, period, weekStartDay) === day;
  const oldest = span.cohorts[0] as string;
  const current = span.cohorts[span.cohorts.length - 1] as string;
  const sizes = new Map<string, number>();
  const cells = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const dayReturns = new Map<string, number>();
  const once = (map: Map<string, number>, key: string, value: number, what: string): void => {
    if (map.has(key)) fail(`two ${what} rows for ${key}`);
    map.set(key, value);
  };
  for (const [kind, d1, d2, persons] of rows) {
    if (kind === 'cohort') {
      if (d1 !== d2 || !isPeriodStart(d1) || d1 < span.writeFrom || d1 > current) fail(`a cohort row for ${d1}, not a cohort this sync replaces`);
      once(sizes, d1, persons, 'cohort');
    } else if (kind === 'cell') {
      if (!isPeriodStart(d1) || !isPeriodStart(d2) || d1 < oldest || d2 <= d1 || d2 < span.writeFrom || d2 > current) fail(`a cell row for ${d1} → ${d2}, outside the table`);
      once(cells, `${d1} ${d2}`, persons, 'cell');
    } else if (kind === 'first_seen') {
      if (d1 !== d2 || d1 < span.firstSeenFrom || d1 > today) fail(`a first-seen row for ${d1}, outside ${span.firstSeenFrom}..${today}`);
      once(firstSeen, d1, persons, 'first-seen');
    } else {
      const n = periodsBetween(d1, d2, 'day');
      if (d1 < span.firstSeenFrom || d2 > today || !(DAY_N as readonly number[]).includes(n)) fail(`a day-return row for ${d1} → ${d2}, not a D1/D7/D30 pair`);
      once(dayReturns, `${d1} ${d2}`, persons, 'day-return');
    }
  }

  const points: SeriesPoint[] = [];
  for (const cohort of span.cohorts) {
    const size = sizes.get(cohort) ?? 0;
    if (cohort >= span.writeFrom) points.push({ metric: 'posthog_retention_cohort', key: '', day: cohort, value: size });
    for (let k = 1, at = addPeriods(cohort, period, 1); at <= current && k < RETENTION_PERIODS[period]; k += 1, at = addPeriods(cohort, period, k)) {
      if (at < span.writeFrom) continue;
      const returned = cells.get(`${cohort} ${at}`) ?? 0;
      if (sizes.has(cohort) && returned > size) fail(`${returned} of a cohort of ${size} returned (${cohort} → ${at})`);
      points.push({ metric: 'posthog_retention_returned', key: String(k), day: at, value: returned });
    }
  }
  for (let day = span.firstSeenFrom; day <= today; day = addDays(day, 1)) {
    const size = firstSeen.get(day) ?? 0;
    points.push({ metric: FIRST_SEEN_METRIC, key: '', day, value: size });
    for (const n of DAY_N) {
      if (day < addDays(span.firstSeenFrom, MAX_DAY_N - n)) continue;
      const returnDay = addDays(day, n);
      const returned = dayReturns.get(`${day} ${returnDay}`) ?? 0;
      if (returned > size) fail(`${returned} of ${size} persons first seen on ${day} returned on ${returnDay}`);
      // No value while day X + N is not over (today is not), nor for a day nobody was first seen on.
      const value = returnDay >= today || size === 0 ? null : returned / size;
      points.push({ metric: DAY_N_METRIC[n], key: '', day, value });
    }
  }
  return points;
}
