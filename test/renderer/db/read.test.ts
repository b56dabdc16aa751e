// Reads the dashboard makes from the replica (Dexie on fake-indexeddb).
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { hasAnyPoint, readKeys, readRecent } from '../../../src-renderer/db/read';
import { openReplicaDb, type PointRow, type ReplicaDb } from '../../../src-renderer/db/replica-db';

const dbs: ReplicaDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});
function newDb(): ReplicaDb {
  const db = openReplicaDb(`read-test-${dbs.length}-${Math.random()}`);
  dbs.push(db);
  return db;
}
const row = (metric: PointRow['metric'], key: string, day: string, value: number | null = 1): PointRow => ({ metric, key, day, value, rev: 1 });

describe('replica reads', () => {
  it('lists the keys a metric has, one lookup per key, whatever the other metrics hold', async () => {
    const db = newDb();
    expect(await readKeys(db, 'posthog_custom_event_count')).toEqual([]);
    await db.points.bulkPut([
      row('posthog_custom_event_count', 'signup', '2026-03-01'),
      row('posthog_custom_event_count', 'signup', '2026-03-02'),
      row('posthog_custom_event_count', '', '2026-03-02'),
      row('posthog_custom_event_count', 'checkout “é” ✓', '2026-03-02'),
      row('posthog_custom_event_count', 'a', '2026-01-01'),
      row('posthog_custom_event_users', 'zzz', '2026-03-02'),
      row('posthog_conversion_rate', 'f1', '2026-03-02'),
      row('posthog_dau', '', '2026-03-02'),
    ]);
    expect(await readKeys(db, 'posthog_custom_event_count')).toEqual(['', 'a', 'checkout “é” ✓', 'signup']);
    expect(await readKeys(db, 'posthog_conversion_rate')).toEqual(['f1']);
    expect(await readKeys(db, 'posthog_mau')).toEqual([]);
  });

  it('reads the most recent points of one series, oldest first', async () => {
    const db = newDb();
    await db.points.bulkPut([
      row('posthog_dau', '', '2026-02-27', 1),
      row('posthog_dau', '', '2026-03-01', 2),
      row('posthog_dau', '', '2026-03-02', 3),
      row('posthog_dau', 'x', '2026-03-03', 9),
      row('posthog_errors', '', '2026-03-03', 9),
    ]);
    expect((await readRecent(db, 'posthog_dau', '', 2)).map((p) => [p.day, p.value])).toEqual([
      ['2026-03-01', 2],
      ['2026-03-02', 3],
    ]);
    expect(await readRecent(db, 'posthog_wau', '', 5)).toEqual([]);
  });

  it('tells whether the replica holds anything', async () => {
    const db = newDb();
    expect(await hasAnyPoint(db)).toBe(false);
    await db.points.put(row('posthog_dau', '', '2026-03-01'));
    expect(await hasAnyPoint(db)).toBe(true);
  });
});
