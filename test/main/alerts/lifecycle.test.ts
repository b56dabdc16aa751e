/**
 * One rule across evaluations (stepRule), with a fake clock and hand-built series: which days are
 * looked at, when a founder is notified (once per incident, never in a cool-down or a snooze), when a
 * recovery is announced, and what state the rule shows. Every runtime, state, history event and
 * notification that comes out must also pass the schemas main stores and sends them with.
 */
import { describe, expect, it } from 'vitest';
import type { SeriesInput } from '../../../shared/alerts/evaluate';
import type { AlertRule } from '../../../shared/alerts/rule';
import { AlertEventSchema, AlertNotificationSchema, RuleStateSchema } from '../../../shared/alerts/status';
import type { MetricId } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';
import { CATCH_UP_DAYS, NEW_RUNTIME, RuleRuntimeSchema, stepRule, type RuleInputs, type RuleRuntime, type StepContext, type StepResult } from '../../../src-main/alerts/lifecycle';

const HOUR = 3_600_000;
/** An instant on a day (UTC hours; the project's "today" is given separately). */
const at = (day: string, hourUtc = 15): number => Date.parse(`${day}T${String(hourUtc).padStart(2, '0')}:00:00Z`);

/** DAU below 50 (100 = an ordinary day, 10 = a breaching one). */
function rule(over: Partial<AlertRule> = {}): AlertRule {
  return {
    id: 'r1',
    name: 'DAU low',
    createdAt: '2026-11-01T00:00:00.000Z',
    snoozedUntil: null,
    target: { metric: 'posthog_dau', key: '' },
    condition: { kind: 'threshold', direction: 'below', value: 50 },
    evaluation: { consecutiveDays: 1, minVolume: 0, includePartialDay: false },
    severity: 'critical',
    enabled: true,
    notifyResolved: true,
    cooldownHours: 0,
    template: null,
    ...over,
  };
}

/** 100 every day from 2026-10-01 to 2026-11-30, except the days given. */
function daily(overrides: Record<string, number | null> = {}): SeriesInput {
  const values = new Map<string, number | null>(dayRange('2026-10-01', '2026-11-30').map((d) => [d, 100]));
  for (const [day, value] of Object.entries(overrides)) values.set(day, value);
  return { values };
}
const only = (input: SeriesInput | null): RuleInputs => new Map([['', input]]);

function ctx(today: string, nowMs = at(today), failed: MetricId[] = []): StepContext {
  return { today, nowMs, locale: 'en-US', failedMetrics: new Set(failed) };
}

/** stepRule, checked against the schemas its output is stored and sent with. */
function step(r: AlertRule, runtime: RuleRuntime, inputs: RuleInputs, context: StepContext): StepResult {
  const result = stepRule(r, runtime, inputs, context);
  RuleRuntimeSchema.parse(result.runtime);
  RuleStateSchema.parse(result.state);
  for (const e of result.events) AlertEventSchema.parse({ id: 'e', ...e });
  for (const n of result.notifications) AlertNotificationSchema.parse({ id: 'n', ...n });
  return result;
}

/** A rule evaluated again and again, remembering its runtime like the alert service does. */
function live(r: AlertRule) {
  let runtime: RuleRuntime = NEW_RUNTIME;
  return {
    step(inputs: RuleInputs, context: StepContext, current: AlertRule = r): StepResult {
      const result = step(current, runtime, inputs, context);
      runtime = result.runtime;
      return result;
    },
    get runtime() {
      return runtime;
    },
  };
}

