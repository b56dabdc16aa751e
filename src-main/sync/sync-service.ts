/**
 * Runs syncs for the connected project: one at a time (a Refresh asked for during a sync joins it),
 * cancellable, with progress and finish events for the renderer and an audit entry for each.
 */
import type { RetentionDefinition, WeekStartDay } from '../../shared/retention';
import { randomUUID } from 'node:crypto';
import type { FlagList, SyncEntry, SyncProgressEvent, SyncStatus } from '../../shared/contract';
import type { FunnelDefinition } from '../../shared/funnels';
import type { ErrorLog } from '../contract/dispatch';
import { AppFailure } from '../contract/failure';
import type { EventBus } from '../events/event-bus';
import { createPostHogClient } from '../posthog/client';
import { createPostHogHttp, type PostHogHttp } from '../posthog/http';
import type { SeriesStore } from '../store/series-store';
import type { SyncLogStore } from '../store/sync-log-store';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { runSync, type SyncKind, type SyncPorts } from './sync-run';

/** What a sync needs from the connection: where, with which key, for which project. */
export interface SyncTarget {
  host: string;
  apiKey: string;
  caPem: string | null;
  projectId: number;
  timezone: string;
  /** The project's week start (retention weeks). */
  weekStartDay: WeekStartDay;
}

export interface SyncServiceDeps {
  series: SeriesStore;
  syncLog: SyncLogStore;
  events: EventBus;
  /** Opens the sealed key for the connected project; throws AppFailure (not_connected, vault_unreadable). */
  target(): Promise<SyncTarget>;
  /** The founder's chosen custom events, funnel and retention definition for the connected project. */
  options(): { customEvents: string[]; funnels: FunnelDefinition[]; retention: RetentionDefinition };
  /** Keeps the flag list a sync fetched (and tells the renderer). Without it, no flag list is fetched. */
  storeFlagList?: (list: FlagList) => Promise<void>;
  /** Runs once the sync is logged, before `sync.finished` (alert rules); a failure is logged, never the sync's. */
  afterSync?: (entry: SyncEntry) => Promise<unknown>;
  now(): number;
  log: ErrorLog;
  timeoutMs?: number;
  policy?: RetryPolicy;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    });
  });

/** `http` with every request reported to `onRequest` (to count the flag list's pages). */
function counted(http: PostHogHttp, onRequest: () => void): PostHogHttp {
  return {
    baseUrl: http.baseUrl,
    timeoutMs: http.timeoutMs,
    getJson: (path, schema, options) => {
      onRequest();
      return http.getJson(path, schema, options);
    },
    postJson: (path, body, schema, options) => {
      onRequest();
      return http.postJson(path, body, schema, options);
    },
    close: () => http.close(),
  };
}

/**
 * The flag list as a sync fetches it (SyncPorts.fetchFlagList): every page of the flag API over `http`,
 * each request reported, deleted flags left out.
 */
export function flagListFetcher(http: PostHogHttp): NonNullable<SyncPorts['fetchFlagList']> {
  return async (projectId, onRequest, signal) => {
    const flags = await createPostHogClient(counted(http, onRequest)).listFeatureFlags(projectId, { signal });
    return flags.filter((f) => f.deleted !== true).map((f) => ({ id: f.id, key: f.key, name: f.name ?? '', active: f.active }));
  };
}

