// The renderer's IndexedDB replica (Dexie on fake-indexeddb) following main's REAL series store,
// through the real API client (every answer validated against the contract).
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import { SeriesChangesRequestSchema, type Result, type SeriesChanges } from '../../../shared/contract';
import { METRICS, type MetricId, type SeriesPoint } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';
import { openSeriesStore, type SeriesStore, type SeriesStoreOptions } from '../../../src-main/store/series-store';
import { createApiClient } from '../../../src-renderer/api/client';
import { readSeries, replicaRevision } from '../../../src-renderer/db/read';
import { openReplicaDb, type ReplicaDb } from '../../../src-renderer/db/replica-db';
import { applyChanges, createReplicator, type CatchUp } from '../../../src-renderer/db/replicate';

// ---------------------------------------------------------------------------------------------
// Fixtures: temp stores, databases, a fake transport in front of the real store
// ---------------------------------------------------------------------------------------------

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function newStore(options: SeriesStoreOptions = {}): Promise<SeriesStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sightline-replica-'));
  dirs.push(dir);
  return openSeriesStore(dir, () => {}, Date.now, options);
}

const dbs: ReplicaDb[] = [];
let dbCount = 0;
function newDb(): ReplicaDb {
  dbCount += 1;
  const db = openReplicaDb(`sightline-test-${dbCount}`);
  dbs.push(db);
  return db;
}
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/**
 * "Main" as the renderer sees it: the bridge answers `series.changes` from a real series store (the
 * request validated as main's dispatcher would, the answer structured-cloned as a transport would).
 * It can be held (the answer is computed, then waits), taken down, or made to answer garbage.
 */
