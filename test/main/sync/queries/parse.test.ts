/**
 * Reading PostHog's answers: zod-checked rows, every day of the window filled as the metric's
 * definition says, and a `MetricQueryError` naming the query for anything that does not fit.
 */
import { describe, expect, it } from 'vitest';
import type { SeriesPoint, SyncPlanOptions } from '../../../../shared/metrics';
import { DEFAULT_RETENTION } from '../../../../shared/retention';
import { FLAG_ROWS } from '../../../../src-main/sync/queries/limits';
import { funnelQuery } from '../../../../src-main/sync/queries/funnel';
import { buildSyncQueries, MetricQueryError, type MetricQuery } from '../../../../src-main/sync/queries/plan';
import { planWindow } from '../../../../src-main/sync/queries/window';

const OPTIONS: SyncPlanOptions = {
  retention: DEFAULT_RETENTION,
  weekStartDay: 0,
  kind: 'initial',
  from: '2026-11-01',
  to: '2026-11-03',
  customEvents: ['signed_up', 'O\'Brien "x" ✓'],
  funnels: [],
};
const DAYS = ['2026-11-01', '2026-11-02', '2026-11-03'];

function query(id: string, options: SyncPlanOptions = OPTIONS): MetricQuery {
  const found = buildSyncQueries(options).find((q) => q.id === id);
  if (found === undefined) throw new Error(`no ${id} query`);
  return found;
}

const parse = (id: string, results: unknown[][], options?: SyncPlanOptions) => query(id, options).parse({ columns: [], results });

/** `metric/key` → values in day order. */
function table(points: SeriesPoint[]): Record<string, (number | null)[]> {
  const out: Record<string, (number | null)[]> = {};
  for (const p of points) {
    const id = p.key === '' ? p.metric : `${p.metric}/${p.key}`;
    (out[id] ??= new Array<number | null>(DAYS.length).fill(-1))[DAYS.indexOf(p.day)] = p.value;
  }
  return out;
}

