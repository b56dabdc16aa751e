/** Funnel rules that are pure: when a step must be strictly later, when entries may still convert, what counts as the same question. */
import { describe, expect, it } from 'vitest';
import { lastEvaluatedDay } from '../../shared/alerts/backtest';
import { DEFAULT_EVALUATION } from '../../shared/alerts/rule';
import { conversionLagDays, convertingFrom, describeFilter, funnelTitle, sameFunnelQuestion, strictlyAfterPrevious, type FunnelStep } from '../../shared/funnels';
import { addDays } from '../../shared/time';

const step = (event: string, filter: FunnelStep['filter'] = null): FunnelStep => ({ event, filter });
const pricing = { key: '$current_url', operator: 'icontains', value: '/pricing' } as const;

describe('strictlyAfterPrevious', () => {
  it('is true for the same event with no narrower filter (one event cannot be two steps), false otherwise', () => {
    expect(strictlyAfterPrevious([step('a'), step('a')], 1)).toBe(true);
    expect(strictlyAfterPrevious([step('a', pricing), step('a')], 1)).toBe(true); // b matches every a-with-filter
    expect(strictlyAfterPrevious([step('a', pricing), step('a', pricing)], 1)).toBe(true);
    expect(strictlyAfterPrevious([step('a'), step('a', pricing)], 1)).toBe(false); // narrower: the same event may be both
    expect(strictlyAfterPrevious([step('a'), step('b')], 1)).toBe(false);
    expect(strictlyAfterPrevious([step('a')], 0)).toBe(false);
  });
});

describe('convertingFrom and conversionLagDays', () => {
  it('entry days may still convert while the last entry of the day can reach its window, a day of margin for DST', () => {
    // Window 14 days: entries of Nov 1 can convert until Nov 15 (Nov 16 with a DST hour); final from Nov 17 on.
    expect(convertingFrom('2026-11-16', 14) <= '2026-11-01').toBe(true);
    expect(convertingFrom('2026-11-17', 14) > '2026-11-01').toBe(true);
    expect(convertingFrom('2026-11-20', 1)).toBe('2026-11-18');
  });

  it('alerts on a funnel judge the last final entry day: the day before convertingFrom', () => {
    const funnels = [
      { id: 'a', windowDays: 14 },
      { id: 'b', windowDays: 3 },
    ];
    expect(conversionLagDays(funnels, 'posthog_conversion_rate', 'a')).toBe(15);
    expect(conversionLagDays(funnels, 'posthog_conversion_entered', null)).toBe(15); // every funnel: the longest
    expect(conversionLagDays(funnels, 'posthog_conversion_rate', 'gone')).toBeUndefined();
    expect(conversionLagDays(funnels, 'posthog_dau', '')).toBeUndefined();
    expect(lastEvaluatedDay('2026-11-20', DEFAULT_EVALUATION, 'posthog_conversion_rate', 15)).toBe(addDays(convertingFrom('2026-11-20', 14), -1));
  });
});

it('same question: steps, filters and window; the name does not matter', () => {
  const a = { steps: [step('a', pricing), step('b')], windowDays: 14 };
  expect(sameFunnelQuestion(a, { steps: [step('a', { ...pricing }), step('b')], windowDays: 14 })).toBe(true);
  expect(sameFunnelQuestion(a, { ...a, windowDays: 7 })).toBe(false);
  expect(sameFunnelQuestion(a, { ...a, steps: [step('a'), step('b')] })).toBe(false);
  expect(sameFunnelQuestion(a, { ...a, steps: [...a.steps, step('c')] })).toBe(false);
  expect(funnelTitle(a.steps)).toBe('a → b');
  expect(describeFilter(pricing)).toBe('$current_url contains “/pricing”');
});
