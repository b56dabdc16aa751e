/** Funnel rules that are pure: when a step must be strictly later, when entries may still convert, what counts as the same question. */
import { describe, expect, it } from 'vitest';
import { describeFilter, funnelTitle, sameFunnelQuestion, stillConverting, strictlyAfterPrevious, type FunnelStep } from '../../shared/funnels';

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

describe('stillConverting', () => {
  it('holds while the last entry of the day may still reach the window, a day of margin for DST', () => {
    // Window 14 days: entries of Nov 1 can convert until Nov 15 (Nov 16 with a DST hour); final from Nov 17 on.
    expect(stillConverting('2026-11-01', 14, '2026-11-16')).toBe(true);
    expect(stillConverting('2026-11-01', 14, '2026-11-17')).toBe(false);
    expect(stillConverting('2026-11-20', 1, '2026-11-20')).toBe(true);
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