function expectRejected(id: string, results: unknown, message: RegExp): void {
  let error: unknown;
  try {
    query(id).parse({ columns: [], results: results as unknown[][] });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(MetricQueryError);
  expect((error as MetricQueryError).queryId).toBe(id);
  expect((error as Error).message).toContain(`The ${id} query`);
  expect((error as Error).message).toMatch(message);
}

describe('activity', () => {
  const E = (day: unknown, ...n: unknown[]): unknown[] => ['events', day, ...n, 0];
  it('fills days without events with 0 and reads counts sent as numbers or digit strings', () => {
    expect(table(parse('activity', [E('2026-11-02', 5, '120', 40, 0)]))).toEqual({
      posthog_dau: [0, 5, 0],
      posthog_events: [0, 120, 0],
      posthog_pageviews: [0, 40, 0],
      posthog_errors: [0, 0, 0],
      posthog_sessions: [0, 0, 0],
      posthog_session_duration: [null, null, null],
    });
    expect(parse('activity', [])).toHaveLength(6 * DAYS.length);
  });

  it('gives 0 sessions and a null duration on days without sessions, float seconds otherwise', () => {
    const points = parse('activity', [['sessions', '2026-11-01', 3, 0, 0, 0, 61.5], ['sessions', '2026-11-02', 1, 0, 0, 0, 0], E('2026-11-02', 1, 2, 0, 0)]);
    expect(table(points)).toMatchObject({ posthog_sessions: [3, 1, 0], posthog_session_duration: [61.5, 0, null], posthog_events: [0, 2, 0] });
  });

  it('rejects rows of the wrong arity or types, days outside the window, duplicates, unknown branches', () => {
    expectRejected('activity', [['events', '2026-11-02', 5, 120, 40, 0]], /row 0/);
    expectRejected('activity', [[...E('2026-11-02', 5, 120, 40, 0), 1]], /row 0/);
    expectRejected('activity', [E('2026-11-02', -1, 120, 40, 0)], /row 0/);
    expectRejected('activity', [E('2026-11-02', 1.5, 120, 40, 0)], /row 0/);
    expectRejected('activity', [E('2026-11-02', 'many', 120, 40, 0)], /row 0/);
    expectRejected('activity', [E('2026-11-02T00:00:00Z', 1, 1, 1, 0)], /YYYY-MM-DD/);
    expectRejected('activity', [E(null, 1, 1, 1, 0)], /row 0/);
    expectRejected('activity', [E('2026-10-31', 1, 1, 1, 0)], /outside 2026-11-01\.\.2026-11-03/);
    expectRejected('activity', [E('2026-11-02', 1, 1, 1, 0), E('2026-11-02', 1, 1, 1, 0)], /two posthog_dau rows/);
    expectRejected('activity', [['sessions', '2026-11-01', 3, 0, 0, 0, 'long']], /row 0/);
    expectRejected('activity', [['weekly', '2026-11-01', 3, 0, 0, 0, 1]], /row 0/);
    expectRejected('activity', 'nope', /results/);
    expectRejected('activity', [{ day: '2026-11-02' }], /results/);
  });
});

describe('active-users', () => {
  it('reads the rolling and new-user branches, 0 elsewhere', () => {
    const points = parse('active-users', [
      ['rolling', '2026-11-01', 10, 30],
      ['rolling', '2026-11-03', 12, 31],
      ['new', '2026-11-03', 4, 0],
    ]);
    expect(table(points)).toEqual({ posthog_wau: [10, 0, 12], posthog_mau: [30, 0, 31], posthog_new_users: [0, 0, 4] });
  });

  it('rejects an unknown branch', () => {
    expectRejected('active-users', [['weekly', '2026-11-01', 10, 30]], /row 0/);
  });
});

describe('breakdowns', () => {
  it('derives active flags and total evaluations; a flag seen once gets 0 on its other days', () => {
    const points = parse('breakdowns', [
      ['flag', '2026-11-01', 'beta', 5, 0],
      ['flag', '2026-11-01', 'new-nav', 2, 0],
      ['flag', '2026-11-02', 'beta', 7, 0],
      ['flag', '2026-11-02', '', 1, 0],
      ['event', '2026-11-02', 'O\'Brien "x" ✓', 9, 3],
    ]);
    expect(table(points)).toEqual({
      posthog_feature_flags: [2, 2, 0],
      posthog_flag_evaluations: [7, 8, 0],
      'posthog_flag_evaluations/beta': [5, 7, 0],
      'posthog_flag_evaluations/new-nav': [2, 0, 0],
      'posthog_custom_event_count/signed_up': [0, 0, 0],
      'posthog_custom_event_users/signed_up': [0, 0, 0],
      'posthog_custom_event_count/O\'Brien "x" ✓': [0, 9, 0],
      'posthog_custom_event_users/O\'Brien "x" ✓': [0, 3, 0],
    });
  });

  it('without custom events yields only the flag series', () => {
    const points = parse('breakdowns', [], { ...OPTIONS, customEvents: [] });
    expect(table(points)).toEqual({ posthog_feature_flags: [0, 0, 0], posthog_flag_evaluations: [0, 0, 0] });
  });

  it('rejects an event that was not asked for, and a possibly truncated flag breakdown', () => {
    expectRejected('breakdowns', [['event', '2026-11-02', 'other', 1, 1]], /"other", which was not asked for/);
    const many = Array.from({ length: FLAG_ROWS + 1 }, (_, i) => ['flag', DAYS[i % 3], `flag-${Math.floor(i / 3)}`, 1, 0]);
    expectRejected('breakdowns', many, /truncated/);
  });
});

describe('retention', () => {
  // Weekly, Sunday weeks, initial: the table's cohorts are the 8 weeks 2026-09-13 … 2026-11-01 (today 2026-11-03).
  const value = (points: SeriesPoint[], metric: string, key: string, day: string): number | null | undefined => points.find((p) => p.metric === metric && p.key === key && p.day === day)?.value;

  it('fills the table with zeros up to the current period, and leaves Day-N rates open until day X + N is over', () => {
    const points = parse('retention', [
      ['cohort', '2026-10-25', '2026-10-25', 10],
      ['cell', '2026-10-25', '2026-11-01', 4],
      ['first_seen', '2026-11-01', '2026-11-01', '8'],
      ['first_seen', '2026-11-02', '2026-11-02', 5],
      ['day_return', '2026-11-01', '2026-11-02', 2],
    ]);
    expect(value(points, 'posthog_retention_cohort', '', '2026-10-25')).toBe(10);
    expect(value(points, 'posthog_retention_cohort', '', '2026-09-13')).toBe(0);
    expect(value(points, 'posthog_retention_returned', '1', '2026-11-01')).toBe(4);
    // Cohort 2026-09-13, 7 weeks later: the oldest cohort's last cell; nothing later exists yet.
    expect(value(points, 'posthog_retention_returned', '7', '2026-11-01')).toBe(0);
    expect(points.filter((p) => p.metric === 'posthog_retention_returned')).toHaveLength(28);
    expect(points.some((p) => p.day > '2026-11-03')).toBe(false);
    expect(value(points, 'posthog_retention_d1', '', '2026-11-01')).toBe(0.25);
    expect(value(points, 'posthog_retention_d1', '', '2026-11-02')).toBeNull(); // 2026-11-03 is today: not over
    expect(value(points, 'posthog_retention_d1', '', '2026-10-31')).toBeNull(); // nobody first seen that day
    expect(value(points, 'posthog_retention_day_cohort', '', '2026-10-31')).toBe(0);
    expect(value(points, 'posthog_retention_d30', '', '2026-10-02')).toBeNull();
    expect(value(points, 'posthog_retention_d30', '', '2026-10-01')).toBeUndefined(); // before what this sync replaces
  });

  it('rejects a return inside the cohort\'s own period, rows outside the table, impossible counts, duplicates', () => {
    expectRejected('retention', [['cell', '2026-10-25', '2026-10-25', 1]], /outside the table/);
    expectRejected('retention', [['cell', '2026-10-25', '2026-10-28', 1]], /outside the table/); // not a period start
    expectRejected('retention', [['cohort', '2026-09-06', '2026-09-06', 1]], /not a cohort this sync replaces/);
    expectRejected('retention', [['cohort', '2026-10-25', '2026-10-25', 1], ['cell', '2026-10-25', '2026-11-01', 2]], /2 of a cohort of 1 returned/);
    expectRejected('retention', [['day_return', '2026-10-20', '2026-10-22', 1]], /not a D1\/D7\/D30 pair/);
    expectRejected('retention', [['first_seen', '2026-11-01', '2026-11-01', 1], ['day_return', '2026-11-01', '2026-11-02', 3]], /3 of 1 persons first seen/);
    expectRejected('retention', [['first_seen', '2026-11-01', '2026-11-01', 1], ['first_seen', '2026-11-01', '2026-11-01', 1]], /two first-seen rows/);
    expectRejected('retention', [['retained', '2026-11-01', '2026-11-01', 1]], /row 0/);
  });
});

describe('funnel', () => {
  // 3 steps, window 2 days: per-day series from 2026-10-30 (the window's first day − 2) to 2026-11-03.
  const funnel = funnelQuery(planWindow('2026-11-01', '2026-11-03'), { id: 'f', name: 'F', steps: [{ event: 'a', filter: null }, { event: 'b', filter: null }, { event: 'c', filter: null }], windowDays: 2 });
  const parseFunnel = (results: unknown[][]) => funnel.parse({ columns: [], results });
  const value = (points: SeriesPoint[], metric: string, key: string, day: string) => points.find((p) => p.metric === metric && p.key === key && p.day === day)?.value;

  it('sums persons by furthest step into entries, conversions and per-step totals; medians as sent', () => {
    const points = parseFunnel([
      ['day', '2026-11-02', 0, 1, 5, 0],
      ['day', '2026-11-02', 0, 2, 3, 0],
      ['day', '2026-11-02', 0, 3, 2, 0],
      ['steps', '2026-11-03', 7, 1, 6, 0],
      ['steps', '2026-11-03', 7, 3, 2, 0],
      ['time', '2026-11-03', 7, 2, 2, 90.5],
      ['time', '2026-11-03', 7, 3, 2, 3600],
    ]);
    expect(value(points, 'posthog_conversion_entered', 'f', '2026-11-02')).toBe(10);
    expect(value(points, 'posthog_conversion_converted', 'f', '2026-11-02')).toBe(2);
    expect(value(points, 'posthog_conversion_rate', 'f', '2026-11-02')).toBe(0.2);
    expect(value(points, 'posthog_conversion_rate', 'f', '2026-10-30')).toBeNull();
    expect(value(points, 'posthog_funnel_total', 'f:7:1', '2026-11-03')).toBe(8);
    expect(value(points, 'posthog_funnel_total', 'f:7:2', '2026-11-03')).toBe(2);
    expect(value(points, 'posthog_funnel_time', 'f:7:2', '2026-11-03')).toBe(90.5);
    expect(value(points, 'posthog_funnel_total', 'f:30:1', '2026-11-03')).toBe(0);
    expect(value(points, 'posthog_funnel_time', 'f:30:2', '2026-11-03')).toBeNull();
  });

  it('rejects steps the funnel does not have, days outside what it replaces, duplicates, a missing median', () => {
    const rejects = (rows: unknown[][], message: RegExp) => expect(() => parseFunnel(rows)).toThrow(message);
    rejects([['day', '2026-11-02', 0, 4, 1, 0]], /step 4 of a 3-step funnel/);
    rejects([['day', '2026-10-29', 0, 1, 1, 0]], /outside 2026-10-30\.\.2026-11-03/);
    rejects([['steps', '2026-11-03', 14, 1, 1, 0]], /over 14 days/);
    rejects([['day', '2026-11-02', 0, 1, 1, 0], ['day', '2026-11-02', 0, 1, 2, 0]], /two rows for step 1/);
    rejects([['steps', '2026-11-03', 7, 2, 1, 0]], /no median time for step 2 over 7 days/);
    rejects([['time', '2026-11-03', 7, 2, 1, -1]], /median time of -1/);
  });
});
