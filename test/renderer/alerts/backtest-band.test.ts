// The backtest chart's rows for the unusual detector: the expected range on the days it could judge,
// none while it was learning, and the sentence while it is still learning.
import { describe, expect, it } from 'vitest';
import { backtest } from '../../../shared/alerts/backtest';
import type { AlertRuleInput } from '../../../shared/alerts/rule';
import { groupPoints } from '../../../shared/alerts/series';
import { addDays, dayRange } from '../../../shared/time';
import { backtestRows, backtestSentence, backtestSpan } from '../../../src-renderer/views/alerts/backtest-view';

const TODAY = '2026-11-23';
const rule: Pick<AlertRuleInput, 'target' | 'condition' | 'evaluation'> = {
  target: { metric: 'posthog_dau', key: '' },
  condition: { kind: 'unusual', direction: 'drop', sensitivity: 'medium' },
  evaluation: { consecutiveDays: 1, minVolume: 0, includePartialDay: false },
};

function run(days: number) {
  const first = addDays(TODAY, -days);
  const points = dayRange(first, addDays(TODAY, -1)).map((day, i) => ({ metric: 'posthog_dau' as const, key: '', day, value: 100 + (i % 7) * 5 }));
  const grouped = groupPoints(points);
  const pointsOf = (m: Parameters<typeof grouped.get>[0]) => grouped.get(m);
  const span = backtestSpan(90, TODAY, rule.evaluation, first);
  const result = backtest(rule, pointsOf, { today: TODAY, days: span.days, locale: 'en-US' });
  return { result, span, rows: backtestRows(result, 'posthog_dau', '', pointsOf) };
}

describe('backtest rows of the unusual detector', () => {
  it('carry the expected range once it can judge, and nothing while it learns', () => {
    const { rows } = run(60);
    const judged = rows.filter((r) => r.band !== null);
    const learning = rows.filter((r) => r.value !== null && r.band === null);
    expect(learning.length).toBe(26);
    expect(judged.length).toBe(34);
    for (const r of judged) {
      expect(r.band![0]).toBeLessThanOrEqual(r.reference!);
      expect(r.band![1]).toBeGreaterThanOrEqual(r.reference!);
      // A flat weekly pattern: every day inside its range.
      expect(r.value!).toBeGreaterThanOrEqual(r.band![0]);
      expect(r.value!).toBeLessThanOrEqual(r.band![1]);
    }
  });

  it('say how long it is still learning', () => {
    const { result, span } = run(21);
    expect(backtestSentence(result, span)).toBe('Learning — needs 6 more days of history before it can judge (it never fires while learning).');
  });
});