export function createSyncService(deps: SyncServiceDeps) {
  let running: { kind: SyncKind; promise: Promise<SyncEntry>; progress: SyncProgressEvent; abort: AbortController } | null = null;

  const failedEntry = (kind: SyncKind, startedAt: string, failure: AppFailure): SyncEntry => ({
    id: randomUUID(),
    kind,
    projectId: null,
    window: null,
    startedAt,
    finishedAt: new Date(deps.now()).toISOString(),
    requests: 0,
    rows: {},
    status: 'failed',
    errors: [{ queryId: 'connection', metrics: [], error: failure.toAppError() }],
    revision: deps.series.revision,
  });

  const execute = async (kind: SyncKind, signal: AbortSignal): Promise<SyncEntry> => {
    const startedAt = new Date(deps.now()).toISOString();
    let target: SyncTarget;
    try {
      target = await deps.target();
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      return failedEntry(kind, startedAt, error);
    }
    const http = createPostHogHttp({ baseUrl: target.host, apiKey: target.apiKey, caPem: target.caPem, timeoutMs: deps.timeoutMs ?? 60_000 });
    const client = createPostHogClient(http);
    const { storeFlagList } = deps;
    try {
      const outcome = await runSync(
        { kind, projectId: target.projectId, timezone: target.timezone, weekStartDay: target.weekStartDay, ...deps.options() },
        {
          query: (projectId, hogql, values, signal) => client.query(projectId, hogql, values, { signal }),
          replaceWindow: (change) => deps.series.replaceWindow(change),
          currentRevision: () => deps.series.revision,
          ...(storeFlagList === undefined
            ? {}
            : {
                fetchFlagList: flagListFetcher(http),
                storeFlagList,
              }),
          signal,
          now: () => deps.now(),
          sleep: deps.sleep ?? realSleep,
          random: Math.random,
          policy: deps.policy ?? DEFAULT_RETRY_POLICY,
          log: deps.log,
          onProgress: (p) => {
            const progress: SyncProgressEvent = { kind, step: p.step, total: p.total, queryId: p.queryId };
            if (running !== null) running.progress = progress;
            deps.events.emit('sync.progress', progress);
          },
        },
      );
      return { id: randomUUID(), projectId: target.projectId, ...outcome, rows: { ...outcome.rows } };
    } finally {
      await http.close();
    }
  };

  /**
   * Starts a sync, or joins the one running. An initial sync asked for during a refresh is not
   * swallowed by it (a refresh covers 7 days, the initial 30), nor is a `fresh` one (new options): they
   * run right after. Always resolves to the audit entry (failures included).
   */
  const run = (kind: SyncKind, opts: { fresh?: boolean } = {}): Promise<SyncEntry> => {
    if (running !== null) {
      // `fresh`: the options changed (events added, a new funnel): the running sync asked for the old ones.
      if (opts.fresh === true || (kind === 'initial' && running.kind === 'refresh')) {
        const current = running.promise;
        return current.then(() => run('initial'));
      }
      return running.promise;
    }
    const abort = new AbortController();
    const promise = (async () => {
      deps.events.emit('sync.progress', { kind, step: 0, total: 0, queryId: null });
      const startedAt = new Date(deps.now()).toISOString();
      const entry = await execute(kind, abort.signal).catch((error: unknown) => {
        deps.log(`${kind} sync failed unexpectedly`, error);
        return failedEntry(kind, startedAt, new AppFailure('internal', 'The sync failed unexpectedly.', 'This is a bug; the details are in the log.'));
      });
      await deps.syncLog.append(entry).catch((error: unknown) => deps.log('could not write the sync log', error));
      if (deps.afterSync !== undefined) await deps.afterSync(entry).catch((error: unknown) => deps.log('the after-sync step failed', error));
      deps.events.emit('sync.finished', entry);
      deps.events.emit('series.changed', { revision: deps.series.revision, epoch: deps.series.epoch });
      return entry;
    })().finally(() => {
      running = null;
    });
    running = { kind, promise, progress: { kind, step: 0, total: 0, queryId: null }, abort };
    return promise;
  };

  return {
    run,

    /** Cancels the running sync (it settles as `cancelled`); false when none is running. */
    cancel(): boolean {
      if (running === null || running.abort.signal.aborted) return false;
      // A plain Error, not an AppFailure: the retry loop must not mistake it for a transient failure.
      running.abort.abort(Object.assign(new Error('The sync was cancelled.'), { name: 'AbortError' }));
      return true;
    },

    status(): SyncStatus {
      return { running: running?.progress ?? null, last: deps.syncLog.entries()[0] ?? null };
    },

    log(): SyncEntry[] {
      return deps.syncLog.entries();
    },
  };
}

export type SyncService = ReturnType<typeof createSyncService>;
