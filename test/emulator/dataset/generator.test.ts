import { describe, expect, it, vi } from 'vitest';
import { addDays, dayRange, localDay, localMidnightUtc, localParts, weekday } from '../../posthog-emulator/dataset/calendar';
import { generateDataset, STOPPED_FLAG_KEY } from '../../posthog-emulator/dataset/generator';
import { computeTruth, truthFor, type TruthDay } from '../../posthog-emulator/dataset/ground-truth';
import type { Dataset, EmulatedEvent } from '../../posthog-emulator/dataset/types';

const NY = 'America/New_York';
const utc = (iso: string): number => Date.parse(iso);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};
const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) m.set(key(item), (m.get(key(item)) ?? 0) + 1);
  return m;
}

function sessionsOf(events: readonly EmulatedEvent[]): Map<string, { min: number; max: number }> {
  const m = new Map<string, { min: number; max: number }>();
  for (const e of events) {
    const sid = e.properties.$session_id;
    if (typeof sid !== 'string') continue;
    const s = m.get(sid);
    if (s === undefined) m.set(sid, { min: e.timestamp, max: e.timestamp });
    else {
      s.min = Math.min(s.min, e.timestamp);
      s.max = Math.max(s.max, e.timestamp);
    }
  }
  return m;
}

// ~100 k events over 60 days, containing the 2026-03-08 spring-forward day: the one size check.
const t0 = performance.now();
const MAIN = generateDataset({ seed: 2026, timezone: NY, endDay: '2026-03-20', days: 60, targetDailyActive: 380 });
const MAIN_MS = performance.now() - t0;
const TRUTH = computeTruth(MAIN, { customEvents: ['signed_up', 'subscription_started', 'button_clicked'] });
const day = (d: string): TruthDay => truthFor(TRUTH, d);

describe('generateDataset: shape', () => {
  it('is ~100 k events, generated fast, over the requested window', () => {
    expect(MAIN.events.length).toBeGreaterThan(80_000);
    expect(MAIN.events.length).toBeLessThan(130_000);
    expect(MAIN_MS).toBeLessThan(5000);
    expect(MAIN.firstDay).toBe('2026-01-20');
    expect(MAIN.lastDay).toBe('2026-03-20');
    expect(TRUTH).toHaveLength(60);
    const start = localMidnightUtc(MAIN.firstDay, NY);
    const end = localMidnightUtc(addDays(MAIN.lastDay, 1), NY);
    expect(MAIN.events.every((e) => e.timestamp >= start && e.timestamp < end)).toBe(true);
    expect(MAIN.events.every((e, i) => i === 0 || (MAIN.events[i - 1]?.timestamp ?? 0) <= e.timestamp)).toBe(true);
  });

  it('describes the project', () => {
    expect(MAIN.project).toEqual({ id: 1, name: expect.any(String), timezone: NY, api_token: expect.stringMatching(/^phc_[A-Za-z0-9]{32}$/), organization_id: expect.stringMatching(UUID_V4) });
    const custom = generateDataset({ seed: 1, timezone: 'UTC', endDay: '2026-01-10', days: 3, targetDailyActive: 20, projectId: 7, projectName: 'Other' });
    expect(custom.project).toMatchObject({ id: 7, name: 'Other', timezone: 'UTC' });
    expect(custom.project.api_token).not.toBe(MAIN.project.api_token);
  });

  it('gives every event a unique UUID v4 and a session id', () => {
    expect(new Set(MAIN.events.map((e) => e.uuid)).size).toBe(MAIN.events.length);
    expect(MAIN.events.every((e) => UUID_V4.test(e.uuid))).toBe(true);
    expect(MAIN.events.every((e) => typeof e.properties.$session_id === 'string' && UUID_V4.test(e.properties.$session_id))).toBe(true);
  });

  it('has the product events, with their properties', () => {
    const counts = countBy(MAIN.events, (e) => e.event);
    for (const name of ['$pageview', '$pageleave', '$autocapture', '$identify', 'signed_up', 'subscription_started', 'button_clicked', '$feature_flag_called', '$exception']) {
      expect(counts.get(name) ?? 0, name).toBeGreaterThan(0);
    }
    for (const e of MAIN.events) {
      if (e.event === '$pageview') {
        expect(typeof e.properties.$pathname).toBe('string');
        expect(String(e.properties.$current_url).endsWith(String(e.properties.$pathname))).toBe(true);
      }
      if (e.event === 'button_clicked') expect(typeof e.properties.button).toBe('string');
    }
  });

  it('has sessions from zero seconds to ~40 minutes', () => {
    const durations = [...sessionsOf(MAIN.events).values()].map((s) => (s.max - s.min) / 1000);
    expect(Math.max(...durations)).toBeLessThanOrEqual(40 * 60 + 60);
    expect(durations.filter((d) => d > 10 * 60).length).toBeGreaterThan(50);
    expect(durations.filter((d) => d < 5).length).toBeGreaterThan(50);
    const m = median(durations);
    expect(m).toBeGreaterThan(10);
    expect(m).toBeLessThan(600);
  });

  it('follows a diurnal curve in LOCAL time', () => {
    const hours = MAIN.events.filter((e) => e.event === '$pageview').map((e) => localParts(e.timestamp, NY).hour);
    const share = (lo: number, hi: number): number => hours.filter((h) => h >= lo && h < hi).length / hours.length;
    expect(share(9, 17)).toBeGreaterThan(0.45);
    expect(share(1, 5)).toBeLessThan(0.04);
  });
});

