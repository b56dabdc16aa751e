/**
 * The pure evaluator, on hand-built series whose answers are worked out by hand in the comments:
 * what makes one day breach (each condition against each baseline), the volume guard, missing data,
 * streaks of consecutive days, incidents, and calendar days across DST and month/year ends.
 */
import { describe, expect, it } from 'vitest';
import { checkDay, evaluateDays, incidentsOf, type DayCheck, type RuleDay, type SeriesInput } from '../../../shared/alerts/evaluate';
import { DEFAULT_EVALUATION, type Condition, type EvaluationSettings } from '../../../shared/alerts/rule';
import { addDays, dayRange, localDay } from '../../../shared/time';

/** Consecutive daily values starting at `start` (null = the store holds "undefined" that day). */
function days(start: string, values: readonly (number | null)[]): Map<string, number | null> {
  return new Map(values.map((v, i) => [addDays(start, i), v]));
}
const series = (start: string, values: readonly (number | null)[]): SeriesInput => ({ values: days(start, values) });
const settings = (over: Partial<EvaluationSettings> = {}): EvaluationSettings => ({ ...DEFAULT_EVALUATION, ...over });

const below = (value: number): Condition => ({ kind: 'threshold', direction: 'below', value });
const above = (value: number): Condition => ({ kind: 'threshold', direction: 'above', value });
const drop = (amount: number, baseline: 'previous_day' | 'avg_7d' | 'same_weekday_4w' = 'previous_day', unit: 'percent' | 'absolute' = 'percent'): Condition => ({
  kind: 'change',
  direction: 'drop',
  unit,
  amount,
  baseline,
});
const rise = (amount: number, baseline: 'previous_day' | 'avg_7d' | 'same_weekday_4w' = 'previous_day', unit: 'percent' | 'absolute' = 'percent'): Condition => ({
  kind: 'change',
  direction: 'rise',
  unit,
  amount,
  baseline,
});
const STOPPED: Condition = { kind: 'stopped' };

/** The numbers of a check that has them (fails the test when it is no_data). */
function numbers(check: DayCheck) {
  if (check.outcome === 'no_data') throw new Error(`expected numbers on ${check.day}, got no_data (${check.reason})`);
  return check;
}
const outcomes = (checks: readonly RuleDay[]): string[] => checks.map((d) => `${d.day} ${d.status}`);

describe('threshold conditions', () => {
  const input = series('2026-11-16', [10, 5, 4, 12, 10]);

  it('"below" breaches strictly under the threshold, with the threshold as the reference', () => {
    expect(checkDay(input, below(5), settings(), '2026-11-16')).toMatchObject({ outcome: 'ok', value: 10, reference: 5, change: 1 });
    // Exactly at the threshold is not below it.
    expect(checkDay(input, below(5), settings(), '2026-11-17').outcome).toBe('ok');
    // 4 vs 5: (4 − 5) ÷ 5 = −20 %.
    expect(checkDay(input, below(5), settings(), '2026-11-18')).toEqual({ day: '2026-11-18', outcome: 'breach', value: 4, reference: 5, referenceDays: [], change: -0.2 });
  });

  it('"above" breaches strictly over the threshold', () => {
    expect(checkDay(input, above(10), settings(), '2026-11-19')).toMatchObject({ outcome: 'breach', value: 12, reference: 10 });
    expect(checkDay(input, above(10), settings(), '2026-11-20').outcome).toBe('ok');
  });

  it('a threshold on a count is its own volume statement: the volume guard does not hide it', () => {
    // DAU 4 below 5 with a guard of 20: still a breach (the founder asked about exactly this number).
    expect(checkDay(input, below(5), settings({ minVolume: 20 }), '2026-11-18').outcome).toBe('breach');
  });

  it('a threshold of zero has no relative change', () => {
    expect(checkDay(series('2026-11-16', [3]), above(0), settings(), '2026-11-16')).toMatchObject({ outcome: 'breach', reference: 0, change: null });
  });
});

