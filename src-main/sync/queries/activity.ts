/**
 * Query 1, `activity`: the daily counts, in two UNION ALL branches of one request (one request fewer
 * leaves room for the feature-flag list within the ≤ 5 requests of a sync):
 * - `'events'` rows: per local day, distinct persons (DAU), events, `$pageview`s and `$exception`s;
 * - `'sessions'` rows: sessions by the local day they started and their mean duration (./sessions).
 * Days without a row: 0, and a null duration (no session, no mean).
 */
import { z } from 'zod';
import type { MetricId } from '../../../shared/metrics';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, FloatCell, SeriesCollector, parseRows } from './parse';
import { sessionsBranch, sessionValues } from './sessions';
import type { MetricQuery } from './types';
import { EVENTS_IN_WINDOW, windowValues, type PlanWindow } from './window';

const METRICS = ['posthog_dau', 'posthog_events', 'posthog_pageviews', 'posthog_errors', 'posthog_sessions', 'posthog_session_duration'] as const satisfies readonly MetricId[];

/** Each branch's LIMIT: both together stay within PostHog's MAX_ROWS. */
const BRANCH_ROWS = MAX_ROWS / 2;

const Row = z.tuple([z.enum(['events', 'sessions']), DayCell, CountCell, CountCell, CountCell, CountCell, FloatCell]);

export const ACTIVITY_HOGQL = `SELECT
    'events' AS kind,
    toDate(timestamp) AS day,
    uniqExact(person_id) AS n1,
    count() AS n2,
    countIf(event = '$pageview') AS n3,
    countIf(event = '$exception') AS n4,
    0.0 AS duration
FROM events
WHERE ${EVENTS_IN_WINDOW}
GROUP BY day
ORDER BY day
LIMIT ${BRANCH_ROWS}
UNION ALL
${sessionsBranch(BRANCH_ROWS)}`;

export function activityQuery(window: PlanWindow): MetricQuery {
  const id = 'activity';
  return {
    id,
    hogql: ACTIVITY_HOGQL,
    values: { ...windowValues(window), ...sessionValues(window) },
    metrics: [...METRICS],
    parse(result) {
      const series = new SeriesCollector(id, window);
      for (const metric of METRICS) series.ensure(metric, '');
      for (const [kind, day, n1, n2, n3, n4, duration] of parseRows(id, result, Row, 2 * BRANCH_ROWS)) {
        if (kind === 'events') {
          series.set('posthog_dau', '', day, n1);
          series.set('posthog_events', '', day, n2);
          series.set('posthog_pageviews', '', day, n3);
          series.set('posthog_errors', '', day, n4);
        } else {
          series.set('posthog_sessions', '', day, n1);
          series.set('posthog_session_duration', '', day, n1 > 0 ? duration : null);
        }
      }
      return series.points((metric) => (metric === 'posthog_session_duration' ? null : 0));
    },
  };
}
