/**
 * The HogQL functions the emulator implements, each translated to DuckDB with ClickHouse semantics.
 *
 * Names and arities follow PostHog's registry (posthog/hogql/functions/mapping.py, aggregations.py,
 * clickhouse/*.py); every key here must appear in PostHog's exposed list (posthog-functions.ts, checked by a
 * test). Lookup mirrors PostHog's `_find_function`: exact name first, then the lower-cased name only for the
 * entries PostHog marks `case_sensitive=False` (which PostHog registers under lower-case keys such as
 * `isnull`, `ifnull`, `nullif`).
 *
 * Differences from ClickHouse that are deliberate and documented:
 * - `uniq`, `uniqIf`, `uniqHLL12`, `uniqTheta` are approximate in ClickHouse (HyperLogLog/θ-sketch); here
 *   they are exact. On the emulator's data sizes ClickHouse's `uniq` is exact or within a fraction of a percent.
 * - `quantile`/`median` use exact linear interpolation (ClickHouse samples a reservoir of 8192 values, so it
 *   is exact below that size).
 */
import { HogQLQueryError } from '../engine/types';
import type { CompareOp, ConstantValue, Expr } from './ast';
import {
  checkTimezone,
  instantOf,
  intervalSql,
  isCalendarUnit,
  localOf,
  parseUnit,
  sqlNumber,
  sqlString,
  type TExpr,
} from './sql';
import {
  T,
  isBooleanLike,
  isNullable,
  unify,
  withNullable,
  type HType,
  type IntervalUnit,
} from './value-types';

export interface FnEnv {
  /** The project's timezone: DateTime fields are shown in it, `now()` and `toDateTime()` use it. */
  projectTz: string;
  /** 0 = weeks start on Sunday (PostHog's default), 1 = Monday. */
  weekStartDay: 0 | 1;
  /** The pinned clock for `now()` / `today()`, epoch milliseconds. */
  nowMs: number;
  /** Turn `arrayJoin(array)` into a lateral unnest of the current SELECT and return the element. */
  hoistArrayJoin(array: TExpr): TExpr;
}

export interface CallContext {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly params: readonly Expr[] | null;
  readonly distinct: boolean;
  readonly env: FnEnv;
  /** The i-th argument, translated (memoised). */
  arg(i: number): TExpr;
  /** The i-th argument's value if it is a literal (after placeholder substitution). */
  constant(i: number): ConstantValue | undefined;
  /** Translate a lambda argument with the given parameter types. */
  lambda(i: number, paramTypes: HType[]): TExpr;
  /** Translate a parametric-aggregate parameter. */
  param(i: number): ConstantValue | undefined;
}

export interface FnSpec {
  min: number;
  max: number | null;
  aggregate?: boolean;
  caseInsensitive?: boolean;
  /** Allowed number of parametric parameters, e.g. quantile(0.5)(x). */
  params?: [number, number];
  impl(c: CallContext): TExpr;
}

// ---------------------------------------------------------------------------------------------------------
// Shared helpers (exported for the translator)

export function typeError(message: string): HogQLQueryError {
  return new HogQLQueryError('type', message);
}

export function unsupportedCall(name: string, detail?: string): HogQLQueryError {
  return new HogQLQueryError(
    'unsupported',
    `Function '${name}(...)' is valid HogQL but is not supported by the emulator${detail ? `: ${detail}` : ''}`,
  );
}

/** A DuckDB BOOLEAN/integer made numeric (ClickHouse UInt8 arithmetic). */
export function asNumber(e: TExpr): string {
  return isBooleanLike(e.type) ? `CAST(${e.sql} AS INTEGER)` : e.sql;
}

/** A value used as a condition: ClickHouse treats any non-zero number as true. */
export function asCondition(e: TExpr): string {
  if (isBooleanLike(e.type) || e.type.kind === 'null' || e.type.kind === 'unknown') return e.sql;
  if (e.type.kind === 'int' || e.type.kind === 'float') return `(${e.sql} <> 0)`;
  throw typeError(`Illegal type ${describe(e.type)} of a condition: expected a number or a boolean`);
}

export function describe(type: HType): string {
  switch (type.kind) {
    case 'datetime':
      return 'DateTime';
    case 'int':
      return type.name;
    default:
      return type.kind.charAt(0).toUpperCase() + type.kind.slice(1);
  }
}

/** The timezone a DateTime is displayed in (its own, else the project's). */
export function tzOf(e: TExpr, env: FnEnv): string {
  return e.type.kind === 'datetime' ? e.type.tz : env.projectTz;
}

const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;
const ZONED_DATETIME = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$/i;

/** A DateTime literal from a string: wall-clock strings are read in `tz`, zoned ones keep their offset. */
export function dateTimeLiteral(value: string, tz: string): string | null {
  const trimmed = value.trim();
  if (NAIVE_DATETIME.test(trimmed)) return instantOf(`CAST(${sqlString(trimmed)} AS TIMESTAMP)`, tz);
  if (ZONED_DATETIME.test(trimmed)) return `CAST(${sqlString(trimmed)} AS TIMESTAMPTZ)`;
  return null;
}

/** Runtime parse of a string column as a DateTime in `tz` (ClickHouse parseDateTime64BestEffortOrNull, simplified). */
function parseDateTimeSql(sql: string, tz: string): string {
  return (
    `(CASE WHEN regexp_matches(${sql}, '(?i)(z|[+-][0-9]{2}(:?[0-9]{2})?)\\s*$') ` +
    `THEN TRY_CAST(${sql} AS TIMESTAMPTZ) ELSE ${instantOf(`TRY_CAST(${sql} AS TIMESTAMP)`, tz)} END)`
  );
}

/** Coerce any date-ish value to a DateTime (TIMESTAMPTZ) in `tz` where it has no zone of its own. */
export function toDateTimeExpr(e: TExpr, tz: string, constant?: ConstantValue): TExpr {
  switch (e.type.kind) {
    case 'datetime':
      return e;
    case 'date':
      return { sql: instantOf(`CAST(${e.sql} AS TIMESTAMP)`, tz), type: T.datetime(tz, 0, e.type.nullable) };
    case 'string': {
      if (typeof constant === 'string') {
        const literal = dateTimeLiteral(constant, tz);
        if (literal) return { sql: literal, type: T.datetime(tz, 6) };
      }
      return { sql: parseDateTimeSql(e.sql, tz), type: T.datetime(tz, 6, true) };
    }
    case 'int':
    case 'float':
      return { sql: `to_timestamp(CAST(${e.sql} AS DOUBLE))`, type: T.datetime(tz, 0, e.type.nullable) };
    case 'null':
      return { sql: 'CAST(NULL AS TIMESTAMPTZ)', type: T.datetime(tz, 0, true) };
    case 'unknown':
      return { sql: `CAST(${e.sql} AS TIMESTAMPTZ)`, type: T.datetime(tz, 0, true) };
    default:
      throw typeError(`Illegal type ${describe(e.type)}: expected a DateTime`);
  }
}

/** The local calendar date of a date-ish value. */
function toDateExpr(e: TExpr, env: FnEnv, constant?: ConstantValue): TExpr {
  switch (e.type.kind) {
    case 'date':
      return e;
    case 'datetime':
      return { sql: `CAST(${localOf(e.sql, e.type.tz)} AS DATE)`, type: T.date(e.type.nullable) };
    case 'string':
      if (typeof constant === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(constant)) {
        return { sql: `DATE ${sqlString(constant)}`, type: T.date() };
      }
      // toDate(String) is toDateOrNull in HogQL.
      return { sql: `TRY_CAST(${e.sql} AS DATE)`, type: T.date(true) };
    case 'null':
      return { sql: 'CAST(NULL AS DATE)', type: T.date(true) };
    case 'unknown':
      return { sql: `CAST(${e.sql} AS DATE)`, type: T.date(true) };
    default: {
      const dt = toDateTimeExpr(e, env.projectTz, constant);
      return { sql: `CAST(${localOf(dt.sql, env.projectTz)} AS DATE)`, type: T.date(isNullable(dt.type)) };
    }
  }
}