function fakeMain(initial: SeriesStore) {
  let store = initial;
  let held: Promise<void> | null = null; // the next request's answer waits for this
  let mode: 'up' | 'down' | 'garbage' = 'up';
  let override: ((since: number, epoch: string | undefined) => SeriesChanges) | null = null;
  const listeners = new Set<(event: unknown) => void>();
  const requests: Array<{ since: number; epoch: string | null }> = [];
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel, payload) => {
      if (mode === 'down') throw new Error('main is gone');
      // start() also asks for the feature flag list (tested in flag-list.test.ts).
      if (channel === 'flags.list') return { ok: true, data: { fetchedAt: null, flags: [] } };
      expect(channel).toBe('series.changes');
      const request = SeriesChangesRequestSchema.parse(payload);
      requests.push(request);
      if (mode === 'garbage') return { ok: true, data: { reset: 'maybe' } };
      const data = (override ?? ((since, epoch) => store.changesSince(since, epoch)))(request.since, request.epoch ?? undefined);
      const answer = structuredClone({ ok: true, data });
      const wait = held;
      held = null;
      if (wait !== null) await wait;
      return answer;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client: createApiClient(bridge),
    requests,
    get store() {
      return store;
    },
    set store(next: SeriesStore) {
      store = next;
    },
    set mode(next: 'up' | 'down' | 'garbage') {
      mode = next;
    },
    set override(next: ((since: number, epoch: string | undefined) => SeriesChanges) | null) {
      override = next;
    },
    /** The next request's answer (computed at once, from the store as it is then) waits until the returned function is called. */
    holdNext(): () => void {
      let release = (): void => {};
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return release;
    },
    emitChanged(): void {
      for (const listener of listeners) listener({ name: 'series.changed', payload: { revision: store.revision, epoch: store.epoch } });
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Data: every metric, with per-flag, per-event and per-funnel series
// ---------------------------------------------------------------------------------------------

const FLAGS = Array.from({ length: 22 }, (_, i) => `flag-${String(i + 1).padStart(2, '0')}`);
const SERIES: Array<[MetricId, string]> = [
  ...Object.values(METRICS)
    .filter((m) => m.keyed === 'none')
    .map((m): [MetricId, string] => [m.id, '']),
  ['posthog_flag_evaluations', ''],
  ...FLAGS.map((flag): [MetricId, string] => ['posthog_flag_evaluations', flag]),
  ['posthog_custom_event_count', 'signup'],
  ['posthog_custom_event_count', 'checkout “é” ✓'],
  ['posthog_custom_event_users', 'signup'],
  ['posthog_custom_event_users', 'checkout “é” ✓'],
  ['posthog_conversion_entered', 'signup-to-checkout'],
  ['posthog_conversion_converted', 'signup-to-checkout'],
  ['posthog_conversion_rate', 'signup-to-checkout'],
];
const ALL_METRICS = [...new Set(SERIES.map(([metric]) => metric))];

/** A value that depends on the series, the day itself (not its position in a window) and the seed. */
function valueFor(metric: MetricId, s: number, d: number, seed: number): number | null {
  if (metric === 'posthog_conversion_rate') return ((s + d + seed) % 100) / 100;
  if (metric === 'posthog_session_duration') return d % 17 === 0 ? null : 60 + ((d * 7 + seed) % 300) + 0.25;
  return 100 + s * 3 + ((d * 13 + seed) % 50);
}

function points(from: string, to: string, seed = 0, series = SERIES): SeriesPoint[] {
  const days = dayRange(from, to);
  return series.flatMap(([metric, key], s) => days.map((day) => ({ metric, key, day, value: valueFor(metric, s, Date.parse(day) / 86_400_000, seed) })));
}

const LAST_DAY = '2026-11-22';

async function fill(store: SeriesStore, from: string, to: string, pts: SeriesPoint[]): Promise<void> {
  await store.replaceWindow({ from, to, metrics: ALL_METRICS, points: pts });
}

/** The replica's points, as main's store lists them (sorted by metric, key, day). */
async function replicaPoints(db: ReplicaDb): Promise<SeriesPoint[]> {
  const rows = await db.points.toArray();
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return rows.map(({ metric, key, day, value }) => ({ metric, key, day, value })).sort((a, b) => cmp(a.metric, b.metric) || cmp(a.key, b.key) || cmp(a.day, b.day));
}

function data(result: Result<CatchUp>): CatchUp {
  if (!result.ok) throw new Error(`catch-up failed: ${result.error.code}: ${result.error.message}`);
  return result.data;
}

const id = (p: { metric: string; key: string; day: string }): string => `${p.metric}|${p.key}|${p.day}`;

/** What a replica holding `before` must apply to hold `after`: points new or changed, points gone. */
function diff(before: SeriesPoint[], after: SeriesPoint[]): { upserts: number; deletions: number } {
  const old = new Map(before.map((p) => [id(p), p.value]));
  const now = new Set(after.map(id));
  return {
    upserts: after.filter((p) => !old.has(id(p)) || old.get(id(p)) !== p.value).length,
    deletions: before.filter((p) => !now.has(id(p))).length,
  };
}

// ---------------------------------------------------------------------------------------------

describe('replica catch-up against the real series store', () => {
  it('copies everything on the first catch-up, and reads one series by day range', async () => {
    const store = await newStore();
    const from = addDays(LAST_DAY, -39);
    await fill(store, from, LAST_DAY, points(from, LAST_DAY));
    const main = fakeMain(store);
    const db = newDb();

    const result = data(await createReplicator(main.client, db).catchUp());

    expect(result).toEqual({ revision: store.revision, epoch: store.epoch, applied: { upserts: SERIES.length * 40, deletions: 0 }, reset: false });
    expect(main.requests).toEqual([{ since: 0, epoch: null }]);
    expect(await replicaPoints(db)).toEqual(store.points());
    expect(await replicaRevision(db)).toEqual({ revision: store.revision, epoch: store.epoch });

    const dau = await readSeries(db, 'posthog_dau', '', addDays(LAST_DAY, -6), LAST_DAY);
    expect(dau).toEqual(store.points({ metric: 'posthog_dau', key: '', from: addDays(LAST_DAY, -6), to: LAST_DAY }));
    expect(dau.map((p) => p.day)).toEqual(dayRange(addDays(LAST_DAY, -6), LAST_DAY));
    expect(await readSeries(db, 'posthog_flag_evaluations', 'flag-07')).toEqual(store.points({ metric: 'posthog_flag_evaluations', key: 'flag-07' }));
    expect(await readSeries(db, 'posthog_custom_event_count', 'checkout “é” ✓', undefined, from)).toHaveLength(1);
    expect(await readSeries(db, 'posthog_dau', '', LAST_DAY, from)).toEqual([]);
    expect(await readSeries(db, 'posthog_dau', 'nope')).toEqual([]);
  });

  it('a second catch-up applies only what a refresh changed: late data, deleted points, a new series', async () => {
    const store = await newStore();
    const from = addDays(LAST_DAY, -29);
    await fill(store, from, LAST_DAY, points(from, LAST_DAY));
    const main = fakeMain(store);
    const db = newDb();
    const replicator = createReplicator(main.client, db);
    data(await replicator.catchUp());
    const before = store.points();
    const revisionBefore = store.revision;

    // Refresh of the last 7 days: late events raise DAU and events; flag-03 and the funnel's last two
    // days are gone; a new flag appears; everything else comes back identical.
    const week = addDays(LAST_DAY, -6);
    const refreshed = points(week, LAST_DAY, 0, [...SERIES, ['posthog_flag_evaluations', 'flag-new']])
      .filter((p) => p.key !== 'flag-03')
      .filter((p) => !(p.key === 'signup-to-checkout' && p.day >= addDays(LAST_DAY, -1)))
      .map((p) => (p.metric === 'posthog_dau' || p.metric === 'posthog_events' ? { ...p, value: (p.value ?? 0) + 5 } : p));
    await fill(store, week, LAST_DAY, refreshed);
    const { upserts, deletions } = diff(before, store.points());
    expect(upserts).toBe(7 * 2 + 7); // DAU and events for 7 days, plus the new flag
    expect(deletions).toBe(7 + 2 * 3); // flag-03 for 7 days, three funnel metrics for 2 days

    const result = data(await replicator.catchUp());

    expect(result).toEqual({ revision: store.revision, epoch: store.epoch, applied: { upserts, deletions }, reset: false });
    expect(main.requests.at(-1)).toEqual({ since: revisionBefore, epoch: store.epoch });
    expect(await replicaPoints(db)).toEqual(store.points());

    // Retention (main's job) arrives as deletions too.
    await store.pruneBefore(addDays(LAST_DAY, -9));
    const pruned = data(await replicator.catchUp());
    expect(pruned.applied.upserts).toBe(0);
    expect(pruned.applied.deletions).toBeGreaterThan(0);
    expect(await replicaPoints(db)).toEqual(store.points());

    // Nothing new: nothing applied, same revision.
    expect(data(await replicator.catchUp())).toEqual({ ...pruned, applied: { upserts: 0, deletions: 0 } });
  });

  it('resets when main has another history (new epoch) or the replica is too far behind', async () => {
    const first = await newStore();
    const from = addDays(LAST_DAY, -29);
    await fill(first, from, LAST_DAY, points(from, LAST_DAY));
    const main = fakeMain(first);
    const db = newDb();
    const replicator = createReplicator(main.client, db);
    data(await replicator.catchUp());

    // A fresh store (another data folder, a corrupt file set aside): another epoch, fewer points.
    const second = await newStore();
    const shortFrom = addDays(LAST_DAY, -9);
    await fill(second, shortFrom, LAST_DAY, points(shortFrom, LAST_DAY, 7, SERIES.slice(0, 5)));
    main.store = second;
    const result = data(await replicator.catchUp());
    expect(main.requests.at(-1)).toEqual({ since: first.revision, epoch: first.epoch });
    expect(result).toEqual({ revision: second.revision, epoch: second.epoch, applied: { upserts: 5 * 10, deletions: 0 }, reset: true });
    expect(await replicaPoints(db)).toEqual(second.points());

    // Too far behind: main forgot the deletions the replica would need.
    const forgetful = await newStore({ keepRevisions: 1 });
    await fill(forgetful, from, LAST_DAY, points(from, LAST_DAY));
    main.store = forgetful;
    expect(data(await replicator.catchUp()).reset).toBe(true);
    for (let i = 1; i <= 3; i += 1) await fill(forgetful, addDays(LAST_DAY, -i), LAST_DAY, points(addDays(LAST_DAY, -i), LAST_DAY, 0, SERIES.slice(i)));
    const behind = data(await replicator.catchUp());
    expect(behind.reset).toBe(true);
    expect(await replicaPoints(db)).toEqual(forgetful.points());
  });

  it('leaves the replica untouched when main is unavailable, answers garbage, or answers from another history', async () => {
    const store = await newStore();
    const from = addDays(LAST_DAY, -29);
    await fill(store, from, LAST_DAY, points(from, LAST_DAY));
    const main = fakeMain(store);
    const db = newDb();
    const replicator = createReplicator(main.client, db);
    data(await replicator.catchUp());
    const kept = await replicaPoints(db);
    const position = await replicaRevision(db);
    await fill(store, addDays(LAST_DAY, -6), LAST_DAY, points(addDays(LAST_DAY, -6), LAST_DAY, 3));

    main.mode = 'down';
    expect(await replicator.catchUp()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    main.mode = 'garbage';
    expect(await replicator.catchUp()).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    main.mode = 'up';
    const other = await newStore();
    await fill(other, from, LAST_DAY, points(from, LAST_DAY, 1));
    main.override = () => other.changesSince(0); // an incremental answer (reset: false) from another epoch
    expect(await replicator.catchUp()).toMatchObject({ ok: false, error: { code: 'bad_response', message: expect.stringContaining('another history') } });

    expect(await replicaPoints(db)).toEqual(kept);
    expect(await replicaRevision(db)).toEqual(position);

    // Back to normal: it catches up from where it was.
    main.override = null;
    const result = data(await replicator.catchUp());
    expect(main.requests.at(-1)).toEqual({ since: position.revision, epoch: position.epoch });
    expect(result.applied.upserts).toBeGreaterThan(0);
    expect(await replicaPoints(db)).toEqual(store.points());
  });

  it('a failure in the middle of the apply rolls everything back; the next catch-up redoes it', async () => {
    const store = await newStore();
    const from = addDays(LAST_DAY, -29);
    await fill(store, from, LAST_DAY, points(from, LAST_DAY));
    const main = fakeMain(store);
    // IndexedDB fails on the second put of a transaction (a full disk, say), after the deletions and
    // the first chunk went through.
    let armed = false;
    let puts = 0;
    const db = newDb();
    db.use({
      stack: 'dbcore',
      name: 'fail-second-put',
      create: (down: DBCore): DBCore => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          if (name !== 'points') return table;
          return {
            ...table,
            mutate: (request: DBCoreMutateRequest) => {
              if (armed && request.type === 'put' && ++puts === 2) return Promise.reject(new DOMException('The disk is full.', 'QuotaExceededError'));
              return table.mutate(request);
            },
          };
        },
      }),
    });
    const replicator = createReplicator(main.client, db, { chunkSize: 100 });
    data(await replicator.catchUp());
    const kept = await replicaPoints(db);
    const position = await replicaRevision(db);

    const week = addDays(LAST_DAY, -6);
    await fill(store, week, LAST_DAY, points(week, LAST_DAY, 11).filter((p) => p.key !== 'flag-01'));
    const expected = diff(kept, store.points());
    expect(expected.upserts).toBeGreaterThan(200); // more than two chunks of 100
    armed = true;
    const failed = await replicator.catchUp();
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('QuotaExceededError') } });
    expect(puts).toBe(2);
    expect(await replicaPoints(db)).toEqual(kept);
    expect(await replicaRevision(db)).toEqual(position);

    armed = false;
    const result = data(await replicator.catchUp());
    expect(result.applied).toEqual(expected);
    expect(expected.deletions).toBe(7);
    expect(await replicaPoints(db)).toEqual(store.points());
  });

  it('replicates a year of data (~15 k points) and reports how long the apply takes', async () => {
    const store = await newStore();
    const from = addDays(LAST_DAY, -364);
    const year = points(from, LAST_DAY);
    await fill(store, from, LAST_DAY, year);
    expect(year.length).toBe(SERIES.length * 365);
    const main = fakeMain(store);
    const db = newDb();

    const started = performance.now();
    const result = data(await createReplicator(main.client, db).catchUp());
    const catchUpMs = performance.now() - started;
    expect(result.applied).toEqual({ upserts: year.length, deletions: 0 });
    expect(await replicaPoints(db)).toEqual(store.points());
    expect((await readSeries(db, 'posthog_dau', '')).map((p) => p.day)).toEqual(dayRange(from, LAST_DAY));

    // The apply alone (one transaction, chunked bulkPut), into a fresh database.
    const fresh = newDb();
    const changes = store.changesSince(0);
    const applyStarted = performance.now();
    expect(await applyChanges(fresh, changes, { revision: 0, epoch: null })).toBe('applied');
    const applyMs = performance.now() - applyStarted;
    expect(await fresh.points.count()).toBe(year.length);
    console.info(`[replica] a year of data: ${year.length} points in ${SERIES.length} series; catch-up ${catchUpMs.toFixed(0)} ms (request + validation + apply), apply alone ${applyMs.toFixed(0)} ms (fake-indexeddb)`);
  });
});

