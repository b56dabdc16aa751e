/**
 * From stored points to what a rule reads (series.ts), and a rule run over that history (backtest.ts):
 * a stopped flag reads as zeros, a missing metric as missing, a conversion rate is guarded by its
 * entries, and today's partial day is left out unless the rule asks for it.
 */
import { describe, expect, it } from 'vitest';
import { backtest, lastEvaluatedDay } from '../../../shared/alerts/backtest';
import { checkDay } from '../../../shared/alerts/evaluate';
import { DEFAULT_EVALUATION, type AlertRuleInput } from '../../../shared/alerts/rule';
import { evaluationMetrics, groupPoints, seriesInput, targetKeys, type PointsOf } from '../../../shared/alerts/series';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';

const points = (metric: MetricId, key: string, start: string, values: readonly (number | null)[]): SeriesPoint[] =>
  values.map((value, i) => ({ metric, key, day: addDays(start, i), value }));

function store(...groups: SeriesPoint[][]): PointsOf {
  const grouped = groupPoints(groups.flat());
  return (metric) => grouped.get(metric);
}
const entries = (map: ReadonlyMap<string, number | null> | undefined): [string, number | null][] => [...(map ?? new Map<string, number | null>())].sort(([a], [b]) => (a < b ? -1 : 1));

describe('grouping stored points', () => {
  it('groups by metric, then key, then day (a later point for a day replaces an earlier one)', () => {
    const grouped = groupPoints([
      { metric: 'posthog_dau', key: '', day: '2026-11-17', value: 5 },
      { metric: 'posthog_flag_evaluations', key: 'a', day: '2026-11-17', value: 2 },
      { metric: 'posthog_dau', key: '', day: '2026-11-18', value: null },
      { metric: 'posthog_dau', key: '', day: '2026-11-17', value: 6 },
    ]);
    expect([...grouped.keys()]).toEqual(['posthog_dau', 'posthog_flag_evaluations']);
    expect(entries(grouped.get('posthog_dau')?.get(''))).toEqual([['2026-11-17', 6], ['2026-11-18', null]]);
    expect(entries(grouped.get('posthog_flag_evaluations')?.get('a'))).toEqual([['2026-11-17', 2]]);
  });
});