/** Add (sign 1) or subtract (-1) an interval, ClickHouse-style: calendar units move the local wall clock. */
export function addInterval(base: TExpr, interval: TExpr, sign: 1 | -1, env: FnEnv): TExpr {
  if (interval.type.kind !== 'interval') throw typeError('Expected an interval');
  const unit = interval.type.unit;
  const op = sign === 1 ? '+' : '-';
  if (base.type.kind === 'date' && isCalendarUnit(unit)) {
    return { sql: `CAST((${base.sql} ${op} ${interval.sql}) AS DATE)`, type: base.type };
  }
  const dt = base.type.kind === 'datetime' ? base : toDateTimeExpr(base, env.projectTz);
  if (dt.type.kind !== 'datetime') throw typeError('Expected a DateTime');
  if (isCalendarUnit(unit)) {
    const tz = dt.type.tz;
    return { sql: instantOf(`(${localOf(dt.sql, tz)} ${op} ${interval.sql})`, tz), type: dt.type };
  }
  return { sql: `(${dt.sql} ${op} ${interval.sql})`, type: dt.type };
}

function countArg(c: CallContext, i: number): string {
  const e = c.arg(i);
  if (!(e.type.kind === 'int' || e.type.kind === 'float' || e.type.kind === 'unknown' || e.type.kind === 'null')) {
    throw typeError(`Illegal type ${describe(e.type)} of argument ${i + 1} of function ${c.name}: expected a number`);
  }
  return asNumber(e);
}

function unitArg(c: CallContext, i: number): IntervalUnit {
  const value = c.constant(i);
  if (typeof value !== 'string') throw typeError(`The unit argument of ${c.name} must be a string literal`);
  const unit = parseUnit(value);
  if (!unit) throw typeError(`Invalid unit '${value}' for ${c.name}`);
  return unit;
}

function stringArg(c: CallContext, i: number): string {
  const e = c.arg(i);
  if (e.type.kind === 'string' || e.type.kind === 'null' || e.type.kind === 'unknown') return e.sql;
  if (e.type.kind === 'uuid') return `CAST(${e.sql} AS VARCHAR)`;
  throw typeError(`Illegal type ${describe(e.type)} of argument ${i + 1} of function ${c.name}: expected a String`);
}

function tzArg(c: CallContext, i: number): string {
  const value = c.constant(i);
  if (typeof value !== 'string') throw typeError(`The timezone argument of ${c.name} must be a string literal`);
  return checkTimezone(value);
}

function nullableOf(...types: HType[]): boolean {
  return types.some((t) => isNullable(t));
}

function itemType(e: TExpr): HType {
  return e.type.kind === 'array' ? e.type.item : T.unknown();
}

/** ClickHouse's default value of a type (aggregates over empty sets, LEFT JOIN misses with join_use_nulls=0). */
export function defaultValueSql(type: HType): string | null {
  switch (type.kind) {
    case 'string':
      return "''";
    case 'int':
      return type.boolean ? 'false' : '0';
    case 'float':
      return 'CAST(0 AS DOUBLE)';
    case 'bool':
      return 'false';
    case 'date':
      return "DATE '1970-01-01'";
    case 'datetime':
      return "TIMESTAMPTZ '1970-01-01 00:00:00+00'";
    case 'uuid':
      return "'00000000-0000-0000-0000-000000000000'";
    case 'array':
      return '[]';
    default:
      return null;
  }
}

/** An aggregate of a non-Nullable argument returns the type's default on an empty set in ClickHouse. */
function withEmptyDefault(sql: string, argType: HType, resultType: HType): TExpr {
  if (isNullable(argType)) return { sql, type: withNullable(resultType, true) };
  const fallback = defaultValueSql(resultType);
  return { sql: fallback ? `COALESCE(${sql}, ${fallback})` : sql, type: resultType };
}

function distinctPrefix(c: CallContext): string {
  return c.distinct ? 'DISTINCT ' : '';
}

/** One value or a struct of several (uniq(a, b) counts distinct tuples). */
function tupleOfArgs(c: CallContext, from: number, to: number): string {
  if (to - from === 1) return c.arg(from).sql;
  const fields: string[] = [];
  for (let i = from; i < to; i++) fields.push(`f${i - from + 1} := ${c.arg(i).sql}`);
  return `struct_pack(${fields.join(', ')})`;
}

function uniqImpl(withCondition: boolean) {
  return (c: CallContext): TExpr => {
    const last = withCondition ? c.args.length - 1 : c.args.length;
    const value = tupleOfArgs(c, 0, last);
    const filter = withCondition ? ` FILTER (WHERE ${asCondition(c.arg(last))})` : '';
    return { sql: `count(DISTINCT ${value})${filter}`, type: T.uint64() };
  };
}

function numericResult(t: HType): HType {
  if (t.kind === 'float') return T.float();
  if (t.kind === 'int' && !t.boolean && t.name.startsWith('U')) return T.uint64();
  return T.int64();
}

function sumImpl(withCondition: boolean) {
  return (c: CallContext): TExpr => {
    const x = c.arg(0);
    const filter = withCondition ? ` FILTER (WHERE ${asCondition(c.arg(1))})` : '';
    const result = numericResult(x.type);
    return withEmptyDefault(`sum(${distinctPrefix(c)}${asNumber(x)})${filter}`, x.type, result);
  };
}

function avgImpl(withCondition: boolean) {
  return (c: CallContext): TExpr => {
    const x = c.arg(0);
    const filter = withCondition ? ` FILTER (WHERE ${asCondition(c.arg(1))})` : '';
    // avg over an empty set is nan in ClickHouse, which PostHog's JSON renders as null.
    return { sql: `avg(${distinctPrefix(c)}${asNumber(x)})${filter}`, type: T.float(true) };
  };
}

function minMaxImpl(fn: 'min' | 'max', withCondition: boolean) {
  return (c: CallContext): TExpr => {
    const x = c.arg(0);
    const filter = withCondition ? ` FILTER (WHERE ${asCondition(c.arg(1))})` : '';
    return withEmptyDefault(`${fn}(${x.sql})${filter}`, x.type, x.type);
  };
}

function argMinMaxImpl(fn: 'arg_min' | 'arg_max', withCondition: boolean) {
  return (c: CallContext): TExpr => {
    const x = c.arg(0);
    const by = c.arg(1);
    const filter = withCondition ? ` FILTER (WHERE ${asCondition(c.arg(2))})` : '';
    return withEmptyDefault(`${fn}(${x.sql}, ${by.sql})${filter}`, x.type, x.type);
  };
}

function groupArrayImpl(unique: boolean, withCondition: boolean) {
  return (c: CallContext): TExpr => {
    const x = c.arg(0);
    // ClickHouse's groupArray skips NULLs and returns [] for an empty group.
    const conditions = [`${x.sql} IS NOT NULL`];
    if (withCondition) conditions.push(asCondition(c.arg(1)));
    return {
      sql: `COALESCE(list(${unique ? 'DISTINCT ' : ''}${x.sql}) FILTER (WHERE ${conditions.join(' AND ')}), [])`,
      type: T.array(withNullable(x.type, false)),
    };
  };
}

function quantileSql(c: CallContext, level: number, valueIndex: number, conditionIndex?: number): TExpr {
  if (!(level >= 0 && level <= 1)) throw typeError(`Quantile level must be between 0 and 1, got ${level}`);
  const x = c.arg(valueIndex);
  const filter = conditionIndex === undefined ? '' : ` FILTER (WHERE ${asCondition(c.arg(conditionIndex))})`;
  return { sql: `quantile_cont(${asNumber(x)}, ${sqlNumber(level)})${filter}`, type: T.float(true) };
}

function paramLevel(c: CallContext): number {
  const value = c.param(0);
  if (typeof value !== 'number') throw typeError(`The level parameter of ${c.name} must be a number literal`);
  return value;
}

function simple(fn: string, result: (args: TExpr[]) => HType, min: number, max: number | null = min): FnSpec {
  return {
    min,
    max,
    impl: (c) => {
      const args = c.args.map((_, i) => c.arg(i));
      return { sql: `${fn}(${args.map(asNumber).join(', ')})`, type: result(args) };
    },
  };
}

