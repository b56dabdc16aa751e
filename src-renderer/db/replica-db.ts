/**
 * The renderer's replica of main's series store, in IndexedDB (Dexie). Main owns the truth; this copy
 * lets the views paint at once, offline included, and is kept in step by ./replicate.
 *
 * - `points`: one row per (metric, key, day), primary key `[metric+key+day]`. That compound key is
 *   also the index for reading one series over a day range (`between([m,k,from],[m,k,to])`), already
 *   sorted by day. No secondary index: each one would slow down every `bulkPut`.
 * - `meta`: a single row (`id: 'replica'`) with the `revision` and `epoch` of main's store that the
 *   points correspond to. It only moves in the same transaction as the points it describes.
 * - `flags` (version 2): a single row (`id: 'flags'`) with the feature flag list main fetched at its
 *   last sync (`flags.list`, then every `flags.changed`), so the flags view works offline too.
 *
 * Retention is main's job: pruned points arrive here as deletions.
 */
import { Dexie, type Table } from 'dexie';
import type { FlagList } from '../../shared/contract';
import type { MetricId } from '../../shared/metrics';

export const REPLICA_DB_NAME = 'sightline';

/** One stored point: a `SeriesPoint` plus the revision of main's store that last changed it. */
export interface PointRow {
  metric: MetricId;
  /** '' for project-wide series; a flag key, an event name or a funnel id otherwise. */
  key: string;
  /** `YYYY-MM-DD` in the project's timezone. */
  day: string;
  value: number | null;
  rev: number;
}

export type PointKey = [metric: MetricId, key: string, day: string];

export const META_ID = 'replica';

/** Where the replica stands in main's history. Absent until the first catch-up is applied. */
export interface MetaRow {
  id: typeof META_ID;
  revision: number;
  epoch: string;
}

export const FLAGS_ID = 'flags';

/** The project's feature flag list as main last reported it. Absent until the first report. */
export interface FlagListRow {
  id: typeof FLAGS_ID;
  list: FlagList;
}

export type ReplicaDb = Dexie & {
  points: Table<PointRow, PointKey>;
  meta: Table<MetaRow, typeof META_ID>;
  flags: Table<FlagListRow, typeof FLAGS_ID>;
};

/**
 * Opens (lazily, on first use) the replica database. Tests pass their own name and, if they want a
 * fully separate IndexedDB, its factory and key range class (e.g. from fake-indexeddb).
 */
export function openReplicaDb(name: string = REPLICA_DB_NAME, indexedDB?: IDBFactory, keyRange?: typeof IDBKeyRange): ReplicaDb {
  const db = new Dexie(name, {
    ...(indexedDB === undefined ? {} : { indexedDB }),
    ...(keyRange === undefined ? {} : { IDBKeyRange: keyRange }),
  }) as ReplicaDb;
  // Schema history: add a new version below (never edit an old one) when the shape changes.
  db.version(1).stores({
    points: '[metric+key+day]',
    meta: 'id',
  });
  // 2: the feature flag list (points and meta are kept as they are).
  db.version(2).stores({
    flags: 'id',
  });
  return db;
}