describe('generateDataset: persons and identity', () => {
  const personOf = new Map<string, string>();
  for (const p of MAIN.persons) for (const id of p.distinct_ids) personOf.set(id, p.id);

  it('maps every distinct_id to exactly one person, as merged', () => {
    const all = MAIN.persons.flatMap((p) => p.distinct_ids);
    expect(new Set(all).size).toBe(all.length);
    expect(MAIN.events.every((e) => personOf.get(e.distinct_id) === e.person_id)).toBe(true);
    const used = new Set(MAIN.events.map((e) => e.distinct_id));
    expect(all.every((id) => used.has(id))).toBe(true);
    expect(new Set(MAIN.persons.map((p) => p.id)).size).toBe(MAIN.persons.length);
    expect(new Set(MAIN.events.map((e) => e.person_id)).size).toBe(MAIN.persons.length);
  });

  it('gives persons an anonymous id, an identified id and, for about a quarter, a second device', () => {
    expect(MAIN.persons.every((p) => p.distinct_ids.length >= 2 && p.distinct_ids.length <= 3)).toBe(true);
    expect(MAIN.persons.every((p) => p.distinct_ids.filter((id) => id.includes('@')).length === 1)).toBe(true);
    const three = MAIN.persons.filter((p) => p.distinct_ids.length === 3).length / MAIN.persons.length;
    expect(three).toBeGreaterThan(0.12);
    expect(three).toBeLessThan(0.35);
  });

  it('sets created_at to the first event, which is anonymous; signed_up once, on the first day, after $identify', () => {
    const first = new Map<string, EmulatedEvent>();
    const signups = new Map<string, EmulatedEvent[]>();
    const identifies = new Map<string, EmulatedEvent[]>();
    for (const e of MAIN.events) {
      if (!first.has(e.person_id)) first.set(e.person_id, e);
      if (e.event === 'signed_up') signups.set(e.person_id, [...(signups.get(e.person_id) ?? []), e]);
      if (e.event === '$identify') identifies.set(e.person_id, [...(identifies.get(e.person_id) ?? []), e]);
    }
    for (const p of MAIN.persons) {
      const f = first.get(p.id);
      expect(f?.timestamp).toBe(p.created_at);
      expect(f?.distinct_id.includes('@')).toBe(false);
      const s = signups.get(p.id) ?? [];
      expect(s).toHaveLength(1);
      expect(localDay(s[0]?.timestamp ?? 0, NY)).toBe(localDay(p.created_at, NY));
      expect(s[0]?.distinct_id.includes('@')).toBe(true);
      const id = (identifies.get(p.id) ?? [])[0];
      expect(id?.properties.$anon_distinct_id).toBe(p.distinct_ids[0]);
      expect(id?.timestamp).toBeLessThanOrEqual(s[0]?.timestamp ?? 0);
    }
  });

  it('has some persons subscribe, once, on a later day than they signed up', () => {
    const subs = MAIN.events.filter((e) => e.event === 'subscription_started');
    expect(subs.length).toBeGreaterThan(50);
    expect(new Set(subs.map((e) => e.person_id)).size).toBe(subs.length);
    const created = new Map(MAIN.persons.map((p) => [p.id, localDay(p.created_at, NY)]));
    expect(subs.every((e) => localDay(e.timestamp, NY) > (created.get(e.person_id) ?? '9999'))).toBe(true);
    const plans = new Map(MAIN.persons.map((p) => [p.id, p.properties.plan]));
    expect(subs.every((e) => plans.get(e.person_id) === e.properties.plan)).toBe(true);
  });

  it('counts persons as new on the day they signed up (every person signs up on day one)', () => {
    expect(TRUTH.map((t) => t.newUsers)).toEqual(TRUTH.map((t) => t.custom.signed_up?.count));
  });

  it('makes distinct_id DAU visibly larger than person DAU (>10 % every day)', () => {
    for (const t of TRUTH) expect(t.distinctIdDau, t.day).toBeGreaterThan(1.1 * t.dau);
  });
});

