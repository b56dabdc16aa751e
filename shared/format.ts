/**
 * How numbers, durations, changes and days read on screen and in notifications, in the user's locale.
 * Pure (Intl only): the renderer formats its views with it, main its notification texts.
 *
 * Days are `YYYY-MM-DD` strings that already ARE the project's local day: they are formatted as
 * calendar dates (read as UTC and formatted in UTC), never through the browser's timezone, so a
 * project in Tokyo viewed from New York still labels its Tuesday "Tue".
 */
import type { MetricUnit } from './metrics';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(id: string, make: () => T): T {
  let f = cache.get(id);
  if (f === undefined) {
    f = make();
    cache.set(id, f);
  }
  return f as T;
}
const numberFormat = (locale: string, name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat =>
  cached(`n|${locale}|${name}`, () => new Intl.NumberFormat(locale, options));
const dateFormat = (locale: string, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached(`d|${locale}|${name}`, () => new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }));

/** What a missing value looks like. */
export const NO_VALUE = '—';

/** A count: `12,345`. */
export function formatCount(value: number, locale: string): string {
  return numberFormat(locale, 'count', { maximumFractionDigits: 0 }).format(value);
}

/** A count for an axis tick: `12K`. */
export function formatCompact(value: number, locale: string): string {
  return numberFormat(locale, 'compact', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A ratio (0.123) as a percentage: `12.3%`. */
export function formatPercent(ratio: number, locale: string, maximumFractionDigits = 1): string {
  return numberFormat(locale, `percent${maximumFractionDigits}`, { style: 'percent', maximumFractionDigits }).format(ratio);
}

/** A relative change (0.123 = 12.3% more) with its sign: `+12.3%`, `-4%`, `0%`. */
export function formatChange(ratio: number, locale: string): string {
  return numberFormat(locale, 'change', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(ratio);
}

/** A change of a ratio, in percentage points: `+2.1 pts`. */
export function formatPointsChange(points: number, locale: string): string {
  return `${numberFormat(locale, 'points', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(points)} pts`;
}

/** Seconds as founders read a session length: `42s`, `4m 12s`, `1h 3m`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return NO_VALUE;
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m === 0 ? `${h}h` : `${h}h ${m}m`;
  if (m > 0) return s === 0 ? `${m}m` : `${m}m ${s}s`;
  return `${s}s`;
}

/** A metric's value as its unit reads: persons and events as counts, seconds as a duration, ratios as percent. */
export function formatValue(value: number | null, unit: MetricUnit, locale: string): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  if (unit === 'seconds') return formatDuration(value);
  if (unit === 'ratio') return formatPercent(value, locale);
  return formatCount(value, locale);
}

/** The same, as exactly as is useful (tooltips): ratios with two decimals, durations to the second. */
export function formatExactValue(value: number | null, unit: MetricUnit, locale: string): string {
  if (value === null || !Number.isFinite(value)) return NO_VALUE;
  if (unit === 'ratio') return formatPercent(value, locale, 2);
  if (unit === 'seconds') return formatDuration(value);
  return numberFormat(locale, 'exact', { maximumFractionDigits: 2 }).format(value);
}

/** An axis tick for a unit: compact counts, durations, percents. */
export function formatTick(value: number, unit: MetricUnit, locale: string): string {
  if (unit === 'seconds') return formatDuration(value);
  if (unit === 'ratio') return formatPercent(value, locale, 0);
  return formatCompact(value, locale);
}

// ---------------------------------------------------------------------------------------------
// Days (project-local calendar days)
// ---------------------------------------------------------------------------------------------

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date of a `YYYY-MM-DD` day as a UTC instant (so formatting in UTC shows that very date). */
function dayInstant(day: string): Date {
  const m = DAY_PATTERN.exec(day);
  if (m === null) throw new Error(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

export type DayStyle = 'weekday' | 'short' | 'medium' | 'long';

const DAY_STYLES: Record<DayStyle, Intl.DateTimeFormatOptions> = {
  /** `Tue` */
  weekday: { weekday: 'short' },
  /** `Mar 3` */
  short: { month: 'short', day: 'numeric' },
  /** `Tue, Mar 3` */
  medium: { weekday: 'short', month: 'short', day: 'numeric' },
  /** `Tue, Mar 3, 2026` */
  long: { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' },
};

/** A project-local day for people: `Tue`, `Mar 3`, `Tue, Mar 3`, `Tue, Mar 3, 2026`. */
export function formatDay(day: string, locale: string, style: DayStyle = 'medium'): string {
  return dateFormat(locale, style, DAY_STYLES[style]).format(dayInstant(day));
}

// ---------------------------------------------------------------------------------------------
// Instants (when a sync ran): these are real moments, shown in the user's own timezone.
// ---------------------------------------------------------------------------------------------

/** `3 hours ago`, `yesterday`, `2 days ago`. */
export function formatAgo(ms: number, locale: string): string {
  const rtf = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return rtf.format(0, 'minute');
  if (minutes < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}

/** A moment in the user's timezone: `Mar 3, 10:14 AM`. */
export function formatInstant(iso: string, locale: string): string {
  return cached(`i|${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })).format(new Date(iso));
}