function datePart(extract: (local: string) => string, type: HType = T.int64()): FnSpec {
  return {
    min: 1,
    max: 1,
    impl: (c) => {
      const x = c.arg(0);
      if (x.type.kind === 'date') return { sql: extract(`CAST(${x.sql} AS TIMESTAMP)`), type: withNullable(type, isNullable(x.type)) };
      const dt = toDateTimeExpr(x, c.env.projectTz, c.constant(0));
      return { sql: extract(localOf(dt.sql, tzOf(dt, c.env))), type: withNullable(type, isNullable(dt.type)) };
    },
  };
}

/** toStartOfDay/Hour/Minute/Second: DateTime in the value's timezone. */
function startOfTime(unit: 'day' | 'hour' | 'minute' | 'second'): FnSpec {
  return {
    min: 1,
    max: unit === 'day' ? 2 : 1,
    impl: (c) => {
      const x = c.arg(0);
      const tz = c.args.length > 1 ? tzArg(c, 1) : x.type.kind === 'datetime' ? x.type.tz : c.env.projectTz;
      const dt = toDateTimeExpr(x, tz, c.constant(0));
      const local = localOf(dt.sql, tz);
      const type = T.datetime(tz, 0, isNullable(dt.type));
      if (unit === 'day') return { sql: instantOf(`date_trunc('day', ${local})`, tz), type };
      // Sub-day truncation subtracts the local remainder from the instant, which stays right across DST.
      return { sql: `(${dt.sql} - (${local} - date_trunc('${unit}', ${local})))`, type };
    },
  };
}

function startOfDate(unit: 'month' | 'quarter' | 'year'): FnSpec {
  return {
    min: 1,
    max: 1,
    impl: (c) => {
      const d = toDateExpr(c.arg(0), c.env, c.constant(0));
      return { sql: `CAST(date_trunc('${unit}', ${d.sql}) AS DATE)`, type: d.type };
    },
  };
}

function startOfWeekSql(date: string, mondayFirst: boolean): string {
  return mondayFirst
    ? `CAST(date_trunc('week', ${date}) AS DATE)`
    : `CAST(${date} - CAST(dayofweek(${date}) AS INTEGER) AS DATE)`;
}

function addFn(unit: IntervalUnit, sign: 1 | -1): FnSpec {
  return {
    min: 2,
    max: 2,
    impl: (c) => addInterval(c.arg(0), { sql: intervalSql(unit, countArg(c, 1)), type: T.interval(unit) }, sign, c.env),
  };
}

function intervalFn(unit: IntervalUnit): FnSpec {
  return { min: 1, max: 1, impl: (c) => ({ sql: intervalSql(unit, countArg(c, 0)), type: T.interval(unit) }) };
}

function dateAddFn(sign: 1 | -1): FnSpec {
  return {
    min: 2,
    max: 3,
    impl: (c) => {
      if (c.args.length === 3) {
        const unit = unitArg(c, 0);
        return addInterval(c.arg(2), { sql: intervalSql(unit, countArg(c, 1)), type: T.interval(unit) }, sign, c.env);
      }
      return addInterval(c.arg(0), c.arg(1), sign, c.env);
    },
  };
}

const SUB_SECOND_UNITS: Record<string, number> = {
  millisecond: 1000,
  milliseconds: 1000,
  ms: 1000,
  microsecond: 1,
  microseconds: 1,
  us: 1,
  mcs: 1,
};