describe('change against the day before', () => {
  it('a drop of at least the percentage breaches; just under it does not', () => {
    const input = series('2026-11-16', [100, 70, 100, 71]);
    // 100 → 70 is exactly −30 %: a 30 % rule fires.
    expect(checkDay(input, drop(30), settings(), '2026-11-17')).toEqual({
      day: '2026-11-17',
      outcome: 'breach',
      value: 70,
      reference: 100,
      referenceDays: ['2026-11-16'],
      change: -0.3,
    });
    // 100 → 71 is −29 %.
    expect(checkDay(input, drop(30), settings(), '2026-11-19')).toMatchObject({ outcome: 'ok', change: -0.29 });
    // A rise is never a drop.
    expect(checkDay(input, drop(30), settings(), '2026-11-18').outcome).toBe('ok');
  });

  it('exactly the percentage counts even when floating point lands a hair under it', () => {
    // A rate from 30 % to 21 % is a 30 % relative drop; 0.3 − 0.21 = 0.09000000000000002 in doubles.
    const input = series('2026-11-16', [0.3, 0.21, 0.1, 0.07]);
    expect(checkDay(input, drop(30), settings(), '2026-11-17').outcome).toBe('breach');
    // 0.1 → 0.07: 0.1 − 0.07 = 0.030000000000000006, also exactly 30 %.
    expect(checkDay(input, drop(30), settings(), '2026-11-19').outcome).toBe('breach');
  });

  it('a rise of at least the percentage breaches', () => {
    const input = series('2026-11-16', [100, 150, 100, 149]);
    expect(checkDay(input, rise(50), settings(), '2026-11-17')).toMatchObject({ outcome: 'breach', value: 150, reference: 100, change: 0.5 });
    expect(checkDay(input, rise(50), settings(), '2026-11-19').outcome).toBe('ok');
    expect(checkDay(input, rise(50), settings(), '2026-11-18').outcome).toBe('ok');
  });

  it('absolute amounts compare the difference itself', () => {
    const input = series('2026-11-16', [100, 60, 61, 101]);
    // 100 → 60 is 40 fewer.
    expect(checkDay(input, drop(40, 'previous_day', 'absolute'), settings(), '2026-11-17')).toMatchObject({ outcome: 'breach', reference: 100, change: -0.4 });
    // 60 → 61: a rise of 1, not a drop.
    expect(checkDay(input, drop(40, 'previous_day', 'absolute'), settings(), '2026-11-18').outcome).toBe('ok');
    // 61 → 101 is 40 more.
    expect(checkDay(input, rise(40, 'previous_day', 'absolute'), settings(), '2026-11-19').outcome).toBe('breach');
    expect(checkDay(input, rise(41, 'previous_day', 'absolute'), settings(), '2026-11-19').outcome).toBe('ok');
  });

  it('an absolute drop of exactly the amount on a rate counts (30 % → 20 % is 10 points)', () => {
    // 0.3 − 0.2 = 0.09999999999999998 in doubles: the founder asked for 10 points and got exactly 10.
    const input = series('2026-11-16', [0.3, 0.2]);
    expect(checkDay(input, drop(0.1, 'previous_day', 'absolute'), settings(), '2026-11-17').outcome).toBe('breach');
    expect(checkDay(input, drop(0.11, 'previous_day', 'absolute'), settings(), '2026-11-17').outcome).toBe('ok');
  });

  it('without a value the day before there is no baseline', () => {
    const input = series('2026-11-16', [null, 50]);
    expect(checkDay(input, drop(30), settings(), '2026-11-17')).toEqual({ day: '2026-11-17', outcome: 'no_data', reason: 'no_baseline' });
  });
});

