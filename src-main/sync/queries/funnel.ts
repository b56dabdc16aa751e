/**
 * Query `funnel:<id>`: one funnel of 2–5 ordered steps, in one request, written with plain aggregates
 * and joins (no ClickHouse-only `windowFunnel` or `sequenceMatch`). The rules are PostHog's (see
 * shared/funnels.ts, which says where each comes from); here is how the query follows them:
 *
 * - Level 0: every step-1 event of the entry days is an attempt: (person, t0, day).
 * - Level i: each attempt that reached step i joins the person's step-(i+1) events and keeps the
 *   earliest one at or after (strictly after, for a duplicate event) the step before and at most the
 *   window after t0 — PostHog's `latest_{i-1} <= latest_i` and `latest_i <= latest_0 + window`. Whether
 *   one matched is `countIf(…) > 0`, so neither ClickHouse's default values nor SQL NULLs of an
 *   unmatched join can pass for a timestamp. The seconds since the step before are kept (`dateDiff`).
 * - Then three UNION ALL branches over the attempts:
 *   'day'   (entry day, furthest step, persons): each person once per entry day, at their furthest step
 *   'steps' (today, range, furthest step, persons): each person once over the last 7 / 30 days
 *   'time'  (today, range, step k, persons, median seconds from step k − 1 to k): per person, from
 *           their earliest attempt that reached step k; the exact median of those (sorted array)
 *
 * Only counts and medians leave PostHog. Event names, property keys and values travel as values.
 * What a sync replaces: the per-day series from the window's first day minus the conversion window
 * (an entry that long ago can still convert today), and the totals dated today.
 */
import { z } from 'zod';
import { addDays } from '../../../shared/time';
import { FUNNEL_TOTAL_RANGES, strictlyAfterPrevious, type FunnelDefinition, type FunnelStep } from '../../../shared/funnels';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, FloatCell, parseRows } from './parse';
import { MetricQueryError, type MetricQuery } from './types';
import { dayBetween, localMidnight, SCAN_MARGIN_DAYS, timestampBetween, type PlanWindow } from './window';

const DAY_METRICS = ['posthog_conversion_entered', 'posthog_conversion_converted', 'posthog_conversion_rate'] as const satisfies readonly MetricId[];
const TOTAL_METRICS = ['posthog_funnel_total', 'posthog_funnel_time'] as const satisfies readonly MetricId[];

const BRANCH_ROWS = MAX_ROWS / 4;
const LONGEST_RANGE = Math.max(...FUNNEL_TOTAL_RANGES);

const Row = z.tuple([z.enum(['day', 'steps', 'time']), DayCell, CountCell, CountCell, CountCell, FloatCell]);

/** The key of a funnel total: `<funnel id>:<range days>:<step>` (steps from 1). */
export function funnelTotalKey(funnelId: string, range: number, step: number): string {
  return `${funnelId}:${range}:${step}`;
}

/** A step's condition; its event (and filter key and value) as placeholders `e{i}`, `k{i}`, `v{i}`. */
function stepCondition(step: FunnelStep, i: number): string {
  const event = `event = {e${i}}`;
  const filter = step.filter;
  if (filter === null) return event;
  // A missing property reads as '' (PostHog's "is not" and "does not contain" include persons without it).
  const value = `coalesce(toString(properties[{k${i}}]), '')`;
  const position = `positionUTF8(lowerUTF8(${value}), lowerUTF8({v${i}}))`;
  const test = { exact: `${value} = {v${i}}`, is_not: `${value} != {v${i}}`, icontains: `${position} > 0`, not_icontains: `${position} = 0` }[filter.operator];
  return `${event} AND ${test}`;
}

function stepValues(steps: readonly FunnelStep[]): Record<string, string> {
  const values: Record<string, string> = {};
  steps.forEach((step, i) => {
    values[`e${i}`] = step.event;
    if (step.filter !== null) {
      values[`k${i}`] = step.filter.key;
      values[`v${i}`] = step.filter.value;
    }
  });
  return values;
}