const eventsOf = (result: StepResult): string[] => result.events.map((e) => `${e.kind} ${e.key} ${e.day}${e.notified ? ' notified' : ''}${e.suppressed === null ? '' : ` (${e.suppressed})`}`);
const noticesOf = (result: StepResult): string[] => result.notifications.map((n) => `${n.kind} ${n.day}: ${n.title} — ${n.body}`);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('which days a rule looks at', () => {
  it('a new rule evaluates only the latest complete day (its backtest showed the past)', () => {
    // 11-15 breached too, but before the rule existed.
    const result = step(rule(), NEW_RUNTIME, only(daily({ '2026-11-15': 10, '2026-11-19': 10 })), ctx('2026-11-20'));
    expect(eventsOf(result)).toEqual(['fired  2026-11-19 notified']);
    expect(result.events[0]).toMatchObject({ ruleId: 'r1', ruleName: 'DAU low', severity: 'critical', metric: 'posthog_dau', incidentStart: '2026-11-19', value: 10, reference: 50, change: -0.8, text: 'DAU at 10 — below 50', recordedAt: new Date(at('2026-11-20')).toISOString() });
    expect(result.notifications).toEqual([
      { ruleId: 'r1', kind: 'fired', severity: 'critical', title: 'DAU low', body: 'DAU at 10 — below 50 · Thu, Nov 19', metric: 'posthog_dau', key: '', day: '2026-11-19' },
    ]);
    expect(result.runtime.lastEvaluatedDay).toBe('2026-11-19');
  });

  it("today's partial day is left out, unless the rule includes it", () => {
    const input = only(daily({ '2026-11-20': 10 }));
    expect(step(rule(), NEW_RUNTIME, input, ctx('2026-11-20')).state).toMatchObject({ status: 'ok', day: '2026-11-19' });
    const partial = step(rule({ evaluation: { consecutiveDays: 1, minVolume: 0, includePartialDay: true } }), NEW_RUNTIME, input, ctx('2026-11-20'));
    expect(eventsOf(partial)).toEqual(['fired  2026-11-20 notified']);
  });

  it('later evaluations catch up every day since the last one, in order, so a drop while the laptop slept is caught on its day', () => {
    const input = only(daily({ '2026-11-13': 10, '2026-11-16': 10, '2026-11-17': 10 }));
    const r = live(rule());
    r.step(input, ctx('2026-11-13')); // evaluates 11-12: OK
    const result = r.step(input, ctx('2026-11-20')); // 11-12 … 11-19
    expect(eventsOf(result)).toEqual(['fired  2026-11-13 notified', 'resolved  2026-11-14', 'fired  2026-11-16 notified', 'resolved  2026-11-18']);
    // Both incidents in one notification; no resolved notices (each opened and closed in this catch-up).
    expect(noticesOf(result)).toEqual(['fired 2026-11-13: DAU low — DAU at 10 — below 50 · Fri, Nov 13 — and 1 more']);
    expect(result.events.filter((e) => e.kind === 'resolved').map((e) => [e.notified, e.suppressed])).toEqual([[false, null], [false, null]]);
    expect(result.state).toMatchObject({ status: 'resolved', day: '2026-11-19', message: 'DAU is back to 100 on Wed, Nov 18' });
  });

  it(`after a long sleep, only the last ${CATCH_UP_DAYS} days are caught up (what a refresh rewrites)`, () => {
    const input = only(daily({ '2026-11-12': 10, '2026-11-13': 10 }));
    const r = live(rule());
    r.step(input, ctx('2026-11-02'));
    // 11-20: the days evaluated are 11-13 … 11-19; the incident that began 11-12 is seen from 11-13.
    const result = r.step(input, ctx('2026-11-20'));
    expect(eventsOf(result)).toEqual(['fired  2026-11-13 notified', 'resolved  2026-11-14']);
  });

  it('a clock that went back evaluates the latest day only', () => {
    const input = only(daily({ '2026-11-10': 10 }));
    const r = live(rule());
    r.step(input, ctx('2026-11-20'));
    const result = r.step(input, ctx('2026-11-11'));
    expect(eventsOf(result)).toEqual(['fired  2026-11-10 notified']);
    expect(result.runtime.lastEvaluatedDay).toBe('2026-11-10');
  });

  it('a 3-day rule fires on a new rule\'s first day when the two days before also breached', () => {
    const input = only(daily({ '2026-11-17': 10, '2026-11-18': 20, '2026-11-19': 30 }));
    const result = step(rule({ evaluation: { consecutiveDays: 3, minVolume: 0, includePartialDay: false } }), NEW_RUNTIME, input, ctx('2026-11-20'));
    expect(noticesOf(result)).toEqual(['fired 2026-11-19: DAU low — DAU at 30 — below 50 (3 days in a row) · Thu, Nov 19']);
  });
});

