/**
 * Small DuckDB SQL building blocks shared by the translator and the function table.
 */
import { HogQLQueryError } from '../engine/types';
import type { HType, IntervalUnit } from './value-types';

/** A translated expression: DuckDB SQL plus its static HogQL type. */
export interface TExpr {
  sql: string;
  type: HType;
  /** Set on a whole JSON properties object (events.properties, persons.properties): `x.key` / `x['key']` read from it. */
  json?: boolean;
}

/**
 * A DuckDB string literal. DuckDB literals are standard SQL: only `'` needs doubling and a backslash is
 * an ordinary character, so no value can break out of its literal. NUL cannot appear inside a literal, so it
 * is spliced in with chr(0).
 */
export function sqlString(value: string): string {
  if (value.includes('\u0000')) {
    return `(${value.split('\u0000').map(sqlString).join(' || chr(0) || ')})`;
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** A quoted DuckDB identifier. */
export function ident(name: string): string {
  if (name.includes('\u0000')) throw new HogQLQueryError('syntax', 'Identifiers cannot contain NUL characters');
  return `"${name.replace(/"/g, '""')}"`;
}

export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) {
    return Number.isNaN(value) ? "CAST('NaN' AS DOUBLE)" : value > 0 ? "CAST('Infinity' AS DOUBLE)" : "CAST('-Infinity' AS DOUBLE)";
  }
  if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
    return value < 0 ? `(${value})` : String(value);
  }
  // A JS float literal is parsed by DuckDB as DECIMAL; ClickHouse treats it as Float64.
  return `CAST(${JSON.stringify(value)} AS DOUBLE)`;
}

/** A JSON pointer (RFC 6901) path for json_extract*, e.g. ['a/b', 'c'] → '/a~1b/c'. */
export function jsonPointer(keys: readonly (string | number)[]): string {
  return sqlString(keys.map((k) => '/' + String(k).replace(/~/g, '~0').replace(/\//g, '~1')).join(''));
}

/** Throws unless `tz` is an IANA timezone name the runtime knows. */
export function checkTimezone(tz: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new HogQLQueryError('execution', `Invalid time zone: ${tz}`);
  }
  return tz;
}

/** The wall-clock (naive TIMESTAMP) of a TIMESTAMPTZ expression in `tz`. */
export function localOf(sql: string, tz: string): string {
  return `(${sql} AT TIME ZONE ${sqlString(tz)})`;
}

/** A naive wall-clock TIMESTAMP interpreted in `tz` → TIMESTAMPTZ. */
export function instantOf(naiveSql: string, tz: string): string {
  return `(${naiveSql} AT TIME ZONE ${sqlString(tz)})`;
}

export function intervalSql(unit: IntervalUnit, countSql: string): string {
  switch (unit) {
    case 'second':
      return `to_seconds(CAST(${countSql} AS DOUBLE))`;
    case 'minute':
      return `to_minutes(CAST(${countSql} AS BIGINT))`;
    case 'hour':
      return `to_hours(CAST(${countSql} AS BIGINT))`;
    case 'day':
      return `to_days(CAST(${countSql} AS INTEGER))`;
    case 'week':
      return `to_weeks(CAST(${countSql} AS INTEGER))`;
    case 'month':
      return `to_months(CAST(${countSql} AS INTEGER))`;
    case 'quarter':
      return `to_months(CAST(${countSql} AS INTEGER) * 3)`;
    case 'year':
      return `to_years(CAST(${countSql} AS INTEGER))`;
  }
}

/** Calendar units are added on the local wall clock (ClickHouse does date arithmetic in the value's zone). */
export function isCalendarUnit(unit: IntervalUnit): boolean {
  return unit === 'day' || unit === 'week' || unit === 'month' || unit === 'quarter' || unit === 'year';
}

const UNIT_ALIASES: Record<string, IntervalUnit> = {
  second: 'second',
  seconds: 'second',
  ss: 'second',
  s: 'second',
  minute: 'minute',
  minutes: 'minute',
  mi: 'minute',
  n: 'minute',
  hour: 'hour',
  hours: 'hour',
  hh: 'hour',
  h: 'hour',
  day: 'day',
  days: 'day',
  dd: 'day',
  d: 'day',
  week: 'week',
  weeks: 'week',
  wk: 'week',
  ww: 'week',
  month: 'month',
  months: 'month',
  mm: 'month',
  m: 'month',
  quarter: 'quarter',
  quarters: 'quarter',
  qq: 'quarter',
  q: 'quarter',
  year: 'year',
  years: 'year',
  yyyy: 'year',
  yy: 'year',
};

/** ClickHouse unit names accepted by dateDiff/dateAdd/dateTrunc (case-insensitive). */
export function parseUnit(name: string): IntervalUnit | null {
  return UNIT_ALIASES[name.toLowerCase()] ?? null;
}