/** The attempts, level by level: columns person_id, t0, day, r{n-1} (steps reached), d1 … d{n-1} (seconds). */
function attempts(steps: readonly FunnelStep[]): string {
  let level = `SELECT person_id, timestamp AS t0, toDate(timestamp) AS day, 1 AS r0, timestamp AS t0_last
        FROM events
        WHERE ${stepCondition(steps[0] as FunnelStep, 0)} AND ${timestampBetween('entries_scan_start', 'scan_end')} AND ${dayBetween('timestamp', 'entries_from', 'to_day')}`;
  for (let i = 1; i < steps.length; i += 1) {
    const prev = i - 1;
    const after = strictlyAfterPrevious(steps, i) ? '>' : '>=';
    const match = `l.r${prev} = ${i} AND s.timestamp ${after} l.t${prev}_last AND s.timestamp <= l.t0 + INTERVAL {window_hours} HOUR`;
    const carried = Array.from({ length: i - 1 }, (_, k) => `l.d${k + 1}`);
    level = `SELECT
            l.person_id AS person_id,
            l.t0 AS t0,
            l.day AS day,${carried.map((c) => `\n            ${c} AS ${c.slice(2)},`).join('')}
            if(countIf(${match}) > 0, l.r${prev} + 1, l.r${prev}) AS r${i},
            if(countIf(${match}) > 0, minIf(s.timestamp, ${match}), l.t${prev}_last) AS t${i}_last,
            if(countIf(${match}) > 0, dateDiff('second', l.t${prev}_last, minIf(s.timestamp, ${match})), 0) AS d${i}
        FROM (
            ${level}
        ) AS l
        LEFT JOIN (
            SELECT person_id, timestamp
            FROM events
            WHERE ${stepCondition(steps[i] as FunnelStep, i)} AND ${timestampBetween('entries_scan_start', 'steps_scan_end')}
        ) AS s ON l.person_id = s.person_id
        GROUP BY l.person_id, l.t0, l.day, l.r${prev}, l.t${prev}_last${carried.map((c) => `, ${c}`).join('')}`;
  }
  return level;
}

export function funnelHogql(steps: readonly FunnelStep[]): string {
  const n = steps.length;
  const last = n - 1;
  const level = attempts(steps);
  const ranges = `[${FUNNEL_TOTAL_RANGES.join(', ')}]`;
  const durations = `[${Array.from({ length: last }, (_, k) => `d${k + 1}`).join(', ')}]`;
  return `SELECT 'day' AS kind, day AS d, 0 AS span, steps AS step, count() AS persons, 0.0 AS seconds
FROM (
    SELECT person_id, day, max(r${last}) AS steps
    FROM (
        ${level}
    )
    WHERE day >= toDate({day_from})
    GROUP BY person_id, day
)
GROUP BY day, steps
ORDER BY d, step
LIMIT ${BRANCH_ROWS}
UNION ALL
SELECT 'steps' AS kind, toDate({to_day}) AS d, span, steps AS step, count() AS persons, 0.0 AS seconds
FROM (
    SELECT person_id, span, max(r${last}) AS steps
    FROM (
        SELECT person_id, day, r${last}, arrayJoin(${ranges}) AS span
        FROM (
            ${level}
        )
    )
    WHERE day > addDays(toDate({to_day}), -span)
    GROUP BY person_id, span
)
GROUP BY span, steps
ORDER BY span, step
LIMIT ${BRANCH_ROWS}
UNION ALL
SELECT 'time' AS kind, toDate({to_day}) AS d, span, k AS step, length(sorted) AS persons,
    toFloat(arrayElement(sorted, intDiv(length(sorted) + 1, 2)) + arrayElement(sorted, intDiv(length(sorted) + 2, 2))) / 2 AS seconds
FROM (
    SELECT span, k, arraySort(groupArray(first_dt)) AS sorted
    FROM (
        SELECT person_id, span, k, argMin(dt, t0) AS first_dt
        FROM (
            SELECT person_id, t0, span, k, arrayElement(durations, k - 1) AS dt
            FROM (
                SELECT person_id, t0, day, ${durations} AS durations, arrayJoin(${ranges}) AS span, arrayJoin(range(2, r${last} + 1)) AS k
                FROM (
                    ${level}
                )
            )
            WHERE day > addDays(toDate({to_day}), -span)
        )
        GROUP BY person_id, span, k
    )
    GROUP BY span, k
)
ORDER BY span, step
LIMIT ${BRANCH_ROWS}`;
}

/** The first entry day whose per-day series a sync replaces: the window's first day minus the conversion window. */
export function funnelDayFrom(window: PlanWindow, windowDays: number): string {
  return addDays(window.from, -windowDays);
}

