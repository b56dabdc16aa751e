import { describe, expect, it } from 'vitest';
import { addDays, dayRange, isDay, localDay } from '../../shared/time';

describe('project-local days', () => {
  it('buckets an instant by the project timezone, DST included', () => {
    // 2026-11-01 is 25 hours long in New York: it starts at 04:00Z (EDT) and ends at 05:00Z the next day (EST).
    expect(localDay(Date.parse('2026-11-01T03:59:59Z'), 'America/New_York')).toBe('2026-10-31');
    expect(localDay(Date.parse('2026-11-01T04:00:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDay(Date.parse('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDay(Date.parse('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
    expect(localDay(Date.parse('2026-11-01T23:30:00Z'), 'Europe/Berlin')).toBe('2026-11-02');
  });

  it('does calendar arithmetic, not 24-hour steps', () => {
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(dayRange('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(dayRange('2026-11-02', '2026-11-01')).toEqual([]);
  });

  it('knows a real day from a lookalike', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(() => addDays('yesterday', 1)).toThrow('not a day');
  });
});