describe('an incident notifies once', () => {
  it('evaluating the same day again (every sync) never notifies twice', () => {
    const input = only(daily({ '2026-11-19': 10 }));
    const r = live(rule());
    expect(r.step(input, ctx('2026-11-20', at('2026-11-20', 9))).notifications).toHaveLength(1);
    for (const hour of [12, 15, 21]) {
      const again = r.step(input, ctx('2026-11-20', at('2026-11-20', hour)));
      expect(again.events).toEqual([]);
      expect(again.notifications).toEqual([]);
      expect(again.state).toMatchObject({ status: 'firing', firing: [{ key: '', since: '2026-11-19', text: 'DAU at 10 — below 50' }] });
    }
    // Still open the next days: nothing new either.
    const next = r.step(only(daily({ '2026-11-19': 10, '2026-11-20': 10 })), ctx('2026-11-21'));
    expect(next.events).toEqual([]);
    expect(next.state.firing).toEqual([{ key: '', since: '2026-11-19', text: 'DAU at 10 — below 50' }]);
  });

  it('a day flipping back and forth with late data never fires it again (dedupe: series + first day)', () => {
    const r = live(rule());
    const fired = r.step(only(daily({ '2026-11-19': 10 })), ctx('2026-11-20', at('2026-11-20', 9)));
    expect(noticesOf(fired)).toEqual(['fired 2026-11-19: DAU low — DAU at 10 — below 50 · Thu, Nov 19']);
    // Late events lift 11-19 above the threshold: it recovered.
    const lifted = r.step(only(daily({ '2026-11-19': 60 })), ctx('2026-11-20', at('2026-11-20', 12)));
    expect(eventsOf(lifted)).toEqual(['resolved  2026-11-19 notified']);
    // A correction brings it back down: the same incident, already told.
    const back = r.step(only(daily({ '2026-11-19': 10 })), ctx('2026-11-20', at('2026-11-20', 15)));
    expect(back.events).toEqual([]);
    expect(back.notifications).toEqual([]);
    expect(back.state).toMatchObject({ status: 'firing', firing: [{ key: '', since: '2026-11-19' }] });
    expect(back.runtime.fired).toEqual(['|2026-11-19']);
  });

  it('remembers at most 500 incidents, forgetting the oldest', () => {
    const old = dayRange('2025-01-01', '2026-12-31').slice(0, 500).map((d) => `|${d}`);
    const runtime: RuleRuntime = { lastEvaluatedDay: '2026-11-18', keys: {}, fired: old };
    const result = step(rule(), runtime, only(daily({ '2026-11-19': 10 })), ctx('2026-11-20'));
    expect(result.notifications).toHaveLength(1);
    expect(result.runtime.fired).toHaveLength(500);
    expect(result.runtime.fired.at(-1)).toBe('|2026-11-19');
    expect(result.runtime.fired[0]).toBe(old[1]);
  });

  it('never changes the runtime it was given', () => {
    const r = live(rule());
    r.step(only(daily({ '2026-11-19': 10 })), ctx('2026-11-20'));
    const before = deepFreeze(structuredClone(r.runtime));
    const frozen = deepFreeze(structuredClone(r.runtime));
    step(rule(), frozen, only(daily({ '2026-11-19': 10, '2026-11-21': 10 })), ctx('2026-11-23'));
    expect(frozen).toEqual(before);
  });
});

