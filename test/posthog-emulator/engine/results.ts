/**
 * DuckDB values → the JSON values PostHog's query API returns.
 *
 * PostHog serialises query results with orjson (posthog/renderers.py `SafeJSONRenderer`: `orjson.dumps(data,
 * option=orjson.OPT_UTC_Z)`; posthog/api/query.py returns `result.model_dump(by_alias=True)` through it). The
 * ClickHouse driver hands over timezone-aware datetimes in the column's zone (the project's, see translate.ts),
 * so a DateTime is RFC 3339 with the zone's offset — `2026-03-08T00:00:00-05:00` — with `Z` for a zero offset
 * and `.ffffff` only when there are microseconds; a Date is `YYYY-MM-DD`. NaN and ±Infinity become null.
 * Comparisons are ClickHouse UInt8 (1/0), a Bool is true/false, tuples are arrays.
 */
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  DuckDBUUIDValue,
  DuckDBArrayValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { tzOffsetMs } from '../dataset/calendar';
import type { HType } from '../hogql/value-types';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as PostHog renders a DateTime in `tz`: `2026-03-08T00:00:00-05:00`, `…T10:00:00.123456Z`. */
export function formatDateTime(micros: bigint, tz: string): string {
  const wholeSeconds = micros >= 0n ? micros / 1_000_000n : -((-micros + 999_999n) / 1_000_000n);
  const fraction = Number(micros - wholeSeconds * 1_000_000n);
  const ms = Number(wholeSeconds) * 1000;
  const offsetMs = tzOffsetMs(ms, tz);
  const local = new Date(ms + offsetMs);
  const [year, month, day] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  const [hour, minute, second] = [local.getUTCHours(), local.getUTCMinutes(), local.getUTCSeconds()];
  const offsetMinutes = Math.round(offsetMs / 60_000);
  let offset = 'Z';
  if (offsetMinutes !== 0) {
    const sign = offsetMinutes > 0 ? '+' : '-';
    const abs = Math.abs(offsetMinutes);
    offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }
  const frac = fraction === 0 ? '' : `.${pad(fraction, 6)}`;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${frac}${offset}`;
}

export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function bigintToJson(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

function intervalToNumber(value: DuckDBIntervalValue, type: HType | undefined): number {
  const unit = type?.kind === 'interval' ? type.unit : 'second';
  const micros = Number(value.micros);
  switch (unit) {
    case 'second':
      return micros / 1e6 + value.days * 86400;
    case 'minute':
      return micros / 6e7 + value.days * 1440;
    case 'hour':
      return micros / 3.6e9 + value.days * 24;
    case 'day':
      return value.days + micros / 8.64e10;
    case 'week':
      return (value.days + micros / 8.64e10) / 7;
    case 'month':
      return value.months;
    case 'quarter':
      return value.months / 3;
    case 'year':
      return value.months / 12;
  }
}

/** Convert one DuckDB value using the static HogQL type (for the timezone of DateTimes, Bool vs UInt8, …). */
export function toJsonValue(value: DuckDBValue, type: HType | undefined, projectTz: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') {
    return type?.kind === 'bool' ? value : value ? 1 : 0;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return bigintToJson(value);
  if (typeof value === 'string') return value;
  if (value instanceof DuckDBTimestampTZValue) {
    return formatDateTime(value.micros, type?.kind === 'datetime' ? type.tz : projectTz);
  }
  if (value instanceof DuckDBDateValue) return formatDate(value.days);
  if (value instanceof DuckDBTimestampValue) {
    // A wall-clock TIMESTAMP (not produced by the translator for DateTime values): render it as UTC.
    return formatDateTime(value.micros, 'UTC');
  }
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) {
    const item = type?.kind === 'array' ? type.item : undefined;
    return value.items.map((v) => toJsonValue(v, item, projectTz));
  }
  if (value instanceof DuckDBStructValue) {
    const items = type?.kind === 'tuple' ? type.items : [];
    return Object.values(value.entries).map((v, i) => toJsonValue(v, items[i], projectTz));
  }
  if (value instanceof DuckDBDecimalValue) return Number(value.toString());
  if (value instanceof DuckDBIntervalValue) return intervalToNumber(value, type);
  if (value instanceof DuckDBUUIDValue) return value.toString();
  return String(value);
}

/** A ClickHouse-style name for a DuckDB column type, used when the static type is unknown. */
export function clickhouseNameForDuckDB(type: DuckDBType): string {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return 'UInt8';
    case DuckDBTypeId.TINYINT:
      return 'Int8';
    case DuckDBTypeId.SMALLINT:
      return 'Int16';
    case DuckDBTypeId.INTEGER:
      return 'Int32';
    case DuckDBTypeId.BIGINT:
      return 'Int64';
    case DuckDBTypeId.HUGEINT:
      return 'Int128';
    case DuckDBTypeId.UTINYINT:
      return 'UInt8';
    case DuckDBTypeId.USMALLINT:
      return 'UInt16';
    case DuckDBTypeId.UINTEGER:
      return 'UInt32';
    case DuckDBTypeId.UBIGINT:
      return 'UInt64';
    case DuckDBTypeId.FLOAT:
      return 'Float32';
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.DECIMAL:
      return 'Float64';
    case DuckDBTypeId.DATE:
      return 'Date';
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP:
      return 'DateTime64(6)';
    case DuckDBTypeId.UUID:
      return 'UUID';
    case DuckDBTypeId.LIST:
      return 'Array';
    case DuckDBTypeId.STRUCT:
      return 'Tuple';
    default:
      return 'String';
  }
}