describe('change against the 7-day average', () => {
  // 2026-11-13 … 2026-11-19 = 10, 20, … 70 (average 40); 2026-11-12 = 1000 is outside the window.
  const history = days('2026-11-12', [1000, 10, 20, 30, 40, 50, 60, 70]);

  it('compares with the mean of the 7 days before, listing those days oldest first', () => {
    const input: SeriesInput = { values: new Map([...history, ['2026-11-20', 20]]) };
    expect(checkDay(input, drop(50, 'avg_7d'), settings(), '2026-11-20')).toEqual({
      day: '2026-11-20',
      outcome: 'breach',
      value: 20,
      reference: 40,
      referenceDays: dayRange('2026-11-13', '2026-11-19'),
      change: -0.5,
    });
    expect(checkDay(input, drop(51, 'avg_7d'), settings(), '2026-11-20').outcome).toBe('ok');
  });

  it('needs at least 4 of the 7 days; the mean is over the days that have a value', () => {
    // Only 2026-11-16 … 19 (40, 50, 60, 70): mean 55.
    const four: SeriesInput = { values: new Map([...days('2026-11-16', [40, 50, 60, 70]), ['2026-11-20', 11]]) };
    expect(checkDay(four, drop(80, 'avg_7d'), settings(), '2026-11-20')).toMatchObject({ outcome: 'breach', reference: 55, referenceDays: dayRange('2026-11-16', '2026-11-19'), change: -0.8 });
    // Three days (and a null that is no value) are not enough.
    const three: SeriesInput = { values: new Map([...days('2026-11-16', [null, 50, 60, 70]), ['2026-11-20', 11]]) };
    expect(checkDay(three, drop(80, 'avg_7d'), settings(), '2026-11-20')).toEqual({ day: '2026-11-20', outcome: 'no_data', reason: 'no_baseline' });
  });
});