function dateDiffImpl(c: CallContext): TExpr {
  const rawUnit = c.constant(0);
  const subSecond = typeof rawUnit === 'string' ? SUB_SECOND_UNITS[rawUnit.toLowerCase()] : undefined;
  if (subSecond !== undefined) {
    // Millisecond/microsecond boundaries between the two instants (DateTime64 precision).
    const a = toDateTimeExpr(c.arg(1), c.env.projectTz, c.constant(1));
    const b = toDateTimeExpr(c.arg(2), c.env.projectTz, c.constant(2));
    const rel = (e: TExpr) => (subSecond === 1 ? `epoch_us(${e.sql})` : `CAST(floor(epoch_us(${e.sql}) / ${subSecond}) AS BIGINT)`);
    return { sql: `(${rel(b)} - ${rel(a)})`, type: T.int64(nullableOf(a.type, b.type)) };
  }
  const unit = unitArg(c, 0);
  let a = c.arg(1);
  let b = c.arg(2);
  const tzOverride = c.args.length > 3 ? tzArg(c, 3) : null;
  const nullable = nullableOf(a.type, b.type);
  if (a.type.kind === 'date' && b.type.kind === 'date' && !tzOverride) {
    return { sql: `date_diff('${unit}', ${a.sql}, ${b.sql})`, type: T.int64(nullable) };
  }
  a = toDateTimeExpr(a, c.env.projectTz, c.constant(1));
  b = toDateTimeExpr(b, c.env.projectTz, c.constant(2));
  if (unit === 'second' || unit === 'minute' || unit === 'hour') {
    const size = unit === 'second' ? 1 : unit === 'minute' ? 60 : 3600;
    const rel = (e: TExpr) => `CAST(floor(epoch(${e.sql}) / ${size}) AS BIGINT)`;
    return { sql: `(${rel(b)} - ${rel(a)})`, type: T.int64(nullable) };
  }
  // Calendar units count boundaries on the wall clock of the (first) value's timezone.
  const tz = tzOverride ?? tzOf(a, c.env);
  return { sql: `date_diff('${unit}', ${localOf(a.sql, tz)}, ${localOf(b.sql, tz)})`, type: T.int64(nullable) };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

function toStringImpl(e: TExpr): string {
  switch (e.type.kind) {
    case 'string':
      return e.sql;
    case 'datetime': {
      const fmt = e.type.precision === 6 ? '%Y-%m-%d %H:%M:%S.%f' : '%Y-%m-%d %H:%M:%S';
      return `strftime(${localOf(e.sql, e.type.tz)}, '${fmt}')`;
    }
    case 'int':
      return e.type.boolean ? `CAST(CAST(${e.sql} AS INTEGER) AS VARCHAR)` : `CAST(${e.sql} AS VARCHAR)`;
    case 'float':
      // ClickHouse prints whole floats without a fraction (toString(2.0) = '2').
      return `(CASE WHEN ${e.sql} = trunc(${e.sql}) AND abs(${e.sql}) < 1e15 THEN CAST(CAST(${e.sql} AS BIGINT) AS VARCHAR) ELSE CAST(${e.sql} AS VARCHAR) END)`;
    case 'date':
    case 'bool':
    case 'uuid':
    case 'unknown':
    case 'null':
      return `CAST(${e.sql} AS VARCHAR)`;
    case 'interval':
      throw typeError('toString of an interval is not supported');
    case 'array':
    case 'tuple':
      throw new HogQLQueryError('unsupported', 'toString of arrays and tuples is not supported by the emulator');
  }
}

// ---------------------------------------------------------------------------------------------------------
// The table

export const FUNCTIONS: Record<string, FnSpec> = {
  // --- aggregates -------------------------------------------------------------------------------------
  count: {
    min: 0,
    max: 1,
    aggregate: true,
    caseInsensitive: true,
    impl: (c) => {
      if (c.args.length === 0) return { sql: 'count(*)', type: T.uint64() };
      const first = c.args[0];
      if (first?.node === 'Field' && first.chain.length === 1 && first.chain[0] === '*') {
        return { sql: 'count(*)', type: T.uint64() };
      }
      return { sql: `count(${distinctPrefix(c)}${c.arg(0).sql})`, type: T.uint64() };
    },
  },
  countIf: {
    min: 1,
    max: 2,
    aggregate: true,
    impl: (c) => {
      if (c.args.length === 1) return { sql: `count(*) FILTER (WHERE ${asCondition(c.arg(0))})`, type: T.uint64() };
      return { sql: `count(${distinctPrefix(c)}${c.arg(0).sql}) FILTER (WHERE ${asCondition(c.arg(1))})`, type: T.uint64() };
    },
  },
  countDistinctIf: {
    min: 1,
    max: 2,
    aggregate: true,
    impl: (c) => {
      if (c.args.length === 1) return { sql: `count(DISTINCT ${c.arg(0).sql})`, type: T.uint64() };
      return { sql: `count(DISTINCT ${c.arg(0).sql}) FILTER (WHERE ${asCondition(c.arg(1))})`, type: T.uint64() };
    },
  },
  uniq: { min: 1, max: null, aggregate: true, impl: uniqImpl(false) },
  uniqIf: { min: 2, max: null, aggregate: true, impl: uniqImpl(true) },
  uniqExact: { min: 1, max: null, aggregate: true, impl: uniqImpl(false) },
  uniqExactIf: { min: 2, max: null, aggregate: true, impl: uniqImpl(true) },
  uniqHLL12: { min: 1, max: null, aggregate: true, impl: uniqImpl(false) },
  uniqTheta: { min: 1, max: null, aggregate: true, impl: uniqImpl(false) },
  sum: { min: 1, max: 1, aggregate: true, caseInsensitive: true, impl: sumImpl(false) },
  sumIf: { min: 2, max: 2, aggregate: true, impl: sumImpl(true) },
  avg: { min: 1, max: 1, aggregate: true, caseInsensitive: true, impl: avgImpl(false) },
  avgIf: { min: 2, max: 2, aggregate: true, impl: avgImpl(true) },
  min: { min: 1, max: 1, aggregate: true, caseInsensitive: true, impl: minMaxImpl('min', false) },
  minIf: { min: 2, max: 2, aggregate: true, impl: minMaxImpl('min', true) },
  max: { min: 1, max: 1, aggregate: true, caseInsensitive: true, impl: minMaxImpl('max', false) },
  maxIf: { min: 2, max: 2, aggregate: true, impl: minMaxImpl('max', true) },
  any: {
    min: 1,
    max: 1,
    aggregate: true,
    impl: (c) => withEmptyDefault(`any_value(${c.arg(0).sql})`, c.arg(0).type, c.arg(0).type),
  },
  anyIf: {
    min: 2,
    max: 2,
    aggregate: true,
    impl: (c) =>
      withEmptyDefault(`any_value(${c.arg(0).sql}) FILTER (WHERE ${asCondition(c.arg(1))})`, c.arg(0).type, c.arg(0).type),
  },
  argMin: { min: 2, max: 2, aggregate: true, impl: argMinMaxImpl('arg_min', false) },
  argMinIf: { min: 3, max: 3, aggregate: true, impl: argMinMaxImpl('arg_min', true) },
  argMax: { min: 2, max: 2, aggregate: true, impl: argMinMaxImpl('arg_max', false) },
  argMaxIf: { min: 3, max: 3, aggregate: true, impl: argMinMaxImpl('arg_max', true) },
  groupArray: { min: 1, max: 1, aggregate: true, impl: groupArrayImpl(false, false) },
  array_agg: { min: 1, max: 1, aggregate: true, impl: groupArrayImpl(false, false) },
  groupArrayIf: { min: 2, max: 2, aggregate: true, impl: groupArrayImpl(false, true) },
  groupUniqArray: { min: 1, max: 1, aggregate: true, impl: groupArrayImpl(true, false) },
  groupUniqArrayIf: { min: 2, max: 2, aggregate: true, impl: groupArrayImpl(true, true) },
  median: { min: 1, max: 1, aggregate: true, impl: (c) => quantileSql(c, 0.5, 0) },
  medianIf: { min: 2, max: 2, aggregate: true, impl: (c) => quantileSql(c, 0.5, 0, 1) },
  quantile: { min: 1, max: 1, aggregate: true, params: [1, 1], impl: (c) => quantileSql(c, paramLevel(c), 0) },
  quantileIf: { min: 2, max: 2, aggregate: true, params: [1, 1], impl: (c) => quantileSql(c, paramLevel(c), 0, 1) },
  stddevPop: simpleAggregate('stddev_pop'),
  stddevSamp: simpleAggregate('stddev_samp'),
  varPop: simpleAggregate('var_pop'),
  varSamp: simpleAggregate('var_samp'),

  // --- conditionals and NULLs ---------------------------------------------------------------------------
  if: {
    min: 3,
    max: 3,
    caseInsensitive: true,
    impl: (c) => {
      const a = c.arg(1);
      const b = c.arg(2);
      return { sql: `(CASE WHEN ${asCondition(c.arg(0))} THEN ${a.sql} ELSE ${b.sql} END)`, type: unify([a.type, b.type]) };
    },
  },
  multiIf: {
    min: 3,
    max: null,
    impl: (c) => {
      if (c.args.length % 2 === 0) throw typeError('multiIf expects an odd number of arguments');
      const parts: string[] = [];
      const types: HType[] = [];
      for (let i = 0; i + 1 < c.args.length; i += 2) {
        const v = c.arg(i + 1);
        parts.push(`WHEN ${asCondition(c.arg(i))} THEN ${v.sql}`);
        types.push(v.type);
      }
      const last = c.arg(c.args.length - 1);
      types.push(last.type);
      return { sql: `(CASE ${parts.join(' ')} ELSE ${last.sql} END)`, type: unify(types) };
    },
  },
  coalesce: {
    min: 1,
    max: null,
    caseInsensitive: true,
    impl: (c) => {
      const args = c.args.map((_, i) => c.arg(i));
      const type = unify(args.map((a) => a.type));
      return { sql: `COALESCE(${args.map((a) => a.sql).join(', ')})`, type: withNullable(type, args.every((a) => isNullable(a.type))) };
    },
  },
  ifnull: {
    min: 2,
    max: 2,
    caseInsensitive: true,
    impl: (c) => {
      const a = c.arg(0);
      const b = c.arg(1);
      return { sql: `COALESCE(${a.sql}, ${b.sql})`, type: withNullable(unify([a.type, b.type]), isNullable(b.type)) };
    },
  },
  nullif: {
    min: 2,
    max: 2,
    caseInsensitive: true,
    impl: (c) => ({ sql: `NULLIF(${c.arg(0).sql}, ${c.arg(1).sql})`, type: withNullable(c.arg(0).type, true) }),
  },
  isnull: {
    min: 1,
    max: 1,
    caseInsensitive: true,
    impl: (c) => ({ sql: `(${c.arg(0).sql} IS NULL)`, type: T.uint8bool() }),
  },
  isNotNull: { min: 1, max: 1, impl: (c) => ({ sql: `(${c.arg(0).sql} IS NOT NULL)`, type: T.uint8bool() }) },
  assumeNotNull: {
    min: 1,
    max: 1,
    impl: (c) => {
      const x = c.arg(0);
      const fallback = defaultValueSql(x.type);
      return { sql: fallback ? `COALESCE(${x.sql}, ${fallback})` : x.sql, type: withNullable(x.type, false) };
    },
  },
  toNullable: { min: 1, max: 1, impl: (c) => ({ sql: c.arg(0).sql, type: withNullable(c.arg(0).type, true) }) },
  greatest: {
    min: 2,
    max: 2,
    caseInsensitive: true,
    impl: (c) => ({ sql: `greatest(${c.arg(0).sql}, ${c.arg(1).sql})`, type: unify([c.arg(0).type, c.arg(1).type]) }),
  },
  least: {
    min: 2,
    max: 2,
    caseInsensitive: true,
    impl: (c) => ({ sql: `least(${c.arg(0).sql}, ${c.arg(1).sql})`, type: unify([c.arg(0).type, c.arg(1).type]) }),
  },

  // --- logic and comparison functions -------------------------------------------------------------------
  and: logicFn('AND'),
  or: logicFn('OR'),
  not: {
    min: 1,
    max: 1,
    caseInsensitive: true,
    impl: (c) => ({ sql: `(NOT ${asCondition(c.arg(0))})`, type: T.uint8bool(isNullable(c.arg(0).type)) }),
  },
  match: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `regexp_matches(${stringArg(c, 0)}, ${stringArg(c, 1)})`, type: T.uint8bool(isNullable(c.arg(0).type)) }),
  },

  // --- arithmetic ----------------------------------------------------------------------------------------
  plus: { min: 2, max: 2, impl: (c) => arithmeticCall(c, '+') },
  minus: { min: 2, max: 2, impl: (c) => arithmeticCall(c, '-') },
  multiply: { min: 2, max: 2, impl: (c) => arithmeticCall(c, '*') },
  divide: { min: 2, max: 2, impl: (c) => arithmeticCall(c, '/') },
  modulo: { min: 2, max: 2, impl: (c) => arithmeticCall(c, '%') },
  intDiv: {
    min: 2,
    max: 2,
    impl: (c) => {
      const a = c.arg(0);
      const b = c.arg(1);
      // ClickHouse rounds an integer division towards zero and refuses to divide by zero.
      return {
        sql: `CAST(trunc(CAST(${asNumber(a)} AS DOUBLE) / CAST(${asNumber(b)} AS DOUBLE)) AS BIGINT)`,
        type: T.int64(nullableOf(a.type, b.type)),
      };
    },
  },
  intDivOrZero: {
    min: 2,
    max: 2,
    impl: (c) => {
      const a = asNumber(c.arg(0));
      const b = asNumber(c.arg(1));
      return {
        sql: `(CASE WHEN ${b} = 0 THEN 0 ELSE CAST(trunc(CAST(${a} AS DOUBLE) / CAST(${b} AS DOUBLE)) AS BIGINT) END)`,
        type: T.int64(nullableOf(c.arg(0).type, c.arg(1).type)),
      };
    },
  },
  negate: { min: 1, max: 1, impl: (c) => ({ sql: `(-${asNumber(c.arg(0))})`, type: numericResult(c.arg(0).type) }) },
  abs: { min: 1, max: 1, impl: (c) => ({ sql: `abs(${asNumber(c.arg(0))})`, type: c.arg(0).type }) },
  round: roundingFn('round'),
  floor: roundingFn('floor'),
  ceil: roundingFn('ceil'),
  sqrt: simple('sqrt', () => T.float(), 1),
  exp: simple('exp', () => T.float(), 1),
  ln: simple('ln', () => T.float(), 1),
  log: simple('ln', () => T.float(), 1),
  log2: simple('log2', () => T.float(), 1),
  log10: simple('log10', () => T.float(), 1),
  pow: simple('pow', () => T.float(), 2),
  power: simple('pow', () => T.float(), 2),

  // --- type conversion -----------------------------------------------------------------------------------
  toString: {
    min: 1,
    max: 2,
    impl: (c: CallContext) => {
      const x = c.arg(0);
      if (c.args.length === 2) {
        const tz = tzArg(c, 1);
        const dt = toDateTimeExpr(x, tz);
        return { sql: toStringImpl({ sql: dt.sql, type: T.datetime(tz) }), type: T.string(isNullable(x.type)) };
      }
      return { sql: toStringImpl(x), type: T.string(isNullable(x.type)) };
    },
  },
  toInt: {
    min: 1,
    max: 1,
    impl: (c) => {
      const x = c.arg(0);
      // accurateCastOrNull(x, 'Int64'): floats are truncated, unparsable strings are NULL.
      const sql = x.type.kind === 'float' ? `TRY_CAST(trunc(${x.sql}) AS BIGINT)` : `TRY_CAST(${asNumber(x)} AS BIGINT)`;
      return { sql, type: T.int64(true) };
    },
  },
  toIntOrZero: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `COALESCE(TRY_CAST(${stringArg(c, 0)} AS BIGINT), 0)`, type: T.int64() }),
  },
  toFloat: { min: 1, max: 1, impl: (c) => ({ sql: `TRY_CAST(${asNumber(c.arg(0))} AS DOUBLE)`, type: T.float(true) }) },
  toFloatOrZero: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `COALESCE(TRY_CAST(${stringArg(c, 0)} AS DOUBLE), 0)`, type: T.float() }),
  },
  toBool: {
    min: 1,
    max: 1,
    impl: (c) => {
      const x = c.arg(0);
      if (x.type.kind === 'string') {
        return {
          sql: `(CASE lower(${x.sql}) WHEN 'true' THEN true WHEN 'false' THEN false ELSE CAST(${x.sql} AS BOOLEAN) END)`,
          type: T.bool(isNullable(x.type)),
        };
      }
      return { sql: `CAST(${x.sql} AS BOOLEAN)`, type: T.bool(isNullable(x.type)) };
    },
  },

  // --- dates and times --------------------------------------------------------------------------------------
  now: {
    min: 0,
    max: 1,
    caseInsensitive: true,
    impl: (c) => {
      const tz = c.args.length === 1 ? tzArg(c, 0) : c.env.projectTz;
      return { sql: `make_timestamptz(CAST(${Math.round(c.env.nowMs * 1000)} AS BIGINT))`, type: T.datetime(tz, 6) };
    },
  },
  current_timestamp: {
    min: 0,
    max: 0,
    impl: (c) => ({ sql: `make_timestamptz(CAST(${Math.round(c.env.nowMs * 1000)} AS BIGINT))`, type: T.datetime(c.env.projectTz, 6) }),
  },
  // today()/yesterday() are not timezone-aware in HogQL: ClickHouse evaluates them in the server's zone (UTC).
  today: { min: 0, max: 0, impl: (c) => ({ sql: `DATE ${sqlString(utcDate(c.env.nowMs, 0))}`, type: T.date() }) },
  current_date: { min: 0, max: 0, impl: (c) => ({ sql: `DATE ${sqlString(utcDate(c.env.nowMs, 0))}`, type: T.date() }) },
  yesterday: { min: 0, max: 0, impl: (c) => ({ sql: `DATE ${sqlString(utcDate(c.env.nowMs, -1))}`, type: T.date() }) },
  toTimeZone: {
    min: 1,
    max: 2,
    impl: (c) => {
      const tz = c.args.length === 2 ? tzArg(c, 1) : c.env.projectTz;
      const x = c.arg(0);
      if (x.type.kind !== 'datetime' && x.type.kind !== 'unknown' && x.type.kind !== 'null') {
        throw typeError(`Illegal type ${describe(x.type)} of the first argument of toTimeZone: expected a DateTime`);
      }
      const dt = toDateTimeExpr(x, tz);
      const precision = dt.type.kind === 'datetime' ? dt.type.precision : 0;
      return { sql: dt.sql, type: T.datetime(tz, precision, isNullable(dt.type)) };
    },
  },
  toDateTime: {
    min: 1,
    max: 2,
    impl: (c) => {
      const tz = c.args.length === 2 ? tzArg(c, 1) : c.env.projectTz;
      const x = c.arg(0);
      const dt = toDateTimeExpr(x, tz, c.constant(0));
      // PostHog prints toDateTime('YYYY-MM-DD[ hh:mm:ss]') as ClickHouse toDateTime (second precision) and other
      // strings as parseDateTime64BestEffortOrNull(…, 6, tz).
      const value = c.constant(0);
      const plain = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/.test(value);
      const precision = x.type.kind === 'string' && !plain ? 6 : dt.type.kind === 'datetime' && x.type.kind === 'datetime' ? dt.type.precision : 0;
      return { sql: dt.sql, type: T.datetime(tz, precision, isNullable(dt.type) && !plain) };
    },
  },
  fromUnixTimestamp: {
    min: 1,
    max: 1,
    // Not timezone-aware in HogQL: the result is in the server zone (UTC).
    impl: (c) => ({ sql: `to_timestamp(CAST(${countArg(c, 0)} AS DOUBLE))`, type: T.datetime('UTC', 0, isNullable(c.arg(0).type)) }),
  },
  toDate: { min: 1, max: 1, impl: (c) => toDateExpr(c.arg(0), c.env, c.constant(0)) },
  to_date: { min: 1, max: 1, impl: (c) => toDateExpr(c.arg(0), c.env, c.constant(0)) },
  toUnixTimestamp: {
    min: 1,
    max: 2,
    impl: (c) => {
      const tz = c.args.length === 2 ? tzArg(c, 1) : c.env.projectTz;
      const dt = toDateTimeExpr(c.arg(0), tz, c.constant(0));
      return { sql: `CAST(floor(epoch(${dt.sql})) AS BIGINT)`, type: { kind: 'int', name: 'UInt32', nullable: isNullable(dt.type) } };
    },
  },
  toStartOfDay: startOfTime('day'),
  toStartOfHour: startOfTime('hour'),
  toStartOfMinute: startOfTime('minute'),
  toStartOfSecond: startOfTime('second'),
  toStartOfMonth: startOfDate('month'),
  toStartOfQuarter: startOfDate('quarter'),
  toStartOfYear: startOfDate('year'),
  toStartOfWeek: {
    min: 1,
    max: 2,
    impl: (c) => {
      let mondayFirst = c.env.weekStartDay === 1;
      if (c.args.length === 2) {
        const mode = c.constant(1);
        if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 9) {
          throw typeError('The mode argument of toStartOfWeek must be an integer literal between 0 and 9');
        }
        mondayFirst = mode % 2 === 1;
      }
      const d = toDateExpr(c.arg(0), c.env, c.constant(0));
      return { sql: startOfWeekSql(d.sql, mondayFirst), type: d.type };
    },
  },
  toMonday: {
    min: 1,
    max: 1,
    impl: (c) => {
      const d = toDateExpr(c.arg(0), c.env, c.constant(0));
      return { sql: startOfWeekSql(d.sql, true), type: d.type };
    },
  },
  dateTrunc: { min: 2, max: 3, impl: dateTruncImpl },
  date_trunc: { min: 2, max: 3, impl: dateTruncImpl },
  toYear: datePart((l) => `year(${l})`, { kind: 'int', name: 'UInt32', nullable: false }),
  toQuarter: datePart((l) => `quarter(${l})`, { kind: 'int', name: 'UInt8', nullable: false }),
  toMonth: datePart((l) => `month(${l})`, { kind: 'int', name: 'UInt8', nullable: false }),
  toDayOfMonth: datePart((l) => `day(${l})`, { kind: 'int', name: 'UInt8', nullable: false }),
  toDayOfWeek: datePart((l) => `isodow(${l})`, { kind: 'int', name: 'UInt8', nullable: false }),
  toDayOfYear: datePart((l) => `dayofyear(${l})`, { kind: 'int', name: 'UInt32', nullable: false }),
  toHour: datePart((l) => `hour(${l})`, { kind: 'int', name: 'UInt8', nullable: false }),
  toMinute: datePart((l) => `minute(${l})`, { kind: 'int', name: 'UInt8', nullable: false }),
  toSecond: datePart((l) => `CAST(floor(second(${l})) AS INTEGER)`, { kind: 'int', name: 'UInt8', nullable: false }),
  toYYYYMM: datePart((l) => `CAST(strftime(${l}, '%Y%m') AS INTEGER)`, { kind: 'int', name: 'UInt32', nullable: false }),
  toYYYYMMDD: datePart((l) => `CAST(strftime(${l}, '%Y%m%d') AS INTEGER)`, { kind: 'int', name: 'UInt32', nullable: false }),
  dateDiff: { min: 3, max: 4, impl: dateDiffImpl },
  date_diff: { min: 3, max: 4, impl: dateDiffImpl },
  dateAdd: dateAddFn(1),
  dateSub: dateAddFn(-1),
  date_add: dateAddFn(1),
  date_subtract: dateAddFn(-1),
  addSeconds: addFn('second', 1),
  addMinutes: addFn('minute', 1),
  addHours: addFn('hour', 1),
  addDays: addFn('day', 1),
  addWeeks: addFn('week', 1),
  addMonths: addFn('month', 1),
  addQuarters: addFn('quarter', 1),
  addYears: addFn('year', 1),
  subtractSeconds: addFn('second', -1),
  subtractMinutes: addFn('minute', -1),
  subtractHours: addFn('hour', -1),
  subtractDays: addFn('day', -1),
  subtractWeeks: addFn('week', -1),
  subtractMonths: addFn('month', -1),
  subtractQuarters: addFn('quarter', -1),
  subtractYears: addFn('year', -1),
  toIntervalSecond: intervalFn('second'),
  toIntervalMinute: intervalFn('minute'),
  toIntervalHour: intervalFn('hour'),
  toIntervalDay: intervalFn('day'),
  toIntervalWeek: intervalFn('week'),
  toIntervalMonth: intervalFn('month'),
  toIntervalQuarter: intervalFn('quarter'),
  toIntervalYear: intervalFn('year'),

  // --- strings -----------------------------------------------------------------------------------------------
  // lower/upper are ASCII-only in ClickHouse; lowerUTF8/upperUTF8 handle Unicode.
  lower: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `translate(${stringArg(c, 0)}, '${UPPER}', '${LOWER}')`, type: c.arg(0).type }),
  },
  upper: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `translate(${stringArg(c, 0)}, '${LOWER}', '${UPPER}')`, type: c.arg(0).type }),
  },
  lowerUTF8: { min: 1, max: 1, impl: (c) => ({ sql: `lower(${stringArg(c, 0)})`, type: c.arg(0).type }) },
  upperUTF8: { min: 1, max: 1, impl: (c) => ({ sql: `upper(${stringArg(c, 0)})`, type: c.arg(0).type }) },
  length: {
    min: 1,
    max: 1,
    impl: (c) => {
      const x = c.arg(0);
      // length() counts bytes for strings in ClickHouse (lengthUTF8 counts code points).
      if (x.type.kind === 'array') return { sql: `len(${x.sql})`, type: T.uint64() };
      if (x.type.kind === 'string') return { sql: `strlen(${x.sql})`, type: T.uint64(x.type.nullable) };
      return { sql: `length(${x.sql})`, type: T.uint64(isNullable(x.type)) };
    },
  },
  lengthUTF8: { min: 1, max: 1, impl: (c) => ({ sql: `length(${stringArg(c, 0)})`, type: T.uint64(isNullable(c.arg(0).type)) }) },
  empty: emptyFn(false),
  notEmpty: emptyFn(true),
  concat: {
    min: 2,
    max: null,
    impl: (c) => {
      // PostHog wraps every argument in ifNull(toString(x), ''), so NULL concatenates as ''.
      const parts = c.args.map((_, i) => {
        const x = c.arg(i);
        return `COALESCE(${toStringImpl(x)}, '')`;
      });
      return { sql: `concat(${parts.join(', ')})`, type: T.string() };
    },
  },
  startsWith: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `starts_with(${stringArg(c, 0)}, ${stringArg(c, 1)})`, type: T.uint8bool(isNullable(c.arg(0).type)) }),
  },
  endsWith: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `ends_with(${stringArg(c, 0)}, ${stringArg(c, 1)})`, type: T.uint8bool(isNullable(c.arg(0).type)) }),
  },
  positionUTF8: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `strpos(${stringArg(c, 0)}, ${stringArg(c, 1)})`, type: T.uint64(isNullable(c.arg(0).type)) }),
  },
  substringUTF8: {
    min: 3,
    max: 3,
    impl: (c) => ({
      sql: `substring(${stringArg(c, 0)}, CAST(${countArg(c, 1)} AS BIGINT), CAST(${countArg(c, 2)} AS BIGINT))`,
      type: c.arg(0).type,
    }),
  },
  trim: { min: 1, max: 1, impl: (c) => ({ sql: `trim(${stringArg(c, 0)}, ' ')`, type: c.arg(0).type }) },
  trimLeft: { min: 1, max: 1, impl: (c) => ({ sql: `ltrim(${stringArg(c, 0)}, ' ')`, type: c.arg(0).type }) },
  trimRight: { min: 1, max: 1, impl: (c) => ({ sql: `rtrim(${stringArg(c, 0)}, ' ')`, type: c.arg(0).type }) },
  replaceAll: {
    min: 3,
    max: 3,
    impl: (c) => ({ sql: `replace(${stringArg(c, 0)}, ${stringArg(c, 1)}, ${stringArg(c, 2)})`, type: c.arg(0).type }),
  },
  splitByChar: {
    min: 2,
    max: 2,
    impl: (c) => {
      const sep = c.constant(0);
      if (typeof sep !== 'string' || [...sep].length !== 1) throw typeError('splitByChar expects a single-character separator literal');
      return { sql: `string_split(${stringArg(c, 1)}, ${stringArg(c, 0)})`, type: T.array(T.string()) };
    },
  },
  splitByString: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `string_split(${stringArg(c, 1)}, ${stringArg(c, 0)})`, type: T.array(T.string()) }),
  },

  // --- arrays and tuples -------------------------------------------------------------------------------------
  array: {
    min: 0,
    max: null,
    impl: (c) => {
      const items = c.args.map((_, i) => c.arg(i));
      return { sql: `[${items.map((i) => i.sql).join(', ')}]`, type: T.array(unify(items.map((i) => i.type))) };
    },
  },
  range: {
    min: 1,
    max: 3,
    impl: (c) => {
      const args = c.args.map((_, i) => `CAST(${countArg(c, i)} AS BIGINT)`);
      return { sql: `range(${args.join(', ')})`, type: T.array({ kind: 'int', name: 'UInt64', nullable: false }) };
    },
  },
  arrayJoin: {
    min: 1,
    max: 1,
    impl: (c) => {
      const arr = c.arg(0);
      if (arr.type.kind !== 'array' && arr.type.kind !== 'unknown') {
        throw typeError(`Illegal type ${describe(arr.type)} of the argument of arrayJoin: expected an Array`);
      }
      return c.env.hoistArrayJoin(arr);
    },
  },
  has: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `COALESCE(list_contains(${c.arg(0).sql}, ${c.arg(1).sql}), false)`, type: T.uint8bool() }),
  },
  hasAll: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `list_has_all(${c.arg(0).sql}, ${c.arg(1).sql})`, type: T.uint8bool() }),
  },
  hasAny: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `list_has_any(${c.arg(0).sql}, ${c.arg(1).sql})`, type: T.uint8bool() }),
  },
  indexOf: {
    min: 2,
    max: 2,
    impl: (c) => ({ sql: `COALESCE(list_position(${c.arg(0).sql}, ${c.arg(1).sql}), 0)`, type: T.uint64() }),
  },
  arrayElement: {
    min: 2,
    max: 2,
    impl: (c) => arrayElementExpr(c.arg(0), c.arg(1)),
  },
  arrayConcat: {
    min: 2,
    max: null,
    impl: (c) => {
      const arrays = c.args.map((_, i) => c.arg(i));
      let sql = arrays[0]?.sql ?? '[]';
      for (const a of arrays.slice(1)) sql = `list_concat(${sql}, ${a.sql})`;
      return { sql, type: unify(arrays.map((a) => a.type)) };
    },
  },
  arraySlice: {
    min: 2,
    max: 3,
    impl: (c) => {
      const arr = c.arg(0);
      const offset = countArg(c, 1);
      if (c.args.length === 2) return { sql: `list_slice(${arr.sql}, ${offset}, -1)`, type: arr.type };
      const length = countArg(c, 2);
      return { sql: `list_slice(${arr.sql}, ${offset}, ${offset} + ${length} - 1)`, type: arr.type };
    },
  },
  arrayReverse: { min: 1, max: 1, impl: (c) => ({ sql: `list_reverse(${c.arg(0).sql})`, type: c.arg(0).type }) },
  arraySort: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `list_sort(${c.arg(0).sql}, 'ASC', 'NULLS LAST')`, type: c.arg(0).type }),
  },
  arrayReverseSort: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `list_sort(${c.arg(0).sql}, 'DESC', 'NULLS LAST')`, type: c.arg(0).type }),
  },
  arraySum: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `COALESCE(list_sum(${c.arg(0).sql}), 0)`, type: numericResult(itemType(c.arg(0))) }),
  },
  arrayMin: { min: 1, max: 1, impl: (c) => ({ sql: `list_min(${c.arg(0).sql})`, type: itemType(c.arg(0)) }) },
  arrayMax: { min: 1, max: 1, impl: (c) => ({ sql: `list_max(${c.arg(0).sql})`, type: itemType(c.arg(0)) }) },
  arrayStringConcat: {
    min: 1,
    max: 2,
    impl: (c) => {
      const sep = c.args.length === 2 ? stringArg(c, 1) : "''";
      return { sql: `array_to_string(${c.arg(0).sql}, ${sep})`, type: T.string() };
    },
  },
  arrayMap: {
    min: 2,
    max: 2,
    impl: (c) => {
      const arr = c.arg(1);
      const fn = c.lambda(0, [itemType(arr)]);
      return { sql: `list_transform(${arr.sql}, ${fn.sql})`, type: T.array(fn.type) };
    },
  },
  arrayFilter: {
    min: 2,
    max: 2,
    impl: (c) => {
      const arr = c.arg(1);
      const fn = c.lambda(0, [itemType(arr)]);
      return { sql: `list_filter(${arr.sql}, ${fn.sql})`, type: arr.type };
    },
  },
  arrayExists: {
    min: 2,
    max: 2,
    impl: (c) => {
      const arr = c.arg(1);
      const fn = c.lambda(0, [itemType(arr)]);
      return { sql: `(len(list_filter(${arr.sql}, ${fn.sql})) > 0)`, type: T.uint8bool() };
    },
  },
  arrayAll: {
    min: 2,
    max: 2,
    impl: (c) => {
      const arr = c.arg(1);
      const fn = c.lambda(0, [itemType(arr)]);
      return { sql: `(len(list_filter(${arr.sql}, ${fn.sql})) = len(${arr.sql}))`, type: T.uint8bool() };
    },
  },
  arrayCount: {
    min: 1,
    max: 2,
    impl: (c) => {
      if (c.args.length === 1) {
        const arr = c.arg(0);
        return { sql: `len(list_filter(${arr.sql}, lambda x: x <> 0))`, type: T.uint64() };
      }
      const arr = c.arg(1);
      const fn = c.lambda(0, [itemType(arr)]);
      return { sql: `len(list_filter(${arr.sql}, ${fn.sql}))`, type: T.uint64() };
    },
  },
  arrayEnumerate: {
    min: 1,
    max: 1,
    impl: (c) => ({ sql: `range(1, len(${c.arg(0).sql}) + 1)`, type: T.array(T.uint64()) }),
  },
  tuple: {
    min: 0,
    max: null,
    impl: (c) => {
      const items = c.args.map((_, i) => c.arg(i));
      return tupleExpr(items);
    },
  },
  tupleElement: {
    min: 2,
    max: 2,
    impl: (c) => {
      const index = c.constant(1);
      if (typeof index !== 'number' || !Number.isInteger(index)) throw typeError('tupleElement expects an integer literal index');
      return tupleElementExpr(c.arg(0), index);
    },
  },
};