describe('what a rule reads', () => {
  const flags = store(
    points('posthog_flag_evaluations', '', '2026-11-16', [30, 20, 10, 10]),
    // "legacy" was evaluated on the first day only; "beta" has a null day and a day the total lacks.
    points('posthog_flag_evaluations', 'legacy', '2026-11-16', [10]),
    points('posthog_flag_evaluations', 'beta', '2026-11-16', [20, null]),
    points('posthog_flag_evaluations', 'beta', '2026-11-21', [4]),
  );

  it("a flag's days without a point are 0 wherever the flag total has a point", () => {
    expect(entries(seriesInput('posthog_flag_evaluations', 'legacy', flags)?.values)).toEqual([
      ['2026-11-16', 10],
      ['2026-11-17', 0],
      ['2026-11-18', 0],
      ['2026-11-19', 0],
    ]);
  });

  it("a flag's own points win (a null stays null), and days the total lacks stay as stored", () => {
    expect(entries(seriesInput('posthog_flag_evaluations', 'beta', flags)?.values)).toEqual([
      ['2026-11-16', 20],
      ['2026-11-17', null],
      ['2026-11-18', 0],
      ['2026-11-19', 0],
      ['2026-11-21', 4],
    ]);
  });

  it('the flag total is read as stored, and a flag without a total is not zero-filled', () => {
    expect(entries(seriesInput('posthog_flag_evaluations', '', flags)?.values)).toEqual(entries(new Map(dayRange('2026-11-16', '2026-11-19').map((d, i) => [d, [30, 20, 10, 10][i] ?? null]))));
    const noTotal = store(points('posthog_flag_evaluations', 'legacy', '2026-11-16', [10, 12]));
    expect(entries(seriesInput('posthog_flag_evaluations', 'legacy', noTotal)?.values)).toEqual([['2026-11-16', 10], ['2026-11-17', 12]]);
  });

  it('a key with no points at all is missing (null), not a series of zeros', () => {
    expect(seriesInput('posthog_flag_evaluations', 'deleted-flag', flags)).toBeNull();
    expect(seriesInput('posthog_custom_event_count', 'signup_error', flags)).toBeNull();
    expect(seriesInput('posthog_dau', '', flags)).toBeNull();
  });

  it('a conversion rate carries its entries as the volume guard, when they are stored', () => {
    const rate = points('posthog_conversion_rate', 'f1', '2026-11-17', [0.25, 0]);
    const entered = points('posthog_conversion_entered', 'f1', '2026-11-17', [40, 3]);
    const withEntries = seriesInput('posthog_conversion_rate', 'f1', store(rate, entered));
    expect(entries(withEntries?.volume)).toEqual([['2026-11-17', 40], ['2026-11-18', 3]]);
    // 0 % of 3 entries is noise under a guard of 10.
    const rule = { kind: 'threshold', direction: 'below', value: 0.05 } as const;
    expect(checkDay(withEntries!, rule, { ...DEFAULT_EVALUATION, minVolume: 10 }, '2026-11-18').outcome).toBe('low_volume');
    expect(seriesInput('posthog_conversion_rate', 'f1', store(rate))?.volume).toBeUndefined();
    // Other metrics have no separate volume.
    expect(seriesInput('posthog_conversion_entered', 'f1', store(entered))?.volume).toBeUndefined();
    expect(evaluationMetrics('posthog_conversion_rate')).toEqual(['posthog_conversion_rate', 'posthog_conversion_entered']);
    // Day-N retention is guarded by the persons first seen that day.
    expect(evaluationMetrics('posthog_retention_d7')).toEqual(['posthog_retention_d7', 'posthog_retention_day_cohort']);
    const d7 = points('posthog_retention_d7', '', '2026-11-17', [0.25, 0]);
    const firstSeen = points('posthog_retention_day_cohort', '', '2026-11-17', [40, 2]);
    expect(entries(seriesInput('posthog_retention_d7', '', store(d7, firstSeen))?.volume)).toEqual([['2026-11-17', 40], ['2026-11-18', 2]]);
    expect(evaluationMetrics('posthog_dau')).toEqual(['posthog_dau']);
  });

  it('a target covers its key, or every sub-series (sorted, never the flag total)', () => {
    expect(targetKeys({ metric: 'posthog_flag_evaluations', key: 'legacy' }, flags)).toEqual(['legacy']);
    expect(targetKeys({ metric: 'posthog_flag_evaluations', key: 'not-stored' }, flags)).toEqual(['not-stored']);
    expect(targetKeys({ metric: 'posthog_flag_evaluations', key: null }, flags)).toEqual(['beta', 'legacy']);
    expect(targetKeys({ metric: 'posthog_custom_event_count', key: null }, flags)).toEqual([]);
  });
});

const rule = (over: Partial<AlertRuleInput>): Pick<AlertRuleInput, 'target' | 'condition' | 'evaluation'> => ({
  target: { metric: 'posthog_dau', key: '' },
  condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 30, baseline: 'previous_day' },
  evaluation: DEFAULT_EVALUATION,
  ...over,
});

