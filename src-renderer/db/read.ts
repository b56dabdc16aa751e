/** Reads from the replica, for the views. Never talks to main: what is here is what was replicated. */
import type { FlagList } from '../../shared/contract';
import type { MetricId, SeriesPoint } from '../../shared/metrics';
import { FLAGS_ID, META_ID, type PointRow, type ReplicaDb } from './replica-db';

/** Where the replica stands in main's history; `{revision: 0, epoch: null}` before the first catch-up. */
export interface ReplicaPosition {
  revision: number;
  epoch: string | null;
}

// Day strings are `YYYY-MM-DD`: '' sorts before every one of them, '\uffff' after.
const FIRST_DAY = '';
const LAST_DAY = '\uffff';

/** One series' points with `from <= day <= to` (both optional, inclusive), sorted by day. */
export async function readSeries(db: ReplicaDb, metric: MetricId, key: string, from?: string, to?: string): Promise<SeriesPoint[]> {
  const lower = from ?? FIRST_DAY;
  const upper = to ?? LAST_DAY;
  if (lower > upper) return [];
  const rows = await db.points.where('[metric+key+day]').between([metric, key, lower], [metric, key, upper], true, true).toArray();
  return rows.map((row) => ({ metric: row.metric, key: row.key, day: row.day, value: row.value }));
}

/** The `limit` most recent points of one series (any day), sorted by day. */
export async function readRecent(db: ReplicaDb, metric: MetricId, key: string, limit: number): Promise<SeriesPoint[]> {
  const rows = await db.points.where('[metric+key+day]').between([metric, key, FIRST_DAY], [metric, key, LAST_DAY], true, true).reverse().limit(limit).toArray();
  return rows.reverse().map((row) => ({ metric: row.metric, key: row.key, day: row.day, value: row.value }));
}

/**
 * The keys a metric has points for (event names, funnel ids, flag keys), sorted. A skip scan on the
 * primary key: one small lookup per key, never a read of every point.
 */
export async function readKeys(db: ReplicaDb, metric: MetricId): Promise<string[]> {
  const keys: string[] = [];
  // In IndexedDB's key order an array sorts after every string: [metric, k, []] comes after all of
  // key k's days and before the next key, and [metric, []] after all of the metric's keys.
  const end: [MetricId, never[]] = [metric, []];
  let after: [MetricId] | [MetricId, string, never[]] = [metric];
  for (;;) {
    const row: PointRow | undefined = await db.points.where('[metric+key+day]').between(after, end, false, false).first();
    if (row === undefined) return keys;
    keys.push(row.key);
    after = [metric, row.key, []];
  }
}

/**
 * Every series of one metric (all its keys) with `from <= day <= to` (both optional, inclusive),
 * sorted by key then day. One range read over the primary key, days filtered as they stream by.
 */
export async function readMetric(db: ReplicaDb, metric: MetricId, from?: string, to?: string): Promise<SeriesPoint[]> {
  const lower = from ?? FIRST_DAY;
  const upper = to ?? LAST_DAY;
  if (lower > upper) return [];
  // [metric] sorts before every [metric, key, day], and [metric, []] after them (arrays sort after strings).
  const end: [MetricId, never[]] = [metric, []];
  const rows = await db.points
    .where('[metric+key+day]')
    .between([metric], end, true, false)
    .filter((row) => row.day >= lower && row.day <= upper)
    .toArray();
  return rows.map((row) => ({ metric: row.metric, key: row.key, day: row.day, value: row.value }));
}

/** The feature flag list main last reported, or null when this replica has never received one. */
export async function readFlagList(db: ReplicaDb): Promise<FlagList | null> {
  return (await db.flags.get(FLAGS_ID))?.list ?? null;
}

/** Whether the replica holds any point at all. */
export async function hasAnyPoint(db: ReplicaDb): Promise<boolean> {
  return (await db.points.limit(1).count()) > 0;
}

export async function replicaRevision(db: ReplicaDb): Promise<ReplicaPosition> {
  const meta = await db.meta.get(META_ID);
  return meta === undefined ? { revision: 0, epoch: null } : { revision: meta.revision, epoch: meta.epoch };
}

/** What the overview shows, read in one go: the recent points of each card's series. */
export interface OverviewRead {
  /** Keys of the keyed card metrics present (custom event names, funnel ids), by metric. */
  keys: ReadonlyMap<MetricId, string[]>;
  /** `seriesKey(metric, key)` → its `limit` most recent points, sorted by day. */
  series: ReadonlyMap<string, SeriesPoint[]>;
  /** Whether the replica holds any point at all. */
  any: boolean;
}

export const seriesKey = (metric: MetricId, key: string): string => `${metric}|${key}`;

/**
 * The overview's data in ONE read transaction: every project-wide card metric plus every key of the
 * keyed ones, `limit` recent points each. One live query instead of one per card: the overview paints
 * after a single round of IndexedDB reads.
 */
export async function readOverview(db: ReplicaDb, plain: readonly MetricId[], keyed: readonly MetricId[], limit: number): Promise<OverviewRead> {
  return db.transaction('r', db.points, async () => {
    const keyLists = await Promise.all(keyed.map((metric) => readKeys(db, metric)));
    const keys = new Map(keyed.map((metric, i) => [metric, keyLists[i] ?? []]));
    const wanted: Array<[MetricId, string]> = [...plain.map((m): [MetricId, string] => [m, '']), ...keyed.flatMap((m) => (keys.get(m) ?? []).map((k): [MetricId, string] => [m, k]))];
    const points = await Promise.all(wanted.map(([metric, key]) => readRecent(db, metric, key, limit)));
    const series = new Map(wanted.map(([metric, key], i) => [seriesKey(metric, key), points[i] ?? []]));
    const any = [...series.values()].some((p) => p.length > 0) || (await hasAnyPoint(db));
    return { keys, series, any };
  });
}