function simpleAggregate(fn: string): FnSpec {
  return {
    min: 1,
    max: 1,
    aggregate: true,
    impl: (c) => ({ sql: `${fn}(${asNumber(c.arg(0))})`, type: T.float(true) }),
  };
}

function logicFn(op: 'AND' | 'OR'): FnSpec {
  return {
    min: 2,
    max: null,
    impl: (c) => {
      const args = c.args.map((_, i) => c.arg(i));
      return { sql: `(${args.map(asCondition).join(` ${op} `)})`, type: T.uint8bool(args.some((a) => isNullable(a.type))) };
    },
  };
}

function roundingFn(kind: 'round' | 'floor' | 'ceil'): FnSpec {
  return {
    min: 1,
    max: 2,
    impl: (c) => {
      const x = c.arg(0);
      const digits = c.args.length === 2 ? c.constant(1) : 0;
      if (typeof digits !== 'number' || !Number.isInteger(digits)) throw typeError(`The precision of ${c.name} must be an integer literal`);
      if (x.type.kind === 'int') return { sql: asNumber(x), type: x.type };
      const v = asNumber(x);
      const scale = `pow(10, ${digits})`;
      let sql: string;
      if (kind === 'round') sql = `round_even(${v}, ${digits})`; // banker's rounding for floats, like ClickHouse
      else if (digits === 0) sql = `${kind}(${v})`;
      else sql = `(${kind}(${v} * ${scale}) / ${scale})`;
      return { sql: `CAST(${sql} AS DOUBLE)`, type: T.float(isNullable(x.type)) };
    },
  };
}

