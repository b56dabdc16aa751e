import { describe, expect, it } from 'vitest';
import { computeTruth, truthFor, type TruthDay } from '../../posthog-emulator/dataset/ground-truth';
import type { Dataset, EmulatedEvent } from '../../posthog-emulator/dataset/types';

let counter = 0;
function ev(iso: string, event: string, distinctId: string, personId: string, properties: EmulatedEvent['properties'] = {}): EmulatedEvent {
  counter++;
  return { uuid: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`, event, distinct_id: distinctId, person_id: personId, timestamp: Date.parse(iso), properties };
}

function dataset(timezone: string, firstDay: string, lastDay: string, events: EmulatedEvent[]): Dataset {
  return {
    project: { id: 1, name: 'hand', timezone, api_token: 'phc_hand', organization_id: 'org' },
    events,
    persons: [],
    flags: [],
    incidents: { dauDropDay: firstDay, errorSpikeDay: firstDay, flagStoppedKey: 'none', flagStoppedDay: firstDay },
    firstDay,
    lastDay,
  };
}

const flag = (key: string, response: string | boolean, sessionId?: string): EmulatedEvent['properties'] =>
  sessionId === undefined ? { $feature_flag: key, $feature_flag_response: response } : { $session_id: sessionId, $feature_flag: key, $feature_flag_response: response };

/**
 * Five persons in UTC, hand-checked. Active days (inside the window): A 01-01, 01-03; B 01-01, 01-02;
 * C 01-05, 01-06; D 01-05, 01-06; E 01-01 (a session that began on 12-31, before the window), 01-07,
 * 02-05 (plus an event on 02-06, after the window, in the same session).
 */
const HAND_EVENTS: EmulatedEvent[] = [
  ev('2025-12-31T23:59:59.999Z', '$pageview', 'e-anon', 'E', { $session_id: 's0' }),
  ev('2026-01-01T00:00:00.000Z', '$pageview', 'e-anon', 'E', { $session_id: 's0' }),
  ev('2026-01-01T10:00:00Z', '$pageview', 'a-anon', 'A', { $session_id: 's1' }),
  ev('2026-01-01T10:05:00Z', 'signed_up', 'a@x', 'A', { $session_id: 's1' }),
  ev('2026-01-01T10:06:00Z', '$pageview', 'a@x', 'A', { $session_id: 's1' }),
  ev('2026-01-01T23:50:00Z', '$pageview', 'b-anon', 'B', { $session_id: 's2' }),
  ev('2026-01-02T00:10:00Z', '$pageview', 'b@x', 'B', { $session_id: 's2' }),
  ev('2026-01-03T09:00:00Z', '$feature_flag_called', 'a@x', 'A', flag('flag-x', true, 's3')),
  ev('2026-01-03T09:00:30Z', '$feature_flag_called', 'a@x', 'A', flag('flag-x', false, 's3')),
  ev('2026-01-03T09:01:00Z', 'subscription_started', 'a@x', 'A', { $session_id: 's3' }),
  ev('2026-01-05T07:00:00Z', 'subscription_started', 'd@x', 'D', {}),
  ev('2026-01-05T08:00:00Z', 'signed_up', 'd@x', 'D', { $session_id: 's4' }),
  ev('2026-01-05T08:00:00Z', '$exception', 'd@x', 'D', { $session_id: 's4' }),
  ev('2026-01-05T12:00:00Z', 'signed_up', 'c@x', 'C', { $session_id: null }),
  ev('2026-01-05T12:30:00Z', '$feature_flag_called', 'c@x', 'C', { ...flag('flag-y', 'test'), $session_id: '' }),
  ev('2026-01-05T20:00:00Z', 'signed_up', 'd@x', 'D', { $session_id: 's5' }),
  ev('2026-01-05T20:00:45Z', '$exception', 'd@x', 'D', { $session_id: 's5' }),
  ev('2026-01-06T08:00:00.001Z', 'subscription_started', 'd@x', 'D', { $session_id: 's6' }),
  ev('2026-01-06T12:00:00.000Z', 'subscription_started', 'c@x', 'C', { $session_id: 's7' }),
  ev('2026-01-07T15:00:00Z', '$pageview', 'e@x', 'E', { $session_id: 's8' }),
  ev('2026-02-05T09:00:00Z', '$pageview', 'e@x', 'E', { $session_id: 's9' }),
  ev('2026-02-05T09:00:00Z', 'button_clicked', 'e@x', 'E', { $session_id: 's9', button: 'save' }),
  ev('2026-02-06T00:00:00Z', '$pageview', 'e@x', 'E', { $session_id: 's9' }),
];

const zero = (day: string): Omit<TruthDay, 'wau' | 'mau' | 'custom' | 'conversion'> => ({
  day,
  dau: 0,
  newUsers: 0,
  events: 0,
  pageviews: 0,
  sessions: 0,
  meanSessionDuration: null,
  flagEvaluations: {},
  flagEvaluationsTotal: 0,
  activeFlags: 0,
  exceptions: 0,
  distinctIdDau: 0,
});

describe('ground truth on a hand-written dataset (UTC)', () => {
  // Deliberately shuffled: the truth must not rely on the order of events.
  const shuffled = [...HAND_EVENTS].reverse();
  const ds = dataset('UTC', '2026-01-01', '2026-02-05', shuffled);
  const options = {
    customEvents: ['signed_up', 'subscription_started', 'button_clicked'],
    conversion: { from: 'signed_up', to: 'subscription_started', windowDays: 1 },
  };
  const truth = computeTruth(ds, options);
  const day = (d: string): TruthDay => truthFor(truth, d);
  const noCustom = { signed_up: { count: 0, uniquePersons: 0 }, subscription_started: { count: 0, uniquePersons: 0 }, button_clicked: { count: 0, uniquePersons: 0 } };

  it('has one entry per day, firstDay to lastDay', () => {
    expect(truth).toHaveLength(36);
    expect(truth[0]?.day).toBe('2026-01-01');
    expect(truth.at(-1)?.day).toBe('2026-02-05');
  });

  it('01-01: a session from before the window counts for DAU, not for sessions or new users', () => {
    expect(day('2026-01-01')).toEqual({
      ...zero('2026-01-01'),
      dau: 3, // E, A, B
      wau: 3,
      mau: 3,
      newUsers: 2, // A and B; E was first seen on 12-31
      events: 5,
      pageviews: 4,
      sessions: 2, // s1 (360 s) and s2 (23:50 → 00:10 next day, 1200 s); s0 started on 12-31
      meanSessionDuration: 780,
      distinctIdDau: 4, // e-anon, a-anon, a@x, b-anon
      custom: { ...noCustom, signed_up: { count: 1, uniquePersons: 1 } },
      // A signed up 01-01 10:05 and subscribed 01-03 09:01: more than one day later.
      conversion: { entered: 1, converted: 0, rate: 0 },
    });
  });

  it('01-02: the tail of a session that started the day before adds activity, not a session', () => {
    expect(day('2026-01-02')).toEqual({
      ...zero('2026-01-02'),
      dau: 1,
      wau: 3,
      mau: 3,
      events: 1,
      pageviews: 1,
      distinctIdDau: 1,
      custom: noCustom,
      conversion: { entered: 0, converted: 0, rate: null },
    });
  });

  it('01-03: flag evaluations and a subscription', () => {
    expect(day('2026-01-03')).toEqual({
      ...zero('2026-01-03'),
      dau: 1,
      wau: 3,
      mau: 3,
      events: 3,
      sessions: 1,
      meanSessionDuration: 60,
      flagEvaluations: { 'flag-x': 2 },
      flagEvaluationsTotal: 2,
      activeFlags: 1,
      distinctIdDau: 1,
      custom: { ...noCustom, subscription_started: { count: 1, uniquePersons: 1 } },
      conversion: { entered: 0, converted: 0, rate: null },
    });
  });

  it('01-04: an empty day is all zeros with a null mean duration', () => {
    expect(day('2026-01-04')).toEqual({ ...zero('2026-01-04'), wau: 3, mau: 3, custom: noCustom, conversion: { entered: 0, converted: 0, rate: null } });
  });

  it('01-05: sessions without an id are ignored; conversion counts from the FIRST entry of the day, window inclusive', () => {
    expect(day('2026-01-05')).toEqual({
      ...zero('2026-01-05'),
      dau: 2,
      wau: 5,
      mau: 5,
      newUsers: 2, // D (07:00) and C (12:00)
      events: 7,
      sessions: 2, // s4 (0 s) and s5 (45 s); C's events have a null / empty session id
      meanSessionDuration: 22.5,
      flagEvaluations: { 'flag-y': 1 },
      flagEvaluationsTotal: 1,
      activeFlags: 1,
      exceptions: 2,
      distinctIdDau: 2,
      custom: { ...noCustom, signed_up: { count: 3, uniquePersons: 2 }, subscription_started: { count: 1, uniquePersons: 1 } },
      // C: subscribed exactly 24 h after signing up → converted (inclusive).
      // D: first signup 08:00; subscribed 07:00 (before) and the next day 08:00:00.001 (1 ms too late,
      //    although within a day of D's second signup at 20:00) → not converted.
      conversion: { entered: 2, converted: 1, rate: 0.5 },
    });
  });

  it('01-06 and 01-07: zero-length sessions', () => {
    expect(day('2026-01-06')).toEqual({
      ...zero('2026-01-06'),
      dau: 2,
      wau: 5,
      mau: 5,
      events: 2,
      sessions: 2,
      meanSessionDuration: 0,
      distinctIdDau: 2,
      custom: { ...noCustom, subscription_started: { count: 2, uniquePersons: 2 } },
      conversion: { entered: 0, converted: 0, rate: null },
    });
    expect(day('2026-01-07')).toMatchObject({ dau: 1, newUsers: 0, events: 1, pageviews: 1, sessions: 1, meanSessionDuration: 0, wau: 5, mau: 5 });
  });

  it('rolling WAU (D−6..D) and MAU (D−29..D) windows', () => {
    const wau = Object.fromEntries(truth.map((t) => [t.day, t.wau]));
    const mau = Object.fromEntries(truth.map((t) => [t.day, t.mau]));
    expect(wau['2026-01-08']).toBe(5); // 01-02..01-08: B (01-02), A (01-03), C, D, E (01-07)
    expect(wau['2026-01-09']).toBe(4); // 01-03..01-09: B's last day 01-02 drops out
    expect(wau['2026-01-10']).toBe(3); // C, D, E
    expect(wau['2026-01-12']).toBe(3); // 01-06..01-12
    expect(wau['2026-01-13']).toBe(1); // 01-07..01-13: E
    expect(wau['2026-01-14']).toBe(0);
    expect(wau['2026-02-04']).toBe(0);
    expect(wau['2026-02-05']).toBe(1);
    expect(mau['2026-01-30']).toBe(5);
    expect(mau['2026-01-31']).toBe(5); // 01-02..01-31
    expect(mau['2026-02-01']).toBe(4); // 01-03..02-01: B out
    expect(mau['2026-02-02']).toBe(3); // 01-04..02-02: A out
    expect(mau['2026-02-04']).toBe(3); // 01-06..02-04
    expect(mau['2026-02-05']).toBe(1); // 01-07..02-05: E only
  });

  it('02-05: the duration of a session spans its events after lastDay; those events are not counted', () => {
    expect(day('2026-02-05')).toEqual({
      ...zero('2026-02-05'),
      dau: 1,
      wau: 1,
      mau: 1,
      events: 2,
      pageviews: 1,
      sessions: 1,
      meanSessionDuration: 15 * 3600, // 09:00 → 00:00 next day
      distinctIdDau: 1,
      custom: { ...noCustom, button_clicked: { count: 1, uniquePersons: 1 } },
      conversion: { entered: 0, converted: 0, rate: null },
    });
  });

  it('a wider conversion window converts D as well; from = to converts everyone who entered', () => {
    const wide = computeTruth(ds, { conversion: { from: 'signed_up', to: 'subscription_started', windowDays: 2 } });
    expect(truthFor(wide, '2026-01-05').conversion).toEqual({ entered: 2, converted: 2, rate: 1 });
    expect(truthFor(wide, '2026-01-01').conversion).toEqual({ entered: 1, converted: 1, rate: 1 }); // 1 d 22 h 56 min
    const same = computeTruth(ds, { conversion: { from: 'signed_up', to: 'signed_up', windowDays: 0 } });
    expect(truthFor(same, '2026-01-05').conversion).toEqual({ entered: 2, converted: 2, rate: 1 });
  });

  it('without options there are no custom events and no conversion', () => {
    const plain = computeTruth(ds);
    expect(truthFor(plain, '2026-01-05').custom).toEqual({});
    expect(truthFor(plain, '2026-01-05').conversion).toBeUndefined();
  });
});

describe('ground truth: day boundaries in America/New_York', () => {
  it('spring forward: 23:30 EST on 03-07 is 03-07; the 23-hour 03-08 holds everything from 05:00Z to 04:00Z', () => {
    const ds = dataset('America/New_York', '2026-03-07', '2026-03-09', [
      ev('2026-03-07T05:00:00Z', '$pageview', 'p', 'P', { $session_id: 'a' }), // 00:00 EST 03-07
      ev('2026-03-08T04:30:00Z', '$pageview', 'p', 'P', { $session_id: 'b' }), // 23:30 EST 03-07
      ev('2026-03-08T05:00:00Z', '$pageview', 'q', 'Q', { $session_id: 'c' }), // 00:00 EST 03-08
      ev('2026-03-08T06:59:59.999Z', '$pageview', 'q', 'Q', { $session_id: 'c' }), // 01:59:59.999 EST
      ev('2026-03-08T07:00:00Z', '$pageview', 'q', 'Q', { $session_id: 'c' }), // 03:00 EDT
      ev('2026-03-09T03:59:59.999Z', '$pageview', 'r', 'R', { $session_id: 'd' }), // 23:59:59.999 EDT 03-08
      ev('2026-03-09T04:00:00Z', '$pageview', 'r', 'R', { $session_id: 'd' }), // 00:00 EDT 03-09
    ]);
    const truth = computeTruth(ds);
    expect(truth.map((t) => [t.day, t.events, t.dau, t.sessions, t.newUsers])).toEqual([
      ['2026-03-07', 2, 1, 2, 1],
      ['2026-03-08', 4, 2, 2, 2],
      ['2026-03-09', 1, 1, 0, 0],
    ]);
    // Session c reads 3 h on the wall clock (00:00 → 03:00) but lasts 2 h; session d lasts 1 ms.
    expect(truthFor(truth, '2026-03-08').meanSessionDuration).toBeCloseTo((7200 + 0.001) / 2, 9);
  });

  it('fall back: both 01:30s belong to the 25-hour 11-01', () => {
    const ds = dataset('America/New_York', '2026-10-31', '2026-11-02', [
      ev('2026-11-01T03:59:59.999Z', '$pageview', 'p', 'P'), // 23:59:59.999 EDT 10-31
      ev('2026-11-01T04:00:00Z', '$pageview', 'p', 'P'), // 00:00 EDT 11-01
      ev('2026-11-01T05:30:00Z', '$exception', 'q', 'Q'), // 01:30 EDT
      ev('2026-11-01T06:30:00Z', '$exception', 'q', 'Q'), // 01:30 EST
      ev('2026-11-02T04:59:59.999Z', '$pageview', 'r', 'R'), // 23:59:59.999 EST 11-01
      ev('2026-11-02T05:00:00Z', '$pageview', 'r', 'R'), // 00:00 EST 11-02
    ]);
    const truth = computeTruth(ds);
    expect(truth.map((t) => [t.day, t.events, t.dau, t.exceptions, t.sessions, t.meanSessionDuration])).toEqual([
      ['2026-10-31', 1, 1, 0, 0, null],
      ['2026-11-01', 4, 3, 2, 0, null],
      ['2026-11-02', 1, 1, 0, 0, null],
    ]);
  });
});
