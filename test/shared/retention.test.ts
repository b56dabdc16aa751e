/**
 * Retention period arithmetic: the period holding a day (weeks on the project's week start, calendar
 * months), moving by periods, counting them, and which cohorts the table shows on a given day.
 */
import { describe, expect, it } from 'vitest';
import { addPeriods, cohortStarts, periodStart, periodsBetween, RETENTION_PERIODS, sameRetention, DEFAULT_RETENTION } from '../../shared/retention';

describe('periodStart', () => {
  it('starts weeks on Sunday or Monday as the project says, days on themselves, months on the 1st', () => {
    // 2026-11-15 is a Sunday, 2026-11-16 a Monday.
    expect(periodStart('2026-11-15', 'week', 0)).toBe('2026-11-15');
    expect(periodStart('2026-11-21', 'week', 0)).toBe('2026-11-15');
    expect(periodStart('2026-11-15', 'week', 1)).toBe('2026-11-09');
    expect(periodStart('2026-11-16', 'week', 1)).toBe('2026-11-16');
    expect(periodStart('2026-11-22', 'week', 1)).toBe('2026-11-16');
    expect(periodStart('2026-03-01', 'week', 1)).toBe('2026-02-23');
    expect(periodStart('2026-11-19', 'day', 0)).toBe('2026-11-19');
    expect(periodStart('2026-02-28', 'month', 1)).toBe('2026-02-01');
  });

  it('refuses what is not a day', () => {
    expect(() => periodStart('2026-02-30', 'month', 0)).toThrow(/not a day/);
  });
});

describe('addPeriods and periodsBetween', () => {
  it('move and count by days, weeks and calendar months, across years', () => {
    expect(addPeriods('2026-11-15', 'week', 2)).toBe('2026-11-29');
    expect(addPeriods('2026-11-15', 'week', -7)).toBe('2026-09-27');
    expect(addPeriods('2026-11-01', 'month', 3)).toBe('2027-02-01');
    expect(addPeriods('2026-01-01', 'month', -1)).toBe('2025-12-01');
    expect(addPeriods('2026-02-28', 'day', 1)).toBe('2026-03-01');
    expect(periodsBetween('2026-09-27', '2026-11-15', 'week')).toBe(7);
    expect(periodsBetween('2025-12-01', '2026-02-01', 'month')).toBe(2);
    // DST does not make a day count differently: these are calendar days.
    expect(periodsBetween('2026-10-31', '2026-11-02', 'day')).toBe(2);
    expect(periodsBetween('2026-11-15', '2026-11-15', 'week')).toBe(0);
  });
});

describe('cohortStarts', () => {
  it('holds the last 8 weeks, 30 days or 6 months, the current one last', () => {
    const weeks = cohortStarts('2026-11-20', 'week', 0);
    expect(weeks).toHaveLength(RETENTION_PERIODS.week);
    expect(weeks[0]).toBe('2026-09-27');
    expect(weeks.at(-1)).toBe('2026-11-15');
    expect(cohortStarts('2026-11-20', 'week', 1).at(-1)).toBe('2026-11-16');
    expect(cohortStarts('2026-11-20', 'month', 0)).toEqual(['2026-06-01', '2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01', '2026-11-01']);
    const days = cohortStarts('2026-11-20', 'day', 0);
    expect(days).toHaveLength(30);
    expect([days[0], days.at(-1)]).toEqual(['2026-10-22', '2026-11-20']);
  });
});

it('sameRetention compares every field', () => {
  expect(sameRetention(DEFAULT_RETENTION, { ...DEFAULT_RETENTION })).toBe(true);
  expect(sameRetention(DEFAULT_RETENTION, { ...DEFAULT_RETENTION, mode: 'recurring' })).toBe(false);
  expect(sameRetention(DEFAULT_RETENTION, { ...DEFAULT_RETENTION, startEvent: 'signed_up' })).toBe(false);
});