function emptyFn(negate: boolean): FnSpec {
  return {
    min: 1,
    max: 1,
    impl: (c) => {
      const x = c.arg(0);
      const len = x.type.kind === 'array' ? `len(${x.sql})` : `strlen(${x.sql})`;
      return { sql: `(${len} ${negate ? '>' : '='} 0)`, type: T.uint8bool(isNullable(x.type)) };
    },
  };
}

function dateTruncImpl(c: CallContext): TExpr {
  const unit = unitArg(c, 0);
  const x = c.arg(1);
  const tz = c.args.length === 3 ? tzArg(c, 2) : tzOf(x, c.env);
  if (unit === 'year' || unit === 'quarter' || unit === 'month' || unit === 'week') {
    const d = x.type.kind === 'date' ? x : toDateExpr(toDateTimeExpr(x, tz, c.constant(1)), c.env);
    const sql = unit === 'week' ? startOfWeekSql(d.sql, true) : `CAST(date_trunc('${unit}', ${d.sql}) AS DATE)`;
    return { sql, type: d.type };
  }
  const dt = toDateTimeExpr(x, tz, c.constant(1));
  const local = localOf(dt.sql, tz);
  const type = T.datetime(tz, 0, isNullable(dt.type));
  if (unit === 'day') return { sql: instantOf(`date_trunc('day', ${local})`, tz), type };
  return { sql: `(${dt.sql} - (${local} - date_trunc('${unit}', ${local})))`, type };
}

