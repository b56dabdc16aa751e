/**
 * Query 2, `active-users`: rolling WAU and MAU for every day of the window, and new users.
 *
 * Long format, two branches joined by UNION ALL: `(kind, day, v1, v2)`.
 * - `'rolling'`: v1 = WAU, v2 = MAU. Each (person, active day) pair of the 29 days before the window
 *   and the window itself is spread over the 30 days it counts towards (`arrayJoin(range(0, 30))`);
 *   WAU for day D counts the persons active on D−6..D, MAU on D−29..D. The history comes from the same
 *   query, so a 31-day MAU series is one request over 60 days of events.
 * - `'new'`: v1 = persons whose earliest event (over all of their events) is that day, v2 = 0. This is
 *   the one scan without a lower time bound: "first seen" needs every person's whole history. It reads
 *   two narrow columns (person_id, timestamp) only.
 * Days without a row are 0.
 */
import { z } from 'zod';
import { addDays } from '../../../shared/time';
import type { MetricId } from '../../../shared/metrics';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, SeriesCollector, parseRows } from './parse';
import type { MetricQuery } from './types';
import { SCAN_MARGIN_DAYS, dayBetween, localMidnight, timestampBetween, windowValues, type PlanWindow } from './window';

const METRICS = ['posthog_wau', 'posthog_mau', 'posthog_new_users'] as const satisfies readonly MetricId[];

/** WAU and MAU widths in days (the day itself included). */
export const WAU_DAYS = 7;
export const MAU_DAYS = 30;

const Row = z.tuple([z.enum(['rolling', 'new']), DayCell, CountCell, CountCell]);

const shiftedDay = 'addDays(active_day, days_later)';

export const ACTIVE_USERS_HOGQL = `SELECT
    'rolling' AS kind,
    ${shiftedDay} AS day,
    uniqExactIf(person_id, days_later < ${WAU_DAYS}) AS v1,
    uniqExact(person_id) AS v2
FROM (
    SELECT person_id, active_day, arrayJoin(range(0, ${MAU_DAYS})) AS days_later
    FROM (
        SELECT DISTINCT person_id, toDate(timestamp) AS active_day
        FROM events
        WHERE ${timestampBetween('history_scan_start', 'scan_end')} AND ${dayBetween('timestamp', 'history_from', 'to_day')}
    )
)
WHERE ${shiftedDay} >= toDate({from_day}) AND ${shiftedDay} <= toDate({to_day})
GROUP BY day
ORDER BY day
LIMIT ${MAX_ROWS}
UNION ALL
SELECT
    'new' AS kind,
    toDate(first_seen) AS day,
    count() AS v1,
    0 AS v2
FROM (
    SELECT person_id, min(timestamp) AS first_seen
    FROM events
    WHERE timestamp < toDateTime({scan_end})
    GROUP BY person_id
)
WHERE ${dayBetween('first_seen')}
GROUP BY day
ORDER BY day
LIMIT ${MAX_ROWS}`;

export function activeUsersQuery(window: PlanWindow): MetricQuery {
  const id = 'active-users';
  const historyFrom = addDays(window.from, -(MAU_DAYS - 1));
  return {
    id,
    hogql: ACTIVE_USERS_HOGQL,
    values: {
      from_day: window.from,
      to_day: window.to,
      scan_end: windowValues(window).scan_end,
      history_from: historyFrom,
      history_scan_start: localMidnight(addDays(historyFrom, -SCAN_MARGIN_DAYS)),
    },
    metrics: [...METRICS],
    parse(result) {
      const series = new SeriesCollector(id, window);
      for (const metric of METRICS) series.ensure(metric, '');
      for (const [kind, day, v1, v2] of parseRows(id, result, Row, 2 * MAX_ROWS)) {
        if (kind === 'rolling') {
          series.set('posthog_wau', '', day, v1);
          series.set('posthog_mau', '', day, v2);
        } else {
          series.set('posthog_new_users', '', day, v1);
        }
      }
      return series.points(() => 0);
    },
  };
}
