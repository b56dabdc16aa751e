/**
 * Row bounds. PostHog caps every SELECT at 50 000 rows (MAX_SELECT_RETURNED_ROWS; a SELECT or UNION
 * branch without LIMIT gets 100), so every query states its LIMIT and the builder refuses plans
 * whose rows could exceed it.
 */

/** PostHog's cap on rows returned by one SELECT. */
export const MAX_ROWS = 50_000;

/** The longest window a plan may ask for (a year and a day covers every tier's sync and backfill). */
export const MAX_WINDOW_DAYS = 366;

/** Custom events per plan (days × names must fit CUSTOM_EVENT_ROWS) and the longest funnel window: see shared/metrics. */
export { MAX_CONVERSION_WINDOW_DAYS, MAX_CUSTOM_EVENTS } from '../../../shared/metrics';

/** The breakdowns query's custom-event branch: at most MAX_WINDOW_DAYS × MAX_CUSTOM_EVENTS (9 150) rows. */
export const CUSTOM_EVENT_ROWS = 10_000;

/**
 * The breakdowns query's flag branch: one row per flag and day with evaluations. The number of flags is
 * not known when the plan is built, so the branch asks for one row more than this and the parse step
 * refuses an answer that reaches it (e.g. more than 1 290 flags evaluated every day of a 31-day window)
 * rather than store a silently truncated breakdown. Both branches together stay within MAX_ROWS.
 */
export const FLAG_ROWS = MAX_ROWS - CUSTOM_EVENT_ROWS - 1;