/** tuple(a, b) → a named struct (DuckDB cannot materialise unnamed ones); tuples come back as JSON arrays. */
export function tupleExpr(items: TExpr[]): TExpr {
  if (items.length === 0) throw typeError('Empty tuples are not supported');
  const fields = items.map((item, i) => `f${i + 1} := ${item.sql}`);
  return { sql: `struct_pack(${fields.join(', ')})`, type: { kind: 'tuple', items: items.map((i) => i.type) } };
}

export function tupleElementExpr(tuple: TExpr, index: number): TExpr {
  if (tuple.type.kind === 'tuple') {
    const item = tuple.type.items[index - 1];
    if (!item) throw typeError(`Tuple index ${index} is out of range`);
    return { sql: `struct_extract(${tuple.sql}, 'f${index}')`, type: item };
  }
  return { sql: `struct_extract_at(${tuple.sql}, ${index})`, type: T.unknown() };
}

/** arr[i]: 1-based, negative from the end; out of range gives the item type's default in ClickHouse. */
export function arrayElementExpr(arr: TExpr, index: TExpr): TExpr {
  const item = itemType(arr);
  const fallback = isNullable(item) ? null : defaultValueSql(item);
  const sql = `${arr.sql}[${asNumber(index)}]`;
  return { sql: fallback ? `COALESCE(${sql}, ${fallback})` : sql, type: item };
}

