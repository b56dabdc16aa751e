/**
 * Query 3, `sessions`: sessions (distinct non-empty `$session_id`) by the local day they STARTED, and
 * their mean duration in seconds (last − first event of the whole session, as a float).
 *
 * A session belongs to the day of its first event, and its length counts every event it has, so the
 * scan reaches past the window on both sides: PostHog ends a session after 30 minutes of inactivity
 * and at 24 hours at the latest, so SESSION_MARGIN_DAYS local days (≥ 47 hours, DST included) before
 * `from` hold the start of any session still running in the window (its start is then before `from`
 * and it is left out), and as many after `to` hold the end of any session that started on `to`.
 * Days without sessions: 0 sessions, duration null.
 */
import { z } from 'zod';
import { addDays } from '../../../shared/time';
import type { MetricId } from '../../../shared/metrics';
import { MAX_ROWS } from './limits';
import { CountCell, DayCell, FloatCell, SeriesCollector, parseRows } from './parse';
import type { MetricQuery } from './types';
import { dayBetween, localMidnight, timestampBetween, type PlanWindow } from './window';

const METRICS = ['posthog_sessions', 'posthog_session_duration'] as const satisfies readonly MetricId[];

/** Local days scanned before `from` and after `to` for the rest of the window's sessions. */
export const SESSION_MARGIN_DAYS = 2;

const Row = z.tuple([DayCell, CountCell, FloatCell]);

export const SESSIONS_HOGQL = `SELECT
    toDate(session_start) AS day,
    count() AS session_count,
    avg(dateDiff('millisecond', session_start, session_end) / 1000) AS mean_duration
FROM (
    SELECT properties.$session_id AS sid, min(timestamp) AS session_start, max(timestamp) AS session_end
    FROM events
    WHERE ${timestampBetween('session_scan_start', 'session_scan_end')} AND properties.$session_id != ''
    GROUP BY sid
)
WHERE ${dayBetween('session_start')}
GROUP BY day
ORDER BY day
LIMIT ${MAX_ROWS}`;

export function sessionsQuery(window: PlanWindow): MetricQuery {
  const id = 'sessions';
  return {
    id,
    hogql: SESSIONS_HOGQL,
    values: {
      from_day: window.from,
      to_day: window.to,
      session_scan_start: localMidnight(addDays(window.from, -SESSION_MARGIN_DAYS)),
      session_scan_end: localMidnight(addDays(window.to, 1 + SESSION_MARGIN_DAYS)),
    },
    metrics: [...METRICS],
    parse(result) {
      const series = new SeriesCollector(id, window);
      for (const metric of METRICS) series.ensure(metric, '');
      for (const [day, sessions, meanDuration] of parseRows(id, result, Row, MAX_ROWS)) {
        series.set('posthog_sessions', '', day, sessions);
        series.set('posthog_session_duration', '', day, sessions > 0 ? meanDuration : null);
      }
      return series.points((metric) => (metric === 'posthog_session_duration' ? null : 0));
    },
  };
}
