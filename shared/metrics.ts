/**
 * The metric catalogue: every number Sightline syncs from PostHog, what it means and how to read it.
 * Definitions match ../shared/design.md ("Metrics"); all are per local day in the project's timezone.
 */
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
  /** `key` names a sub-series: a flag key, a custom event name. Empty string for project-wide series. */
  keyed: 'none' | 'flag' | 'event' | 'funnel';
}

export const METRICS: Readonly<Record<MetricId, MetricInfo>> = {
  posthog_dau: { id: 'posthog_dau', label: 'Daily active users', unit: 'persons', description: 'Distinct persons with any event that day.', upIsGood: true, keyed: 'none' },
  posthog_wau: { id: 'posthog_wau', label: 'Weekly active users', unit: 'persons', description: 'Distinct persons over the 7 days ending that day.', upIsGood: true, keyed: 'none' },
  posthog_mau: { id: 'posthog_mau', label: 'Monthly active users', unit: 'persons', description: 'Distinct persons over the 30 days ending that day.', upIsGood: true, keyed: 'none' },
  posthog_new_users: { id: 'posthog_new_users', label: 'New users', unit: 'persons', description: 'Persons first seen that day.', upIsGood: true, keyed: 'none' },
  posthog_events: { id: 'posthog_events', label: 'Events', unit: 'events', description: 'All events that day.', upIsGood: true, keyed: 'none' },
  posthog_pageviews: { id: 'posthog_pageviews', label: 'Pageviews', unit: 'events', description: '$pageview events that day.', upIsGood: true, keyed: 'none' },
  posthog_sessions: { id: 'posthog_sessions', label: 'Sessions', unit: 'sessions', description: 'Sessions ($session_id) that started that day.', upIsGood: true, keyed: 'none' },
  posthog_session_duration: { id: 'posthog_session_duration', label: 'Session duration', unit: 'seconds', description: 'Mean length of the sessions that started that day.', upIsGood: true, keyed: 'none' },
  posthog_feature_flags: { id: 'posthog_feature_flags', label: 'Active flags', unit: 'flags', description: 'Feature flags evaluated at least once that day.', upIsGood: true, keyed: 'none' },
  posthog_flag_evaluations: { id: 'posthog_flag_evaluations', label: 'Flag evaluations', unit: 'events', description: '$feature_flag_called events, in total (key "") and per flag (key = flag key).', upIsGood: true, keyed: 'flag' },
  posthog_errors: { id: 'posthog_errors', label: 'Error events', unit: 'events', description: '$exception events that day.', upIsGood: false, keyed: 'none' },
  posthog_custom_event_count: { id: 'posthog_custom_event_count', label: 'Custom event count', unit: 'events', description: 'Occurrences of a chosen event (key = event name).', upIsGood: true, keyed: 'event' },
  posthog_custom_event_users: { id: 'posthog_custom_event_users', label: 'Custom event users', unit: 'persons', description: 'Distinct persons doing a chosen event (key = event name).', upIsGood: true, keyed: 'event' },
  posthog_conversion_entered: { id: 'posthog_conversion_entered', label: 'Funnel entries', unit: 'persons', description: 'Persons doing the funnel’s first step that day.', upIsGood: true, keyed: 'funnel' },
  posthog_conversion_converted: { id: 'posthog_conversion_converted', label: 'Conversions', unit: 'persons', description: 'Of those, persons doing the second step within the window.', upIsGood: true, keyed: 'funnel' },
  posthog_conversion_rate: { id: 'posthog_conversion_rate', label: 'Conversion rate', unit: 'ratio', description: 'Conversions ÷ entries for that day of entry.', upIsGood: true, keyed: 'funnel' },
};

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

/** The two-step funnel a founder defines: `from` then `to` within `windowDays`. */
export interface ConversionDefinition {
  id: string;
  from: string;
  to: string;
  windowDays: number;
}

/** What a sync asks PostHog for. */
export interface SyncPlanOptions {
  /** First and last local day (inclusive) whose values are fetched. */
  from: string;
  to: string;
  customEvents: string[];
  conversion: ConversionDefinition | null;
}