/** Binary arithmetic with ClickHouse semantics; shared by operators and plus()/minus()/… */
export function arithmetic(left: TExpr, right: TExpr, op: '+' | '-' | '*' | '/' | '%', env: FnEnv): TExpr {
  const nullable = nullableOf(left.type, right.type);
  if ((op === '+' || op === '-') && right.type.kind === 'interval') {
    return addInterval(left, right, op === '+' ? 1 : -1, env);
  }
  if (op === '+' && left.type.kind === 'interval') return addInterval(right, left, 1, env);
  if (left.type.kind === 'datetime' && (op === '+' || op === '-') && (right.type.kind === 'int' || right.type.kind === 'float')) {
    return addInterval(left, { sql: `to_seconds(CAST(${asNumber(right)} AS DOUBLE))`, type: T.interval('second') }, op === '+' ? 1 : -1, env);
  }
  if (left.type.kind === 'date' && (op === '+' || op === '-') && right.type.kind === 'int') {
    return { sql: `(${left.sql} ${op} CAST(${asNumber(right)} AS INTEGER))`, type: withNullable(left.type, nullable) };
  }
  if (op === '-' && left.type.kind === 'datetime' && right.type.kind === 'datetime') {
    return { sql: `CAST(epoch(${left.sql}) - epoch(${right.sql}) AS BIGINT)`, type: T.int64(nullable) };
  }
  if (op === '-' && left.type.kind === 'date' && right.type.kind === 'date') {
    return { sql: `(${left.sql} - ${right.sql})`, type: T.int64(nullable) };
  }
  for (const side of [left, right]) {
    if (!(side.type.kind === 'int' || side.type.kind === 'float' || side.type.kind === 'bool' || side.type.kind === 'null' || side.type.kind === 'unknown')) {
      throw typeError(`Illegal types ${describe(left.type)} and ${describe(right.type)} of arguments of function ${OP_NAMES[op]}`);
    }
  }
  const l = asNumber(left);
  const r = asNumber(right);
  if (op === '/') {
    // ClickHouse's `/` always returns Float64 (intDiv is the integer division); x/0 is inf → null in PostHog's JSON.
    return { sql: `(CAST(${l} AS DOUBLE) / CAST(${r} AS DOUBLE))`, type: T.float(true) };
  }
  const isFloat = left.type.kind === 'float' || right.type.kind === 'float';
  if (op === '%') {
    return { sql: `(${l} % ${r})`, type: isFloat ? T.float(nullable) : T.int64(nullable) };
  }
  return { sql: `(${l} ${op} ${r})`, type: isFloat ? T.float(nullable) : T.int64(nullable) };
}

const OP_NAMES = { '+': 'plus', '-': 'minus', '*': 'multiply', '/': 'divide', '%': 'modulo' } as const;

function arithmeticCall(c: CallContext, op: '+' | '-' | '*' | '/' | '%'): TExpr {
  return arithmetic(c.arg(0), c.arg(1), op, c.env);
}

function utcDate(nowMs: number, offsetDays: number): string {
  return new Date(nowMs + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/** PostHog's `_find_function`: exact name, else the lower-cased name if that entry is case-insensitive. */
export function findFunction(name: string): { key: string; spec: FnSpec } | null {
  const exact = FUNCTIONS[name];
  if (exact && Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) return { key: name, spec: exact };
  const lower = name.toLowerCase();
  const folded = FUNCTIONS[lower];
  if (folded && Object.prototype.hasOwnProperty.call(FUNCTIONS, lower) && folded.caseInsensitive) {
    return { key: lower, spec: folded };
  }
  return null;
}

/**
 * Comparison functions the translator turns into the corresponding operator (PostHog's
 * HOGQL_COMPARISON_MAPPING in posthog/hogql/functions/mapping.py), so `equals(a, b)` ≡ `a = b`, `in(x, (1, 2))` ≡ `x IN (1, 2)`.
 */
export const COMPARISON_FUNCTIONS: Readonly<Record<string, CompareOp>> = {
  equals: '==',
  notEquals: '!=',
  less: '<',
  greater: '>',
  lessOrEquals: '<=',
  greaterOrEquals: '>=',
  like: 'like',
  ilike: 'ilike',
  notLike: 'not like',
  notILike: 'not ilike',
  in: 'in',
  notIn: 'not in',
};

export function comparisonFunction(name: string): CompareOp | null {
  return Object.prototype.hasOwnProperty.call(COMPARISON_FUNCTIONS, name) ? (COMPARISON_FUNCTIONS[name] ?? null) : null;
}

/** Every HogQL function name the emulator implements (PostHog's registry spelling). */
export const SUPPORTED_FUNCTION_NAMES: readonly string[] = [...new Set([...Object.keys(FUNCTIONS), ...Object.keys(COMPARISON_FUNCTIONS)])].sort();
