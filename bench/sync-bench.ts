/**
 * Sync figures: an initial 30-day sync and a 7-day refresh of every metric against the emulator, through
 * the real PostHog client and series store — wall time, requests, and wall time ÷ the slowest single
 * query (how well the ≤ 3 concurrent queries overlap; target ≤ 1.5), plus the process RSS afterwards and
 * the part the sync added to it (the emulator's DuckDB lives in the same process, so the absolute RSS
 * is mostly the emulator's; the increase over the sync is what main's side costs).
 */
import type { FunnelDefinition } from '../shared/funnels';
import { DEFAULT_RETENTION } from '../shared/retention';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Dataset } from '../test/posthog-emulator/dataset/types';
import { createDuckDbEngine } from '../test/posthog-emulator/engine/duckdb-engine';
import { personalKey } from '../test/posthog-emulator/server/config';
import { startEmulator } from '../test/posthog-emulator/server/emulator';
import { createPostHogClient } from '../src-main/posthog/client';
import { createPostHogHttp } from '../src-main/posthog/http';
import { openSeriesStore } from '../src-main/store/series-store';
import { DEFAULT_RETRY_POLICY } from '../src-main/sync/retry';
import { buildSyncQueries } from '../src-main/sync/queries/plan';
import { runSync, syncWindow, type SyncKind, type SyncRequest } from '../src-main/sync/sync-run';
import { flagListFetcher } from '../src-main/sync/sync-service';

const KEY = 'phx_benchfull000000000000000000000000000000001';

/** The funnel a founder would define first: a pricing page, a signup, a subscription within 14 days. */
const BENCH_FUNNEL: FunnelDefinition = {
  id: 'c',
  name: 'Pricing to paid',
  steps: [
    { event: '$pageview', filter: { key: '$current_url', operator: 'icontains', value: '/pricing' } },
    { event: 'signed_up', filter: null },
    { event: 'subscription_started', filter: null },
  ],
  windowDays: 14,
};

export interface SyncRow {
  events: number;
  kind: SyncKind;
  wallMs: number;
  requests: number;
  slowestQueryMs: number;
  wallOverSlowest: number;
  status: string;
  rssMiB: number;
  /** RSS after the sync minus RSS before it. */
  rssGrowthMiB: number;
  /** Each query's wall time (ms), by query id: the retention table, the funnel… */
  queryMs: Record<string, number>;
}

export async function measureSync(dataset: Dataset, now: number): Promise<SyncRow[]> {
  const emulator = await startEmulator({
    regions: [
      {
        name: 'us',
        organization: { id: 'org', name: 'Bench' },
        user: { uuid: 'u', distinct_id: 'd', first_name: 'Bench', email: 'bench@example.com' },
        keys: [personalKey(KEY, 'bench')],
        datasets: [dataset],
      },
    ],
    createEngine: (d, clock) => createDuckDbEngine(d, { now: clock }),
    now: () => now,
  });
  const store = await openSeriesStore(mkdtempSync(path.join(os.tmpdir(), 'sightline-bench-')), () => {});
  const http = createPostHogHttp({ baseUrl: emulator.region('us').url, apiKey: KEY, timeoutMs: 120_000 });
  const client = createPostHogClient(http);
  const rows: SyncRow[] = [];
  try {
    for (const kind of ['initial', 'refresh'] as const) {
      const durations: number[] = [];
      const queryMs: Record<string, number> = {};
      const request: SyncRequest = {
        kind,
        projectId: dataset.project.id,
        timezone: dataset.project.timezone,
        weekStartDay: dataset.project.week_start_day ?? 0,
        retention: DEFAULT_RETENTION,
        customEvents: ['signed_up', 'button_clicked'],
        funnels: [BENCH_FUNNEL],
      };
      // The same plan runSync builds, to name each query by its text.
      const window = syncWindow(kind, now, request.timezone);
      const idOf = new Map(buildSyncQueries({ ...request, from: window.from, to: window.to }).map((q) => [q.hogql, q.id]));
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      const outcome = await runSync(
        request,
        {
          query: async (projectId, hogql, values, signal) => {
            const t = performance.now();
            try {
              return await client.query(projectId, hogql, values, { signal });
            } finally {
              durations.push(performance.now() - t);
              queryMs[idOf.get(hogql) ?? 'unknown'] = Math.round(performance.now() - t);
            }
          },
          replaceWindow: (change) => store.replaceWindow(change),
          currentRevision: () => store.revision,
          // The flag list as the app fetches it (one more request, in the same pool).
          fetchFlagList: flagListFetcher(http),
          storeFlagList: async () => {},
          now: () => now,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          random: Math.random,
          policy: DEFAULT_RETRY_POLICY,
          log: () => {},
        },
      );
      const wallMs = performance.now() - started;
      const slowest = Math.max(...durations);
      rows.push({
        events: dataset.events.length,
        kind,
        wallMs: Math.round(wallMs),
        requests: outcome.requests,
        slowestQueryMs: Math.round(slowest),
        wallOverSlowest: Math.round((wallMs / slowest) * 100) / 100,
        status: outcome.status,
        rssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
        rssGrowthMiB: Math.round((process.memoryUsage().rss - rssBefore) / 1024 / 1024),
        queryMs,
      });
    }
  } finally {
    await http.close();
    await emulator.close();
  }
  return rows;
}