describe('change against the same weekday over 4 weeks', () => {
  // Tuesday 2026-11-17: its baseline days are the Tuesdays 10-20, 10-27, 11-03, 11-10.
  const TUESDAYS = ['2026-10-20', '2026-10-27', '2026-11-03', '2026-11-10'];

  it('uses D−7, D−14, D−21 and D−28 only', () => {
    // Every other day (and the Tuesday 5 weeks back) is 9999, so using any of them would show.
    const values = new Map(dayRange('2026-10-13', '2026-11-16').map((d) => [d, 9999] as [string, number]));
    [2000, 2020, 2000, 2020].forEach((v, i) => values.set(TUESDAYS[i]!, v));
    values.set('2026-11-17', 1240);
    const check = numbers(checkDay({ values }, drop(30, 'same_weekday_4w'), settings(), '2026-11-17'));
    expect(check).toMatchObject({ outcome: 'breach', value: 1240, reference: 2010, referenceDays: TUESDAYS });
    // (1240 − 2010) ÷ 2010
    expect(check.change).toBeCloseTo(-770 / 2010, 12);
  });

  it('needs at least 2 of the 4 weeks', () => {
    const one: SeriesInput = { values: new Map([['2026-11-10', 2000], ['2026-11-16', 2000], ['2026-11-17', 100]]) };
    expect(checkDay(one, drop(30, 'same_weekday_4w'), settings(), '2026-11-17')).toEqual({ day: '2026-11-17', outcome: 'no_data', reason: 'no_baseline' });
    const two: SeriesInput = { values: new Map([['2026-10-20', 1000], ['2026-11-10', 3000], ['2026-11-17', 1000]]) };
    expect(checkDay(two, drop(50, 'same_weekday_4w'), settings(), '2026-11-17')).toMatchObject({ outcome: 'breach', reference: 2000, referenceDays: ['2026-10-20', '2026-11-10'] });
  });

  describe('a weekly-seasonal series (weekdays 1000, Saturday 400, Sunday 420)', () => {
    // Monday 2026-10-12 to Sunday 2026-11-15: five identical weeks.
    const week = [1000, 1000, 1000, 1000, 1000, 400, 420];
    const seasonal = series('2026-10-12', [...week, ...week, ...week, ...week, ...week]);
    const SATURDAYS = ['2026-10-17', '2026-10-24', '2026-10-31', '2026-11-07', '2026-11-14'];

    it('"30 % drop vs the day before" fires every Saturday (400 vs Friday\'s 1000)', () => {
      const result = evaluateDays(seasonal, { condition: drop(30), evaluation: settings() }, dayRange('2026-10-13', '2026-11-15'));
      expect(result.filter((d) => d.status === 'breach').map((d) => d.day)).toEqual(SATURDAYS);
      expect(incidentsOf(result).map((i) => `${i.start}→${i.resolvedOn}`)).toEqual(SATURDAYS.map((d) => `${d}→${addDays(d, 1)}`));
    });

    it('"30 % drop vs the same weekday" never fires on it', () => {
      const result = evaluateDays(seasonal, { condition: drop(30, 'same_weekday_4w'), evaluation: settings() }, dayRange('2026-10-12', '2026-11-15'));
      // Weeks 1 and 2 lack the 2 earlier weeks the baseline needs; from 2026-10-26 every day is OK.
      expect(result.filter((d) => d.day < '2026-10-26').every((d) => d.status === 'no_data')).toBe(true);
      expect(result.filter((d) => d.day >= '2026-10-26').every((d) => d.status === 'ok')).toBe(true);
      const saturday = result.find((d) => d.day === '2026-11-14');
      expect(saturday?.check).toMatchObject({ reference: 400, referenceDays: SATURDAYS.slice(0, 4), change: 0 });
    });

    it('…but a Saturday at half the usual Saturday does', () => {
      const values = new Map(seasonal.values);
      values.set('2026-11-14', 200);
      const result = evaluateDays({ values }, { condition: drop(30, 'same_weekday_4w'), evaluation: settings() }, dayRange('2026-11-09', '2026-11-15'));
      expect(outcomes(result)).toEqual([
        '2026-11-09 ok',
        '2026-11-10 ok',
        '2026-11-11 ok',
        '2026-11-12 ok',
        '2026-11-13 ok',
        '2026-11-14 breach',
        '2026-11-15 ok',
      ]);
      expect(result[5]?.check).toMatchObject({ value: 200, reference: 400, change: -0.5 });
    });
  });
});

describe('drops and rises from zero', () => {
  it('a drop against a baseline of zero has nothing to fall from: no data, not OK', () => {
    const input = series('2026-11-16', [0, 0, 0, 0, 0, 0, 0, 0]);
    expect(checkDay(input, drop(10), settings(), '2026-11-17')).toEqual({ day: '2026-11-17', outcome: 'no_data', reason: 'no_baseline' });
    expect(checkDay(input, drop(10, 'avg_7d', 'absolute'), settings(), '2026-11-23')).toEqual({ day: '2026-11-23', outcome: 'no_data', reason: 'no_baseline' });
  });

  it('a rise from zero is a breach (an infinite rise), with no relative change', () => {
    const input = series('2026-11-16', [0, 5, 0, 0]);
    expect(checkDay(input, rise(200), settings(), '2026-11-17')).toEqual({
      day: '2026-11-17',
      outcome: 'breach',
      value: 5,
      reference: 0,
      referenceDays: ['2026-11-16'],
      change: null,
    });
    expect(checkDay(input, rise(3, 'previous_day', 'absolute'), settings(), '2026-11-17').outcome).toBe('breach');
    // Zero after zero is no rise.
    expect(checkDay(input, rise(200), settings(), '2026-11-19').outcome).toBe('ok');
  });

  it('…guarded by volume: 0 → 5 is noise when the guard is 10', () => {
    const input = series('2026-11-16', [0, 5, 0, 12]);
    expect(checkDay(input, rise(200), settings({ minVolume: 10 }), '2026-11-17').outcome).toBe('low_volume');
    expect(checkDay(input, rise(200), settings({ minVolume: 10 }), '2026-11-19').outcome).toBe('breach');
  });
});

