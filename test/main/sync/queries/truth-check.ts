/**
 * Test helper: runs a plan's queries on the emulator's DuckDB engine and compares every parsed point
 * with the independently computed ground truth.
 */
import { expect } from 'vitest';
import type { MetricId, SeriesPoint, SyncPlanOptions } from '../../../../shared/metrics';
import { dayRange } from '../../../../shared/time';
import type { MetricQuery } from '../../../../src-main/sync/queries/plan';
import type { TruthDay } from '../../../posthog-emulator/dataset/ground-truth';
import type { HogQLEngine } from '../../../posthog-emulator/engine/types';

/** Runs every query (as the client would send it: text + values) and parses the answers. */
export async function runPlan(engine: HogQLEngine, queries: readonly MetricQuery[]): Promise<SeriesPoint[]> {
  const points: SeriesPoint[] = [];
  for (const query of queries) {
    const result = await engine.query({ query: query.hogql, values: query.values });
    expect(result.hasMore, query.id).toBe(false);
    const parsed = query.parse({ columns: result.columns, results: result.results });
    for (const p of parsed) expect(query.metrics, `${query.id} yields ${p.metric}`).toContain(p.metric);
    points.push(...parsed);
  }
  return points;
}

const pointId = (metric: MetricId, key: string, day: string) => `${metric}|${key}|${day}`;

/** Every point of the plan equals the truth, and the truth's every point is there. */
export function expectTruth(points: readonly SeriesPoint[], truth: readonly TruthDay[], options: SyncPlanOptions): void {
  const days = dayRange(options.from, options.to);
  const byDay = new Map(truth.map((t) => [t.day, t]));
  const got = new Map<string, number | null>();
  // Retention and funnel points are checked against their own truths (retention-check.ts, funnel-check.ts).
  for (const p of points) {
    if (p.metric.startsWith('posthog_retention_') || p.metric.startsWith('posthog_conversion_') || p.metric.startsWith('posthog_funnel_')) continue;
    const id = pointId(p.metric, p.key, p.day);
    expect(got.has(id), `duplicate point ${id}`).toBe(false);
    got.set(id, p.value);
  }
  const want = new Map<string, number | null>();
  const flagKeys = new Set<string>();
  for (const day of days) for (const key of Object.keys(byDay.get(day)?.flagEvaluations ?? {})) flagKeys.add(key);
  for (const day of days) {
    const t = byDay.get(day);
    if (t === undefined) throw new Error(`no truth for ${day}`);
    const put = (metric: MetricId, value: number | null, key = '') => want.set(pointId(metric, key, day), value);
    put('posthog_dau', t.dau);
    put('posthog_wau', t.wau);
    put('posthog_mau', t.mau);
    put('posthog_new_users', t.newUsers);
    put('posthog_events', t.events);
    put('posthog_pageviews', t.pageviews);
    put('posthog_errors', t.exceptions);
    put('posthog_sessions', t.sessions);
    put('posthog_session_duration', t.meanSessionDuration);
    put('posthog_feature_flags', t.activeFlags);
    put('posthog_flag_evaluations', t.flagEvaluationsTotal);
    for (const key of flagKeys) put('posthog_flag_evaluations', t.flagEvaluations[key] ?? 0, key);
    for (const name of options.customEvents) {
      const c = t.custom[name];
      if (c === undefined) throw new Error(`no truth for the custom event ${name}`);
      put('posthog_custom_event_count', c.count, name);
      put('posthog_custom_event_users', c.uniquePersons, name);
    }
  }
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [id, value] of want) {
    const actual = got.get(id);
    if (value === null) expect(actual, id).toBeNull();
    else if (id.startsWith('posthog_session_duration') || id.startsWith('posthog_conversion_rate')) {
      expect(actual, id).not.toBeNull();
      expect(actual as number, id).toBeCloseTo(value, 6);
    } else expect(actual, id).toBe(value);
  }
}

export function truthOptions(options: SyncPlanOptions): { customEvents: string[] } {
  return { customEvents: options.customEvents };
}
