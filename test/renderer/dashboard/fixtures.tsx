// Shared fixtures for the dashboard tests: a replica on fake-indexeddb, a fake main, a pinned clock.
// Test files import 'fake-indexeddb/auto' before anything else: Dexie's liveQuery only runs where a
// global indexedDB existed when Dexie loaded.
import 'fake-indexeddb/auto';
import { render } from '@testing-library/react';
import type { SightlineBridge } from '../../../shared/bridge';
import type { ConnectionStatus, SyncEntry, SyncProgressEvent } from '../../../shared/contract';
import type { MetricId } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';
import type { Tier } from '../../../shared/tiers';
import { createApiClient, type ApiClient } from '../../../src-renderer/api/client';
import { openReplicaDb, type PointRow, type ReplicaDb } from '../../../src-renderer/db/replica-db';
import { createSyncStore, type SyncStore } from '../../../src-renderer/state/sync-store';
import { DashboardView } from '../../../src-renderer/views/DashboardView';

/**
 * The pinned clock: 02:00 UTC on Wed 4 March 2026 is still 21:00 on Tue 3 March in New York. So the
 * project's today is 2026-03-03 (a Tuesday), its latest complete day Mon 2026-03-02, and a dashboard
 * that used the browser's (UTC) day would be a day off.
 */
export const NOW = Date.parse('2026-03-04T02:00:00Z');
export const TIMEZONE = 'America/New_York';
export const TODAY = '2026-03-03';
export const YESTERDAY = '2026-03-02';

export const connected: ConnectionStatus = {
  state: 'connected',
  host: 'https://us.posthog.com',
  projectId: 7,
  projectName: 'Acme Web',
  timezone: TIMEZONE,
  demo: false,
};

let dbCount = 0;
const open: ReplicaDb[] = [];
export function newDb(): ReplicaDb {
  dbCount += 1;
  const db = openReplicaDb(`dashboard-test-${dbCount}`);
  open.push(db);
  return db;
}
export function closeDbs(): void {
  for (const db of open.splice(0)) db.close();
}

/** Puts one series into the replica: `values[day] = value`. */
export async function seed(db: ReplicaDb, metric: MetricId, key: string, values: Record<string, number | null>): Promise<void> {
  const rows: PointRow[] = Object.entries(values).map(([day, value]) => ({ metric, key, day, value, rev: 1 }));
  await db.points.bulkPut(rows);
}

/** `days` days ending at `end`, valued by `value(day, index from the first)`. */
export function series(end: string, days: number, value: (day: string, i: number) => number | null): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  dayRange(addDays(end, -(days - 1)), end).forEach((day, i) => (out[day] = value(day, i)));
  return out;
}

/** A sync log entry for the connected project; by default a successful first sync an hour ago. */
export function entry(over: Partial<SyncEntry> = {}): SyncEntry {
  const finished = new Date(NOW - 60 * 60 * 1000).toISOString();
  return {
    id: `sync-${Math.random().toString(36).slice(2)}`,
    kind: 'initial',
    projectId: 7,
    window: { from: addDays(TODAY, -30), to: TODAY },
    startedAt: finished,
    finishedAt: finished,
    requests: 4,
    rows: {},
    status: 'ok',
    errors: [],
    revision: 1,
    ...over,
  };
}

/** A fake main: answers the plan (with `tier`), tracking and sync status; records every call. */
export function fakeMain(options: { tier?: Tier; funnel?: { id: string; from: string; to: string } } = {}) {
  const calls: string[] = [];
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel) => {
      calls.push(channel);
      const tier = options.tier ?? 'scale';
      if (channel === 'plan.status') {
        return { ok: true, data: { tier, tierLabel: tier, license: { state: 'none' }, autoSync: '', retention: '', nextAutoSyncAt: null } };
      }
      if (channel === 'tracking.get') {
        const f = options.funnel;
        return { ok: true, data: { customEvents: [], conversion: f === undefined ? null : { ...f, windowDays: 7 } } };
      }
      if (channel === 'sync.status') return { ok: true, data: { running: null, last: null } };
      if (channel === 'sync.log') return { ok: true, data: [] };
      return { ok: false, error: { code: 'unknown_channel', message: `no ${channel} here` } };
    },
    subscribe: () => () => {},
  };
  return { client: createApiClient(bridge), calls };
}

export interface DashboardSetup {
  db: ReplicaDb;
  connection?: ConnectionStatus | null;
  log?: SyncEntry[];
  running?: SyncProgressEvent | null;
  tier?: Tier;
  funnel?: { id: string; from: string; to: string };
  client?: ApiClient;
}

export function renderDashboard(setup: DashboardSetup) {
  const main = fakeMain({ ...(setup.tier === undefined ? {} : { tier: setup.tier }), ...(setup.funnel === undefined ? {} : { funnel: setup.funnel }) });
  const client = setup.client ?? main.client;
  const sync: SyncStore = createSyncStore(client);
  sync.setState({ log: setup.log ?? [entry()], running: setup.running ?? null });
  let connects = 0;
  const view = render(
    <DashboardView
      connection={setup.connection === undefined ? connected : setup.connection}
      onConnect={() => (connects += 1)}
      db={setup.db}
      client={client}
      sync={sync}
      now={() => NOW}
    />,
  );
  return { ...view, sync, calls: main.calls, connects: () => connects };
}
