/**
 * The replica's history of the metric a rule watches, read once per metric (not per keystroke): the
 * backtest re-runs on it as the rule is edited, and the read re-runs only when the metric changes or
 * the replicator writes to it.
 */
import { evaluationMetrics, groupPoints, type PointsOf } from '../../../shared/alerts/series';
import type { MetricId } from '../../../shared/metrics';
import { readMetric } from '../../db/read';
import type { ReplicaDb } from '../../db/replica-db';
import { useLiveQuery, type Live } from '../../db/use-live-query';

export interface CachedPoints {
  pointsOf: PointsOf;
  /** The first day the replica holds for the metric (any key), or null when it holds nothing. */
  firstDay: string | null;
}

export async function readCachedPoints(db: ReplicaDb, metric: MetricId): Promise<CachedPoints> {
  const lists = await Promise.all(evaluationMetrics(metric).map((m) => readMetric(db, m)));
  const grouped = groupPoints(lists.flat());
  let firstDay: string | null = null;
  for (const p of lists[0] ?? []) if (firstDay === null || p.day < firstDay) firstDay = p.day;
  return { pointsOf: (m) => grouped.get(m), firstDay };
}

export function useCachedPoints(db: ReplicaDb, metric: MetricId): Live<CachedPoints> {
  return useLiveQuery(() => readCachedPoints(db, metric), [db, metric]);
}
