/**
 * The sync plan: every Sightline metric for the days `from`..`to`, computed inside PostHog by four HogQL
 * queries and one per funnel; with the feature-flag list (sync-run), a sync with one funnel sends six
 * requests. Each metric comes from exactly one query, so a
 * failed query leaves the others' metrics intact, and every query returns a few hundred rows at most
 * per window month, never events or persons.
 *
 *   activity      DAU, events, pageviews, errors; sessions and mean session duration by start day
 *   active-users  WAU, MAU (rolling, history inside the query), new users
 *   breakdowns    active flags, flag evaluations (total and per flag), custom event count and users
 *   retention     the cohort retention table, D1/D7/D30 retention and their first-seen cohorts
 *   funnel:<id>   per funnel: entries, conversions and rate per entry day; persons per step and median
 *                 times over the last 7 and 30 days
 *
 * The plan refuses what it cannot answer faithfully with a clear Error: a malformed or reversed
 * window, one longer than MAX_WINDOW_DAYS, more than MAX_CUSTOM_EVENTS custom events (their rows must
 * fit one branch's LIMIT), empty or duplicate names, a malformed funnel.
 */
import { MAX_FUNNEL_STEPS, MAX_FUNNELS, MIN_FUNNEL_STEPS, type FunnelDefinition } from '../../../shared/funnels';
import type { SyncPlanOptions } from '../../../shared/metrics';
import { activeUsersQuery } from './active-users';
import { activityQuery } from './activity';
import { breakdownsQuery } from './breakdowns';
import { funnelQuery } from './funnel';
import { CUSTOM_EVENT_ROWS, MAX_CONVERSION_WINDOW_DAYS, MAX_CUSTOM_EVENTS, MAX_WINDOW_DAYS } from './limits';
import type { MetricQuery } from './types';
import { retentionQuery } from './retention';
import { planWindow } from './window';

export type { MetricQuery, MetricQueryResult } from './types';
export { MetricQueryError } from './types';

/** The most queries a plan ever has: four, and one per funnel. */
export const MAX_SYNC_QUERIES = 4 + MAX_FUNNELS;

export function buildSyncQueries(options: SyncPlanOptions): MetricQuery[] {
  const window = planWindow(options.from, options.to);
  if (window.days.length > MAX_WINDOW_DAYS) {
    throw new Error(`A sync window holds at most ${MAX_WINDOW_DAYS} days; ${options.from}..${options.to} has ${window.days.length}.`);
  }
  const customEvents = checkCustomEvents(options.customEvents);
  if (customEvents.length * window.days.length > CUSTOM_EVENT_ROWS) {
    // Unreachable with the limits above; kept so that changing one of them cannot overflow the LIMIT silently.
    throw new Error(`${customEvents.length} custom events over ${window.days.length} days exceed ${CUSTOM_EVENT_ROWS} rows; choose fewer events or a shorter window.`);
  }
  const queries = [activityQuery(window), activeUsersQuery(window), breakdownsQuery(window, customEvents), retentionQuery(window, checkRetention(options))];
  for (const funnel of checkFunnels(options.funnels)) queries.push(funnelQuery(window, funnel));
  return queries;
}

function checkFunnels(funnels: readonly FunnelDefinition[]): FunnelDefinition[] {
  if (funnels.length > MAX_FUNNELS) throw new Error(`Sightline syncs at most ${MAX_FUNNELS} funnels; ${funnels.length} are defined.`);
  const ids = new Set<string>();
  for (const f of funnels) {
    if (ids.has(f.id) || f.id === '' || f.id.includes(':')) throw new Error(`A funnel id is empty, repeated or has a colon: ${JSON.stringify(f.id)}.`);
    ids.add(f.id);
    if (f.steps.length < MIN_FUNNEL_STEPS || f.steps.length > MAX_FUNNEL_STEPS) throw new Error(`A funnel has ${MIN_FUNNEL_STEPS} to ${MAX_FUNNEL_STEPS} steps; “${f.name}” has ${f.steps.length}.`);
    if (f.steps.some((s) => s.event === '' || (s.filter !== null && (s.filter.key === '' || s.filter.value === '')))) throw new Error(`A step of the funnel “${f.name}” has an empty event, property or value.`);
    if (!Number.isInteger(f.windowDays) || f.windowDays < 1 || f.windowDays > MAX_CONVERSION_WINDOW_DAYS) {
      throw new Error(`A conversion window is a whole number of days from 1 to ${MAX_CONVERSION_WINDOW_DAYS}; got ${f.windowDays}.`);
    }
  }
  return [...funnels];
}

function checkRetention(options: SyncPlanOptions): SyncPlanOptions {
  const { startEvent, returnEvent } = options.retention;
  if (startEvent === '' || returnEvent === '') throw new Error('A retention start or return event is empty; choose an event or "any event".');
  if (options.weekStartDay !== 0 && options.weekStartDay !== 1) throw new Error(`A week starts on Sunday (0) or Monday (1); got ${String(options.weekStartDay)}.`);
  return options;
}

function checkCustomEvents(names: readonly string[]): string[] {
  if (names.length > MAX_CUSTOM_EVENTS) {
    throw new Error(`Sightline syncs at most ${MAX_CUSTOM_EVENTS} custom events; ${names.length} are chosen. Remove some.`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '') throw new Error('A custom event name is empty.');
    if (seen.has(name)) throw new Error(`The custom event ${JSON.stringify(name)} is chosen twice.`);
    seen.add(name);
  }
  return [...names];
}
