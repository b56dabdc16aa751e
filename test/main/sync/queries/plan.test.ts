/**
 * Every HogQL string the plan can build: PostHog's parser accepts it, it calls only functions PostHog
 * exposes (none of the ClickHouse-only funnel/retention ones), its placeholders are exactly its values,
 * and user-chosen names only ever travel as values. Plus the plan's shape and its refusals.
 */
import { describe, expect, it } from 'vitest';
import { METRIC_IDS, type SyncPlanOptions } from '../../../../shared/metrics';
import { DEFAULT_RETENTION, type RetentionDefinition } from '../../../../shared/retention';
import { addDays } from '../../../../shared/time';
import { CUSTOM_EVENT_ROWS, MAX_CUSTOM_EVENTS, MAX_ROWS, MAX_WINDOW_DAYS } from '../../../../src-main/sync/queries/limits';
import type { FunnelDefinition, FunnelStep } from '../../../../shared/funnels';
import { funnelQuery } from '../../../../src-main/sync/queries/funnel';
import { buildSyncQueries, MAX_SYNC_QUERIES } from '../../../../src-main/sync/queries/plan';
import { planWindow } from '../../../../src-main/sync/queries/window';
import { FORBIDDEN_FUNCTIONS, inspectHogQL, posthogFunctionNames } from './hogql-check';

const AWKWARD = 'O\'Brien\'s "click" \\ ✓';
const UNICODE = 'ユーザー登録 🚀';
const CUSTOM = [AWKWARD, UNICODE, 'button_clicked'];
const FUNNEL: FunnelDefinition = {
  id: 'funnel-1',
  name: 'Paid',
  steps: [
    { event: AWKWARD, filter: null },
    { event: 'Paid "pro" plan', filter: { key: '$current_url', operator: 'icontains', value: UNICODE } },
  ],
  windowDays: 14,
};

/** The default retention (weekly, any event, first time) on a Sunday-start project, as an initial sync. */
const PLAIN = { retention: DEFAULT_RETENTION, weekStartDay: 0, kind: 'initial' } as const;
const NAMED_RETENTION: RetentionDefinition = { period: 'month', startEvent: AWKWARD, returnEvent: UNICODE, mode: 'recurring' };

const CASES: Record<string, SyncPlanOptions> = {
  'no custom events, no conversion': { ...PLAIN, from: '2026-10-21', to: '2026-11-20', customEvents: [], funnels: [] },
  '3 custom events (quotes, backslash, unicode)': { ...PLAIN, from: '2026-10-21', to: '2026-11-20', customEvents: CUSTOM, funnels: [] },
  'conversion configured, a refresh': { ...PLAIN, kind: 'refresh', from: '2026-11-13', to: '2026-11-20', customEvents: [], funnels: [FUNNEL] },
  'custom events and conversion': { ...PLAIN, from: '2026-10-21', to: '2026-11-20', customEvents: CUSTOM, funnels: [FUNNEL] },
  'a 1-day window': { ...PLAIN, from: '2026-11-01', to: '2026-11-01', customEvents: CUSTOM, funnels: [FUNNEL] },
  'a 90-day window': { ...PLAIN, from: addDays('2026-11-20', -89), to: '2026-11-20', customEvents: CUSTOM, funnels: [FUNNEL] },
  'monthly recurring retention between named events (quotes, unicode)': { ...PLAIN, retention: NAMED_RETENTION, from: '2026-10-21', to: '2026-11-20', customEvents: [], funnels: [] },
  'daily first-time retention from a named event, Monday weeks': {
    ...PLAIN,
    retention: { period: 'day', startEvent: 'signed_up', returnEvent: null, mode: 'first_time' },
    weekStartDay: 1,
    from: '2026-10-21',
    to: '2026-11-20',
    customEvents: [],
    funnels: [],
  },
  'weekly recurring retention, Monday weeks, a refresh': { ...PLAIN, retention: { ...DEFAULT_RETENTION, mode: 'recurring' }, weekStartDay: 1, kind: 'refresh', from: '2026-11-13', to: '2026-11-20', customEvents: [], funnels: [] },
  'the longest window, most custom events': {
    ...PLAIN,
    from: addDays('2026-11-20', -(MAX_WINDOW_DAYS - 1)),
    to: '2026-11-20',
    customEvents: Array.from({ length: MAX_CUSTOM_EVENTS }, (_, i) => `event ${i} '"\\`),
    funnels: [{ id: 'f', name: 'F', steps: [{ event: 'Checkout \\ ✓', filter: null }, { event: 'Checkout \\ ✓', filter: null }], windowDays: 1 }],
  },
};

const KNOWN = posthogFunctionNames();

