/**
 * Query 1, `activity`: per local day, distinct persons (DAU), events, `$pageview`s and `$exception`s.
 * One row per day with events; days without a row are 0.
 */
import { z } from 'zod';
import type { MetricId } from '../../../shared/metrics';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, SeriesCollector, parseRows } from './parse';
import type { MetricQuery } from './types';
import { EVENTS_IN_WINDOW, windowValues, type PlanWindow } from './window';

const METRICS = ['posthog_dau', 'posthog_events', 'posthog_pageviews', 'posthog_errors'] as const satisfies readonly MetricId[];

const Row = z.tuple([DayCell, CountCell, CountCell, CountCell, CountCell]);

export const ACTIVITY_HOGQL = `SELECT
    toDate(timestamp) AS day,
    uniqExact(person_id) AS dau,
    count() AS event_count,
    countIf(event = '$pageview') AS pageviews,
    countIf(event = '$exception') AS errors
FROM events
WHERE ${EVENTS_IN_WINDOW}
GROUP BY day
ORDER BY day
LIMIT ${MAX_ROWS}`;

export function activityQuery(window: PlanWindow): MetricQuery {
  const id = 'activity';
  return {
    id,
    hogql: ACTIVITY_HOGQL,
    values: windowValues(window),
    metrics: [...METRICS],
    parse(result) {
      const series = new SeriesCollector(id, window);
      for (const metric of METRICS) series.ensure(metric, '');
      for (const [day, dau, events, pageviews, errors] of parseRows(id, result, Row, MAX_ROWS)) {
        series.set('posthog_dau', '', day, dau);
        series.set('posthog_events', '', day, events);
        series.set('posthog_pageviews', '', day, pageviews);
        series.set('posthog_errors', '', day, errors);
      }
      return series.points(() => 0);
    },
  };
}