describe('generateDataset: flags', () => {
  it('lists 5 flags, evaluates the active ones with stable responses per person', () => {
    expect(MAIN.flags.map((f) => [f.id, f.key, f.active])).toEqual([
      [1, 'new-onboarding', true],
      [2, 'pricing-page-v2', true],
      [3, 'dark-mode', true],
      [4, 'legacy-export', true],
      [5, 'beta-dashboard', false],
    ]);
    expect(MAIN.flags.every((f) => f.created_at < localMidnightUtc(MAIN.firstDay, NY))).toBe(true);
    const calls = MAIN.events.filter((e) => e.event === '$feature_flag_called');
    expect([...new Set(calls.map((e) => e.properties.$feature_flag))].sort()).toEqual(['dark-mode', 'legacy-export', 'new-onboarding', 'pricing-page-v2']);
    const responses = new Map<string, string | number | boolean | null | undefined>();
    for (const e of calls) {
      const key = `${e.person_id}/${String(e.properties.$feature_flag)}`;
      const r = e.properties.$feature_flag_response;
      if (!responses.has(key)) responses.set(key, r);
      expect(responses.get(key)).toBe(r);
      if (e.properties.$feature_flag === 'pricing-page-v2') expect(['control', 'test']).toContain(r);
      else expect(typeof r).toBe('boolean');
    }
    expect(Math.max(...TRUTH.map((t) => t.activeFlags))).toBe(4);
  });
});

describe('generateDataset: planted incidents are visible in the truth', () => {
  const { incidents } = MAIN;

  it('places the incidents at fixed offsets, never in the first 30 days', () => {
    expect(incidents).toEqual({ dauDropDay: '2026-03-11', errorSpikeDay: '2026-03-15', flagStoppedKey: STOPPED_FLAG_KEY, flagStoppedDay: '2026-03-08' });
    for (const d of [incidents.dauDropDay, incidents.errorSpikeDay, incidents.flagStoppedDay]) expect(d > addDays(MAIN.firstDay, 29)).toBe(true);
  });

  it('drops DAU on dauDropDay (< 70 % of the same weekday a week before) and recovers the day after', () => {
    const drop = day(incidents.dauDropDay).dau;
    expect(drop).toBeLessThan(0.7 * day(addDays(incidents.dauDropDay, -7)).dau);
    expect(drop).toBeLessThan(0.7 * day(addDays(incidents.dauDropDay, -1)).dau);
    expect(day(addDays(incidents.dauDropDay, 1)).dau).toBeGreaterThan(1.4 * drop);
  });

  it('spikes $exception on errorSpikeDay (≥ 5× the median day, and twice any other day)', () => {
    const spike = day(incidents.errorSpikeDay).exceptions;
    expect(spike).toBeGreaterThanOrEqual(5 * median(TRUTH.map((t) => t.exceptions)));
    const others = TRUTH.filter((t) => t.day !== incidents.errorSpikeDay).map((t) => t.exceptions);
    expect(spike).toBeGreaterThan(2 * Math.max(...others));
  });

  it('stops evaluating the flag from flagStoppedDay on, while it stays active and the others go on', () => {
    const key = incidents.flagStoppedKey;
    expect(day(addDays(incidents.flagStoppedDay, -1)).flagEvaluations[key]).toBeGreaterThan(0);
    for (const t of TRUTH) {
      if (t.day >= incidents.flagStoppedDay) expect(t.flagEvaluations[key], t.day).toBeUndefined();
      else expect(t.flagEvaluations[key], t.day).toBeGreaterThan(0);
    }
    expect(MAIN.flags.find((f) => f.key === key)?.active).toBe(true);
    expect(TRUTH.at(-1)?.activeFlags).toBe(3);
  });
});

