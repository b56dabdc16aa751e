/**
 * Query 4, `breakdowns`: everything keyed, in long format `(kind, day, name, n, users)`.
 * - `'flag'` rows: `$feature_flag_called` events per flag key (`$feature_flag`) and day. The parse step
 *   derives from them the active flags (keys with ≥ 1 evaluation that day) and the total evaluations
 *   (key ''), so every flag metric comes from this one query.
 * - `'event'` rows (only when custom events are chosen, UNION ALL): occurrences and distinct persons
 *   per chosen event name and day. The names travel as the `{custom_events}` placeholder, never in
 *   the HogQL text.
 * Filling: total and active flags are 0 on days without evaluations; a flag evaluated on any day of
 * the window gets 0 on the others (a flag that stopped being evaluated shows as a drop to 0); every
 * chosen event gets every day, 0 where it did not occur. A `$feature_flag` of '' counts in the total
 * and the active flags but has no per-flag series (key '' is the total).
 */
import { z } from 'zod';
import type { MetricId } from '../../../shared/metrics';
import { CUSTOM_EVENT_ROWS, FLAG_ROWS } from './limits';
import { CountCell, DayCell, SeriesCollector, TextCell, parseRows } from './parse';
import { MetricQueryError, type MetricQuery } from './types';
import { EVENTS_IN_WINDOW, windowValues, type PlanWindow } from './window';

const FLAG_METRICS = ['posthog_feature_flags', 'posthog_flag_evaluations'] as const satisfies readonly MetricId[];
const EVENT_METRICS = ['posthog_custom_event_count', 'posthog_custom_event_users'] as const satisfies readonly MetricId[];

const Row = z.tuple([z.enum(['flag', 'event']), DayCell, TextCell, CountCell, CountCell]);

/** One row more than FLAG_ROWS, so that a truncated answer can be told from a full one. */
const FLAG_BRANCH = `SELECT
    'flag' AS kind,
    toDate(timestamp) AS day,
    properties.$feature_flag AS name,
    count() AS n,
    0 AS users
FROM events
WHERE event = '$feature_flag_called' AND isNotNull(properties.$feature_flag) AND ${EVENTS_IN_WINDOW}
GROUP BY day, name
ORDER BY day, name
LIMIT ${FLAG_ROWS + 1}`;

const EVENT_BRANCH = `SELECT
    'event' AS kind,
    toDate(timestamp) AS day,
    event AS name,
    count() AS n,
    uniqExact(person_id) AS users
FROM events
WHERE event IN {custom_events} AND ${EVENTS_IN_WINDOW}
GROUP BY day, name
ORDER BY day, name
LIMIT ${CUSTOM_EVENT_ROWS}`;

export const BREAKDOWNS_HOGQL = FLAG_BRANCH;
export const BREAKDOWNS_WITH_EVENTS_HOGQL = `${FLAG_BRANCH}
UNION ALL
${EVENT_BRANCH}`;

/** `customEvents`: distinct, non-empty names, at most MAX_CUSTOM_EVENTS (checked by the plan). */
export function breakdownsQuery(window: PlanWindow, customEvents: readonly string[]): MetricQuery {
  const id = 'breakdowns';
  const withEvents = customEvents.length > 0;
  const chosen = new Set(customEvents);
  return {
    id,
    hogql: withEvents ? BREAKDOWNS_WITH_EVENTS_HOGQL : BREAKDOWNS_HOGQL,
    values: withEvents ? { ...windowValues(window), custom_events: [...customEvents] } : windowValues(window),
    metrics: withEvents ? [...FLAG_METRICS, ...EVENT_METRICS] : [...FLAG_METRICS],
    parse(result) {
      const rows = parseRows(id, result, Row, FLAG_ROWS + 1 + (withEvents ? CUSTOM_EVENT_ROWS : 0));
      const flagRows = rows.filter(([kind]) => kind === 'flag').length;
      if (flagRows > FLAG_ROWS) {
        throw new MetricQueryError(
          id,
          `more than ${FLAG_ROWS} (flag, day) pairs with evaluations, so the flag breakdown may be truncated; sync a shorter window`,
        );
      }
      const series = new SeriesCollector(id, window);
      series.ensure('posthog_feature_flags', '');
      series.ensure('posthog_flag_evaluations', '');
      for (const name of customEvents) {
        series.ensure('posthog_custom_event_count', name);
        series.ensure('posthog_custom_event_users', name);
      }
      for (const [kind, day, name, n, users] of rows) {
        if (kind === 'flag') {
          series.add('posthog_feature_flags', '', day, 1);
          series.add('posthog_flag_evaluations', '', day, n);
          if (name !== '') series.set('posthog_flag_evaluations', name, day, n);
        } else {
          if (!chosen.has(name)) throw new MetricQueryError(id, `a row for the event ${JSON.stringify(name)}, which was not asked for`);
          series.set('posthog_custom_event_count', name, day, n);
          series.set('posthog_custom_event_users', name, day, users);
        }
      }
      return series.points(() => 0);
    },
  };
}
