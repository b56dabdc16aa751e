/**
 * What an alert says, with its numbers: "DAU fell 38% — 1,240 vs 2,010 usual for a Tuesday". The
 * same words in the native notification, the in-app toast, the history and the backtest's markers.
 */
import { formatCount, formatDay, formatDuration, formatPercent } from '../format';
import { METRICS, type MetricId } from '../metrics';
import type { Condition } from './rule';
import type { DayCheck } from './evaluate';

const SHORT_LABELS: Partial<Record<MetricId, string>> = {
  posthog_dau: 'DAU',
  posthog_wau: 'WAU',
  posthog_mau: 'MAU',
};

/** Names for keys the stores only know by id (a funnel's id → "signup → purchase"). */
export type KeyNames = (metric: MetricId, key: string) => string | undefined;

/** The series in a sentence: "DAU", "Flag evaluations of legacy-export", "Conversion rate (signup → purchase)". */
export function seriesLabel(metric: MetricId, key: string | null, names?: KeyNames): string {
  const info = METRICS[metric];
  const base = SHORT_LABELS[metric] ?? info.label;
  if (key === null) return `${base} (each ${info.keyed === 'flag' ? 'flag' : info.keyed === 'event' ? 'event' : 'funnel'})`;
  if (key === '') return base;
  const name = names?.(metric, key) ?? key;
  if (info.keyed === 'flag') return `${base} of ${name}`;
  if (info.keyed === 'event') return `${base}: ${name}`;
  return `${base} (${name})`;
}

/** A value in its unit, with a decimal where a small average needs one ("0.4", "11.6", "2,010"). */
export function formatAlertValue(value: number, metric: MetricId, locale: string): string {
  const unit = METRICS[metric].unit;
  if (unit === 'ratio') return formatPercent(value, locale);
  if (unit === 'seconds') return formatDuration(value);
  if (Number.isInteger(value) || Math.abs(value) >= 100) return formatCount(value, locale);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

function formatSpread(n: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
}

const LONG_WEEKDAY = new Map<string, Intl.DateTimeFormat>();
function weekdayName(day: string, locale: string): string {
  let f = LONG_WEEKDAY.get(locale);
  if (f === undefined) LONG_WEEKDAY.set(locale, (f = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' })));
  return f.format(new Date(`${day}T00:00:00Z`));
}

export interface DescribeOptions {
  locale: string;
  names?: KeyNames;
  /** Days the condition held in a row, when the rule needs several. */
  streak?: number;
}

/**
 * The sentence for a breaching (or, for a backtest tooltip, any) day check of `condition` on a
 * series. A check without numbers (no data) says so.
 */
export function describeCheck(metric: MetricId, key: string, condition: Condition, check: DayCheck, options: DescribeOptions): string {
  const { locale } = options;
  const label = seriesLabel(metric, key, options.names);
  if (check.outcome === 'no_data') {
    if (check.reason === 'learning') return `${label}: learning — needs ${check.needDays} more day${check.needDays === 1 ? '' : 's'} of history`;
    return check.reason === 'no_value' ? `${label}: no value for ${formatDay(check.day, locale)}` : `${label}: not enough history for the baseline`;
  }
  const v = (n: number) => formatAlertValue(n, metric, locale);
  const streak = options.streak !== undefined && options.streak > 1 ? ` (${options.streak} days in a row)` : '';
  switch (condition.kind) {
    case 'unusual': {
      const band = check.band;
      // A range of counts reads in whole numbers.
      const r = (n: number) => (['ratio', 'seconds'].includes(METRICS[metric].unit) ? n : Math.round(n));
      const range = band === undefined ? v(check.reference ?? 0) : `${v(r(band.low))}–${v(r(band.high))}`;
      const how = check.score === undefined ? '' : ` (${formatSpread(Math.abs(check.score), locale)}× the usual spread)`;
      const word = check.value < (check.reference ?? 0) ? 'unusually low' : 'unusually high';
      return `${label} ${word} — ${v(check.value)} vs ${range} expected for a ${weekdayName(check.day, locale)}${how}${streak}`;
    }
    case 'threshold':
      return `${label} at ${v(check.value)} — ${condition.direction} ${v(condition.value)}${streak}`;
    case 'stopped': {
      const since = check.since ?? check.day;
      const before = check.reference === null ? '' : ` (${v(check.reference)} a day before)`;
      return `${label} stopped — 0 since ${formatDay(since, locale)}${before}`;
    }
    case 'change': {
      const ref = check.reference ?? 0;
      const phrase =
        condition.baseline === 'same_weekday_4w'
          ? `usual for a ${weekdayName(check.day, locale)}`
          : condition.baseline === 'avg_7d'
            ? 'on average over the previous 7 days'
            : 'the day before';
      const fell = check.value < ref;
      if (check.change === null) return `${label} ${fell ? 'fell' : 'rose'} from ${v(ref)} to ${v(check.value)} (${phrase})${streak}`;
      const size = METRICS[metric].unit === 'ratio' ? `${formatPercent(Math.abs(check.change), locale, 0)} relative` : formatPercent(Math.abs(check.change), locale, 0);
      return `${label} ${fell ? 'fell' : check.value === ref ? 'held at' : 'rose'} ${size} — ${v(check.value)} vs ${v(ref)} ${phrase}${streak}`;
    }
  }
}

/** "Resolved: DAU is back to 2,080 on Wed, Nov 18". */
export function describeRecovery(metric: MetricId, key: string, value: number | null, day: string, options: DescribeOptions): string {
  const label = seriesLabel(metric, key, options.names);
  return value === null
    ? `${label} is back to normal on ${formatDay(day, options.locale)}`
    : `${label} is back to ${formatAlertValue(value, metric, options.locale)} on ${formatDay(day, options.locale)}`;
}
