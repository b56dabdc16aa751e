// The feature flag list in the replica (schema version 2): fetched from main at start, replaced by every
// flags.changed, read offline; and the upgrade of a version-1 database that keeps its points.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import type { FlagList, Result } from '../../../shared/contract';
import { createApiClient } from '../../../src-renderer/api/client';
import { readFlagList, readMetric, readSeries, replicaRevision } from '../../../src-renderer/db/read';
import { openReplicaDb, type PointRow, type ReplicaDb } from '../../../src-renderer/db/replica-db';
import { createReplicator } from '../../../src-renderer/db/replicate';
import { createFlagListReplicator } from '../../../src-renderer/db/replicate-flags';

const dbs: ReplicaDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});
function newDb(name = `flag-list-test-${Math.random().toString(36).slice(2)}`): ReplicaDb {
  const db = openReplicaDb(name);
  dbs.push(db);
  return db;
}

const listOf = (fetchedAt: string | null, ...keys: string[]): FlagList => ({
  fetchedAt,
  flags: keys.map((key, i) => ({ id: i + 1, key, name: `Flag ${key}`, active: i % 2 === 0 })),
});

/** A main that answers flags.list with `current` (optionally held) and series.changes with nothing new. */
function fakeMain(initial: FlagList) {
  let current: FlagList | { error: string } = initial;
  let held: Promise<void> | null = null;
  const listeners = new Set<(event: unknown) => void>();
  const calls: string[] = [];
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel) => {
      calls.push(channel);
      if (channel === 'series.changes') return { ok: true, data: { reset: false, epoch: 'e1', revision: 0, upserts: [], deletions: [] } };
      if (channel !== 'flags.list') return { ok: false, error: { code: 'unknown_channel', message: channel } };
      const answer = 'error' in current ? { ok: false, error: { code: 'unavailable', message: current.error, hint: 'Restart Sightline.' } } : { ok: true, data: structuredClone(current) };
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
    calls,
    set current(next: FlagList | { error: string }) {
      current = next;
    },
    holdNext(): () => void {
      let release = (): void => {};
      held = new Promise<void>((resolve) => {
        release = resolve;
      });
      return release;
    },
    emit(list: FlagList): void {
      for (const listener of listeners) listener({ name: 'flags.changed', payload: list });
    },
    get listenerCount() {
      return listeners.size;
    },
  };
}

describe('flag list replication', () => {
  it('is null before main ever reported one; start() fetches it, then every flags.changed replaces it', async () => {
    const db = newDb();
    expect(await readFlagList(db)).toBeNull();
    const main = fakeMain(listOf('2026-03-03T10:00:00.000Z', 'new-nav', 'beta-billing'));
    const results: Array<Result<FlagList>> = [];
    const stop = createReplicator(main.client, db, { onFlagList: (r) => results.push(r) }).start();

    await vi.waitFor(async () => expect((await readFlagList(db))?.flags.map((f) => f.key)).toEqual(['new-nav', 'beta-billing']));
    expect(main.calls).toContain('flags.list');
    expect(results).toHaveLength(1);

    const next = listOf('2026-03-03T12:00:00.000Z', 'new-nav');
    main.emit(next);
    await vi.waitFor(async () => expect(await readFlagList(db)).toEqual(next));

    // Another project connected: main empties its list, and so does the replica.
    main.emit({ fetchedAt: null, flags: [] });
    await vi.waitFor(async () => expect(await readFlagList(db)).toEqual({ fetchedAt: null, flags: [] }));

    stop();
    expect(main.listenerCount).toBe(0);
    main.emit(next);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readFlagList(db)).toEqual({ fetchedAt: null, flags: [] });
  });

  it('a flags.changed that arrives while flags.list is on its way wins over the older answer', async () => {
    const db = newDb();
    const main = fakeMain(listOf('2026-03-03T10:00:00.000Z', 'old-flag'));
    const follower = createFlagListReplicator(main.client, db);
    const release = main.holdNext();
    const stop = follower.start();
    await vi.waitFor(() => expect(main.calls).toEqual(['flags.list']));
    const newer = listOf('2026-03-03T11:00:00.000Z', 'new-flag');
    main.emit(newer);
    release();
    await vi.waitFor(async () => expect(await readFlagList(db)).toEqual(newer));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await readFlagList(db)).toEqual(newer);
    stop();
  });

  it('keeps the stored list when main cannot answer, and says why', async () => {
    const db = newDb();
    const main = fakeMain(listOf('2026-03-03T10:00:00.000Z', 'kept'));
    const follower = createFlagListReplicator(main.client, db);
    expect((await follower.fetch()).ok).toBe(true);
    main.current = { error: 'Main is not answering.' };
    const failed = await follower.fetch();
    expect(failed).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'Main is not answering.' } });
    expect((await readFlagList(db))?.flags.map((f) => f.key)).toEqual(['kept']);
  });
});