describe('cool-down', () => {
  // Breaches on 11-18, 11-20 and 11-22; a 48-hour cool-down; no resolved notices.
  const input = only(daily({ '2026-11-18': 10, '2026-11-20': 10, '2026-11-22': 10 }));
  const coolRule = rule({ cooldownHours: 48, notifyResolved: false });

  it('a new incident within the cool-down is recorded as "cooldown" and not notified; after it, one is', () => {
    const r = live(coolRule);
    const first = r.step(input, ctx('2026-11-19', at('2026-11-19', 12)));
    expect(eventsOf(first)).toEqual(['fired  2026-11-18 notified']);
    // 42 hours later.
    const second = r.step(input, ctx('2026-11-21', at('2026-11-21', 6)));
    expect(eventsOf(second)).toEqual(['resolved  2026-11-19', 'fired  2026-11-20 (cooldown)']);
    expect(second.notifications).toEqual([]);
    expect(second.state).toMatchObject({ status: 'firing', firing: [{ since: '2026-11-20' }] });
    // 96 hours after the last notification (the suppressed one does not extend the cool-down).
    const third = r.step(input, ctx('2026-11-23', at('2026-11-23', 12)));
    expect(eventsOf(third)).toEqual(['resolved  2026-11-21', 'fired  2026-11-22 notified']);
    expect(noticesOf(third)).toEqual(['fired 2026-11-22: DAU low — DAU at 10 — below 50 · Sun, Nov 22']);
  });

  it('an incident held by the cool-down gets no resolved notice either', () => {
    const r = live({ ...coolRule, notifyResolved: true });
    r.step(input, ctx('2026-11-19', at('2026-11-19', 12)));
    r.step(input, ctx('2026-11-21', at('2026-11-21', 6)));
    const result = r.step(input, ctx('2026-11-22', at('2026-11-22', 6)));
    expect(eventsOf(result)).toEqual(['resolved  2026-11-21']);
    expect(result.notifications).toEqual([]);
  });

  it('is per series: another flag stopping within the cool-down is notified', () => {
    const flags = rule({ name: 'Flag stopped', target: { metric: 'posthog_flag_evaluations', key: null }, condition: { kind: 'stopped' }, cooldownHours: 24 });
    const r = live(flags);
    const inputs = (stops: Record<string, string>): RuleInputs =>
      new Map(['a', 'b'].map((key) => [key, daily(Object.fromEntries(dayRange(stops[key] ?? '2026-12-01', '2026-11-30').map((d) => [d, 0])))]));
    const a = r.step(inputs({ a: '2026-11-19' }), ctx('2026-11-20', at('2026-11-20', 9)));
    expect(eventsOf(a)).toEqual(['fired a 2026-11-19 notified']);
    const b = r.step(inputs({ a: '2026-11-19', b: '2026-11-20' }), ctx('2026-11-21', at('2026-11-21', 1)));
    expect(eventsOf(b)).toEqual(['fired b 2026-11-20 notified']);
  });
});

describe('snooze', () => {
  const input = only(daily({ '2026-11-19': 10, '2026-11-21': 10 }));

  it('a snoozed firing is recorded as "snoozed" and shown, but nobody is woken; notifications resume after the snooze', () => {
    const snoozed = rule({ snoozedUntil: '2026-11-21T00:00:00.000Z' });
    const r = live(snoozed);
    const during = r.step(input, ctx('2026-11-20'));
    expect(eventsOf(during)).toEqual(['fired  2026-11-19 (snoozed)']);
    expect(during.notifications).toEqual([]);
    expect(during.state).toMatchObject({ status: 'firing', message: 'DAU at 10 — below 50' });
    // Snooze over: the held incident recovers without a notice (nobody was told it fired); the next one is notified.
    const after = r.step(input, ctx('2026-11-22'));
    expect(eventsOf(after)).toEqual(['resolved  2026-11-20', 'fired  2026-11-21 notified']);
    expect(noticesOf(after)).toEqual(['fired 2026-11-21: DAU low — DAU at 10 — below 50 · Sat, Nov 21']);
  });

  it('a recovery during a snooze is recorded as "snoozed", not announced', () => {
    const r = live(rule());
    r.step(input, ctx('2026-11-20'));
    const result = r.step(input, ctx('2026-11-21'), rule({ snoozedUntil: new Date(at('2026-11-21') + HOUR).toISOString() }));
    expect(eventsOf(result)).toEqual(['resolved  2026-11-20 (snoozed)']);
    expect(result.notifications).toEqual([]);
  });

  it('a snooze that has run out holds nothing', () => {
    const result = step(rule({ snoozedUntil: new Date(at('2026-11-20') - HOUR).toISOString() }), NEW_RUNTIME, input, ctx('2026-11-20'));
    expect(eventsOf(result)).toEqual(['fired  2026-11-19 notified']);
  });
});

