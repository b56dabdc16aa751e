/**
 * One sync: the days to fetch, a handful of HogQL queries (src-main/sync/queries) run at most three at
 * a time, each retried per the policy, and every query's metrics stored as soon as they arrive. One
 * failing query never blocks or erases the others: its metrics keep their stored values and the
 * outcome says which failed and why. Beside the queries, the feature-flag list is fetched from the
 * flag API (same pool, same retries). A cancelled sync (the signal) starts nothing new, stops what is
 * in flight, and keeps what the finished queries stored.
 */
import type { AppError, FlagList } from '../../shared/contract';
import type { FunnelDefinition } from '../../shared/funnels';
import type { MetricId, SeriesPoint } from '../../shared/metrics';
import type { RetentionDefinition, WeekStartDay } from '../../shared/retention';
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
  funnels: FunnelDefinition[];
  retention: RetentionDefinition;
  weekStartDay: WeekStartDay;
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

/** The pseudo-query id of the feature-flag list in progress events, rows and errors. */
export const FLAG_LIST_TASK = 'flag-list';

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
  /** Points stored per metric, and flags listed (`flag-list`). */
  rows: Partial<Record<MetricId | typeof FLAG_LIST_TASK, number>>;
  status: 'ok' | 'partial' | 'failed' | 'cancelled';
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
  /**
   * The project's feature flags from the flag API, every page; `onRequest` is called for each HTTP
   * request sent. Without it (and `storeFlagList`) no flag list is fetched.
   */
  fetchFlagList?: (projectId: number, onRequest: () => void, signal?: AbortSignal) => Promise<FlagList['flags']>;
  storeFlagList?: (list: FlagList) => Promise<void>;
  now(): number;
  policy: RetryPolicy;
  log: ErrorLog;
  onProgress?(progress: SyncProgress): void;
}

export function syncWindow(kind: SyncKind, now: number, timezone: string): { from: string; to: string } {
  const today = localDay(now, timezone);
  return { from: addDays(today, -SYNC_WINDOW_DAYS[kind]), to: today };
}

/** One unit of a sync's pool: a HogQL query or the flag list. Resolves to the rows it stored. */
interface SyncTask {
  id: string;
  metrics: MetricId[];
  run(): Promise<number>;
}

export async function runSync(request: SyncRequest, ports: SyncPorts): Promise<SyncOutcome> {
  const startedAt = new Date(ports.now()).toISOString();
  const window = syncWindow(request.kind, ports.now(), request.timezone);
  const queries = buildSyncQueries({
    from: window.from,
    to: window.to,
    kind: request.kind,
    customEvents: request.customEvents,
    funnels: request.funnels,
    retention: request.retention,
    weekStartDay: request.weekStartDay,
  });
  const rows: SyncOutcome['rows'] = {};
  const errors: SyncQueryError[] = [];
  let requests = 0;
  let finished = 0;
  let revision = ports.currentRevision();
  const cancelled = (): boolean => ports.signal?.aborted === true;
  const retried = <T>(attempt: () => Promise<T>): Promise<T> => withRetry(attempt, ports.policy, ports).then((r) => r.value);

  const queryTask = (query: MetricQuery): SyncTask => ({
    id: query.id,
    metrics: query.metrics,
    run: async () => {
      const result = await retried(() => {
        requests += 1;
        return ports.query(request.projectId, query.hogql, query.values, ports.signal);
      });
      let points: SeriesPoint[];
      try {
        points = query.parse(result);
      } catch {
        throw new AppFailure('not_posthog', `PostHog's answer to the ${query.id} query did not have the expected columns.`, 'If this persists, your PostHog may be a version Sightline does not know yet.');
      }
      for (const write of query.writes ?? [{ from: window.from, to: window.to, metrics: query.metrics }]) {
        const metrics = new Set(write.metrics);
        const stored = await ports.replaceWindow({ from: write.from, to: write.to, metrics: write.metrics, points: points.filter((p) => metrics.has(p.metric)) });
        revision = Math.max(revision, stored.revision);
      }
      for (const metric of query.metrics) rows[metric] = points.filter((p) => p.metric === metric).length;
      return points.length;
    },
  });

  const tasks = queries.map(queryTask);
  const { fetchFlagList, storeFlagList } = ports;
  if (fetchFlagList !== undefined && storeFlagList !== undefined) {
    tasks.push({
      id: FLAG_LIST_TASK,
      // The flag list feeds no daily series: its failure marks no metric as failed.
      metrics: [],
      run: async () => {
        const flags = await retried(() => fetchFlagList(request.projectId, () => (requests += 1), ports.signal));
        await storeFlagList({ fetchedAt: new Date(ports.now()).toISOString(), flags });
        rows[FLAG_LIST_TASK] = flags.length;
        return flags.length;
      },
    });
  }

  const runOne = async (task: SyncTask): Promise<void> => {
    let stored: number | null = null;
    try {
      stored = await task.run();
    } catch (error) {
      if (cancelled()) return;
      if (!(error instanceof AppFailure)) ports.log(`sync task ${task.id} failed unexpectedly`, error);
      const failure = error instanceof AppFailure ? error : new AppFailure('internal', `The ${task.id} query failed unexpectedly.`, 'This is a bug; the details are in the log.');
      errors.push({ queryId: task.id, metrics: task.metrics, error: failure.toAppError() });
    }
    finished += 1;
    ports.onProgress?.({ step: finished, total: tasks.length, queryId: task.id, metrics: task.metrics, rows: stored ?? 0, status: stored === null ? 'failed' : 'done' });
  };

  // A small pool: at most MAX_CONCURRENT_QUERIES in flight; nothing new starts once cancelled.
  const pending = [...tasks];
  const workers = Array.from({ length: Math.min(MAX_CONCURRENT_QUERIES, pending.length) }, async () => {
    for (let next = pending.shift(); next !== undefined && !cancelled(); next = pending.shift()) await runOne(next);
  });
  await Promise.all(workers);

  return {
    kind: request.kind,
    window,
    startedAt,
    finishedAt: new Date(ports.now()).toISOString(),
    requests,
    rows,
    status: cancelled() ? 'cancelled' : errors.length === 0 ? 'ok' : errors.length === tasks.length ? 'failed' : 'partial',
    errors,
    revision,
  };
}