describe.each(Object.entries(CASES))('%s', (_name, options) => {
  const queries = buildSyncQueries(options);

  it('has at most 5 queries with distinct ids, each metric from exactly one', () => {
    expect(queries.length).toBeLessThanOrEqual(MAX_SYNC_QUERIES);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
    const metrics = queries.flatMap((q) => q.metrics);
    expect(new Set(metrics).size).toBe(metrics.length);
    const expected = METRIC_IDS.filter(
      (m) => (options.customEvents.length > 0 || !m.startsWith('posthog_custom_event')) && (options.funnels.length > 0 || !(m.startsWith('posthog_conversion') || m.startsWith('posthog_funnel_'))),
    );
    expect([...metrics].sort()).toEqual([...expected].sort());
  });

  it.each(queries.map((q) => [q.id, q] as const))('%s: parses, calls only PostHog functions, placeholders = values', async (_id, query) => {
    const shape = await inspectHogQL(query.hogql);
    expect(shape.error).toBeNull();
    expect(shape.calls.length).toBeGreaterThan(0);
    expect(shape.calls.filter((name) => !KNOWN.has(name))).toEqual([]);
    for (const forbidden of FORBIDDEN_FUNCTIONS) {
      expect(shape.calls).not.toContain(forbidden);
      expect(query.hogql).not.toContain(forbidden);
    }
    expect([...new Set(shape.placeholders)].sort()).toEqual(Object.keys(query.values).sort());
    // Values are plain JSON: strings, finite numbers, arrays of strings.
    for (const value of Object.values(query.values)) {
      const ok =
        typeof value === 'string' ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        (Array.isArray(value) && value.every((v) => typeof v === 'string'));
      expect(ok, JSON.stringify(value)).toBe(true);
    }
  });

  it('user-chosen names appear only in values, never in the HogQL text', () => {
    const names = [...options.customEvents, ...options.funnels.flatMap((f) => f.steps.flatMap((step) => [step.event, ...(step.filter === null ? [] : [step.filter.value])]))];
    for (const query of queries) {
      for (const name of names) expect(query.hogql.includes(name), `${query.id} contains ${name}`).toBe(false);
      expect(query.hogql).not.toMatch(/O'Brien|ユーザー|Paid "pro"/);
    }
    const values = JSON.stringify(queries.map((q) => q.values));
    for (const name of names) expect(values).toContain(JSON.stringify(name).slice(1, -1));
  });

  it('states a LIMIT within PostHog’s cap for every SELECT that returns rows', () => {
    for (const query of queries) {
      const limits = [...query.hogql.matchAll(/LIMIT (\d+)/g)].map((m) => Number(m[1]));
      const unions = query.hogql.split('UNION ALL').length;
      expect(limits.length, query.id).toBe(unions);
      expect(limits.reduce((a, b) => a + b, 0), query.id).toBeLessThanOrEqual(query.id === 'active-users' ? 2 * MAX_ROWS : MAX_ROWS);
    }
  });

  it('filters on timestamp ranges that PostHog can prune on', () => {
    for (const query of queries) {
      expect(query.hogql, query.id).toMatch(/timestamp >= toDateTime\(\{\w+\}\) AND timestamp < toDateTime\(\{\w+\}\)|timestamp < toDateTime\(\{scan_end\}\)/);
      for (const [key, value] of Object.entries(query.values)) {
        if (key.endsWith('scan_start') || key.endsWith('scan_end')) expect(value, key).toMatch(/^\d{4}-\d{2}-\d{2} 00:00:00$/);
      }
    }
  });
});

describe('the plan', () => {
  const base: SyncPlanOptions = { ...PLAIN, from: '2026-11-01', to: '2026-11-07', customEvents: [], funnels: [] };

  it('is 4 queries without a funnel, 5 with one (the flag list makes 6 requests)', () => {
    expect(buildSyncQueries(base).map((q) => q.id)).toEqual(['activity', 'active-users', 'breakdowns', 'retention']);
    expect(buildSyncQueries({ ...base, funnels: [FUNNEL] }).map((q) => q.id)).toEqual(['activity', 'active-users', 'breakdowns', 'retention', 'funnel:funnel-1']);
  });

  it('passes the window as local days and local midnights, with history for the rolling metrics', () => {
    const [activity, activeUsers] = buildSyncQueries(base);
    expect(activity?.values).toEqual({
      from_day: '2026-11-01',
      to_day: '2026-11-07',
      scan_start: '2026-10-31 00:00:00',
      scan_end: '2026-11-09 00:00:00',
      // Sessions: two more days each side, for sessions running across the window's edges.
      session_scan_start: '2026-10-30 00:00:00',
      session_scan_end: '2026-11-10 00:00:00',
    });
    expect(activeUsers?.values).toMatchObject({ history_from: '2026-10-03', history_scan_start: '2026-10-02 00:00:00' });
    const funnel = buildSyncQueries({ ...base, funnels: [FUNNEL] })[4];
    expect(funnel?.values).toMatchObject({ e0: AWKWARD, e1: 'Paid "pro" plan', k1: '$current_url', v1: UNICODE, window_hours: 14 * 24, steps_scan_end: '2026-11-24 00:00:00' });
  });

  it('refuses what it cannot answer faithfully, with a clear error', () => {
    expect(() => buildSyncQueries({ ...base, from: '2026-11-08' })).toThrow(/2026-11-08 is after 2026-11-07/);
    expect(() => buildSyncQueries({ ...base, from: '2026-02-30' })).toThrow(/not a YYYY-MM-DD day/);
    expect(() => buildSyncQueries({ ...base, from: addDays(base.to, -MAX_WINDOW_DAYS) })).toThrow(/at most 366 days/);
    const many = Array.from({ length: MAX_CUSTOM_EVENTS + 1 }, (_, i) => `e${i}`);
    expect(() => buildSyncQueries({ ...base, customEvents: many })).toThrow(/at most 25 custom events; 26 are chosen/);
    expect(() => buildSyncQueries({ ...base, customEvents: ['a', ''] })).toThrow(/empty/);
    expect(() => buildSyncQueries({ ...base, customEvents: ['a', 'a'] })).toThrow(/"a" is chosen twice/);
    expect(() => buildSyncQueries({ ...base, funnels: [{ ...FUNNEL, windowDays: 0 }] })).toThrow(/whole number of days/);
    expect(() => buildSyncQueries({ ...base, funnels: [{ ...FUNNEL, windowDays: 1.5 }] })).toThrow(/whole number of days/);
    expect(() => buildSyncQueries({ ...base, funnels: [{ ...FUNNEL, steps: [{ event: 'a', filter: null }] }] })).toThrow(/2 to 5 steps/);
    expect(() => buildSyncQueries({ ...base, funnels: [{ ...FUNNEL, steps: [{ event: 'a', filter: null }, { event: '', filter: null }] }] })).toThrow(/empty event/);
    expect(() => buildSyncQueries({ ...base, funnels: [FUNNEL, FUNNEL] })).toThrow(/repeated/);
    expect(() => buildSyncQueries({ ...base, retention: { ...DEFAULT_RETENTION, returnEvent: '' } })).toThrow(/retention start or return event is empty/);
  });

  it('keeps the custom-event rows within their branch LIMIT at the largest plan', () => {
    expect(MAX_WINDOW_DAYS * MAX_CUSTOM_EVENTS).toBeLessThanOrEqual(CUSTOM_EVENT_ROWS);
  });
});

describe('funnel queries', () => {
  const steps = (...events: string[]): FunnelStep[] => events.map((event) => ({ event, filter: null }));
  const FUNNELS: Record<string, FunnelDefinition> = {
    '2 steps': { id: 'f2', name: 'Two', steps: steps('signed_up', 'subscription_started'), windowDays: 14 },
    '3 steps, a contains filter with quotes and unicode': {
      id: 'f3',
      name: 'Three',
      steps: [{ event: '$pageview', filter: { key: '$current_url', operator: 'icontains', value: AWKWARD } }, ...steps(UNICODE, 'Paid "pro" plan')],
      windowDays: 1,
    },
    '5 steps, every operator, the same event twice': {
      id: 'f5',
      name: 'Five',
      steps: [
        { event: AWKWARD, filter: { key: 'plan \' "x"', operator: 'exact', value: 'pro plan ✓' } },
        { event: AWKWARD, filter: { key: 'plan_tier_✓', operator: 'is_not', value: UNICODE } },
        { event: 'step_b_✓', filter: { key: '$current_url', operator: 'not_icontains', value: '/docs' } },
        ...steps('step_c_✓', 'step_c_✓'),
      ],
      windowDays: 365,
    },
  };
  it.each(Object.entries(FUNNELS))('%s: parses, calls only PostHog functions, names travel as values only', async (_name, funnel) => {
    const query = funnelQuery(planWindow('2026-10-21', '2026-11-20'), funnel);
    const shape = await inspectHogQL(query.hogql);
    expect(shape.error).toBeNull();
    expect(shape.calls.filter((name) => !KNOWN.has(name))).toEqual([]);
    for (const forbidden of FORBIDDEN_FUNCTIONS) expect(shape.calls).not.toContain(forbidden);
    expect([...new Set(shape.placeholders)].sort()).toEqual(Object.keys(query.values).sort());
    for (const step of funnel.steps) {
      expect(query.hogql).not.toContain(step.event);
      if (step.filter !== null) expect(query.hogql).not.toContain(step.filter.value);
    }
  });
});