describe('resolved notices', () => {
  const input = only(daily({ '2026-11-19': 10 }));

  it('a notified incident that recovers is announced when the rule asks for it', () => {
    const r = live(rule());
    r.step(input, ctx('2026-11-20'));
    const result = r.step(input, ctx('2026-11-21'));
    expect(result.events).toEqual([expect.objectContaining({ kind: 'resolved', day: '2026-11-20', incidentStart: '2026-11-19', value: 100, reference: 50, notified: true, suppressed: null, text: 'DAU is back to 100 on Fri, Nov 20' })]);
    expect(result.notifications).toEqual([
      { ruleId: 'r1', kind: 'resolved', severity: 'critical', title: 'Resolved: DAU low', body: 'DAU is back to 100 on Fri, Nov 20', metric: 'posthog_dau', key: '', day: '2026-11-20' },
    ]);
    expect(result.state).toMatchObject({ status: 'resolved', message: 'DAU is back to 100 on Fri, Nov 20', firing: [] });
    // The day after, nothing happened: OK.
    expect(r.step(input, ctx('2026-11-22')).state).toMatchObject({ status: 'ok', message: null, day: '2026-11-21' });
  });

  it('is recorded but not announced when the rule does not ask for it', () => {
    const r = live(rule({ notifyResolved: false }));
    r.step(input, ctx('2026-11-20'));
    const result = r.step(input, ctx('2026-11-21'));
    expect(eventsOf(result)).toEqual(['resolved  2026-11-20']);
    expect(result.events[0]?.suppressed).toBeNull();
    expect(result.notifications).toEqual([]);
  });

  it('a day without data does not resolve an incident (it is still firing)', () => {
    const r = live(rule());
    r.step(only(daily({ '2026-11-19': 10 })), ctx('2026-11-20'));
    const gap = r.step(only(daily({ '2026-11-19': 10, '2026-11-20': null })), ctx('2026-11-21'));
    expect(gap.events).toEqual([]);
    expect(gap.state).toMatchObject({ status: 'firing', day: '2026-11-20', firing: [{ since: '2026-11-19' }] });
  });
});

