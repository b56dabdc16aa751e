/** Reads from the replica, for the views. Never talks to main: what is here is what was replicated. */
import type { MetricId, SeriesPoint } from '../../shared/metrics';
import { META_ID, type ReplicaDb } from './replica-db';

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

export async function replicaRevision(db: ReplicaDb): Promise<ReplicaPosition> {
  const meta = await db.meta.get(META_ID);
  return meta === undefined ? { revision: 0, epoch: null } : { revision: meta.revision, epoch: meta.epoch };
}
