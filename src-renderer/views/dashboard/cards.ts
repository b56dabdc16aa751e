/**
 * What the overview shows: its cards, and what the sync log says about them (which failed, how fresh
 * the data is), and when the project simply has no events. Pure functions.
 */
import type { AppError, SyncEntry } from '../../../shared/contract';
import { METRICS, type MetricId, type SeriesPoint } from '../../../shared/metrics';

/** One series on screen: a metric and its key ('' for project-wide ones and the flag total). */
export interface SeriesRef {
  metric: MetricId;
  key: string;
}

export interface CardSpec extends SeriesRef {
  /** The card's title. */
  label: string;
  /** What kind of series it is, above the title for keyed ones ("Custom event"). */
  kicker: string | null;
}

/** The project-wide cards, in order. */
/** The keyed metrics with a card per key: custom events (by name) and funnels (by id). */
export const KEYED_OVERVIEW_METRICS: readonly MetricId[] = ['posthog_custom_event_count', 'posthog_conversion_rate'];

export const OVERVIEW_METRICS: readonly MetricId[] = [
  'posthog_dau',
  'posthog_wau',
  'posthog_mau',
  'posthog_new_users',
  'posthog_pageviews',
  'posthog_sessions',
  'posthog_session_duration',
  'posthog_events',
  'posthog_feature_flags',
  'posthog_flag_evaluations',
  'posthog_errors',
  'posthog_retention_d1',
  'posthog_retention_d7',
  'posthog_retention_d30',
];

/**
 * Every card: the project-wide ones, then one per custom event and one per funnel in the replica
 * (named `signup → purchase` when main said so, by its id otherwise).
 */
export function overviewCards(customEvents: readonly string[], funnels: readonly string[], funnelNames: ReadonlyMap<string, string> = new Map()): CardSpec[] {
  return [
    ...OVERVIEW_METRICS.map((metric) => ({ metric, key: '', label: METRICS[metric].label, kicker: null })),
    ...customEvents.map((key) => ({ metric: 'posthog_custom_event_count' as const, key, label: key, kicker: 'Custom event' })),
    ...funnels.map((key) => ({ metric: 'posthog_conversion_rate' as const, key, label: funnelNames.get(key) ?? key, kicker: 'Conversion rate' })),
  ];
}

/** A card's title as one line: "Custom event: signup". */
export function fullLabel(card: CardSpec): string {
  return card.kicker === null ? card.label : `${card.kicker}: ${card.label}`;
}

export function sameSeries(a: SeriesRef, b: SeriesRef): boolean {
  return a.metric === b.metric && a.key === b.key;
}

/** The sync log entries about this project, newest first (entries that could not start have no project). */
export function projectEntries(log: readonly SyncEntry[], projectId: number): SyncEntry[] {
  return log.filter((e) => e.projectId === null || e.projectId === projectId);
}

export interface SyncFailures {
  /** The error of the query that covered each failed metric. */
  byMetric: ReadonlyMap<MetricId, AppError>;
  /** Failures that were about the whole sync (no connection, a key that cannot be read). */
  general: AppError[];
}

/**
 * What failed in the newest sync. When everything failed (PostHog unreachable, the key refused), the
 * cause is the same for every card: it is said once, above them, not repeated on each card.
 */
export function syncFailures(newest: SyncEntry | undefined): SyncFailures {
  const byMetric = new Map<MetricId, AppError>();
  const general: AppError[] = [];
  const addGeneral = (error: AppError): void => {
    if (!general.some((e) => e.code === error.code && e.message === error.message)) general.push(error);
  };
  for (const failure of newest?.errors ?? []) {
    if (failure.metrics.length === 0 || newest?.status === 'failed') {
      addGeneral(failure.error);
      continue;
    }
    for (const metric of failure.metrics) {
      if (metric in METRICS && !byMetric.has(metric as MetricId)) byMetric.set(metric as MetricId, failure.error);
    }
  }
  return { byMetric, general };
}

/** The newest sync that ran to the end and brought data (all of it, or all but the failed queries). */
export function lastSuccessfulSync(entries: readonly SyncEntry[]): SyncEntry | null {
  return entries.find((e) => e.status === 'ok' || e.status === 'partial') ?? null;
}

export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Whether the newest data is more than a day old. */
export function isStale(lastSuccess: SyncEntry | null, nowMs: number): boolean {
  return lastSuccess !== null && nowMs - Date.parse(lastSuccess.finishedAt) > STALE_AFTER_MS;
}

/**
 * Whether the project has no events at all in what was synced: the events series has days, and every
 * one is 0. Null when it cannot be told (no such days, or the events query failed in the last sync).
 */
export function noEventsDays(events: readonly SeriesPoint[], eventsFailed: boolean): number | null {
  if (eventsFailed || events.length === 0) return null;
  return events.every((p) => (p.value ?? 0) === 0) ? events.length : null;
}