describe('generateDataset: growth and seasonality', () => {
  it('is lower on weekends', () => {
    const recent = TRUTH.slice(-28).filter((t) => t.day !== MAIN.incidents.dauDropDay);
    const weekend = recent.filter((t) => weekday(t.day) === 0 || weekday(t.day) === 6).map((t) => t.dau);
    const weekdays = recent.filter((t) => weekday(t.day) !== 0 && weekday(t.day) !== 6).map((t) => t.dau);
    expect(mean(weekend)).toBeLessThan(0.75 * mean(weekdays));
    expect(mean(weekend)).toBeGreaterThan(0.4 * mean(weekdays));
  });

  it('grows: MAU at the end exceeds the first 30 days’ MAU; DAU ends near the target', () => {
    expect(TRUTH.at(-1)?.mau).toBeGreaterThan(1.5 * (TRUTH[29]?.mau ?? 0));
    expect(mean(TRUTH.slice(-7).map((t) => t.dau))).toBeGreaterThan(1.5 * mean(TRUTH.slice(0, 7).map((t) => t.dau)));
    const lastWeekdays = TRUTH.slice(-7).filter((t) => weekday(t.day) !== 0 && weekday(t.day) !== 6);
    expect(mean(lastWeekdays.map((t) => t.dau))).toBeGreaterThan(380 * 0.75);
    expect(mean(lastWeekdays.map((t) => t.dau))).toBeLessThan(380 * 1.25);
  });
});

describe('generateDataset: awkward instants and DST (America/New_York)', () => {
  const at = new Set(MAIN.events.map((e) => e.timestamp));

  it('has events exactly at local midnight and 1 ms before it, in the same session', () => {
    for (const d of dayRange(addDays(MAIN.firstDay, 2), MAIN.lastDay)) {
      const midnight = localMidnightUtc(d, NY);
      expect(at.has(midnight), d).toBe(true);
      const before = MAIN.events.find((e) => e.timestamp === midnight - 1);
      expect(before, d).toBeDefined();
      expect(MAIN.events.some((e) => e.timestamp === midnight && e.properties.$session_id === before?.properties.$session_id)).toBe(true);
    }
  });

  it('has events on the spring-forward day, around the gap, counted on the right days', () => {
    expect(at.has(utc('2026-03-08T06:59:59.999Z'))).toBe(true); // 01:59:59.999 EST
    expect(at.has(utc('2026-03-08T07:00:00.000Z'))).toBe(true); // 03:00:00 EDT
    const inRange = (from: string, to: string): number => MAIN.events.filter((e) => e.timestamp >= utc(from) && e.timestamp < utc(to)).length;
    expect(day('2026-03-07').events).toBe(inRange('2026-03-07T05:00:00Z', '2026-03-08T05:00:00Z'));
    expect(day('2026-03-08').events).toBe(inRange('2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z')); // 23 hours
    expect(day('2026-03-09').events).toBe(inRange('2026-03-09T04:00:00Z', '2026-03-10T04:00:00Z'));
    // Late evening of 03-07 (23:00–23:59 EST = 04:00–05:00Z on 03-08) belongs to 03-07.
    expect(inRange('2026-03-08T04:00:00Z', '2026-03-08T05:00:00Z')).toBeGreaterThan(0);
    expect(day('2026-03-08').dau).toBeGreaterThan(50);
  });

  it('has events in both occurrences of the repeated fall-back hour, all on the 25-hour 2026-11-01', () => {
    const fall = generateDataset({ seed: 5, timezone: NY, endDay: '2026-11-10', days: 21, targetDailyActive: 120 });
    const times = new Set(fall.events.map((e) => e.timestamp));
    expect(times.has(utc('2026-11-01T05:30:00Z'))).toBe(true); // 01:30 EDT
    expect(times.has(utc('2026-11-01T06:30:00Z'))).toBe(true); // 01:30 EST
    expect(times.has(utc('2026-11-01T05:59:59.999Z'))).toBe(true); // last instant of EDT
    const truth = computeTruth(fall);
    const inRange = (from: string, to: string): number => fall.events.filter((e) => e.timestamp >= utc(from) && e.timestamp < utc(to)).length;
    expect(truthFor(truth, '2026-11-01').events).toBe(inRange('2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z')); // 25 hours
    expect(truthFor(truth, '2026-10-31').events).toBe(inRange('2026-10-31T04:00:00Z', '2026-11-01T04:00:00Z'));
    expect(truthFor(truth, '2026-11-01').events).toBeGreaterThan(0);
  });
});

