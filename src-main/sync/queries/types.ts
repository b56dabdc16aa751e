/**
 * What every Sightline HogQL query is: the text, its placeholder values, the metrics it yields and
 * how to turn PostHog's answer into series points.
 */
import type { MetricId, SeriesPoint } from '../../../shared/metrics';

/** The part of PostHog's HogQLQueryResponse a query reads. */
export interface MetricQueryResult {
  columns: string[];
  results: unknown[][];
}

/** Days of some of a query's metrics that a sync replaces (every point of them in `from`..`to`). */
export interface MetricWrite {
  from: string;
  to: string;
  metrics: MetricId[];
}

export interface MetricQuery {
  /** Stable id: 'activity', 'active-users', 'breakdowns', 'retention', 'conversion'. */
  id: string;
  hogql: string;
  /** `HogQLQuery.values`: every `{placeholder}` of `hogql`. User-chosen names only ever travel here. */
  values: Record<string, unknown>;
  /** The metrics this query yields, all their points for every day of the window (no other query yields them). */
  metrics: MetricId[];
  /**
   * What a sync replaces when the query reaches beyond the window's days (the retention table, Day-N
   * cohorts): disjoint groups covering `metrics`. Absent: all of `metrics` over the window.
   */
  writes?: MetricWrite[];
  /** Validates the answer (zod) and returns every point of the window; throws `MetricQueryError` when it does not fit. */
  parse(result: MetricQueryResult): SeriesPoint[];
}

/** PostHog's answer to one query did not have the expected shape. */
export class MetricQueryError extends Error {
  constructor(
    readonly queryId: string,
    detail: string,
  ) {
    super(`The ${queryId} query's result is not what Sightline expects: ${detail}`);
    this.name = 'MetricQueryError';
  }
}
