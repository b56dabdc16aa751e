/**
 * Static HogQL value types, tracked while translating so the emulator can follow ClickHouse semantics that
 * DuckDB does not share (a DateTime carries its display timezone; comparisons return UInt8 0/1; Nullable vs
 * default values) and report ClickHouse-style type names in `types`.
 */

export type IntervalUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export type HType =
  | { kind: 'string'; nullable: boolean }
  /** `name` is the ClickHouse integer type; `boolean` marks UInt8 results of comparisons (DuckDB BOOLEAN). */
  | { kind: 'int'; nullable: boolean; name: 'UInt8' | 'UInt32' | 'UInt64' | 'Int64' | 'Int32'; boolean?: boolean }
  | { kind: 'float'; nullable: boolean }
  /** ClickHouse `Bool` (true/false in JSON), e.g. the literal `true` or a Boolean property. */
  | { kind: 'bool'; nullable: boolean }
  | { kind: 'date'; nullable: boolean }
  | { kind: 'datetime'; nullable: boolean; tz: string; precision: 0 | 6 }
  | { kind: 'interval'; unit: IntervalUnit }
  | { kind: 'array'; item: HType }
  | { kind: 'tuple'; items: HType[] }
  | { kind: 'uuid'; nullable: boolean }
  | { kind: 'null' }
  | { kind: 'unknown' };

export const T = {
  string: (nullable = false): HType => ({ kind: 'string', nullable }),
  uint8bool: (nullable = false): HType => ({ kind: 'int', nullable, name: 'UInt8', boolean: true }),
  uint64: (nullable = false): HType => ({ kind: 'int', nullable, name: 'UInt64' }),
  int64: (nullable = false): HType => ({ kind: 'int', nullable, name: 'Int64' }),
  float: (nullable = false): HType => ({ kind: 'float', nullable }),
  bool: (nullable = false): HType => ({ kind: 'bool', nullable }),
  date: (nullable = false): HType => ({ kind: 'date', nullable }),
  datetime: (tz: string, precision: 0 | 6 = 0, nullable = false): HType => ({ kind: 'datetime', tz, precision, nullable }),
  uuid: (nullable = false): HType => ({ kind: 'uuid', nullable }),
  interval: (unit: IntervalUnit): HType => ({ kind: 'interval', unit }),
  array: (item: HType): HType => ({ kind: 'array', item }),
  null: (): HType => ({ kind: 'null' }),
  unknown: (): HType => ({ kind: 'unknown' }),
};

export function isNullable(type: HType): boolean {
  switch (type.kind) {
    case 'null':
    case 'unknown':
      return true;
    case 'interval':
    case 'array':
    case 'tuple':
      return false;
    default:
      return type.nullable;
  }
}

export function withNullable(type: HType, nullable: boolean): HType {
  switch (type.kind) {
    case 'string':
    case 'int':
    case 'float':
    case 'bool':
    case 'date':
    case 'datetime':
    case 'uuid':
      return { ...type, nullable };
    default:
      return type;
  }
}

export function isNumeric(type: HType): boolean {
  return type.kind === 'int' || type.kind === 'float' || type.kind === 'bool';
}

/** A DuckDB BOOLEAN at runtime (comparisons, logic, Bool). */
export function isBooleanLike(type: HType): boolean {
  return type.kind === 'bool' || (type.kind === 'int' && type.boolean === true);
}

/** The common supertype ClickHouse would pick for if/coalesce/arrays (roughly). */
export function unify(types: HType[]): HType {
  const concrete = types.filter((t) => t.kind !== 'null' && t.kind !== 'unknown');
  const anyNullable = types.some((t) => isNullable(t));
  const first = concrete[0];
  if (!first) return types.some((t) => t.kind === 'unknown') ? T.unknown() : T.null();
  if (concrete.every((t) => t.kind === first.kind)) {
    if (first.kind === 'int') {
      const allBool = concrete.every((t) => t.kind === 'int' && t.boolean === true);
      if (allBool) return T.uint8bool(anyNullable);
      const allUnsigned = concrete.every((t) => t.kind === 'int' && t.name.startsWith('U'));
      return allUnsigned ? T.uint64(anyNullable) : T.int64(anyNullable);
    }
    if (first.kind === 'array') {
      return T.array(unify(concrete.map((t) => (t.kind === 'array' ? t.item : T.unknown()))));
    }
    return withNullable(first, anyNullable);
  }
  if (concrete.every((t) => isNumeric(t))) {
    return concrete.some((t) => t.kind === 'float') ? T.float(anyNullable) : T.int64(anyNullable);
  }
  if (concrete.every((t) => t.kind === 'date' || t.kind === 'datetime')) {
    const dt = concrete.find((t) => t.kind === 'datetime');
    return dt ? withNullable(dt, anyNullable) : T.date(anyNullable);
  }
  return T.unknown();
}

function tzSuffix(tz: string): string {
  return `'${tz.replace(/'/g, "\\'")}'`;
}

/** ClickHouse-style type name, as PostHog reports it in `types`. */
export function clickhouseTypeName(type: HType): string {
  const wrap = (name: string, nullable: boolean) => (nullable ? `Nullable(${name})` : name);
  switch (type.kind) {
    case 'string':
      return wrap('String', type.nullable);
    case 'int':
      return wrap(type.name, type.nullable);
    case 'float':
      return wrap('Float64', type.nullable);
    case 'bool':
      return wrap('Bool', type.nullable);
    case 'date':
      return wrap('Date', type.nullable);
    case 'datetime':
      return wrap(type.precision === 6 ? `DateTime64(6, ${tzSuffix(type.tz)})` : `DateTime(${tzSuffix(type.tz)})`, type.nullable);
    case 'uuid':
      return wrap('UUID', type.nullable);
    case 'interval': {
      const unit = type.unit.charAt(0).toUpperCase() + type.unit.slice(1);
      return `Interval${unit}`;
    }
    case 'array':
      return `Array(${clickhouseTypeName(type.item)})`;
    case 'tuple':
      return `Tuple(${type.items.map(clickhouseTypeName).join(', ')})`;
    case 'null':
      return 'Nullable(Nothing)';
    case 'unknown':
      return 'Unknown';
  }
}