describe('rule states', () => {
  it('OK: evaluated, nothing open', () => {
    const result = step(rule(), NEW_RUNTIME, only(daily()), ctx('2026-11-20', at('2026-11-20', 15)));
    expect(result.state).toEqual({ status: 'ok', message: null, evaluatedAt: '2026-11-20T15:00:00.000Z', day: '2026-11-19', firing: [] });
    expect(result.events).toEqual([]);
  });

  it('firing: the open incident and its sentence', () => {
    const result = step(rule(), NEW_RUNTIME, only(daily({ '2026-11-19': 10 })), ctx('2026-11-20'));
    expect(result.state).toEqual({
      status: 'firing',
      message: 'DAU at 10 — below 50',
      evaluatedAt: new Date(at('2026-11-20')).toISOString(),
      day: '2026-11-19',
      firing: [{ key: '', since: '2026-11-19', text: 'DAU at 10 — below 50' }],
    });
  });

  it('no data when the latest day has no value, or not enough history for the baseline — never silently OK', () => {
    expect(step(rule(), NEW_RUNTIME, only(daily({ '2026-11-19': null })), ctx('2026-11-20')).state).toMatchObject({ status: 'no_data', day: '2026-11-19', message: 'No data: no value for Thu, Nov 19 yet.' });
    const young: SeriesInput = { values: new Map([['2026-11-18', 100], ['2026-11-19', 100]]) };
    const avg = rule({ condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'avg_7d' } });
    expect(step(avg, NEW_RUNTIME, only(young), ctx('2026-11-20')).state).toMatchObject({ status: 'no_data', message: 'No data: not enough history before Thu, Nov 19 for the baseline.' });
  });

  it('an "unusual" rule with a fortnight of history is learning, says how long, and does not fire on a crash', () => {
    const days = Array.from({ length: 14 }, (_, i) => [`2026-11-${String(6 + i).padStart(2, '0')}`, 100] as [string, number]);
    const young: SeriesInput = { values: new Map([...days, ['2026-11-19', 1]]), noise: 'count' };
    const unusual = rule({ condition: { kind: 'unusual', direction: 'drop', sensitivity: 'medium' } });
    const result = step(unusual, NEW_RUNTIME, only(young), ctx('2026-11-20'));
    expect(result.state).toMatchObject({ status: 'no_data', message: 'Learning: needs 13 more days of history before it can judge (it never fires while learning).' });
    expect(result.notifications).toEqual([]);
  });

  it('a metric whose query failed is no data, and nothing it remembers changes', () => {
    const r = live(rule());
    r.step(only(daily({ '2026-11-19': 10 })), ctx('2026-11-20'));
    const runtime = r.runtime;
    // Its stored values are stale: even a "recovery" in them is not believed.
    const result = step(rule(), runtime, only(daily()), ctx('2026-11-21', at('2026-11-21'), ['posthog_dau']));
    expect(result.runtime).toBe(runtime);
    expect(result.events).toEqual([]);
    expect(result.notifications).toEqual([]);
    expect(result.state).toEqual({
      status: 'no_data',
      message: 'No data: the daily active users query failed in the last sync. The rule is checked again after the next one.',
      evaluatedAt: new Date(at('2026-11-21')).toISOString(),
      day: '2026-11-19',
      firing: [],
    });
  });

  it("a conversion rate's rule is no data when its entries' query failed", () => {
    const rate = rule({ target: { metric: 'posthog_conversion_rate', key: 'f1' }, condition: { kind: 'threshold', direction: 'below', value: 0.05 } });
    const result = step(rate, NEW_RUNTIME, new Map([['f1', { values: new Map([['2026-11-19', 0.01]]) }]]), ctx('2026-11-20', at('2026-11-20'), ['posthog_conversion_entered']));
    expect(result.state).toMatchObject({ status: 'no_data', message: 'No data: the conversion rate query failed in the last sync. The rule is checked again after the next one.' });
    expect(result.runtime).toBe(NEW_RUNTIME);
  });

  it('every key missing is "Metric missing", saying what to do', () => {
    const missing = (r: AlertRule, inputs: RuleInputs) => step(r, NEW_RUNTIME, inputs, ctx('2026-11-20'));
    expect(missing(rule(), only(null)).state).toMatchObject({ status: 'no_data', message: 'Metric missing: no daily active users values are stored yet.', day: null });
    const event = rule({ target: { metric: 'posthog_custom_event_count', key: 'signup_error' } });
    expect(missing(event, new Map([['signup_error', null]])).state.message).toBe('Metric missing: “signup_error” is no longer tracked (or has no data yet). Track it again under Events & funnel, or edit this rule.');
    const funnel = rule({ target: { metric: 'posthog_conversion_rate', key: 'f1' }, condition: { kind: 'threshold', direction: 'below', value: 0.05 } });
    expect(missing(funnel, new Map([['f1', null]])).state.message).toBe('Metric missing: the funnel this rule watches was changed or removed. Edit the rule to watch the current funnel.');
    const flag = rule({ target: { metric: 'posthog_flag_evaluations', key: 'beta' }, condition: { kind: 'stopped' } });
    expect(missing(flag, new Map([['beta', null]])).state.message).toBe('Metric missing: no evaluations of the flag “beta” are stored.');
    const eachFlag = rule({ target: { metric: 'posthog_flag_evaluations', key: null }, condition: { kind: 'stopped' } });
    const none = missing(eachFlag, new Map());
    expect(none.state).toMatchObject({ status: 'no_data', message: 'Metric missing: no flag evaluations values are stored yet.' });
    expect(none.runtime).toBe(NEW_RUNTIME);
  });

  it('disabled: nothing is evaluated and nothing changes', () => {
    const r = live(rule());
    r.step(only(daily({ '2026-11-19': 10 })), ctx('2026-11-20'));
    const runtime = r.runtime;
    const result = step(rule({ enabled: false }), runtime, only(daily({ '2026-11-20': 10 })), ctx('2026-11-21'));
    expect(result).toEqual({ runtime, state: { status: 'disabled', message: null, evaluatedAt: null, day: '2026-11-19', firing: [] }, events: [], notifications: [] });
    expect(result.runtime).toBe(runtime);
  });
});

