import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatChange,
  formatCount,
  formatDay,
  formatDuration,
  formatExactValue,
  formatPercent,
  formatPointsChange,
  formatTick,
  formatValue,
} from '../../../src-renderer/format/format';

describe('formatting', () => {
  it('durations read like a session length: 42s, 4m 12s, 1h 3m', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(252)).toBe('4m 12s');
    expect(formatDuration(251.6)).toBe('4m 12s');
    expect(formatDuration(3780)).toBe('1h 3m');
    expect(formatDuration(3799)).toBe('1h 3m');
    expect(formatDuration(300)).toBe('5m');
    expect(formatDuration(7200)).toBe('2h');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(0.4)).toBe('0s');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('counts and percents follow the locale', () => {
    expect(formatCount(1234567, 'en-US')).toBe('1,234,567');
    expect(formatCount(1234567, 'de-DE')).toBe('1.234.567');
    expect(formatCount(12.6, 'en-US')).toBe('13');
    expect(formatPercent(0.1234, 'en-US')).toBe('12.3%');
    expect(formatPercent(0.5, 'en-US')).toBe('50%');
    expect(formatPercent(0.1234, 'de-DE')).toBe('12,3\u00a0%');
  });

  it('changes carry their sign; ratios change in percentage points', () => {
    expect(formatChange(0.123, 'en-US')).toBe('+12.3%');
    expect(formatChange(-0.04, 'en-US')).toBe('-4%');
    expect(formatChange(0, 'en-US')).toBe('0%');
    expect(formatChange(2, 'en-US')).toBe('+200%');
    expect(formatPointsChange(2.5, 'en-US')).toBe('+2.5 pts');
    expect(formatPointsChange(-0.25, 'en-US')).toBe('-0.3 pts');
  });

  it('a metric value reads by its unit; missing is a dash', () => {
    expect(formatValue(1234, 'persons', 'en-US')).toBe('1,234');
    expect(formatValue(252, 'seconds', 'en-US')).toBe('4m 12s');
    expect(formatValue(0.125, 'ratio', 'en-US')).toBe('12.5%');
    expect(formatValue(null, 'events', 'en-US')).toBe('—');
    expect(formatExactValue(0.12345, 'ratio', 'en-US')).toBe('12.35%');
    expect(formatExactValue(1234.5, 'events', 'en-US')).toBe('1,234.5');
    expect(formatTick(12_300, 'events', 'en-US')).toBe('12.3K');
    expect(formatTick(0.25, 'ratio', 'en-US')).toBe('25%');
  });

  it('days are the project’s calendar days, formatted as such whatever the browser’s timezone', () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ['UTC', 'Pacific/Kiritimati', 'America/Los_Angeles']) {
        process.env.TZ = zone;
        expect(formatDay('2026-03-03', 'en-US', 'weekday')).toBe('Tue');
        expect(formatDay('2026-03-03', 'en-US', 'short')).toBe('Mar 3');
        expect(formatDay('2026-03-03', 'en-US', 'medium')).toBe('Tue, Mar 3');
        expect(formatDay('2026-03-03', 'en-US', 'long')).toBe('Tue, Mar 3, 2026');
      }
    } finally {
      process.env.TZ = tz;
    }
    expect(formatDay('2026-03-03', 'de-DE', 'weekday')).toBe('Di');
    expect(() => formatDay('March 3', 'en-US')).toThrow('not a day');
  });

  it('says how long ago a sync ran', () => {
    expect(formatAgo(20_000, 'en-US')).toBe('this minute');
    expect(formatAgo(5 * 60_000, 'en-US')).toBe('5 minutes ago');
    expect(formatAgo(3 * 3_600_000, 'en-US')).toBe('3 hours ago');
    expect(formatAgo(30 * 3_600_000, 'en-US')).toBe('yesterday');
    expect(formatAgo(3 * 86_400_000, 'en-US')).toBe('3 days ago');
  });
});
