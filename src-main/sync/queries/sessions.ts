/**
 * The sessions branch of the `activity` query: sessions (distinct non-empty `$session_id`) by the
 * local day they STARTED, and their mean duration in seconds (last − first event of the whole session,
 * as a float).
 *
 * A session belongs to the day of its first event, and its length counts every event it has, so the
 * scan reaches past the window on both sides: PostHog ends a session after 30 minutes of inactivity
 * and at 24 hours at the latest, so SESSION_MARGIN_DAYS local days (≥ 47 hours, DST included) before
 * `from` hold the start of any session still running in the window (its start is then before `from`
 * and it is left out), and as many after `to` hold the end of any session that started on `to`.
 */
import { addDays } from '../../../shared/time';
import { dayBetween, localMidnight, timestampBetween, type PlanWindow } from './window';

/** Local days scanned before `from` and after `to` for the rest of the window's sessions. */
export const SESSION_MARGIN_DAYS = 2;

/** Columns `(kind, day, n1 = sessions, n2, n3, n4 = 0, duration = mean seconds)`, matching the events branch. */
export function sessionsBranch(limit: number): string {
  return `SELECT
    'sessions' AS kind,
    toDate(session_start) AS day,
    count() AS n1,
    0 AS n2,
    0 AS n3,
    0 AS n4,
    avg(dateDiff('millisecond', session_start, session_end) / 1000) AS duration
FROM (
    SELECT properties.$session_id AS sid, min(timestamp) AS session_start, max(timestamp) AS session_end
    FROM events
    WHERE ${timestampBetween('session_scan_start', 'session_scan_end')} AND properties.$session_id != ''
    GROUP BY sid
)
WHERE ${dayBetween('session_start')}
GROUP BY day
ORDER BY day
LIMIT ${limit}`;
}

/** `{session_scan_start}`, `{session_scan_end}`: the window widened by the session margin. */
export function sessionValues(window: PlanWindow): { session_scan_start: string; session_scan_end: string } {
  return {
    session_scan_start: localMidnight(addDays(window.from, -SESSION_MARGIN_DAYS)),
    session_scan_end: localMidnight(addDays(window.to, 1 + SESSION_MARGIN_DAYS)),
  };
}