export function funnelQuery(window: PlanWindow, funnel: FunnelDefinition): MetricQuery {
  const id = `funnel:${funnel.id}`;
  const steps = funnel.steps;
  const n = steps.length;
  const today = window.to;
  const dayFrom = funnelDayFrom(window, funnel.windowDays);
  const longest = addDays(today, -(LONGEST_RANGE - 1));
  const entriesFrom = dayFrom < longest ? dayFrom : longest;
  return {
    id,
    hogql: funnelHogql(steps),
    values: {
      ...stepValues(steps),
      window_hours: funnel.windowDays * 24,
      to_day: today,
      day_from: dayFrom,
      entries_from: entriesFrom,
      entries_scan_start: localMidnight(addDays(entriesFrom, -SCAN_MARGIN_DAYS)),
      scan_end: localMidnight(addDays(today, 1 + SCAN_MARGIN_DAYS)),
      // A later step can come up to the window after the last entry (and a DST hour more).
      steps_scan_end: localMidnight(addDays(today, 1 + funnel.windowDays + 1 + SCAN_MARGIN_DAYS)),
    },
    metrics: [...DAY_METRICS, ...TOTAL_METRICS],
    writes: [
      { from: dayFrom, to: today, metrics: [...DAY_METRICS] },
      { from: today, to: today, metrics: [...TOTAL_METRICS] },
    ],
    parse: (result) => funnelPoints(id, parseRows(id, result, Row, MAX_ROWS), { funnelId: funnel.id, steps: n, dayFrom, today }),
  };
}

type FunnelRow = z.output<typeof Row>;

export function funnelPoints(queryId: string, rows: readonly FunnelRow[], ctx: { funnelId: string; steps: number; dayFrom: string; today: string }): SeriesPoint[] {
  const { funnelId, steps, dayFrom, today } = ctx;
  const fail = (detail: string): never => {
    throw new MetricQueryError(queryId, detail);
  };
  const ranges: readonly number[] = FUNNEL_TOTAL_RANGES;
  /** day → persons by furthest step (index 1 … steps). */
  const byDay = new Map<string, number[]>();
  const byRange = new Map<number, number[]>();
  const times = new Map<string, number | null>();
  const furthest = (map: Map<string, number[]> | Map<number, number[]>, key: string | number, step: number, persons: number): void => {
    let counts = (map as Map<string | number, number[]>).get(key);
    if (counts === undefined) (map as Map<string | number, number[]>).set(key, (counts = new Array<number>(steps + 1).fill(0)));
    if ((counts[step] ?? 0) !== 0) fail(`two rows for step ${step} of ${String(key)}`);
    counts[step] = persons;
  };
  for (const [kind, day, span, step, persons, seconds] of rows) {
    if (step < 1 || step > steps) fail(`a ${kind} row for step ${step} of a ${steps}-step funnel`);
    if (kind === 'day') {
      if (day < dayFrom || day > today) fail(`a day row for ${day}, outside ${dayFrom}..${today}`);
      furthest(byDay, day, step, persons);
    } else {
      if (day !== today || !ranges.includes(span)) fail(`a ${kind} row for ${day} over ${span} days`);
      if (kind === 'steps') furthest(byRange, span, step, persons);
      else {
        if (step < 2) fail('a time row for the first step');
        if (seconds === null || seconds < 0) fail(`a median time of ${String(seconds)} s`);
        times.set(`${span}:${step}`, seconds);
      }
    }
  }
  /** Persons who reached at least step k, from persons by furthest step. */
  const reached = (counts: readonly number[] | undefined, k: number): number => (counts ?? []).slice(k).reduce((a, b) => a + b, 0);

  const points: SeriesPoint[] = [];
  for (let day = dayFrom; day <= today; day = addDays(day, 1)) {
    const counts = byDay.get(day);
    const entered = reached(counts, 1);
    const converted = reached(counts, steps);
    points.push({ metric: 'posthog_conversion_entered', key: funnelId, day, value: entered });
    points.push({ metric: 'posthog_conversion_converted', key: funnelId, day, value: converted });
    points.push({ metric: 'posthog_conversion_rate', key: funnelId, day, value: entered > 0 ? converted / entered : null });
  }
  for (const range of ranges) {
    const counts = byRange.get(range);
    for (let k = 1; k <= steps; k += 1) {
      const persons = reached(counts, k);
      points.push({ metric: 'posthog_funnel_total', key: funnelTotalKey(funnelId, range, k), day: today, value: persons });
      if (k >= 2) {
        const median = times.get(`${range}:${k}`);
        if (median === undefined && persons > 0) fail(`no median time for step ${k} over ${range} days, which ${persons} persons reached`);
        points.push({ metric: 'posthog_funnel_time', key: funnelTotalKey(funnelId, range, k), day: today, value: median ?? null });
      }
    }
  }
  return points;
}
