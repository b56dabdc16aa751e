/**
 * One sync: the days to fetch, a handful of HogQL queries (src-main/sync/queries) run at most three at
 * a time, each retried per the policy, and every query's metrics stored as soon as they arrive. One
 * failing query never blocks or erases the others: its metrics keep their stored values and the
 * outcome says which failed and why.
 */
import type { AppError } from '../../shared/contract';
import type { ConversionDefinition, MetricId, SeriesPoint } from '../../shared/metrics';
import { addDays, localDay } from '../../shared/time';
import { AppFailure } from '../contract/failure';
import { buildSyncQueries, type MetricQuery } from './queries/plan';
import type { ErrorLog } from '../contract/dispatch';
import { withRetry, type RetryPolicy, type RetryPorts } from './retry';

export type SyncKind = 'initial' | 'refresh';

/** Initial: the last 30 complete days and today. Refresh: the last 7 complete days and today. */
export const SYNC_WINDOW_DAYS: Readonly<Record<SyncKind, number>> = { initial: 30, refresh: 7 };

/** At most this many queries in flight (PostHog allows 3 concurrent queries per project). */
export const MAX_CONCURRENT_QUERIES = 3;

export interface SyncRequest {
  kind: SyncKind;
  projectId: number;
  timezone: string;
  customEvents: string[];
  conversion: ConversionDefinition | null;
}

export interface SyncProgress {
  /** Queries finished so far (done or failed), of `total`. */
  step: number;
  total: number;
  queryId: string;
  metrics: MetricId[];
  rows: number;
  status: 'done' | 'failed';
}

export interface SyncQueryError {
  queryId: string;
  metrics: MetricId[];
  error: AppError;
}

export interface SyncOutcome {
  kind: SyncKind;
  window: { from: string; to: string };
  startedAt: string;
  finishedAt: string;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Points stored per metric. */
  rows: Partial<Record<MetricId, number>>;
  status: 'ok' | 'partial' | 'failed';
  errors: SyncQueryError[];
  /** The store's revision after this sync. */
  revision: number;
}

export interface QueryResult {
  columns: string[];
  results: unknown[][];
}

export interface SyncPorts extends RetryPorts {
  /** Runs one HogQL query on the project (the PostHog client). */
  query(projectId: number, hogql: string, values: Record<string, unknown>, signal?: AbortSignal): Promise<QueryResult>;
  /** Replaces the given metrics' points in the window (the series store). */
  replaceWindow(change: { from: string; to: string; metrics: MetricId[]; points: SeriesPoint[] }): Promise<{ revision: number }>;
  currentRevision(): number;
  now(): number;
  policy: RetryPolicy;
  log: ErrorLog;
  onProgress?(progress: SyncProgress): void;
}

export function syncWindow(kind: SyncKind, now: number, timezone: string): { from: string; to: string } {
  const today = localDay(now, timezone);
  return { from: addDays(today, -SYNC_WINDOW_DAYS[kind]), to: today };
}

export async function runSync(request: SyncRequest, ports: SyncPorts): Promise<SyncOutcome> {
  const startedAt = new Date(ports.now()).toISOString();
  const window = syncWindow(request.kind, ports.now(), request.timezone);
  const queries = buildSyncQueries({ from: window.from, to: window.to, customEvents: request.customEvents, conversion: request.conversion });
  const rows: Partial<Record<MetricId, number>> = {};
  const errors: SyncQueryError[] = [];
  let requests = 0;
  let finished = 0;
  let revision = ports.currentRevision();

  const runOne = async (query: MetricQuery): Promise<void> => {
    let points: SeriesPoint[] | null = null;
    try {
      const result = await withRetry(
        () => {
          requests += 1;
          return ports.query(request.projectId, query.hogql, query.values, ports.signal);
        },
        ports.policy,
        ports,
      );
      try {
        points = query.parse(result.value);
      } catch {
        throw new AppFailure('not_posthog', `PostHog's answer to the ${query.id} query did not have the expected columns.`, 'If this persists, your PostHog may be a version Sightline does not know yet.');
      }
      const stored = await ports.replaceWindow({ from: window.from, to: window.to, metrics: query.metrics, points });
      revision = Math.max(revision, stored.revision);
      for (const metric of query.metrics) rows[metric] = points.filter((p) => p.metric === metric).length;
    } catch (error) {
      if (ports.signal?.aborted === true) throw error;
      if (!(error instanceof AppFailure)) ports.log(`sync query ${query.id} failed unexpectedly`, error);
      const failure = error instanceof AppFailure ? error : new AppFailure('internal', `The ${query.id} query failed unexpectedly.`, 'This is a bug; the details are in the log.');
      errors.push({ queryId: query.id, metrics: query.metrics, error: failure.toAppError() });
    } finally {
      finished += 1;
      ports.onProgress?.({
        step: finished,
        total: queries.length,
        queryId: query.id,
        metrics: query.metrics,
        rows: points?.length ?? 0,
        status: points === null ? 'failed' : 'done',
      });
    }
  };

  // A small pool: at most MAX_CONCURRENT_QUERIES in flight.
  const pending = [...queries];
  const workers = Array.from({ length: Math.min(MAX_CONCURRENT_QUERIES, pending.length) }, async () => {
    for (let next = pending.shift(); next !== undefined; next = pending.shift()) await runOne(next);
  });
  await Promise.all(workers);

  return {
    kind: request.kind,
    window,
    startedAt,
    finishedAt: new Date(ports.now()).toISOString(),
    requests,
    rows,
    status: errors.length === 0 ? 'ok' : errors.length === queries.length ? 'failed' : 'partial',
    errors,
    revision,
  };
}
