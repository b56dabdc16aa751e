/**
 * Timezone calendar helpers for the emulator's dataset (generator and ground truth).
 *
 * Only `Intl.DateTimeFormat` is used (no dependencies). Intl is slow (microseconds per call), so a
 * zone's UTC offset is cached per UTC hour: for each hour we know the exact offset at its start and
 * at the start of the next hour; when both agree the offset is constant for the whole hour (no zone
 * changes its offset twice within an hour), so one `Map` lookup answers. The rare hour that contains
 * a transition is answered exactly with Intl each time. A one-entry "last hour" memo makes the common
 * case (timestamps in order, as in a sorted event list) a couple of comparisons.
 *
 * Days are ISO dates (`2026-03-08`); a "day number" is the number of days since 1970-01-01 of that
 * civil date (the same number for every zone). Times are UTC epoch milliseconds.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

interface ZoneCache {
  readonly utc: boolean;
  readonly fmt: Intl.DateTimeFormat | null;
  /** Exact offset (ms) at the start of UTC hour `h` (key: h). */
  readonly hourStartOffset: Map<number, number>;
  /** Offset valid for the whole UTC hour `h`, or NaN when the hour contains a transition. */
  readonly hourOffset: Map<number, number>;
  /** For an hour that contains a transition: the first instant of the new offset. */
  readonly transitionAt: Map<number, number>;
  /** Start (UTC ms) of local day number n. */
  readonly dayStart: Map<number, number>;
  lastHour: number;
  lastOffset: number;
}

const zones = new Map<string, ZoneCache>();

function zone(tz: string): ZoneCache {
  let z = zones.get(tz);
  if (z !== undefined) return z;
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  const resolved = fmt.resolvedOptions().timeZone;
  const utc = resolved === 'UTC' || resolved === 'Etc/UTC' || resolved === 'Etc/GMT' || resolved === 'GMT';
  z = {
    utc,
    fmt: utc ? null : fmt,
    hourStartOffset: new Map(),
    hourOffset: new Map(),
    transitionAt: new Map(),
    dayStart: new Map(),
    lastHour: Number.NaN,
    lastOffset: 0,
  };
  zones.set(tz, z);
  return z;
}

/** Offset (local wall time − UTC, in ms) straight from Intl. */
function exactOffset(z: ZoneCache, utcMs: number): number {
  if (z.fmt === null) return 0;
  const t = Math.floor(utcMs / 1000) * 1000;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of z.fmt.formatToParts(t)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime() - t;
}

function offsetAtHourStart(z: ZoneCache, h: number): number {
  let o = z.hourStartOffset.get(h);
  if (o === undefined) {
    o = exactOffset(z, h * HOUR_MS);
    z.hourStartOffset.set(h, o);
  }
  return o;
}

/** First whole second of UTC hour `h` at which the offset of the next hour is in force. */
function findTransition(z: ZoneCache, h: number): number {
  const a = offsetAtHourStart(z, h);
  let lo = h * HOUR_MS; // offset a
  let hi = (h + 1) * HOUR_MS; // the next offset
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (exactOffset(z, mid) === a) lo = mid;
    else hi = mid;
  }
  return hi;
}

function zoneOffset(z: ZoneCache, utcMs: number): number {
  if (z.utc) return 0;
  const h = Math.floor(utcMs / HOUR_MS);
  if (h === z.lastHour) return z.lastOffset;
  let o = z.hourOffset.get(h);
  if (o === undefined) {
    const a = offsetAtHourStart(z, h);
    const b = offsetAtHourStart(z, h + 1);
    o = a === b ? a : Number.NaN;
    z.hourOffset.set(h, o);
  }
  if (Number.isNaN(o)) {
    let at = z.transitionAt.get(h);
    if (at === undefined) {
      at = findTransition(z, h);
      z.transitionAt.set(h, at);
    }
    return utcMs < at ? offsetAtHourStart(z, h) : offsetAtHourStart(z, h + 1);
  }
  z.lastHour = h;
  z.lastOffset = o;
  return o;
}

/** The zone's UTC offset at an instant, in milliseconds (local = UTC + offset). */
export function tzOffsetMs(utcMs: number, tz: string): number {
  return zoneOffset(zone(tz), utcMs);
}

// ---------------------------------------------------------------------------------------------
// Day strings and day numbers (timezone independent)

