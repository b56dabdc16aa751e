/**
 * Live reads of the replica for the dashboard. Each re-runs by itself when the replicator writes
 * points it covers; none of them asks main for anything.
 */
import { useState } from 'react';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { hasAnyPoint, readKeys, readRecent, readSeries } from '../../db/read';
import type { ReplicaDb } from '../../db/replica-db';
import { useLiveQuery, type Live } from '../../db/use-live-query';

/** The most recent `limit` points of a series, whatever their days (a card: its value, comparison and sparkline). */
export function useRecentSeries(db: ReplicaDb, metric: MetricId, key: string, limit: number): Live<SeriesPoint[]> {
  return useLiveQuery(() => readRecent(db, metric, key, limit), [db, metric, key, limit]);
}

/** One series from `from` (inclusive; undefined: its first day) through `to` (undefined: its last). */
export function useSeriesRange(db: ReplicaDb, metric: MetricId, key: string, from?: string, to?: string): Live<SeriesPoint[]> {
  return useLiveQuery(() => readSeries(db, metric, key, from, to), [db, metric, key, from, to]);
}

/** The keys of a keyed metric present in the replica (custom event names, funnel ids). */
export function useSeriesKeys(db: ReplicaDb, metric: MetricId): Live<string[]> {
  return useLiveQuery(() => readKeys(db, metric), [db, metric]);
}

export function useHasData(db: ReplicaDb): Live<boolean> {
  return useLiveQuery(() => hasAnyPoint(db), [db]);
}

/**
 * The earliest day asked for so far, never moving later: a view that narrows its range keeps reading
 * what it already has (and slices it), and only a wider range reads more. null means "from the start".
 */
export function useWidestStart(needed: string | null): string | null {
  const [widest, setWidest] = useState<string | null>(needed);
  // Adjusting state while rendering (React's documented pattern) avoids one render with a stale read.
  if (widest !== null && (needed === null || needed < widest)) {
    setWidest(needed);
    return needed;
  }
  return widest;
}

export { useNow } from '../../components/use-now';