describe('schema upgrade', () => {
  it('opens a version-1 database as version 2: points and position kept, an empty flag table added', async () => {
    const name = `flag-upgrade-${Math.random().toString(36).slice(2)}`;
    // The replica as version 1 left it (the same definition as replica-db.ts's version 1).
    const v1 = new Dexie(name);
    v1.version(1).stores({ points: '[metric+key+day]', meta: 'id' });
    const rows: PointRow[] = [
      { metric: 'posthog_dau', key: '', day: '2026-03-01', value: 120, rev: 3 },
      { metric: 'posthog_dau', key: '', day: '2026-03-02', value: 130, rev: 3 },
      { metric: 'posthog_flag_evaluations', key: 'new-nav', day: '2026-03-02', value: 40, rev: 3 },
    ];
    await v1.table('points').bulkPut(rows);
    await v1.table('meta').put({ id: 'replica', revision: 3, epoch: 'epoch-1' });
    expect(v1.verno).toBe(1);
    v1.close();

    const db = newDb(name);
    await db.open();
    expect(db.verno).toBe(2);
    expect((await readSeries(db, 'posthog_dau', '')).map((p) => p.value)).toEqual([120, 130]);
    expect(await db.points.count()).toBe(3);
    expect(await replicaRevision(db)).toEqual({ revision: 3, epoch: 'epoch-1' });
    expect(await readFlagList(db)).toBeNull();

    // The new table works, and the next catch-up continues from the kept position.
    const main = fakeMain(listOf('2026-03-03T10:00:00.000Z', 'new-nav'));
    const stop = createReplicator(main.client, db).start();
    await vi.waitFor(async () => expect((await readFlagList(db))?.flags.map((f) => f.key)).toEqual(['new-nav']));
    stop();
  });
});

describe('reading one metric across its keys', () => {
  it('returns every key’s points within the days asked, and nothing of other metrics', async () => {
    const db = newDb();
    const row = (metric: PointRow['metric'], key: string, day: string, value: number): PointRow => ({ metric, key, day, value, rev: 1 });
    await db.points.bulkPut([
      row('posthog_flag_evaluations', '', '2026-03-01', 10),
      row('posthog_flag_evaluations', '', '2026-03-02', 11),
      row('posthog_flag_evaluations', 'a', '2026-02-01', 1),
      row('posthog_flag_evaluations', 'a', '2026-03-02', 2),
      row('posthog_flag_evaluations', 'zz “é”', '2026-03-02', 3),
      row('posthog_feature_flags', '', '2026-03-02', 99),
      row('posthog_events', '', '2026-03-02', 99),
    ]);
    const got = await readMetric(db, 'posthog_flag_evaluations', '2026-03-01', '2026-03-02');
    expect(got.map((p) => [p.key, p.day, p.value])).toEqual([
      ['', '2026-03-01', 10],
      ['', '2026-03-02', 11],
      ['a', '2026-03-02', 2],
      ['zz “é”', '2026-03-02', 3],
    ]);
    expect(await readMetric(db, 'posthog_flag_evaluations')).toHaveLength(5);
    expect(await readMetric(db, 'posthog_mau')).toEqual([]);
  });
});
