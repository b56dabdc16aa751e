/**
 * The metric catalogue: every number Sightline syncs from PostHog, what it means and how to read it.
 * Definitions match ../shared/design.md ("Metrics"); all are per local day in the project's timezone.
 */
import type { FunnelDefinition } from './funnels';
import type { RetentionDefinition, WeekStartDay } from './retention';

export const METRIC_IDS = [
  'posthog_dau',
  'posthog_wau',
  'posthog_mau',
  'posthog_new_users',
  'posthog_events',
  'posthog_pageviews',
  'posthog_sessions',
  'posthog_session_duration',
  'posthog_feature_flags',
  'posthog_flag_evaluations',
  'posthog_errors',
  'posthog_custom_event_count',
  'posthog_custom_event_users',
  'posthog_conversion_entered',
  'posthog_conversion_converted',
  'posthog_conversion_rate',
  'posthog_retention_d1',
  'posthog_retention_d7',
  'posthog_retention_d30',
  'posthog_retention_day_cohort',
  'posthog_retention_cohort',
  'posthog_retention_returned',
  'posthog_funnel_total',
  'posthog_funnel_time',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export type MetricUnit = 'persons' | 'events' | 'sessions' | 'seconds' | 'flags' | 'ratio';

export interface MetricInfo {
  id: MetricId;
  label: string;
  unit: MetricUnit;
  description: string;
  /** Whether a rise is good news (errors: no). */
  upIsGood: boolean;
  /** `key` names a sub-series: a flag key, a custom event name, a retention period offset. Empty string for project-wide series. */
  keyed: 'none' | 'flag' | 'event' | 'funnel' | 'offset' | 'funnel-step';
  /**
   * `daily`: one value per local day, charted and alertable. `cohort-table`: the retention table's
   * cells, one point per period start (`day`), read only by the retention view. `funnel-total`: a
   * funnel's figures over the last 7 / 30 days as of the sync's day, read only by the funnel view.
   */
  shape: 'daily' | 'cohort-table' | 'funnel-total';
  /** A ratio's denominator: the volume behind each day's rate (its noise, its low-volume guard). */
  denominator?: MetricId;
  /** What the denominator counts, in a sentence: "entries", "first-seen persons". */
  denominatorNoun?: string;
  /**
   * Days a value takes to be final: a Day-N rate of day X is known once day X + N is over, so its
   * latest value is N days further back than other metrics' (and there is no "so far today").
   */
  lagDays?: number;
}

export const METRICS: Readonly<Record<MetricId, MetricInfo>> = {
  posthog_dau: { id: 'posthog_dau', label: 'Daily active users', unit: 'persons', description: 'Distinct persons with any event that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_wau: { id: 'posthog_wau', label: 'Weekly active users', unit: 'persons', description: 'Distinct persons over the 7 days ending that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_mau: { id: 'posthog_mau', label: 'Monthly active users', unit: 'persons', description: 'Distinct persons over the 30 days ending that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_new_users: { id: 'posthog_new_users', label: 'New users', unit: 'persons', description: 'Persons first seen that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_events: { id: 'posthog_events', label: 'Events', unit: 'events', description: 'All events that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_pageviews: { id: 'posthog_pageviews', label: 'Pageviews', unit: 'events', description: '$pageview events that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_sessions: { id: 'posthog_sessions', label: 'Sessions', unit: 'sessions', description: 'Sessions ($session_id) that started that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_session_duration: { id: 'posthog_session_duration', label: 'Session duration', unit: 'seconds', description: 'Mean length of the sessions that started that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_feature_flags: { id: 'posthog_feature_flags', label: 'Active flags', unit: 'flags', description: 'Feature flags evaluated at least once that day.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_flag_evaluations: { id: 'posthog_flag_evaluations', label: 'Flag evaluations', unit: 'events', description: '$feature_flag_called events, in total (key "") and per flag (key = flag key).', upIsGood: true, keyed: 'flag', shape: 'daily' },
  posthog_errors: { id: 'posthog_errors', label: 'Error events', unit: 'events', description: '$exception events that day.', upIsGood: false, keyed: 'none', shape: 'daily' },
  posthog_custom_event_count: { id: 'posthog_custom_event_count', label: 'Custom event count', unit: 'events', description: 'Occurrences of a chosen event (key = event name).', upIsGood: true, keyed: 'event', shape: 'daily' },
  posthog_custom_event_users: { id: 'posthog_custom_event_users', label: 'Custom event users', unit: 'persons', description: 'Distinct persons doing a chosen event (key = event name).', upIsGood: true, keyed: 'event', shape: 'daily' },
  posthog_conversion_entered: { id: 'posthog_conversion_entered', label: 'Funnel entries', unit: 'persons', description: 'Persons doing the funnel’s first step that day (each once, however often).', upIsGood: true, keyed: 'funnel', shape: 'daily' },
  posthog_conversion_converted: { id: 'posthog_conversion_converted', label: 'Conversions', unit: 'persons', description: 'Of those, persons reaching the funnel’s last step within the window.', upIsGood: true, keyed: 'funnel', shape: 'daily' },
  posthog_conversion_rate: { id: 'posthog_conversion_rate', label: 'Conversion rate', unit: 'ratio', description: 'Conversions ÷ entries for that day of entry.', upIsGood: true, keyed: 'funnel', shape: 'daily', denominator: 'posthog_conversion_entered', denominatorNoun: 'funnel entries' },
  posthog_retention_d1: dayN(1),
  posthog_retention_d7: dayN(7),
  posthog_retention_d30: dayN(30),
  posthog_retention_day_cohort: { id: 'posthog_retention_day_cohort', label: 'First-seen persons', unit: 'persons', description: 'Persons whose first start event (retention settings) was that day: the Day-N retention cohorts.', upIsGood: true, keyed: 'none', shape: 'daily' },
  posthog_retention_cohort: { id: 'posthog_retention_cohort', label: 'Retention cohort size', unit: 'persons', description: 'Persons in the retention cohort of the period starting that day.', upIsGood: true, keyed: 'none', shape: 'cohort-table' },
  posthog_funnel_total: { id: 'posthog_funnel_total', label: 'Funnel step persons', unit: 'persons', description: 'Persons who reached a funnel step (key `funnel:range:step`) over the last 7 or 30 days, as of that day.', upIsGood: true, keyed: 'funnel-step', shape: 'funnel-total' },
  posthog_funnel_time: { id: 'posthog_funnel_time', label: 'Median time to convert', unit: 'seconds', description: 'Median time from the step before to this funnel step (key `funnel:range:step`), as of that day.', upIsGood: false, keyed: 'funnel-step', shape: 'funnel-total' },
  posthog_retention_returned: { id: 'posthog_retention_returned', label: 'Retained persons', unit: 'persons', description: 'Persons of the cohort `key` periods earlier who came back in the period starting that day.', upIsGood: true, keyed: 'offset', shape: 'cohort-table' },
};

function dayN(n: 1 | 7 | 30): MetricInfo {
  const id = `posthog_retention_d${n}` as const;
  return {
    id,
    label: `D${n} retention`,
    unit: 'ratio',
    description: `Of the persons first seen on a day, the share active again ${n === 1 ? 'the next day' : `${n} days later`}. No value until that day is over.`,
    upIsGood: true,
    keyed: 'none',
    shape: 'daily',
    denominator: 'posthog_retention_day_cohort',
    denominatorNoun: 'first-seen persons',
    lagDays: n,
  };
}

/** The metrics a founder charts and alerts on: one value per day. */
export const DAILY_METRIC_IDS: readonly MetricId[] = METRIC_IDS.filter((id) => METRICS[id].shape === 'daily');

/** One value of one series on one local day. */
export interface SeriesPoint {
  metric: MetricId;
  /** '' for project-wide series; a flag key, an event name, or a funnel id otherwise. */
  key: string;
  /** `YYYY-MM-DD` in the project's timezone. */
  day: string;
  /** null when undefined for that day (e.g. a session duration with no sessions, a rate with no entries). */
  value: number | null;
}

/** Custom events a project may track (every day × event must fit one query branch). */
export const MAX_CUSTOM_EVENTS = 25;
/** Longest conversion window, in days. */
export const MAX_CONVERSION_WINDOW_DAYS = 365;
/** Longest event name Sightline tracks (it becomes a series key). */
export const MAX_EVENT_NAME_LENGTH = 200;

/** What a sync asks PostHog for. */
export interface SyncPlanOptions {
  /** First and last local day (inclusive) whose values are fetched; `to` is today. */
  from: string;
  to: string;
  customEvents: string[];
  funnels: FunnelDefinition[];
  retention: RetentionDefinition;
  weekStartDay: WeekStartDay;
  /** An initial sync rebuilds the whole retention table; a refresh only what its days can change. */
  kind: 'initial' | 'refresh';
}