describe('the volume guard', () => {
  it('a 50 % drop from 2 to 1 is ignored when the guard is 5', () => {
    const input = series('2026-11-16', [2, 1]);
    expect(checkDay(input, drop(30), settings({ minVolume: 5 }), '2026-11-17')).toMatchObject({ outcome: 'low_volume', value: 1, reference: 2, change: -0.5 });
    expect(checkDay(input, drop(30), settings({ minVolume: 0 }), '2026-11-17').outcome).toBe('breach');
  });

  it('looks at the larger of the value and the baseline: a collapse from 100 to 1 is not hidden', () => {
    const input = series('2026-11-16', [100, 1, 2, 10]);
    expect(checkDay(input, drop(30), settings({ minVolume: 50 }), '2026-11-17').outcome).toBe('breach');
    // 2 → 10 is a rise to exactly the guard: counted.
    expect(checkDay(input, rise(100), settings({ minVolume: 10 }), '2026-11-19').outcome).toBe('breach');
    expect(checkDay(input, rise(100), settings({ minVolume: 11 }), '2026-11-19').outcome).toBe('low_volume');
  });

  it('never turns an OK day into low volume', () => {
    const input = series('2026-11-16', [2, 2]);
    expect(checkDay(input, drop(30), settings({ minVolume: 5 }), '2026-11-17').outcome).toBe('ok');
  });

  it('a rate is guarded by its entries, not by its value', () => {
    // 0 % conversion with 3 entries is noise; with 40 entries it is real. Same for a change rule.
    const values = days('2026-11-16', [0.2, 0, 0.2, 0]);
    const volume = days('2026-11-16', [40, 3, 40, 40]);
    const rate: SeriesInput = { values, volume };
    expect(checkDay(rate, below(0.05), settings({ minVolume: 10 }), '2026-11-17').outcome).toBe('low_volume');
    expect(checkDay(rate, below(0.05), settings({ minVolume: 10 }), '2026-11-19').outcome).toBe('breach');
    expect(checkDay(rate, drop(50), settings({ minVolume: 10 }), '2026-11-17').outcome).toBe('low_volume');
    expect(checkDay(rate, drop(50), settings({ minVolume: 10 }), '2026-11-19').outcome).toBe('breach');
    // No entries stored that day counts as none.
    const unknown: SeriesInput = { values, volume: new Map() };
    expect(checkDay(unknown, below(0.05), settings({ minVolume: 10 }), '2026-11-19').outcome).toBe('low_volume');
  });
});

