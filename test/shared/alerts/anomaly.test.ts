/**
 * The "unusual" detector on hand-built series whose right answers are known: weekly seasonality,
 * steady growth, a launch-day step, a one-off incident that must not poison later baselines, low
 * volumes, too little history — and its sentence.
 */
import { describe, expect, it } from 'vitest';
import { LEARNING_DAYS, scoreRange, SENSITIVITY_SPECS, type AnomalySeries } from '../../../shared/alerts/anomaly';
import { describeCheck } from '../../../shared/alerts/describe';
import { evaluateDays, incidentsOf, type RuleDay } from '../../../shared/alerts/evaluate';
import type { Condition, EvaluationSettings } from '../../../shared/alerts/rule';
import { addDays, dayRange } from '../../../shared/time';

const FIRST = '2026-06-01'; // a Monday
const LAST = '2026-09-27'; // a Sunday: 17 weeks
const DAYS = dayRange(FIRST, LAST);
/** Weekday shape: weekends at 55 %. `dayIndex` 0 is a Monday. */
const season = (i: number): number => (i % 7 === 5 || i % 7 === 6 ? 0.55 : 1);
/** Deterministic noise in ±`amount` (relative). */
const wobble = (i: number, amount: number): number => 1 + amount * Math.sin(i * 12.9898 + 1.3);

/** A seeded stream of standard normals (mulberry32 + Box–Muller): i.i.d. noise, the same every run. */
function normals(seed: number): (i: number) => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.max(1e-12, ((t ^ (t >>> 14)) >>> 0) / 4294967296);
  };
  const drawn: number[] = [];
  return (i) => {
    while (drawn.length <= i) drawn.push(Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
    return drawn[i] ?? 0;
  };
}

function series(value: (i: number, day: string) => number): Map<string, number> {
  return new Map(DAYS.map((day, i) => [day, Math.round(value(i, day))]));
}

const SETTINGS: EvaluationSettings = { consecutiveDays: 1, minVolume: 0, includePartialDay: false };
const unusual = (direction: 'drop' | 'spike' | 'both', sensitivity: 'low' | 'medium' | 'high' = 'medium'): Condition => ({ kind: 'unusual', direction, sensitivity });

function firings(values: Map<string, number>, condition: Condition, days: readonly string[] = DAYS): string[] {
  return incidentsOf(evaluateDays({ values, noise: 'count' }, { condition, evaluation: SETTINGS }, days)).map((i) => i.start);
}