describe('single flight and events', () => {
  async function setup() {
    const store = await newStore();
    const from = addDays(LAST_DAY, -29);
    await fill(store, from, LAST_DAY, points(from, LAST_DAY));
    const main = fakeMain(store);
    const db = newDb();
    const results: Array<Result<CatchUp>> = [];
    const replicator = createReplicator(main.client, db, { onResult: (r) => results.push(r) });
    return { store, main, db, results, replicator };
  }

  it('concurrent catch-ups share one request', async () => {
    const { store, main, db, replicator } = await setup();
    const release = main.holdNext();
    const a = replicator.catchUp();
    const b = replicator.catchUp();
    await vi.waitFor(() => expect(main.requests).toHaveLength(1));
    const c = replicator.catchUp();
    expect(b).toBe(a);
    expect(c).toBe(a);
    release();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(ra).toEqual(rb);
    expect(ra).toEqual(rc);
    expect(main.requests).toHaveLength(1);
    expect(await replicaPoints(db)).toEqual(store.points());
    // Once it is over, a new call makes a new request.
    data(await replicator.catchUp());
    expect(main.requests).toHaveLength(2);
  });

  it('start() catches up at once and follows series.changed; events during a run cause exactly one more run', async () => {
    const { store, main, db, results, replicator } = await setup();
    const before = store.points();
    const release = main.holdNext();
    const stop = replicator.start();
    // series.changed, and flags.changed for the flag list.
    expect(main.listenerCount).toBe(2);
    await vi.waitFor(() => expect(main.requests).toHaveLength(1));

    // While the first run waits for its answer (computed before this change), main syncs twice.
    await fill(store, addDays(LAST_DAY, -6), LAST_DAY, points(addDays(LAST_DAY, -6), LAST_DAY, 21));
    main.emitChanged();
    await fill(store, addDays(LAST_DAY, -6), LAST_DAY, points(addDays(LAST_DAY, -6), LAST_DAY, 22));
    main.emitChanged();
    release();

    await vi.waitFor(() => expect(results).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(results).toHaveLength(2);
    expect(main.requests).toHaveLength(2);
    expect(main.requests[1]).toEqual({ since: 1, epoch: store.epoch });
    expect(data(results[0]!).revision).toBe(1);
    expect(data(results[1]!)).toMatchObject({ revision: store.revision, applied: diff(before, store.points()) });
    expect(await replicaPoints(db)).toEqual(store.points());

    // An event for the revision the replica already has asks nothing; a new revision asks once.
    main.emitChanged();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(main.requests).toHaveLength(2);
    await fill(store, LAST_DAY, LAST_DAY, points(LAST_DAY, LAST_DAY, 40));
    main.emitChanged();
    await vi.waitFor(() => expect(results).toHaveLength(3));
    expect(main.requests).toHaveLength(3);
    expect(await replicaPoints(db)).toEqual(store.points());

    // Stopped: events are no longer followed.
    stop();
    expect(main.listenerCount).toBe(0);
    await fill(store, LAST_DAY, LAST_DAY, points(LAST_DAY, LAST_DAY, 41));
    main.emitChanged();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(main.requests).toHaveLength(3);
  });

  it('two windows on one database: an answer overtaken by the other window is dropped and asked again', async () => {
    const { store, main, db } = await setup();
    const one = createReplicator(main.client, db);
    const other = createReplicator(main.client, db);
    data(await one.catchUp());
    await fill(store, addDays(LAST_DAY, -6), LAST_DAY, points(addDays(LAST_DAY, -6), LAST_DAY, 5));

    // Window one's answer waits; meanwhile window two catches up (its own request is not held).
    const release = main.holdNext();
    const slow = one.catchUp();
    await vi.waitFor(() => expect(main.requests).toHaveLength(2));
    expect(data(await other.catchUp()).applied.upserts).toBeGreaterThan(0);
    release();
    const result = data(await slow);
    // Its answer was for the old position: dropped, and asked again from the new one (nothing left to do).
    expect(main.requests.slice(1)).toEqual([
      { since: 1, epoch: store.epoch },
      { since: 1, epoch: store.epoch },
      { since: store.revision, epoch: store.epoch },
    ]);
    expect(result).toEqual({ revision: store.revision, epoch: store.epoch, applied: { upserts: 0, deletions: 0 }, reset: false });
    expect(await replicaPoints(db)).toEqual(store.points());
    expect(await replicaRevision(db)).toEqual({ revision: store.revision, epoch: store.epoch });
  });
});