describe('"stopped"', () => {
  // 2026-11-10 = 100 (outside the level window); 11-11 … 11-17 = 2, 4, … 14 (mean 8); then zeros.
  const flag = series('2026-11-10', [100, 2, 4, 6, 8, 10, 12, 14, 0, 0, 0]);

  it('a zero after a non-zero day breaches, quoting the mean of the 7 days ending at the last non-zero day', () => {
    expect(checkDay(flag, STOPPED, settings(), '2026-11-18')).toEqual({
      day: '2026-11-18',
      outcome: 'breach',
      value: 0,
      reference: 8,
      referenceDays: dayRange('2026-11-11', '2026-11-17'),
      change: -1,
      since: '2026-11-18',
    });
  });

  it('continuing zeros stay breaching, all "since" the first zero', () => {
    const result = evaluateDays(flag, { condition: STOPPED, evaluation: settings() }, dayRange('2026-11-16', '2026-11-20'));
    expect(outcomes(result)).toEqual(['2026-11-16 ok', '2026-11-17 ok', '2026-11-18 breach', '2026-11-19 breach', '2026-11-20 breach']);
    expect(result.slice(2).map((d) => numbers(d.check).since)).toEqual(['2026-11-18', '2026-11-18', '2026-11-18']);
    expect(result.slice(2).map((d) => numbers(d.check).reference)).toEqual([8, 8, 8]);
    expect(incidentsOf(result)).toEqual([expect.objectContaining({ start: '2026-11-18', resolvedOn: null })]);
  });

  it('is guarded by the level before the stop (a mean of 8 is not news under a guard of 9)', () => {
    expect(checkDay(flag, STOPPED, settings({ minVolume: 9 }), '2026-11-19')).toMatchObject({ outcome: 'low_volume', reference: 8 });
    expect(checkDay(flag, STOPPED, settings({ minVolume: 8 }), '2026-11-19').outcome).toBe('breach');
  });

  it('the level skips days without a value', () => {
    // 11-14 … 11-17 = 3, null, 5, 7: mean of 3, 5, 7 = 5.
    const gappy = series('2026-11-14', [3, null, 5, 7, 0]);
    expect(checkDay(gappy, STOPPED, settings(), '2026-11-18')).toMatchObject({ outcome: 'breach', reference: 5, referenceDays: ['2026-11-14', '2026-11-16', '2026-11-17'] });
  });

  it('a series that was always zero never fires', () => {
    const dead = series('2026-10-01', new Array<number>(50).fill(0));
    const result = evaluateDays(dead, { condition: STOPPED, evaluation: settings() }, dayRange('2026-10-01', '2026-11-19'));
    expect(result.every((d) => d.status === 'ok')).toBe(true);
  });

  it('a non-zero day is OK, and a day without a value is no data', () => {
    const input = series('2026-11-16', [5, 3, null]);
    expect(checkDay(input, STOPPED, settings(), '2026-11-17').outcome).toBe('ok');
    expect(checkDay(input, STOPPED, settings(), '2026-11-18')).toEqual({ day: '2026-11-18', outcome: 'no_data', reason: 'no_value' });
  });

  it('looks back for the last non-zero day only as far as asked', () => {
    // 5 on 11-10, then zeros: 11-18 is 8 days after the last non-zero day, 11-19 is 9.
    const once = series('2026-11-10', [5, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(checkDay(once, STOPPED, settings(), '2026-11-18', { stoppedLookbackDays: 8 })).toMatchObject({ outcome: 'breach', reference: 5, since: '2026-11-11' });
    expect(checkDay(once, STOPPED, settings(), '2026-11-19', { stoppedLookbackDays: 8 }).outcome).toBe('ok');
    expect(checkDay(once, STOPPED, settings(), '2026-11-19', { stoppedLookbackDays: 9 }).outcome).toBe('breach');
  });
});

describe('days without a value', () => {
  it('a missing day, a null and a non-finite value are all "no value"', () => {
    const input: SeriesInput = { values: new Map<string, number | null>([['2026-11-17', null], ['2026-11-18', Number.NaN], ['2026-11-19', Number.POSITIVE_INFINITY]]) };
    for (const day of ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19']) {
      expect(checkDay(input, below(5), settings(), day)).toEqual({ day, outcome: 'no_data', reason: 'no_value' });
      expect(checkDay(input, STOPPED, settings(), day)).toEqual({ day, outcome: 'no_data', reason: 'no_value' });
    }
  });
});

describe('consecutive days', () => {
  // 11-16 ok, 11-17 … 11-20 below 5, 11-21 ok.
  const input = series('2026-11-16', [10, 1, 2, 3, 4, 10]);
  const threeDays = { condition: below(5), evaluation: settings({ consecutiveDays: 3 }) };

  it('fires on the third breaching day in a row, and stays firing while it holds', () => {
    const result = evaluateDays(input, threeDays, dayRange('2026-11-16', '2026-11-21'));
    expect(result.map((d) => `${d.day} ${d.status} ${d.streak}`)).toEqual([
      '2026-11-16 ok 0',
      '2026-11-17 ok 1',
      '2026-11-18 ok 2',
      '2026-11-19 breach 3',
      // The streak is counted only as far as the rule needs.
      '2026-11-20 breach 3',
      '2026-11-21 ok 0',
    ]);
    expect(incidentsOf(result)).toEqual([expect.objectContaining({ start: '2026-11-19', resolvedOn: '2026-11-21' })]);
  });

  it('counts breaching days before the first day evaluated (a 3-day rule evaluated on one day)', () => {
    const [only] = evaluateDays(input, threeDays, ['2026-11-19']);
    expect(only).toMatchObject({ day: '2026-11-19', status: 'breach', streak: 3 });
  });

  it('a day without data or below the volume guard breaks the streak', () => {
    const gap = series('2026-11-16', [10, 1, null, 3, 4, 10]);
    // 11-18 has no value: 11-19 starts a new streak, 11-20 is its second day.
    expect(evaluateDays(gap, threeDays, ['2026-11-19', '2026-11-20']).map((d) => `${d.status} ${d.streak}`)).toEqual(['ok 1', 'ok 2']);
    const guardedRate: SeriesInput = { values: days('2026-11-16', [0.5, 0, 0, 0, 0]), volume: days('2026-11-16', [50, 50, 2, 50, 50]) };
    const rule = { condition: below(0.05), evaluation: settings({ consecutiveDays: 2, minVolume: 10 }) };
    expect(evaluateDays(guardedRate, rule, dayRange('2026-11-17', '2026-11-20')).map((d) => `${d.status} ${d.streak}`)).toEqual(['ok 1', 'low_volume 0', 'ok 1', 'breach 2']);
  });
});

describe('incidents', () => {
  const check: DayCheck = { day: '', outcome: 'ok', value: 0, reference: null, referenceDays: [], change: null };
  const statuses = (list: RuleDay['status'][]): RuleDay[] =>
    list.map((status, i) => ({ day: addDays('2026-11-01', i), status, check: { ...check, day: addDays('2026-11-01', i) }, streak: status === 'breach' ? 1 : 0 }));

  it('open on the first breaching day and close on the next OK day; low volume and no data do neither', () => {
    const result = incidentsOf(statuses(['ok', 'breach', 'breach', 'low_volume', 'no_data', 'breach', 'ok', 'low_volume', 'no_data', 'breach']));
    expect(result.map((i) => [i.start, i.resolvedOn, i.first.day])).toEqual([
      ['2026-11-02', '2026-11-07', '2026-11-02'],
      ['2026-11-10', null, '2026-11-10'],
    ]);
  });

  it('low-volume "breaches" never open an incident', () => {
    expect(incidentsOf(statuses(['low_volume', 'low_volume', 'ok', 'no_data']))).toEqual([]);
  });

  it('a dead series stays one open incident while its baseline decays below the guard and to zero', () => {
    // Flag collapse: 80 % below the 7-day average, guard 20. Seven days of 100, then zeros.
    // Zero day j compares with 100·(8 − j)/7: 100, 85.7, 71.4, 57.1, 42.9, 28.6 breach; 14.3 < 20 is low
    // volume; from day 8 the average is 0 (nothing to drop from: no data). Back at 100 on day 11: the
    // average is still 0 (no data); the day after, 100 vs 14.3 is no drop, and it resolves.
    const input = series('2026-11-01', [...new Array<number>(7).fill(100), ...new Array<number>(10).fill(0), 100, 100]);
    const result = evaluateDays(input, { condition: drop(80, 'avg_7d'), evaluation: settings({ minVolume: 20 }) }, dayRange('2026-11-08', '2026-11-19'));
    expect(result.map((d) => d.status)).toEqual([
      'breach', 'breach', 'breach', 'breach', 'breach', 'breach', 'low_volume', 'no_data', 'no_data', 'no_data', 'no_data', 'ok',
    ]);
    expect(incidentsOf(result)).toEqual([expect.objectContaining({ start: '2026-11-08', resolvedOn: '2026-11-19' })]);
  });
});

describe('calendar days (DST, month and year ends)', () => {
  it('a DST day is one calendar day: 23 and 25 hours of traffic are days like any other', () => {
    // One event an hour, bucketed by New York days: 24 a day, 23 on 2026-03-08, 25 on 2026-11-01.
    const counts = new Map<string, number>();
    for (let t = Date.parse('2026-01-20T05:00:00Z'); t < Date.parse('2026-11-20T05:00:00Z'); t += 3_600_000) {
      const day = localDay(t, 'America/New_York');
      counts.set(day, (counts.get(day) ?? 0) + 1);
    }
    expect([counts.get('2026-03-07'), counts.get('2026-03-08'), counts.get('2026-11-01')]).toEqual([24, 23, 25]);
    const input: SeriesInput = { values: counts };
    // 23 vs 24 is −4.2 %, not a 10 % drop.
    expect(checkDay(input, drop(10), settings(), '2026-03-08')).toMatchObject({ outcome: 'ok', value: 23, reference: 24, referenceDays: ['2026-03-07'] });
    // The Sunday after spring-forward: its 4 Sundays include the 23-hour one, by date.
    expect(checkDay(input, drop(10, 'same_weekday_4w'), settings(), '2026-03-15')).toMatchObject({
      outcome: 'ok',
      reference: (24 + 24 + 24 + 23) / 4,
      referenceDays: ['2026-02-15', '2026-02-22', '2026-03-01', '2026-03-08'],
    });
    // The Sunday after fall-back, and the day after it (a 25-hour day before it).
    expect(numbers(checkDay(input, drop(10, 'same_weekday_4w'), settings(), '2026-11-08')).referenceDays).toEqual(['2026-10-11', '2026-10-18', '2026-10-25', '2026-11-01']);
    expect(checkDay(input, rise(10), settings(), '2026-11-02')).toMatchObject({ outcome: 'ok', value: 24, reference: 25, referenceDays: ['2026-11-01'] });
    expect(numbers(checkDay(input, drop(10, 'avg_7d'), settings(), '2026-03-09')).referenceDays).toEqual(dayRange('2026-03-02', '2026-03-08'));
  });

  it('baselines cross month and year ends by calendar date', () => {
    const values = new Map(dayRange('2026-11-01', '2027-01-31').map((d) => [d, 100] as [string, number]));
    const input: SeriesInput = { values };
    expect(numbers(checkDay(input, drop(10, 'same_weekday_4w'), settings(), '2027-01-03')).referenceDays).toEqual(['2026-12-06', '2026-12-13', '2026-12-20', '2026-12-27']);
    expect(numbers(checkDay(input, drop(10, 'avg_7d'), settings(), '2027-01-02')).referenceDays).toEqual(dayRange('2026-12-26', '2027-01-01'));
    expect(numbers(checkDay(input, drop(10), settings(), '2026-12-01')).referenceDays).toEqual(['2026-11-30']);
    // February: 28 days in 2026, 29 in 2028.
    expect(numbers(checkDay(series('2026-02-28', [100, 100]), drop(10), settings(), '2026-03-01')).referenceDays).toEqual(['2026-02-28']);
    expect(numbers(checkDay(series('2028-02-28', [100, 100, 100]), drop(10), settings(), '2028-03-01')).referenceDays).toEqual(['2028-02-29']);
  });

  it('"stopped" finds its level across a year end', () => {
    const input = series('2026-12-26', [7, 7, 7, 7, 7, 7, 14, 0]);
    // Last non-zero 2027-01-01; level over 2026-12-26 … 2027-01-01 = (6·7 + 14) ÷ 7 = 8.
    expect(checkDay(input, STOPPED, settings(), '2027-01-02')).toMatchObject({ outcome: 'breach', reference: 8, since: '2027-01-02', referenceDays: dayRange('2026-12-26', '2027-01-01') });
  });
});