describe('the unusual detector', () => {
  const steady = series((i) => 1000 * season(i) * wobble(i, 0.04));

  it('a weekly-seasonal series never fires: weekends are compared with weekends', () => {
    expect(firings(steady, unusual('both', 'high'))).toEqual([]);
  });

  it('a −40 % Wednesday fires on its day, once, with the expected range around the usual Wednesday', () => {
    const day = '2026-08-19';
    const values = new Map(steady);
    values.set(day, Math.round((steady.get(day) ?? 0) * 0.6));
    expect(firings(values, unusual('drop'))).toEqual([day]);
    const [check] = evaluateDays({ values, noise: 'count' }, { condition: unusual('drop'), evaluation: SETTINGS }, [day]).map((d) => d.check);
    if (check?.outcome !== 'breach') throw new Error(`expected a breach, got ${check?.outcome}`);
    expect(check.reference).toBeGreaterThan(950);
    expect(check.reference).toBeLessThan(1050);
    expect(check.band?.low).toBeLessThan(check.reference ?? 0);
    expect(check.value).toBeLessThan(check.band?.low ?? 0);
    expect(check.referenceDays).toEqual(dayRange('2026-06-24', '2026-08-12').filter((_, i) => i % 7 === 0));
    // A spike rule ignores it; a drop on a Saturday is judged against Saturdays.
    expect(firings(values, unusual('spike'))).toEqual([]);
  });

  it('past incidents are excluded from later baselines: after four bad Wednesdays, a normal one is not "unusually high"', () => {
    const values = new Map(steady);
    const bad = ['2026-07-29', '2026-08-05', '2026-08-12', '2026-08-19'];
    for (const day of bad) values.set(day, 200);
    // Each bad Wednesday fires; the normal Wednesday after them does not (without the exclusion, half
    // of its 8-week baseline would be the incidents and 1,000 would look like a +60 % spike).
    expect(firings(values, unusual('both'))).toEqual(bad);
  });

  it('steady growth (+1 % a day, compounding) is not a spike', () => {
    const growing = series((i) => 200 * Math.pow(1.01, i) * season(i) * wobble(i, 0.03));
    expect(firings(growing, unusual('both', 'high'))).toEqual([]);
  });

  it('a launch-day step (×1.6, and staying) is one incident at most, and the baseline follows the new level', () => {
    const step = '2026-08-03';
    const stepped = series((i, day) => 1000 * season(i) * wobble(i, 0.03) * (day >= step ? 1.6 : 1));
    const spikes = firings(stepped, unusual('spike'));
    expect(spikes.length).toBeLessThanOrEqual(1);
    // Two weeks later the new level is normal: a −40 % day there is caught against the new level.
    const values = new Map(stepped);
    const later = '2026-09-16';
    values.set(later, Math.round((stepped.get(later) ?? 0) * 0.6));
    expect(firings(values, unusual('drop'))).toEqual([later]);
  });

  it('after a launch step the weeks before it are rescaled to the new level: a −30 % day a week later is caught', () => {
    // Without the rescaling, the weeks of baseline that straddle the step inflate both the expected
    // value and the spread for a month, and a −30 % day 9 days after a launch reads as ordinary.
    const step = '2026-08-03';
    const stepped = series((i, day) => 1000 * season(i) * wobble(i, 0.03) * (day >= step ? 1.6 : 1));
    const day = '2026-08-12';
    stepped.set(day, Math.round((stepped.get(day) ?? 0) * 0.7));
    expect(firings(stepped, unusual('drop'))).toEqual([day]);
    const score = scoreRange({ values: stepped, noise: 'count' }, day, day, 'medium').get(day);
    expect(score).toMatchObject({ kind: 'scored' });
    if (score?.kind === 'scored') expect(score.expected).toBeGreaterThan(1500);
  });

  it('a project that quadruples with Poisson-like noise fires only on its −35 % day', () => {
    // ±√value noise: relative noise falls from ~13 % to ~7 % as the project grows from 60 to ~240 a day.
    const normal = normals(7);
    const grown = series((i) => {
      const mean = 60 * Math.pow(4, i / DAYS.length) * season(i);
      return mean + Math.sqrt(mean) * normal(i);
    });
    const day = '2026-09-23';
    grown.set(day, Math.round((grown.get(day) ?? 0) * 0.65));
    expect(firings(grown, unusual('both'))).toEqual([day]);
  });

  it('bursty counts (errors come in bursts) set their own spread: ×2 is their weather, ×4 is news', () => {
    // 20 errors a day on average, in bursts: 5× the variance of Poisson. Judged as Poisson, 40 would be
    // 4.5 spreads away; with the dispersion the detector measures on the series, it is ~2.
    const normal = normals(11);
    const bursty = series((i) => Math.max(0, 20 + Math.sqrt(5 * 20) * normal(i)));
    const day = '2026-09-16';
    bursty.set(day, 40);
    expect(firings(bursty, unusual('spike'))).toEqual([]);
    bursty.set(day, 80);
    expect(firings(bursty, unusual('spike'))).toEqual([day]);
  });

  it('low volume: 3 vs a usual 6 is noise, at every sensitivity (even when the series never wobbles)', () => {
    const small = series((i) => 6 * season(i));
    small.set('2026-09-09', 3);
    for (const sensitivity of ['low', 'medium', 'high'] as const) expect(firings(small, unusual('drop', sensitivity))).toEqual([]);
  });

  it('a small relative change on a huge series is not news (the minimum change), however many spreads away', () => {
    const huge = series((i) => 1_000_000 * season(i) * wobble(i, 0.001));
    const day = '2026-09-09';
    huge.set(day, Math.round((huge.get(day) ?? 0) * (1 - SENSITIVITY_SPECS.medium.minChange / 2)));
    expect(firings(huge, unusual('drop', 'medium'))).toEqual([]);
    huge.set(day, Math.round((huge.get(day) ?? 0) * 0.6));
    expect(firings(huge, unusual('drop', 'medium'))).toEqual([day]);
  });

  it('too little history is "learning — needs N more days", never a firing', () => {
    const young = new Map([...steady].slice(0, 20));
    young.set(DAYS[19] ?? '', 1);
    const days = evaluateDays({ values: young, noise: 'count' }, { condition: unusual('both', 'high'), evaluation: SETTINGS }, DAYS.slice(0, 20));
    expect(days.every((d: RuleDay) => d.status === 'no_data')).toBe(true);
    const last = days.at(-1)?.check;
    expect(last).toMatchObject({ outcome: 'no_data', reason: 'learning', needDays: LEARNING_DAYS - 19 });
    expect(describeCheck('posthog_dau', '', unusual('both'), last!, { locale: 'en-US' })).toBe(`DAU: learning — needs ${LEARNING_DAYS - 19} more days of history`);
  });

  it('scores the same day the same whatever range it is asked in (live catch-up = backtest)', () => {
    const values = new Map(steady);
    values.set('2026-08-19', 200);
    values.set('2026-09-09', 300);
    const series: AnomalySeries = { values, noise: 'count' };
    const whole = scoreRange(series, FIRST, LAST, 'medium');
    const narrow = scoreRange(series, '2026-09-07', '2026-09-13', 'medium');
    for (const day of dayRange('2026-09-07', '2026-09-13')) expect(narrow.get(day)).toEqual(whole.get(day));
  });

  it('says what happened with the expected range and how unusual, in the weekday’s words', () => {
    const day = '2026-08-19';
    const values = new Map(steady);
    values.set(day, 600);
    const [d] = evaluateDays({ values, noise: 'count' }, { condition: unusual('drop'), evaluation: SETTINGS }, [day]);
    expect(describeCheck('posthog_dau', '', unusual('drop'), d!.check, { locale: 'en-US' })).toMatch(/^DAU unusually low — 600 vs [\d,]+–[\d,]+ expected for a Wednesday \(\d+(\.\d)?× the usual spread\)$/);
  });

  it('a rate is judged with binomial noise from its entries', () => {
    const rate = new Map(DAYS.map((day, i) => [day, 0.2 * wobble(i, 0.02)]));
    const few = new Map(DAYS.map((day) => [day, 20]));
    const many = new Map(DAYS.map((day) => [day, 20_000]));
    const day = '2026-09-09';
    rate.set(day, 0.12);
    const run = (volume: Map<string, number>) =>
      incidentsOf(evaluateDays({ values: rate, volume, noise: 'ratio' }, { condition: unusual('drop'), evaluation: SETTINGS }, DAYS)).map((i) => i.start);
    expect(run(few)).toEqual([]); // 12 % of 20 entries vs 20 %: 2.4 vs 4 conversions, noise
    expect(run(many)).toEqual([day]);
  });

  it('days of a range before the series starts are simply not scored', () => {
    const scores = scoreRange({ values: steady, noise: 'count' }, addDays(FIRST, -10), addDays(FIRST, 2), 'medium');
    expect(scores.get(addDays(FIRST, -10))).toBeUndefined();
    expect(scores.get(FIRST)).toMatchObject({ kind: 'learning' });
  });
});