describe('a rule watching every sub-series', () => {
  const flagsStopped = rule({ name: 'Flag stopped', severity: 'warning', target: { metric: 'posthog_flag_evaluations', key: null }, condition: { kind: 'stopped' }, evaluation: { consecutiveDays: 1, minVolume: 5, includePartialDay: false } });
  /** Flags at 20 a day; the ones named stop (0) on the days given. */
  const flags = (keys: string[], zeros: Record<string, string[]>): RuleInputs =>
    new Map(keys.map((key) => [key, { values: new Map(dayRange('2026-11-01', '2026-11-30').map((d) => [d, (zeros[key] ?? []).includes(d) ? 0 : 20])) }]));

  it('several series firing at once make one notification "… and N more"; each is in the history and the state', () => {
    const stopped = ['2026-11-19'];
    const result = step(flagsStopped, NEW_RUNTIME, flags(['a', 'b', 'c', 'd'], { a: stopped, b: stopped, c: stopped }), ctx('2026-11-20'));
    expect(eventsOf(result)).toEqual(['fired a 2026-11-19 notified', 'fired b 2026-11-19 notified', 'fired c 2026-11-19 notified']);
    expect(result.notifications).toEqual([
      {
        ruleId: 'r1',
        kind: 'fired',
        severity: 'warning',
        title: 'Flag stopped',
        body: 'Flag evaluations of a stopped — 0 since Thu, Nov 19 (20 a day before) · Thu, Nov 19 — and 2 more',
        metric: 'posthog_flag_evaluations',
        key: 'a',
        day: '2026-11-19',
      },
    ]);
    expect(result.state.status).toBe('firing');
    expect(result.state.message).toBe('Flag evaluations of a stopped — 0 since Thu, Nov 19 (20 a day before)');
    expect(result.state.firing.map((f) => `${f.key} ${f.since}`)).toEqual(['a 2026-11-19', 'b 2026-11-19', 'c 2026-11-19']);
  });

  it('their recoveries make one resolved notice too', () => {
    const r = live(flagsStopped);
    const stopped = ['2026-11-19'];
    r.step(flags(['a', 'b', 'c'], { a: stopped, b: stopped, c: stopped }), ctx('2026-11-20'));
    const result = r.step(flags(['a', 'b', 'c'], { a: stopped, b: stopped, c: stopped }), ctx('2026-11-21'));
    expect(noticesOf(result)).toEqual(['resolved 2026-11-20: Resolved: Flag stopped — Flag evaluations of a is back to 20 on Fri, Nov 20 — and 2 more']);
  });

  it('one series without data does not make the rule "no data" while the others are OK', () => {
    const inputs: RuleInputs = new Map([...flags(['a'], {}), ['b', { values: new Map([['2026-11-01', 3]]) }]]);
    expect(step(flagsStopped, NEW_RUNTIME, inputs, ctx('2026-11-20')).state.status).toBe('ok');
  });

  it('a series that disappeared keeps nothing open', () => {
    const r = live(flagsStopped);
    r.step(flags(['a', 'b'], { a: ['2026-11-19'] }), ctx('2026-11-20'));
    const result = r.step(flags(['b'], {}), ctx('2026-11-21'));
    expect(result.state.status).toBe('ok');
    expect(Object.keys(result.runtime.keys)).toEqual(['b']);
  });

  it('keys that are also names of object properties ("constructor", "__proto__") are series like any other', () => {
    const events = rule({ name: 'Event stopped', target: { metric: 'posthog_custom_event_count', key: null }, condition: { kind: 'stopped' } });
    const keys = ['__proto__', 'constructor', 'toString'];
    const r = live(events);
    const fired = r.step(flags(keys, Object.fromEntries(keys.map((k) => [k, ['2026-11-19']]))), ctx('2026-11-20'));
    expect(eventsOf(fired)).toEqual(keys.map((k) => `fired ${k} 2026-11-19 notified`));
    expect(fired.state.firing.map((f) => f.key)).toEqual(keys);
    const resolved = r.step(flags(keys, Object.fromEntries(keys.map((k) => [k, ['2026-11-19']]))), ctx('2026-11-21'));
    expect(eventsOf(resolved)).toEqual(keys.map((k) => `resolved ${k} 2026-11-20 notified`));
    expect(resolved.state.status).toBe('resolved');
  });
});

describe('the day an incident is notified is the day it happened, across DST', () => {
  it('a catch-up over the fall-back weekend evaluates each calendar day once', () => {
    // 2026-11-01 is 25 hours long in New York; the days are still 10-31, 11-01, 11-02.
    const input = only(daily({ '2026-11-01': 10 }));
    const r = live(rule());
    r.step(input, ctx('2026-10-31'));
    const result = r.step(input, ctx('2026-11-03', at('2026-11-03', 5)));
    expect(eventsOf(result)).toEqual(['fired  2026-11-01 notified', 'resolved  2026-11-02']);
    expect(result.runtime.lastEvaluatedDay).toBe(addDays('2026-11-03', -1));
  });
});