describe('backtest', () => {
  // DAU 100 a day; today (2026-11-20, partial) has 30 so far.
  const dau = store(points('posthog_dau', '', '2026-11-01', [...new Array<number>(19).fill(100), 30]));

  it('the last day evaluated is yesterday, or today when the rule includes the partial day', () => {
    expect(lastEvaluatedDay('2026-11-20', DEFAULT_EVALUATION)).toBe('2026-11-19');
    expect(lastEvaluatedDay('2026-11-20', { ...DEFAULT_EVALUATION, includePartialDay: true })).toBe('2026-11-20');
    expect(lastEvaluatedDay('2027-01-01', DEFAULT_EVALUATION)).toBe('2026-12-31');
  });

  it('a Day-N rate is looked at once it is final: N days further back, never partial', () => {
    expect(lastEvaluatedDay('2026-11-20', DEFAULT_EVALUATION, 'posthog_retention_d7')).toBe('2026-11-12');
    expect(lastEvaluatedDay('2026-11-20', { ...DEFAULT_EVALUATION, includePartialDay: true }, 'posthog_retention_d1')).toBe('2026-11-18');
    expect(lastEvaluatedDay('2026-11-20', DEFAULT_EVALUATION, 'posthog_dau')).toBe('2026-11-19');
    // A D7 series whose newest days are still open (null): the backtest ends on the last final day.
    const d7 = store(points('posthog_retention_d7', '', '2026-11-01', [...new Array<number>(12).fill(0.3), ...new Array<null>(8).fill(null)]));
    const result = backtest(rule({ target: { metric: 'posthog_retention_d7', key: '' }, condition: { kind: 'threshold', direction: 'below', value: 0.2 } }), d7, { today: '2026-11-20', days: 5, locale: 'en-US' });
    expect([result.from, result.to]).toEqual(['2026-11-08', '2026-11-12']);
    expect(result.days.get('')?.every((d) => d.status === 'ok')).toBe(true);
  });

  it("leaves today's partial day out by default: it looks like a drop but is not one", () => {
    const result = backtest(rule({}), dau, { today: '2026-11-20', days: 7, locale: 'en-US' });
    expect([result.from, result.to]).toEqual(['2026-11-13', '2026-11-19']);
    expect(result.days.get('')?.map((d) => d.day)).toEqual(dayRange('2026-11-13', '2026-11-19'));
    expect(result.firings).toEqual([]);
    expect(result.missing).toEqual([]);
  });

  it('includes it when the rule asks, and then fires on it', () => {
    const result = backtest(rule({ evaluation: { ...DEFAULT_EVALUATION, includePartialDay: true } }), dau, { today: '2026-11-20', days: 7, locale: 'en-US' });
    expect([result.from, result.to]).toEqual(['2026-11-14', '2026-11-20']);
    expect(result.firings).toEqual([
      { key: '', incident: expect.objectContaining({ start: '2026-11-20', resolvedOn: null }), text: 'DAU fell 70% — 30 vs 100 the day before' },
    ]);
  });

  it('finds every incident of every sub-series, oldest first, with the sentence a notification would use', () => {
    const flags = store(
      points('posthog_flag_evaluations', '', '2026-11-01', new Array<number>(19).fill(100)),
      // "b" stops on 11-10; "a" stops on 11-15; "c" never stops.
      points('posthog_flag_evaluations', 'b', '2026-11-01', new Array<number>(9).fill(10)),
      points('posthog_flag_evaluations', 'a', '2026-11-01', new Array<number>(14).fill(20)),
      points('posthog_flag_evaluations', 'c', '2026-11-01', new Array<number>(19).fill(5)),
    );
    const result = backtest(rule({ target: { metric: 'posthog_flag_evaluations', key: null }, condition: { kind: 'stopped' } }), flags, {
      today: '2026-11-20',
      days: 14,
      locale: 'en-US',
    });
    expect([...result.days.keys()]).toEqual(['a', 'b', 'c']);
    expect(result.firings.map((f) => [f.key, f.incident.start, f.incident.resolvedOn, f.text])).toEqual([
      ['b', '2026-11-10', null, 'Flag evaluations of b stopped — 0 since Tue, Nov 10 (10 a day before)'],
      ['a', '2026-11-15', null, 'Flag evaluations of a stopped — 0 since Sun, Nov 15 (20 a day before)'],
    ]);
  });

  it('lists the keys the store has nothing for as missing', () => {
    const result = backtest(rule({ target: { metric: 'posthog_custom_event_count', key: 'gone' } }), dau, { today: '2026-11-20', days: 7, locale: 'en-US' });
    expect(result.missing).toEqual(['gone']);
    expect(result.days.size).toBe(0);
    expect(result.firings).toEqual([]);
  });

  it('always looks at one day at least', () => {
    const result = backtest(rule({}), dau, { today: '2026-11-20', days: 0, locale: 'en-US' });
    expect([result.from, result.to]).toEqual(['2026-11-19', '2026-11-19']);
  });
});