const dayNumbers = new Map<string, number>();
const dayStrings = new Map<number, string>();
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; throws on anything that is not a real `YYYY-MM-DD`. */
export function dayNumber(day: string): number {
  const cached = dayNumbers.get(day);
  if (cached !== undefined) return cached;
  const m = DAY_RE.exec(day);
  if (m === null) throw new RangeError(`not an ISO day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const n = ms / DAY_MS;
  if (dayFromNumber(n) !== day) throw new RangeError(`not a calendar day: ${day}`);
  dayNumbers.set(day, n);
  return n;
}

/** ISO date of a day number. */
export function dayFromNumber(n: number): string {
  let s = dayStrings.get(n);
  if (s === undefined) {
    s = new Date(n * DAY_MS).toISOString().slice(0, 10);
    dayStrings.set(n, s);
  }
  return s;
}

export function addDays(day: string, n: number): string {
  return dayFromNumber(dayNumber(day) + n);
}

/** Inclusive list of days from `from` to `to` (empty when `to` < `from`). */
export function dayRange(from: string, to: string): string[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(dayFromNumber(n));
  return out;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Day of week of a calendar day: 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(dayNumber(day) * DAY_MS).getUTCDay();
}

// ---------------------------------------------------------------------------------------------
// Instants ↔ local days

let lastDayNumber = Number.NaN;
let lastDayString = '';

/** Local day number (see `dayNumber`) of an instant in a zone. */
export function localDayNumber(utcMs: number, tz: string): number {
  return Math.floor((utcMs + zoneOffset(zone(tz), utcMs)) / DAY_MS);
}

/** Local calendar day (`YYYY-MM-DD`) of an instant in a zone. */
export function localDay(utcMs: number, tz: string): string {
  const n = Math.floor((utcMs + zoneOffset(zone(tz), utcMs)) / DAY_MS);
  if (n === lastDayNumber) return lastDayString;
  const s = dayFromNumber(n);
  lastDayNumber = n;
  lastDayString = s;
  return s;
}

export interface LocalParts {
  day: string;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** UTC offset in minutes (e.g. -300 for EST). */
  offsetMinutes: number;
}

/** Local wall-clock parts of an instant. */
export function localParts(utcMs: number, tz: string): LocalParts {
  const offset = zoneOffset(zone(tz), utcMs);
  const wall = utcMs + offset;
  const n = Math.floor(wall / DAY_MS);
  let rest = wall - n * DAY_MS;
  const hour = Math.floor(rest / HOUR_MS);
  rest -= hour * HOUR_MS;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  return { day: dayFromNumber(n), hour, minute, second, millisecond: rest - second * 1000, offsetMinutes: offset / 60_000 };
}

/**
 * Instants whose local wall time equals `wallMs` (wall time expressed as if it were UTC ms):
 * one normally, two in a fall-back overlap (earlier first), none in a spring-forward gap.
 * Assumes no two transitions within a day of each other (as Temporal's reference algorithm does).
 */
function wallCandidates(z: ZoneCache, wallMs: number): { candidates: number[]; before: number; after: number } {
  const before = zoneOffset(z, wallMs - DAY_MS);
  const after = zoneOffset(z, wallMs + DAY_MS);
  const candidates: number[] = [];
  for (const off of before === after ? [before] : [before, after]) {
    const t = wallMs - off;
    if (zoneOffset(z, t) === off) candidates.push(t);
  }
  candidates.sort((a, b) => a - b);
  return { candidates, before, after };
}

/**
 * The instant at which `day` begins in `tz` (normally local 00:00; DST-correct). Where local
 * midnight does not exist (a gap at midnight) the day begins at the transition instant.
 */
export function localMidnightUtc(day: string, tz: string): number {
  return dayStartUtc(dayNumber(day), tz);
}

/** `localMidnightUtc` by day number. */
export function dayStartUtc(n: number, tz: string): number {
  const z = zone(tz);
  const cached = z.dayStart.get(n);
  if (cached !== undefined) return cached;
  let start: number;
  if (z.utc) {
    start = n * DAY_MS;
  } else {
    const wall = n * DAY_MS;
    const { candidates, before, after } = wallCandidates(z, wall);
    const first = candidates[0];
    if (first !== undefined) {
      start = first;
    } else {
      // Gap over midnight: binary search for the first instant whose local day is n.
      let lo = Math.min(wall - after, wall - before);
      let hi = Math.max(wall - after, wall - before);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (Math.floor((mid + exactOffset(z, mid)) / DAY_MS) >= n) hi = mid;
        else lo = mid;
      }
      start = hi;
    }
  }
  z.dayStart.set(n, start);
  return start;
}

/** Length of a local day in ms (23 h / 24 h / 25 h around DST changes). */
export function dayLengthMs(day: string, tz: string): number {
  const n = dayNumber(day);
  return dayStartUtc(n + 1, tz) - dayStartUtc(n, tz);
}

export type Disambiguation = 'earlier' | 'later';

/**
 * The instant of a local wall-clock time. In a fall-back overlap the earlier instant is returned
 * unless `disambiguation` is `'later'`; in a spring-forward gap the time is read with the offset in
 * force before the gap (so 02:30 in New York on 2026-03-08 becomes 03:30 EDT), like Temporal's
 * `'compatible'` mode.
 */
export function localToUtc(
  day: string,
  hour: number,
  minute: number,
  second: number,
  tz: string,
  disambiguation: Disambiguation = 'earlier',
): number {
  const wall = dayNumber(day) * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000;
  const z = zone(tz);
  if (z.utc) return wall;
  const { candidates, before } = wallCandidates(z, wall);
  if (candidates.length === 0) return wall - before;
  const pick = disambiguation === 'later' ? candidates[candidates.length - 1] : candidates[0];
  return pick ?? wall - before;
}

export interface OffsetTransition {
  /** First instant at which the new offset is in force. */
  at: number;
  offsetBeforeMs: number;
  offsetAfterMs: number;
}

/** Offset transitions in `[fromUtc, toUtc)`, in order. */
export function transitionsBetween(fromUtc: number, toUtc: number, tz: string): OffsetTransition[] {
  const z = zone(tz);
  const out: OffsetTransition[] = [];
  if (z.utc) return out;
  const h0 = Math.floor(fromUtc / HOUR_MS);
  const h1 = Math.floor((toUtc - 1) / HOUR_MS);
  // Coarse pass by 24-hour steps (offsets never change twice within a day), then hour by hour.
  for (let c = h0; c <= h1; c += 24) {
    const cEnd = Math.min(c + 24, h1 + 1);
    if (exactOffset(z, c * HOUR_MS) === exactOffset(z, cEnd * HOUR_MS)) continue;
    for (let h = c; h < cEnd; h++) {
      const a = offsetAtHourStart(z, h);
      const b = offsetAtHourStart(z, h + 1);
      if (a === b) continue;
      let at = z.transitionAt.get(h);
      if (at === undefined) {
        at = findTransition(z, h);
        z.transitionAt.set(h, at);
      }
      if (at >= fromUtc && at < toUtc) out.push({ at, offsetBeforeMs: a, offsetAfterMs: b });
    }
  }
  return out;
}