describe('generateDataset: determinism', () => {
  const small = { seed: 1, timezone: 'Europe/Berlin', endDay: '2026-04-10', days: 14, targetDailyActive: 60 };

  it('gives identical output for identical options, without Math.random', () => {
    const spy = vi.spyOn(Math, 'random');
    const a = generateDataset(small);
    const b = generateDataset(small);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    expect(b).toEqual(a);
    expect(a.events.length).toBeGreaterThan(1000);
  });

  it('gives different output for a different seed', () => {
    const a = generateDataset(small);
    const c = generateDataset({ ...small, seed: 2 });
    expect(c.events[0]?.uuid).not.toBe(a.events[0]?.uuid);
    expect(c.project.api_token).not.toBe(a.project.api_token);
    expect(computeTruth(c).map((t) => t.dau)).not.toEqual(computeTruth(a).map((t) => t.dau));
  });

  it('rejects a window without days', () => {
    expect(() => generateDataset({ ...small, days: 0 })).toThrow(RangeError);
  });
});

describe('ground truth agrees with a naive recount on generated data', () => {
  it('DAU, WAU, MAU, events, new users and sessions per day', () => {
    const ds: Dataset = generateDataset({ seed: 9, timezone: 'Australia/Lord_Howe', endDay: '2026-04-12', days: 16, targetDailyActive: 80 });
    const truth = computeTruth(ds);
    const f = new Intl.DateTimeFormat('en-CA', { timeZone: ds.project.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const dayOf = (t: number): string => f.format(t);
    const days = dayRange(ds.firstDay, ds.lastDay);
    const active = new Map<string, Set<string>>(days.map((d) => [d, new Set()]));
    for (const e of ds.events) active.get(dayOf(e.timestamp))?.add(e.person_id);
    const firstSeen = new Map<string, number>();
    for (const e of ds.events) firstSeen.set(e.person_id, Math.min(e.timestamp, firstSeen.get(e.person_id) ?? Infinity));
    const sessions = sessionsOf(ds.events);
    const naive = days.map((d, i) => {
      const union = (width: number): number => {
        const s = new Set<string>();
        for (const w of days.slice(Math.max(0, i - width + 1), i + 1)) for (const p of active.get(w) ?? []) s.add(p);
        return s.size;
      };
      const started = [...sessions.values()].filter((s) => dayOf(s.min) === d);
      return {
        day: d,
        dau: active.get(d)?.size,
        wau: union(7),
        mau: union(30),
        events: ds.events.filter((e) => dayOf(e.timestamp) === d).length,
        newUsers: [...firstSeen.values()].filter((t) => dayOf(t) === d).length,
        sessions: started.length,
      };
    });
    expect(truth.map((t) => ({ day: t.day, dau: t.dau, wau: t.wau, mau: t.mau, events: t.events, newUsers: t.newUsers, sessions: t.sessions }))).toEqual(naive);
  });
});
