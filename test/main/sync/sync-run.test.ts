/**
 * A whole sync against the PostHog emulator, through the real client and the real series store:
 * the stored series equal the ground truth, refresh overwrites late data in its window only, and
 * each fault leaves what was stored before intact with the right outcome.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagList } from '../../../shared/contract';
import type { FunnelDefinition } from '../../../shared/funnels';
import type { MetricId, SeriesPoint, SyncPlanOptions } from '../../../shared/metrics';
import { DEFAULT_RETENTION } from '../../../shared/retention';
import { dayRange } from '../../../shared/time';
import { createPostHogClient } from '../../../src-main/posthog/client';
import { createPostHogHttp } from '../../../src-main/posthog/http';
import { openSeriesStore, type SeriesStore } from '../../../src-main/store/series-store';
import { DEFAULT_RETRY_POLICY } from '../../../src-main/sync/retry';
import { runSync, type SyncProgress, type SyncRequest } from '../../../src-main/sync/sync-run';
import { flagListFetcher } from '../../../src-main/sync/sync-service';
import { extendDataset } from '../../posthog-emulator/dataset/generator';
import { computeTruth, type TruthDay } from '../../posthog-emulator/dataset/ground-truth';
import type { Dataset } from '../../posthog-emulator/dataset/types';
import { funnelTruthPoints } from './queries/funnel-check';
import { expectSamePoints, retentionTruthPoints } from './queries/retention-check';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';

// 15:00 in New York on 2026-11-20: the initial window (2026-10-21 … 2026-11-20) contains the DST day.
const NOW = Date.parse('2026-11-20T20:00:00Z');
const CUSTOM = ['signed_up', 'button_clicked', "O'Brien \"quoted\" ✓"];
const FUNNEL: FunnelDefinition = { id: 'signup-to-paid', name: 'Paid', steps: [{ event: 'signed_up', filter: null }, { event: 'subscription_started', filter: null }], windowDays: 7 };
const PROJECT = PROJECT_IDS.usWeb;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us'], days: 75, targetDailyActive: 80 });
});
afterAll(async () => emu.close());

interface Harness {
  store: SeriesStore;
  flagLists: FlagList[];
  waits: number[];
  progress: SyncProgress[];
  sync(kind: SyncRequest['kind'], options?: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (p: SyncProgress) => void }): ReturnType<typeof runSync>;
}

async function harness(): Promise<Harness> {
  const store = await openSeriesStore(mkdtempSync(path.join(tmpdir(), 'sightline-sync-')), () => {});
  const waits: number[] = [];
  const progress: SyncProgress[] = [];
  const flagLists: FlagList[] = [];
  return {
    store,
    flagLists,
    waits,
    progress,
    sync: (kind, options = {}) => {
      const http = createPostHogHttp({ baseUrl: emu.region('us').url, apiKey: EMULATOR_KEYS.usFull, timeoutMs: options.timeoutMs ?? 10_000 });
      const client = createPostHogClient(http);
      return runSync(
        { kind, projectId: PROJECT, timezone: 'America/New_York', weekStartDay: 0, retention: DEFAULT_RETENTION, customEvents: CUSTOM, funnels: [FUNNEL] },
        {
          query: (projectId, hogql, values, signal) => client.query(projectId, hogql, values, { signal }),
          replaceWindow: (change) => store.replaceWindow(change),
          currentRevision: () => store.revision,
          fetchFlagList: flagListFetcher(http),
          storeFlagList: async (list) => void flagLists.push(list),
          now: () => NOW,
          sleep: async (ms) => void waits.push(ms),
          random: () => 0.5,
          policy: DEFAULT_RETRY_POLICY,
          log: () => {},
          signal: options.signal,
          onProgress: (p) => {
            progress.push(p);
            options.onProgress?.(p);
          },
        },
      );
    },
  };
}

/** The truth, as the points Sightline should have stored, for the given metrics and days. */
function truthPoints(truth: Map<string, TruthDay>, days: string[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const put = (metric: MetricId, key: string, day: string, value: number | null): void => void out.set(`${metric}|${key}|${day}`, value);
  for (const day of days) {
    const t = truth.get(day);
    if (t === undefined) continue;
    put('posthog_dau', '', day, t.dau);
    put('posthog_wau', '', day, t.wau);
    put('posthog_mau', '', day, t.mau);
    put('posthog_new_users', '', day, t.newUsers);
    put('posthog_events', '', day, t.events);
    put('posthog_pageviews', '', day, t.pageviews);
    put('posthog_errors', '', day, t.exceptions);
    put('posthog_sessions', '', day, t.sessions);
    put('posthog_feature_flags', '', day, t.activeFlags);
    put('posthog_flag_evaluations', '', day, t.flagEvaluationsTotal);
    for (const [name, v] of Object.entries(t.custom)) {
      put('posthog_custom_event_count', name, day, v.count);
      put('posthog_custom_event_users', name, day, v.uniquePersons);
    }
  }
  return out;
}

function stored(points: SeriesPoint[]): Map<string, number | null> {
  return new Map(points.map((p) => [`${p.metric}|${p.key}|${p.day}`, p.value]));
}

function expectMatchesTruth(store: SeriesStore, truth: Map<string, TruthDay>, days: string[]): void {
  const want = truthPoints(truth, days);
  const have = stored(store.points({ from: days[0], to: days[days.length - 1] }));
  const mismatches = [...want].filter(([k, v]) => have.get(k) !== v).slice(0, 5);
  expect(mismatches).toEqual([]);
  for (const day of days) {
    const durations = store.points({ metric: 'posthog_session_duration', from: day, to: day });
    const expected = truth.get(day)?.meanSessionDuration ?? null;
    if (expected === null) expect(durations[0]?.value ?? null).toBeNull();
    else expect(durations[0]?.value).toBeCloseTo(expected, 6);
  }
}

/** The stored funnel figures a sync from `from` wrote (entries back to `from` − window, totals today) equal the ground truth. */
function expectStoredFunnel(store: SeriesStore, dataset: Dataset, from: string): void {
  const want = funnelTruthPoints(dataset, FUNNEL, from, '2026-11-20');
  expectSamePoints(
    store.points().filter((p) => want.has(`${p.metric}|${p.key}|${p.day}`)),
    want,
  );
}

/** The stored retention table and Day-N series (as an initial sync writes them) equal the ground truth. */
function expectStoredRetention(store: SeriesStore, dataset: Dataset): void {
  const options: SyncPlanOptions = { from: '2026-10-21', to: '2026-11-20', kind: 'initial', retention: DEFAULT_RETENTION, weekStartDay: 0, customEvents: [], funnels: [] };
  expectSamePoints(
    store.points().filter((p) => p.metric.startsWith('posthog_retention_')),
    retentionTruthPoints(dataset, options),
  );
}

const truthOf = (dataset: Parameters<typeof computeTruth>[0]): Map<string, TruthDay> =>
  new Map(computeTruth(dataset, { customEvents: CUSTOM }).map((d) => [d.day, d]));

describe('sync against the emulator', () => {
  it('initial sync: 30 days + today in at most 6 requests, every metric and the retention table equal to the ground truth', async () => {
    const h = await harness();
    const outcome = await h.sync('initial');
    expect(outcome).toMatchObject({ status: 'ok', errors: [], window: { from: '2026-10-21', to: '2026-11-20' } });
    expect(outcome.requests).toBeLessThanOrEqual(6);
    expectStoredRetention(h.store, emu.region('us').project(PROJECT).dataset);
    expectStoredFunnel(h.store, emu.region('us').project(PROJECT).dataset, '2026-10-21');
    expect(h.progress.at(-1)).toMatchObject({ step: h.progress.length, total: h.progress.length });
    expectMatchesTruth(h.store, truthOf(emu.region('us').project(PROJECT).dataset), dayRange('2026-10-21', '2026-11-20'));
    // The flag list came from the flag API, in the same ≤ 6 requests, with each flag's active state.
    const flags = emu.region('us').project(PROJECT).dataset.flags;
    expect(h.flagLists).toHaveLength(1);
    expect(h.flagLists[0]!.flags.map((f) => [f.key, f.active])).toEqual(flags.map((f) => [f.key, f.active]));
    expect(outcome.rows['flag-list']).toBe(flags.length);
  });

  it('a cancelled sync starts nothing new, says "cancelled", and keeps what finished queries stored', async () => {
    const h = await harness();
    await h.sync('initial');
    const truth = truthOf(emu.region('us').project(PROJECT).dataset);
    const sent = emu.region('us').log.length;
    const abort = new AbortController();
    h.progress.length = 0;
    // Cancel as soon as the first of the 6 tasks finishes: the other two in flight are aborted, the last three never start.
    const outcome = await h.sync('refresh', { signal: abort.signal, onProgress: () => abort.abort(new Error('cancelled')) });
    expect(outcome.status).toBe('cancelled');
    expect(outcome.errors).toEqual([]);
    expect(h.progress).toHaveLength(1);
    expect(emu.region('us').log.length - sent).toBeLessThanOrEqual(3);
    // Nothing is lost or half-written: every stored value is still the truth.
    expectMatchesTruth(h.store, truth, dayRange('2026-10-21', '2026-11-20'));
  });

  it('refresh: late events change the last 7 days; older days stay as they were', async () => {
    const h = await harness();
    await h.sync('initial');
    // Retention and funnel points are dated by cohort / entry day: a return or a conversion today changes
    // an older day's value (both are checked against the truth below).
    const daily = (points: SeriesPoint[]) => stored(points.filter((p) => !p.metric.startsWith('posthog_retention_') && !p.metric.startsWith('posthog_conversion_') && !p.metric.startsWith('posthog_funnel_')));
    const before = daily(h.store.points({ from: '2026-10-21', to: '2026-11-12' }));
    const project = emu.region('us').project(PROJECT);
    const extension = extendDataset(project.dataset, { seed: 77, lateDays: 3, lateEventsPerDay: 40, newDays: 0 });
    await emu.region('us').append(PROJECT, extension);
    const outcome = await h.sync('refresh');
    expect(outcome).toMatchObject({ status: 'ok', window: { from: '2026-11-13', to: '2026-11-20' } });
    // The emulator's project now holds the late events too: the truth is recomputed from it.
    expectMatchesTruth(h.store, truthOf(project.dataset), dayRange('2026-11-13', '2026-11-20'));
    expect(daily(h.store.points({ from: '2026-10-21', to: '2026-11-12' }))).toEqual(before);
    // The refresh rewrote every retention figure the late days can change, and only those: the whole
    // table and every Day-N rate equal the truth of the extended data.
    expect(outcome.rows.posthog_retention_returned).toBeLessThan(28);
    expectStoredRetention(h.store, project.dataset);
    expectStoredFunnel(h.store, project.dataset, '2026-11-13');
  });

  it('a server error and a rate limit are retried and waited out; the sync still succeeds', async () => {
    const h = await harness();
    const faults = emu.region('us').faults;
    faults.inject({ fault: { kind: 'status', status: 503 }, pathPrefix: `/api/projects/${PROJECT}/query/`, count: 1 });
    faults.inject({ fault: { kind: 'status', status: 429, retryAfterSeconds: 3 }, pathPrefix: `/api/projects/${PROJECT}/query/`, count: 1 });
    const outcome = await h.sync('refresh');
    faults.clear();
    expect(outcome.status).toBe('ok');
    expect(h.waits).toContain(3000);
    expect(outcome.requests).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['a revoked key (401)', { kind: 'status', status: 401 } as const, 'invalid_key'],
    ['malformed JSON', { kind: 'malformed' } as const, 'not_posthog'],
  ])('%s mid-sync: that query fails, the others are stored, and its metrics keep their values', async (_label, fault, code) => {
    const h = await harness();
    await h.sync('initial');
    const before = h.store.points();
    emu.region('us').faults.inject({ fault, pathPrefix: `/api/projects/${PROJECT}/query/`, count: 1 });
    const outcome = await h.sync('refresh');
    emu.region('us').faults.clear();
    expect(outcome.status).toBe('partial');
    expect(outcome.errors).toHaveLength(1);
    const failed = outcome.errors[0]!;
    expect(failed.error.code).toBe(code);
    const keep = (points: SeriesPoint[]) => points.filter((p) => failed.metrics.includes(p.metric));
    expect(keep(h.store.points())).toEqual(keep(before));
  });

  it('requests that never answer time out and are retried: a few hangs are absorbed', async () => {
    const h = await harness();
    const queries = (await h.sync('refresh')).requests;
    emu.region('us').faults.inject({ fault: { kind: 'hang' }, pathPrefix: `/api/projects/${PROJECT}/query/`, count: 3 });
    // Long enough that a real answer never times out on a loaded 2-core machine; only the hangs do.
    const outcome = await h.sync('refresh', { timeoutMs: 3_000 });
    emu.region('us').faults.clear();
    expect(outcome.status).toBe('ok');
    expect(outcome.requests).toBe(queries + 3);
  });

  it('when PostHog never answers, the sync fails with "timeout" after bounded retries and nothing stored is lost', async () => {
    const h = await harness();
    const first = await h.sync('initial');
    const before = h.store.points();
    emu.region('us').faults.inject({ fault: { kind: 'hang' }, pathPrefix: `/api/projects/${PROJECT}/`, rate: 1 });
    const outcome = await h.sync('refresh', { timeoutMs: 300 });
    emu.region('us').faults.clear();
    expect(outcome.status).toBe('failed');
    expect(new Set(outcome.errors.map((e) => e.error.code))).toEqual(new Set(['timeout']));
    expect(outcome.requests).toBe(first.requests * DEFAULT_RETRY_POLICY.maxAttempts);
    expect(outcome.revision).toBe(first.revision);
    expect(h.store.points()).toEqual(before);
  });
});
