import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayLengthMs,
  dayNumber,
  dayRange,
  daysBetween,
  localDay,
  localMidnightUtc,
  localParts,
  localToUtc,
  transitionsBetween,
  tzOffsetMs,
  weekday,
} from '../../posthog-emulator/dataset/calendar';

const NY = 'America/New_York';
const H = 3_600_000;
const utc = (iso: string): number => Date.parse(iso);

const referenceFormats = new Map<string, Intl.DateTimeFormat>();
/** Reference local day straight from Intl, no offset caching (en-CA formats as YYYY-MM-DD). */
function referenceDay(t: number, tz: string): string {
  let f = referenceFormats.get(tz);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    referenceFormats.set(tz, f);
  }
  return f.format(t);
}

/** Small deterministic generator for test instants. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('calendar: New York DST days', () => {
  it('2026-03-08 is a 23-hour day that starts at 05:00Z; 2026-11-01 is a 25-hour day', () => {
    expect(localMidnightUtc('2026-03-08', NY)).toBe(utc('2026-03-08T05:00:00Z'));
    expect(localMidnightUtc('2026-03-09', NY)).toBe(utc('2026-03-09T04:00:00Z'));
    expect(dayLengthMs('2026-03-08', NY)).toBe(23 * H);
    expect(localMidnightUtc('2026-11-01', NY)).toBe(utc('2026-11-01T04:00:00Z'));
    expect(localMidnightUtc('2026-11-02', NY)).toBe(utc('2026-11-02T05:00:00Z'));
    expect(dayLengthMs('2026-11-01', NY)).toBe(25 * H);
    expect(dayLengthMs('2026-03-07', NY)).toBe(24 * H);
    expect(dayLengthMs('2026-03-09', NY)).toBe(24 * H);
    expect(dayLengthMs('2026-11-02', NY)).toBe(24 * H);
  });

  it('assigns instants around the spring-forward change to the right local day', () => {
    expect(localDay(utc('2026-03-08T04:30:00Z'), NY)).toBe('2026-03-07'); // 23:30 EST on 03-07
    expect(localDay(utc('2026-03-08T04:59:59.999Z'), NY)).toBe('2026-03-07');
    expect(localDay(utc('2026-03-08T05:00:00Z'), NY)).toBe('2026-03-08');
    expect(localDay(utc('2026-03-08T06:59:59.999Z'), NY)).toBe('2026-03-08'); // 01:59:59.999 EST
    expect(localDay(utc('2026-03-08T07:00:00Z'), NY)).toBe('2026-03-08'); // 03:00 EDT
    expect(localDay(utc('2026-03-09T03:59:59.999Z'), NY)).toBe('2026-03-08'); // 23:59:59.999 EDT
    expect(localDay(utc('2026-03-09T04:00:00Z'), NY)).toBe('2026-03-09');
    expect(tzOffsetMs(utc('2026-03-08T06:59:59Z'), NY)).toBe(-5 * H);
    expect(tzOffsetMs(utc('2026-03-08T07:00:00Z'), NY)).toBe(-4 * H);
  });

  it('assigns instants around the fall-back change to the right local day', () => {
    expect(localDay(utc('2026-11-01T03:59:59.999Z'), NY)).toBe('2026-10-31');
    expect(localDay(utc('2026-11-01T04:00:00Z'), NY)).toBe('2026-11-01');
    expect(localDay(utc('2026-11-02T04:59:59.999Z'), NY)).toBe('2026-11-01'); // 23:59:59.999 EST
    expect(localDay(utc('2026-11-02T05:00:00Z'), NY)).toBe('2026-11-02');
    expect(localParts(utc('2026-11-01T05:30:00Z'), NY)).toMatchObject({ day: '2026-11-01', hour: 1, minute: 30, offsetMinutes: -240 });
    expect(localParts(utc('2026-11-01T06:30:00Z'), NY)).toMatchObject({ day: '2026-11-01', hour: 1, minute: 30, offsetMinutes: -300 });
  });

  it('localToUtc resolves gaps forward and overlaps to the earlier (or later) instant', () => {
    expect(localToUtc('2026-03-08', 2, 30, 0, NY)).toBe(utc('2026-03-08T07:30:00Z')); // 02:30 does not exist → 03:30 EDT
    expect(localToUtc('2026-03-08', 3, 0, 0, NY)).toBe(utc('2026-03-08T07:00:00Z'));
    expect(localToUtc('2026-03-08', 1, 59, 59, NY)).toBe(utc('2026-03-08T06:59:59Z'));
    expect(localToUtc('2026-11-01', 1, 30, 0, NY)).toBe(utc('2026-11-01T05:30:00Z'));
    expect(localToUtc('2026-11-01', 1, 30, 0, NY, 'later')).toBe(utc('2026-11-01T06:30:00Z'));
    expect(localToUtc('2026-07-04', 12, 0, 0, NY, 'later')).toBe(utc('2026-07-04T16:00:00Z'));
  });

  it('lists the transitions of a year with their offsets', () => {
    const list = transitionsBetween(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), NY);
    expect(list).toEqual([
      { at: utc('2026-03-08T07:00:00Z'), offsetBeforeMs: -5 * H, offsetAfterMs: -4 * H },
      { at: utc('2026-11-01T06:00:00Z'), offsetBeforeMs: -4 * H, offsetAfterMs: -5 * H },
    ]);
    expect(transitionsBetween(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), 'Asia/Kolkata')).toEqual([]);
    expect(transitionsBetween(utc('2026-01-01T00:00:00Z'), utc('2027-01-01T00:00:00Z'), 'UTC')).toEqual([]);
  });
});

describe('calendar: other zones', () => {
  it('handles a gap at midnight (Santiago 2026-09-06 starts at 01:00 local) and half-hour DST (Lord Howe)', () => {
    expect(localMidnightUtc('2026-09-06', 'America/Santiago')).toBe(utc('2026-09-06T04:00:00Z'));
    expect(dayLengthMs('2026-09-06', 'America/Santiago')).toBe(23 * H);
    expect(localDay(utc('2026-09-06T03:59:59.999Z'), 'America/Santiago')).toBe('2026-09-05');
    expect(dayLengthMs('2026-04-04', 'America/Santiago')).toBe(25 * H);
    expect(dayLengthMs('2026-04-05', 'Australia/Lord_Howe')).toBe(24.5 * H);
    expect(dayLengthMs('2026-10-04', 'Australia/Lord_Howe')).toBe(23.5 * H);
    expect(localMidnightUtc('2026-06-01', 'Asia/Kolkata')).toBe(utc('2026-05-31T18:30:00Z'));
    expect(localMidnightUtc('2026-06-01', 'Asia/Kathmandu')).toBe(utc('2026-05-31T18:15:00Z'));
    expect(localMidnightUtc('2026-06-01', 'UTC')).toBe(utc('2026-06-01T00:00:00Z'));
  });

  it('every day of 2026 starts where the local day changes, for several zones', () => {
    for (const tz of [NY, 'Europe/London', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC']) {
      for (const day of dayRange('2026-01-01', '2026-12-31')) {
        const start = localMidnightUtc(day, tz);
        expect(referenceDay(start, tz)).toBe(day);
        expect(referenceDay(start - 1, tz)).toBe(addDays(day, -1));
      }
    }
  });

  it('agrees with Intl on random instants and on instants next to every transition', () => {
    const zones = [NY, 'Europe/London', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Pacific/Auckland', 'America/Los_Angeles', 'UTC'];
    const from = utc('2025-01-01T00:00:00Z');
    const to = utc('2028-01-01T00:00:00Z');
    const rand = lcg(7);
    const mismatches: string[] = [];
    const check = (t: number, tz: string): void => {
      const got = localDay(t, tz);
      const want = referenceDay(t, tz);
      if (got !== want) mismatches.push(`${tz} ${new Date(t).toISOString()}: ${got} ≠ ${want}`);
    };
    let transitions = 0;
    for (const tz of zones) {
      for (let i = 0; i < 500; i++) check(Math.floor(from + rand() * (to - from)), tz);
      for (const tr of transitionsBetween(from, to, tz)) {
        transitions++;
        for (const d of [-H, -1000, -1, 0, 1, 1000, H]) check(tr.at + d, tz);
      }
    }
    expect(transitions).toBeGreaterThan(40);
    expect(mismatches).toEqual([]);
  });

  it('is cheap per call: a million ordered instants over 60 days in well under a second or two', () => {
    const start = utc('2026-02-01T00:00:00Z');
    const step = (60 * 24 * H) / 1_000_000;
    const t0 = performance.now();
    let last = '';
    let changes = 0;
    for (let i = 0; i < 1_000_000; i++) {
      const d = localDay(start + i * step, NY);
      if (d !== last) {
        changes++;
        last = d;
      }
    }
    const ms = performance.now() - t0;
    expect(changes).toBe(61); // 2026-01-31 (evening, NY) + 60 days
    expect(ms).toBeLessThan(2000);
  });
});

describe('calendar: day arithmetic', () => {
  it('adds days, lists ranges, counts, and knows weekdays', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(dayRange('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(dayRange('2026-03-02', '2026-03-01')).toEqual([]);
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
    expect(weekday('2026-03-08')).toBe(0); // a Sunday
    expect(weekday('2026-03-07')).toBe(6);
    expect(dayNumber('1970-01-02')).toBe(1);
  });

  it('rejects malformed or impossible days', () => {
    expect(() => dayNumber('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumber('2026-3-8')).toThrow(RangeError);
    expect(() => addDays('yesterday', 1)).toThrow(RangeError);
  });
});
