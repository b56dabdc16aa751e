/**
 * HogQL AST → DuckDB SQL, with ClickHouse/HogQL semantics.
 *
 * How PostHog runs a HogQL query (facts this translator mirrors, with their sources in PostHog/posthog):
 * - Timezones — posthog/hogql/transforms/property_types.py (`PropertySwapper.visit_field`): every DateTime
 *   database field (events.timestamp, persons.created_at, sessions.$start_timestamp…) is wrapped in
 *   `toTimeZone(field, <project timezone>)`, so `toStartOfDay(timestamp)` buckets by project-local midnight and
 *   `toDate(timestamp)` is the local date. Functions marked `tz_aware` (posthog/hogql/functions/clickhouse/
 *   datetime.py, conversions.py: `now`, `toDateTime`, `toTimeZone` without a zone, `parseDateTimeBestEffort`…)
 *   get the project timezone appended as their last argument (posthog/hogql/printer/clickhouse.py,
 *   `_render_function_call`). `today()`/`yesterday()` are *not* tz_aware: ClickHouse evaluates them in the
 *   server's zone (UTC on PostHog Cloud). An explicit `toTimeZone(x, 'UTC')` changes the zone of x, and later
 *   date functions follow x's zone — except `toDateTime(x)` which re-applies the project zone.
 * - `toStartOfWeek(x)` without a mode uses the project's week start (mode 0 Sunday, 3 Monday; printer).
 * - Row limits — posthog/hogql/constants.py: DEFAULT_RETURNED_ROWS = 100, MAX_SELECT_RETURNED_ROWS = 50000.
 *   posthog/hogql_queries/hogql_query_runner.py: a top-level SELECT without LIMIT runs through
 *   `HogQLHasMorePaginator` (posthog/hogql_queries/insights/paginators.py), which sets LIMIT 101 OFFSET 0
 *   (an OFFSET written without LIMIT is replaced by 0) and reports `hasMore`, `limit: 100`, `offset: 0`.
 *   With an explicit LIMIT the printer caps it at 50000 (`min2(50000, limit)` for expressions,
 *   posthog/hogql/printer/base.py) and no pagination fields are set. In a UNION each branch without LIMIT gets
 *   LIMIT 100 (posthog/hogql/query.py `_apply_limit`).
 * - Placeholders — `HogQLQuery.values` become `ast.Constant`s at parse time (hogql_query_runner.py `to_query`).
 * - Properties — `properties.x` reads the JSON value as a string (missing or JSON null → NULL); a property whose
 *   PostHog definition is Numeric/Boolean is wrapped in `toFloat(…)` / `toBool(transform(…))` (property_types.py
 *   `_field_type_to_property_call`). The emulator infers those definitions from the data.
 * - `x = NULL` is `isNull(x)`; LEFT JOIN misses give ClickHouse type defaults (join_use_nulls = 0).
 */
import { HogQLQueryError } from '../engine/types';
import type {
  ArithmeticOperation,
  Call,
  CompareOperation,
  ConstantValue,
  Expr,
  Field,
  JoinExpr,
  Lambda,
  OrderExpr,
  Query,
  SelectQuery,
  SelectSetQuery,
  WindowExpr,
  WindowFrameBound,
  WindowFunction,
} from './ast';
import {
  FUNCTIONS,
  arithmetic,
  arrayElementExpr,
  asCondition,
  asNumber,
  comparisonFunction,
  dateTimeLiteral,
  defaultValueSql,
  describe,
  findFunction,
  toDateTimeExpr,
  tupleElementExpr,
  tupleExpr,
  typeError,
  unsupportedCall,
  type CallContext,
  type FnEnv,
} from './functions';
import { POSTHOG_FUNCTION_NAMES } from './posthog-functions';
import { columnName } from './print-hogql';
import {
  EMPTY_SCHEMA,
  EVENTS_TABLE,
  EVENT_STAR_FIELDS,
  EVENT_UNSUPPORTED_FIELDS,
  PERSONS_TABLE,
  PERSON_STAR_FIELDS,
  PERSON_UNSUPPORTED_FIELDS,
  SESSIONS_TABLE,
  SESSION_STAR_EXCLUDED,
  SESSION_UNSUPPORTED_FIELDS,
  UNSUPPORTED_TABLES,
  sessionFields,
  type PropertyKind,
  type TranslatorSchema,
} from './schema';
import { closestMatch } from './similar';
import { checkTimezone, ident, jsonPointer, sqlNumber, sqlString, type TExpr } from './sql';
import { T, isBooleanLike, isNullable, unify, withNullable, type HType } from './value-types';

export const DEFAULT_RETURNED_ROWS = 100;
export const MAX_SELECT_RETURNED_ROWS = 50_000;

export interface TranslateOptions {
  /** The project's IANA timezone. */
  timezone: string;
  /** 0 = Sunday (PostHog's default), 1 = Monday. */
  weekStartDay?: 0 | 1;
  /** Pinned clock for now()/today(), epoch milliseconds. */
  nowMs: number;
  /** `HogQLQuery.values` for `{placeholders}`. */
  values?: Record<string, unknown>;
  schema?: TranslatorSchema;
}

export interface TranslatedQuery {
  sql: string;
  columns: string[];
  types: HType[];
  /** Physical data the query touches that the engine materialises lazily. */
  needs: { uuid: boolean; properties: boolean };
  /** Set when PostHog's has-more paginator applies (top-level SELECT without LIMIT): trim to `limit`, report hasMore. */
  pagination: { limit: number; offset: number } | null;
  /** The effective LIMIT/OFFSET of the top-level query (for the response when not paginated). */
  limit: number;
  offset: number;
}

// ---------------------------------------------------------------------------------------------------------
// Scopes

interface Column {
  name: string;
  type: HType;
  json?: boolean;
}

type SourceKind = 'events' | 'persons' | 'sessions' | 'derived';

interface Source {
  /** The HogQL name used to qualify fields (alias, table or CTE name); null for an anonymous subquery. */
  name: string | null;
  sqlAlias: string;
  kind: SourceKind;
  columns: Column[];
  /** Right side of a LEFT JOIN: ClickHouse fills misses with type defaults (join_use_nulls = 0). */
  nullDefaults: boolean;
  lazy: Map<'person' | 'session', Source>;
  /** The table expression without alias (`main.events`, `(SELECT …)`, a CTE name). */
  table: string;
  /** `FROM`, `INNER JOIN`, …, and the ON condition (set once the source is joined). */
  keyword: string;
  on: string | null;
  /** arrayJoin/ARRAY JOIN groups unnested right on this source (each wraps the previous: a cartesian product). */
  unnests: ArrayJoinGroup[];
  lazyClauses: string[];
}

interface CteDef {
  sqlName: string;
  columns: Column[];
}

interface ArrayJoinGroup {
  alias: string;
  items: { sql: string; column: string }[];
}

class Scope {
  readonly sources: Source[] = [];
  readonly aliases = new Map<string, TExpr>();
  readonly columnCtes: Map<string, Expr>;
  readonly columnCteCache = new Map<string, TExpr>();
  readonly ctes: Map<string, CteDef>;
  readonly lambdas: Map<string, HType>[] = [];
  readonly arrayJoins: ArrayJoinGroup[] = [];
  readonly usingColumns = new Set<string>();
  windows = new Map<string, WindowExpr>();
  aggregateStack: string[] = [];
  aggregateCount = 0;

  constructor(ctes: Map<string, CteDef>, columnCtes: Map<string, Expr>) {
    this.ctes = new Map(ctes);
    this.columnCtes = new Map(columnCtes);
  }
}

interface SelectResult {
  sql: string;
  columns: Column[];
}

const RESERVED_ALIASES = new Set(['true', 'false', 'null', 'team_id']);
const POSTHOG_FUNCTIONS = new Set(POSTHOG_FUNCTION_NAMES);

function resolution(message: string): HogQLQueryError {
  return new HogQLQueryError('resolution', message);
}

function unsupported(what: string): HogQLQueryError {
  return new HogQLQueryError('unsupported', `${what} is not supported by the emulator`);
}

function constantValue(expr: Expr | undefined): ConstantValue | undefined {
  if (expr?.node === 'Constant' && !expr.bigNumber) return expr.value;
  return undefined;
}

function isStar(expr: Expr): expr is Field {
  return expr.node === 'Field' && expr.chain[expr.chain.length - 1] === '*';
}

// ---------------------------------------------------------------------------------------------------------
// Placeholders

function placeholderValue(name: string, value: unknown): Expr {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return { node: 'Constant', value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw typeError(`Placeholder {${name}} must be a finite number`);
    return { node: 'Constant', value };
  }
  if (Array.isArray(value)) return { node: 'Array', exprs: value.map((v) => placeholderValue(name, v)) };
  throw typeError(`Unsupported value type for placeholder {${name}}: ${typeof value === 'object' ? 'object' : typeof value}`);
}

/** Replace `{name}` placeholders with constants from `values` (PostHog turns each value into an ast.Constant). */
export function substitutePlaceholders<Q extends Query>(query: Q, values: Record<string, unknown>): Q {
  const names = Object.keys(values);
  const sub = (e: Expr): Expr => {
    switch (e.node) {
      case 'Placeholder': {
        if (Object.prototype.hasOwnProperty.call(values, e.name)) return placeholderValue(e.name, values[e.name]);
        // PostHog replaces {filters} with the query's filters, which are `true` when none are given.
        if (e.name === 'filters') return { node: 'Constant', value: true };
        throw resolution(
          `Placeholder {${e.name}} is not available in this context. You can use the following: ${names.join(', ')}`,
        );
      }
      case 'Constant':
      case 'Field':
        return e;
      case 'Alias':
        return { ...e, expr: sub(e.expr) };
      case 'Call':
        return { ...e, args: e.args.map(sub), params: e.params ? e.params.map(sub) : null };
      case 'ArithmeticOperation':
      case 'CompareOperation':
        return { ...e, left: sub(e.left), right: sub(e.right) };
      case 'And':
      case 'Or':
        return { ...e, exprs: e.exprs.map(sub) };
      case 'Not':
        return { ...e, expr: sub(e.expr) };
      case 'BetweenExpr':
        return { ...e, expr: sub(e.expr), low: sub(e.low), high: sub(e.high) };
      case 'Tuple':
      case 'Array':
        return { ...e, exprs: e.exprs.map(sub) };
      case 'ArrayAccess':
        return { ...e, array: sub(e.array), property: sub(e.property) };
      case 'TupleAccess':
        return { ...e, tuple: sub(e.tuple) };
      case 'Lambda':
        return { ...e, expr: sub(e.expr) };
      case 'TypeCast':
        return { ...e, expr: sub(e.expr) };
      case 'WindowFunction':
        return { ...e, args: e.args.map(sub), over: e.over ? subWindow(e.over) : null };
      case 'SelectQuery':
        return subSelect(e);
      case 'SelectSetQuery':
        return subSet(e);
    }
  };
  const subOrder = (o: OrderExpr): OrderExpr => ({ ...o, expr: sub(o.expr) });
  const subWindow = (w: WindowExpr): WindowExpr => ({ ...w, partitionBy: w.partitionBy.map(sub), orderBy: w.orderBy.map(subOrder) });
  const subJoin = (j: JoinExpr): JoinExpr => ({
    ...j,
    table: j.table.node === 'Field' ? j.table : j.table.node === 'SelectQuery' ? subSelect(j.table) : subSet(j.table),
    constraint: j.constraint ? { ...j.constraint, expr: sub(j.constraint.expr) } : null,
    next: j.next ? subJoin(j.next) : null,
  });
  const subSelect = (q: SelectQuery): SelectQuery => ({
    ...q,
    ctes: q.ctes.map((c) => ({ ...c, expr: sub(c.expr) })),
    select: q.select.map(sub),
    from: q.from ? subJoin(q.from) : null,
    arrayJoin: q.arrayJoin ? { ...q.arrayJoin, exprs: q.arrayJoin.exprs.map(sub) } : null,
    where: q.where ? sub(q.where) : null,
    prewhere: q.prewhere ? sub(q.prewhere) : null,
    groupBy: q.groupBy.map(sub),
    having: q.having ? sub(q.having) : null,
    orderBy: q.orderBy.map(subOrder),
    limit: q.limit ? sub(q.limit) : null,
    offset: q.offset ? sub(q.offset) : null,
    windows: new Map([...q.windows].map(([k, w]) => [k, subWindow(w)])),
  });
  const subSet = (q: SelectSetQuery): SelectSetQuery => ({
    ...q,
    initial: q.initial.node === 'SelectQuery' ? subSelect(q.initial) : subSet(q.initial),
    rest: q.rest.map((r) => ({ ...r, query: r.query.node === 'SelectQuery' ? subSelect(r.query) : subSet(r.query) })),
  });
  return (query.node === 'SelectQuery' ? subSelect(query) : subSet(query)) as Q;
}

// ---------------------------------------------------------------------------------------------------------
// The translator

class Translator {
  private readonly schema: TranslatorSchema;
  private readonly env: FnEnv;
  private readonly sessionFieldTypes: Map<string, HType>;
  private aliasCounter = 0;
  readonly needs = { uuid: false, properties: false };
  /** Scope whose arrayJoin the current call hoists into, with the aggregate count when the call began. */
  private arrayJoinContext: { scope: Scope; aggregatesBefore: number } | null = null;

  constructor(options: TranslateOptions) {
    this.schema = options.schema ?? EMPTY_SCHEMA;
    this.env = {
      projectTz: checkTimezone(options.timezone),
      weekStartDay: options.weekStartDay ?? 0,
      nowMs: options.nowMs,
      hoistArrayJoin: (array: TExpr): TExpr => this.hoistArrayJoin(array),
    };
    this.sessionFieldTypes = sessionFields(options.timezone);
  }

  private nextAlias(prefix: string): string {
    this.aliasCounter += 1;
    return ident(`${prefix}${this.aliasCounter}`);
  }

  // --- queries ---------------------------------------------------------------------------------------------

  translateTop(query: Query): TranslatedQuery {
    if (query.node === 'SelectQuery') {
      const explicitLimit = query.limit !== null;
      let pagination: TranslatedQuery['pagination'] = null;
      let limitSql: string;
      let offsetSql: string | null = null;
      let limit: number;
      let offset = 0;
      if (!explicitLimit) {
        // PostHog's HogQLHasMorePaginator: LIMIT 101 OFFSET 0 (an OFFSET without LIMIT is overwritten).
        pagination = { limit: DEFAULT_RETURNED_ROWS, offset: 0 };
        limit = DEFAULT_RETURNED_ROWS;
        limitSql = String(DEFAULT_RETURNED_ROWS + 1);
        offsetSql = '0';
      } else {
        const capped = this.cappedLimit(query.limit as Expr, new Scope(new Map(), new Map()));
        limitSql = capped.sql;
        limit = capped.value ?? MAX_SELECT_RETURNED_ROWS;
        if (query.offset) {
          const value = constantValue(query.offset);
          if (typeof value === 'number') offset = value;
          offsetSql = this.limitValueSql(query.offset, new Scope(new Map(), new Map()), 'OFFSET');
        }
      }
      const result = this.selectQuery({ ...query, limit: null, offset: null }, new Map(), new Map(), {
        limitSql,
        offsetSql,
      });
      return {
        sql: result.sql,
        columns: result.columns.map((c) => c.name),
        types: result.columns.map((c) => c.type),
        needs: { ...this.needs },
        pagination,
        limit,
        offset,
      };
    }
    const result = this.setQuery(query, new Map(), new Map(), true);
    return {
      sql: result.sql,
      columns: result.columns.map((c) => c.name),
      types: result.columns.map((c) => c.type),
      needs: { ...this.needs },
      pagination: null,
      limit: MAX_SELECT_RETURNED_ROWS,
      offset: 0,
    };
  }

  private limitValueSql(expr: Expr, scope: Scope, what: string): string {
    const value = constantValue(expr);
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0) throw typeError(`${what} must be a non-negative integer`);
      return String(value);
    }
    const t = this.expr(expr, scope);
    if (t.type.kind !== 'int' && t.type.kind !== 'unknown') throw typeError(`${what} must be an integer`);
    return `CAST(${t.sql} AS BIGINT)`;
  }

  /** A top-level LIMIT, capped at MAX_SELECT_RETURNED_ROWS like PostHog's printer. */
  private cappedLimit(expr: Expr, scope: Scope): { sql: string; value: number | null } {
    const value = constantValue(expr);
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < 0) throw typeError('LIMIT must be a non-negative integer');
      const capped = Math.min(value, MAX_SELECT_RETURNED_ROWS);
      return { sql: String(capped), value: capped };
    }
    return { sql: `least(${MAX_SELECT_RETURNED_ROWS}, ${this.limitValueSql(expr, scope, 'LIMIT')})`, value: null };
  }

  private query(
    query: Query,
    ctes: Map<string, CteDef>,
    columnCtes: Map<string, Expr>,
  ): SelectResult {
    return query.node === 'SelectQuery' ? this.selectQuery(query, ctes, columnCtes, null) : this.setQuery(query, ctes, columnCtes, false);
  }

  private setQuery(
    query: SelectSetQuery,
    ctes: Map<string, CteDef>,
    columnCtes: Map<string, Expr>,
    topLevel: boolean,
  ): SelectResult {
    const branch = (q: SelectQuery | SelectSetQuery): SelectResult => {
      if (q.node === 'SelectSetQuery') return this.setQuery(q, ctes, columnCtes, topLevel);
      if (!topLevel) return this.selectQuery(q, ctes, columnCtes, null);
      // Top-level UNION branches: default LIMIT 100 when missing, and the 50000 cap.
      const scope = new Scope(ctes, columnCtes);
      const limit = q.limit ? this.cappedLimit(q.limit, scope).sql : String(DEFAULT_RETURNED_ROWS);
      const offset = q.offset ? this.limitValueSql(q.offset, scope, 'OFFSET') : null;
      return this.selectQuery({ ...q, limit: null, offset: null }, ctes, columnCtes, { limitSql: limit, offsetSql: offset });
    };
    const first = branch(query.initial);
    const parts = [`(${first.sql})`];
    const types: HType[][] = first.columns.map((c) => [c.type]);
    for (const { op, query: next } of query.rest) {
      const sqlOp = SET_OPERATORS[op.toUpperCase()];
      if (!sqlOp) throw unsupported(`The set operator ${op}`);
      const r = branch(next);
      if (r.columns.length !== first.columns.length) {
        throw typeError(`Different number of columns in ${op}: ${first.columns.length} and ${r.columns.length}`);
      }
      r.columns.forEach((c, i) => types[i]?.push(c.type));
      parts.push(sqlOp, `(${r.sql})`);
    }
    return {
      sql: parts.join(' '),
      columns: first.columns.map((c, i) => ({ name: c.name, type: unify(types[i] ?? [c.type]) })),
    };
  }

  private selectQuery(
    node: SelectQuery,
    inheritedCtes: Map<string, CteDef>,
    inheritedColumnCtes: Map<string, Expr>,
    top: { limitSql: string; offsetSql: string | null } | null,
  ): SelectResult {
    const scope = new Scope(inheritedCtes, inheritedColumnCtes);
    scope.windows = node.windows;
    const withParts: string[] = [];
    for (const cte of node.ctes) {
      if (cte.kind === 'column') {
        scope.columnCtes.set(cte.name, cte.expr);
        continue;
      }
      if (cte.expr.node !== 'SelectQuery' && cte.expr.node !== 'SelectSetQuery') throw unsupported('This CTE');
      const sub = this.query(cte.expr, scope.ctes, scope.columnCtes);
      const sqlName = this.nextAlias(`cte_${cte.name}_`);
      withParts.push(`${sqlName} AS (${sub.sql})`);
      scope.ctes.set(cte.name, { sqlName, columns: sub.columns });
    }

    if (node.from) this.fromClause(node.from, scope);

    if (node.arrayJoin) {
      if (node.arrayJoin.op === 'LEFT ARRAY JOIN') throw unsupported('LEFT ARRAY JOIN');
      const names: string[] = [];
      const arrays: TExpr[] = [];
      for (const item of node.arrayJoin.exprs) {
        const name = item.node === 'Alias' ? item.alias : item.node === 'Field' ? String(item.chain[item.chain.length - 1]) : null;
        if (name === null) throw typeError('ARRAY JOIN expressions need an alias');
        const arr = this.expr(item.node === 'Alias' ? item.expr : item, scope);
        if (arr.type.kind !== 'array' && arr.type.kind !== 'unknown') throw typeError(`ARRAY JOIN requires an array, got ${describe(arr.type)}`);
        names.push(name);
        arrays.push(arr);
      }
      const refs = this.addArrayJoinGroup(scope, arrays.map((a) => a.sql));
      names.forEach((name, k) => {
        const arr = arrays[k] as TExpr;
        scope.aliases.set(name, { sql: refs[k] ?? 'NULL', type: arr.type.kind === 'array' ? arr.type.item : T.unknown() });
      });
    }

    // SELECT list
    const columns: Column[] = [];
    const selectSql: string[] = [];
    for (const item of node.select) {
      if (isStar(item)) {
        for (const c of this.expandStar(item, scope)) {
          columns.push({ name: c.name, type: c.expr.type, json: c.expr.json });
          selectSql.push(c.expr.sql);
        }
        continue;
      }
      const t = this.expr(item, scope);
      columns.push({ name: columnName(item), type: t.type, json: t.json });
      selectSql.push(t.sql);
    }
    const outNames = dedupe(columns.map((c) => c.name));
    const selectList = selectSql.map((sql, i) => `${sql} AS ${ident(outNames[i] ?? `c${i}`)}`);

    const conditions: string[] = [];
    for (const cond of [node.prewhere, node.where]) {
      if (cond) conditions.push(asCondition(this.expr(cond, scope)));
    }
    const groupBy = node.groupBy.map((g) => this.expr(g, scope).sql);
    const having = node.having ? asCondition(this.expr(node.having, scope)) : null;
    const orderBy = node.orderBy.map((o) => this.orderItem(o, scope));

    let limitSql: string | null = null;
    let offsetSql: string | null = null;
    if (top) {
      limitSql = top.limitSql;
      offsetSql = top.offsetSql;
    } else {
      if (node.limit) limitSql = this.limitValueSql(node.limit, scope, 'LIMIT');
      if (node.offset) offsetSql = this.limitValueSql(node.offset, scope, 'OFFSET');
    }

    const parts: string[] = [];
    if (withParts.length > 0) parts.push(`WITH ${withParts.join(', ')}`);
    parts.push(`SELECT ${node.distinct ? 'DISTINCT ' : ''}${selectList.join(', ')}`);
    const from = this.renderFrom(scope);
    if (from) parts.push(from);
    if (conditions.length > 0) parts.push(`WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}`);
    if (groupBy.length > 0) parts.push(`GROUP BY ${groupBy.join(', ')}`);
    if (having) parts.push(`HAVING ${having}`);
    if (orderBy.length > 0) parts.push(`ORDER BY ${orderBy.join(', ')}`);
    if (limitSql !== null) parts.push(`LIMIT ${limitSql}`);
    if (offsetSql !== null) {
      // DuckDB needs a LIMIT before OFFSET only syntactically in some positions; OFFSET alone is fine.
      parts.push(`OFFSET ${offsetSql}`);
    }
    return { sql: parts.join(' '), columns: columns.map((c, i) => ({ ...c, name: outNames[i] ?? c.name })) };
  }

  private orderItem(o: OrderExpr, scope: Scope): string {
    const t = this.expr(o.expr, scope);
    return `${t.sql} ${o.order} NULLS LAST`;
  }

  // --- FROM ----------------------------------------------------------------------------------------------------

  private fromClause(join: JoinExpr, scope: Scope): void {
    let current: JoinExpr | null = join;
    let first = true;
    while (current) {
      const keyword = first ? 'FROM' : this.joinKeyword(current.joinType);
      const source = this.tableSource(current, scope);
      source.nullDefaults = keyword === 'LEFT JOIN';
      scope.sources.push(source);
      source.keyword = keyword;
      if (!first && keyword !== 'CROSS JOIN') {
        if (!current.constraint) throw typeError(`${keyword} requires an ON or USING clause`);
        source.on = this.joinCondition(current, source, scope);
      } else if (current.constraint && keyword === 'CROSS JOIN') {
        throw typeError('CROSS JOIN does not take a constraint');
      }
      first = false;
      current = current.next;
    }
  }

  private joinKeyword(joinType: string | null): string {
    const normalized = (joinType ?? 'JOIN').toUpperCase().replace(/\s+/g, ' ').trim();
    switch (normalized) {
      case 'JOIN':
      case 'INNER JOIN':
        return 'INNER JOIN';
      case 'LEFT JOIN':
      case 'LEFT OUTER JOIN':
        return 'LEFT JOIN';
      case 'CROSS JOIN':
      case ',':
        return 'CROSS JOIN';
      default:
        throw unsupported(normalized);
    }
  }

  private joinCondition(join: JoinExpr, right: Source, scope: Scope): string {
    const constraint = join.constraint;
    if (!constraint) return 'true';
    if (constraint.type === 'ON') return asCondition(this.expr(constraint.expr, scope));
    const fields = constraint.expr.node === 'Tuple' ? constraint.expr.exprs : [constraint.expr];
    const parts = fields.map((f) => {
      if (f.node !== 'Field' || f.chain.length !== 1) throw typeError('USING expects column names');
      const name = String(f.chain[0]);
      const left = scope.sources.find((s) => s !== right && this.hasField(s, name));
      if (!left) throw resolution(`Unable to resolve field: ${name}`);
      const l = this.sourceField(left, [name], scope);
      const r = this.sourceField(right, [name], scope);
      scope.usingColumns.add(name);
      return `${l.sql} = ${r.sql}`;
    });
    return parts.join(' AND ');
  }

  private tableSource(join: JoinExpr, scope: Scope): Source {
    const table = join.table;
    const alias = this.nextAlias('t');
    if (table.node === 'SelectQuery' || table.node === 'SelectSetQuery') {
      const sub = this.query(table, scope.ctes, scope.columnCtes);
      return this.source(join.alias, alias, 'derived', sub.columns, `(${sub.sql})`);
    }
    if (table.chain.length !== 1) throw resolution(`Unknown table "${table.chain.join('.')}".`);
    const name = String(table.chain[0]);
    const cte = scope.ctes.get(name);
    if (cte) return this.source(join.alias ?? name, alias, 'derived', cte.columns, cte.sqlName);
    switch (name) {
      case 'events':
        return this.source(join.alias ?? name, alias, 'events', [], EVENTS_TABLE);
      case 'persons':
        return this.source(join.alias ?? name, alias, 'persons', [], PERSONS_TABLE);
      case 'sessions':
        return this.source(join.alias ?? name, alias, 'sessions', [], SESSIONS_TABLE);
      default:
        if (UNSUPPORTED_TABLES.has(name)) throw unsupported(`The table "${name}"`);
        throw resolution(`Unknown table "${name}".`);
    }
  }

  private source(name: string | null, sqlAlias: string, kind: SourceKind, columns: Column[], table: string): Source {
    return { name, sqlAlias, kind, columns, nullDefaults: false, lazy: new Map(), table, keyword: 'FROM', on: null, unnests: [], lazyClauses: [] };
  }

  private sourceClause(source: Source): string {
    let table = `${source.table} AS ${source.sqlAlias}`;
    for (const group of source.unnests) {
      const unnests = group.items.map((i) => `unnest(${i.sql}) AS ${ident(i.column)}`).join(', ');
      table = `(SELECT ${source.sqlAlias}.*, ${unnests} FROM ${table}) AS ${source.sqlAlias}`;
    }
    return `${source.keyword} ${table}${source.on === null ? '' : ` ON ${source.on}`}`;
  }

  private renderFrom(scope: Scope): string | null {
    const parts: string[] = [];
    for (const source of scope.sources) {
      parts.push(this.sourceClause(source), ...source.lazyClauses);
    }
    for (const group of scope.arrayJoins) {
      const unnests = group.items.map((i) => `unnest(${i.sql}) AS ${ident(i.column)}`).join(', ');
      if (parts.length === 0) parts.push(`FROM (SELECT ${unnests}) AS ${group.alias}`);
      else parts.push(`CROSS JOIN LATERAL (SELECT ${unnests}) AS ${group.alias}`);
    }
    return parts.length > 0 ? parts.join(' ') : null;
  }

  private hoistArrayJoin(array: TExpr): TExpr {
    const context = this.arrayJoinContext;
    if (!context) throw unsupported('arrayJoin outside a SELECT');
    if (context.scope.aggregateCount > context.aggregatesBefore) throw unsupported('arrayJoin over an aggregate');
    const item = array.type.kind === 'array' ? array.type.item : T.unknown();
    const ref = this.addArrayJoinGroup(context.scope, [array.sql])[0];
    return { sql: ref ?? 'NULL', type: item };
  }

  /**
   * Unnest arrays for the current SELECT (one group = one ARRAY JOIN clause, or one arrayJoin() call) and return
   * the SQL of each element. With a single FROM source the unnest wraps that source (`(SELECT t.*, unnest(a) …
   * FROM src AS t) AS t`), so the array may use lambdas over the row's columns; otherwise it is a LATERAL join
   * (where DuckDB cannot correlate columns inside a lambda).
   */
  private addArrayJoinGroup(scope: Scope, arrays: string[]): string[] {
    const only = scope.sources.length === 1 ? scope.sources[0] : undefined;
    if (only && only.lazy.size === 0 && !arrays.some((a) => scope.sources.some((s) => [...s.lazy.values()].some((l) => a.includes(l.sqlAlias))))) {
      for (const group of only.unnests) {
        if (group.items.length === arrays.length && group.items.every((i, k) => i.sql === arrays[k])) {
          return group.items.map((i) => `${only.sqlAlias}.${ident(i.column)}`);
        }
      }
      const group: ArrayJoinGroup = { alias: only.sqlAlias, items: arrays.map((sql) => ({ sql, column: `__aj${++this.aliasCounter}` })) };
      only.unnests.push(group);
      return group.items.map((i) => `${only.sqlAlias}.${ident(i.column)}`);
    }
    for (const group of scope.arrayJoins) {
      if (group.items.length === arrays.length && group.items.every((i, k) => i.sql === arrays[k])) {
        return group.items.map((i) => `${group.alias}.${ident(i.column)}`);
      }
    }
    const group: ArrayJoinGroup = { alias: this.nextAlias('aj'), items: arrays.map((sql, k) => ({ sql, column: `v${k + 1}` })) };
    scope.arrayJoins.push(group);
    return group.items.map((i) => `${group.alias}.${ident(i.column)}`);
  }

  // --- fields --------------------------------------------------------------------------------------------------

  private hasField(source: Source, name: string): boolean {
    switch (source.kind) {
      case 'events':
        return (
          (EVENT_STAR_FIELDS as readonly string[]).includes(name) ||
          name === 'person' ||
          name === 'session' ||
          EVENT_UNSUPPORTED_FIELDS.has(name)
        );
      case 'persons':
        return (PERSON_STAR_FIELDS as readonly string[]).includes(name) || PERSON_UNSUPPORTED_FIELDS.has(name);
      case 'sessions':
        return this.sessionFieldTypes.has(name) || SESSION_UNSUPPORTED_FIELDS.has(name);
      case 'derived':
        return source.columns.some((c) => c.name === name);
    }
  }

  private column(source: Source, column: string, type: HType): TExpr {
    const sql = `${source.sqlAlias}.${ident(column)}`;
    if (source.nullDefaults && !isNullable(type)) {
      const fallback = defaultValueSql(type);
      if (fallback) return { sql: `COALESCE(${sql}, ${fallback})`, type };
    }
    return { sql, type };
  }

  private applyKind(sql: string, kind: PropertyKind): TExpr {
    switch (kind) {
      case 'Numeric':
        return { sql: `TRY_CAST(${sql} AS DOUBLE)`, type: T.float(true) };
      case 'Boolean':
        return { sql: `(CASE ${sql} WHEN 'true' THEN true WHEN 'false' THEN false ELSE NULL END)`, type: T.bool(true) };
      case 'String':
        return { sql, type: T.string(true) };
    }
  }

  /** A nested read from a JSON value: a string if the value is one, JSON text otherwise, NULL when missing. */
  private jsonPath(sql: string, keys: readonly (string | number)[]): TExpr {
    return {
      sql: `(CASE WHEN json_valid(${sql}) THEN json_extract_string(${sql}, ${jsonPointer(keys)}) END)`,
      type: T.string(true),
    };
  }

  private eventProperty(source: Source, keys: readonly (string | number)[]): TExpr {
    const [first, ...rest] = keys;
    if (first === undefined) throw resolution('Unable to resolve field: properties');
    const key = String(first);
    const column = this.schema.eventPropertyColumn(key);
    const sql = column ? `${source.sqlAlias}.${ident(column)}` : 'CAST(NULL AS VARCHAR)';
    if (rest.length > 0) return this.jsonPath(sql, rest);
    return this.applyKind(sql, this.schema.eventPropertyKind(key));
  }

  private personProperty(source: Source, keys: readonly (string | number)[]): TExpr {
    const sql = `json_extract_string(${source.sqlAlias}.properties, ${jsonPointer(keys)})`;
    if (keys.length === 1) return this.applyKind(sql, this.schema.personPropertyKind(String(keys[0])));
    return { sql, type: T.string(true) };
  }

  private lazyJoin(source: Source, kind: 'person' | 'session'): Source {
    const existing = source.lazy.get(kind);
    if (existing) return existing;
    const alias = this.nextAlias(kind === 'person' ? 'person' : 'session');
    let clause: string;
    let joined: Source;
    if (kind === 'person') {
      clause = `LEFT JOIN ${PERSONS_TABLE} AS ${alias} ON ${alias}.id = ${source.sqlAlias}.person_id`;
      joined = this.source(null, alias, 'persons', [], PERSONS_TABLE);
    } else {
      const sid = this.schema.eventPropertyColumn('$session_id');
      const on = sid ? `${alias}.session_id = ${source.sqlAlias}.${ident(sid)}` : 'false';
      clause = `LEFT JOIN ${SESSIONS_TABLE} AS ${alias} ON ${on}`;
      joined = this.source(null, alias, 'sessions', [], SESSIONS_TABLE);
    }
    joined.nullDefaults = true;
    source.lazy.set(kind, joined);
    source.lazyClauses.push(clause);
    return joined;
  }

  private sourceField(source: Source, chain: readonly (string | number)[], scope: Scope): TExpr {
    const [head, ...rest] = chain;
    if (head === undefined) throw resolution('Unable to resolve field');
    const name = String(head);
    const scalar = (t: TExpr): TExpr => {
      if (rest.length > 0) throw resolution(`Unable to resolve field: ${[name, ...rest].join('.')}`);
      return t;
    };
    const tz = this.env.projectTz;
    switch (source.kind) {
      case 'events':
        switch (name) {
          case 'uuid':
            this.needs.uuid = true;
            return scalar(this.column(source, 'uuid', T.uuid()));
          case 'event':
          case 'distinct_id':
            return scalar(this.column(source, name, T.string()));
          case 'timestamp':
          case 'created_at':
            return scalar(this.column(source, 'timestamp', T.datetime(tz, 6)));
          case 'person_id':
            return scalar(this.column(source, 'person_id', T.uuid()));
          case 'elements_chain':
            return scalar({ sql: "''", type: T.string() });
          case '$session_id':
          case '$window_id': {
            const column = this.schema.eventPropertyColumn(name);
            const sql = column ? `COALESCE(${source.sqlAlias}.${ident(column)}, '')` : "''";
            return scalar({ sql, type: T.string() });
          }
          case 'properties':
            if (rest.length === 0) {
              this.needs.properties = true;
              return { ...this.column(source, 'properties', T.string()), json: true };
            }
            return this.eventProperty(source, rest);
          case 'person': {
            if (rest.length === 0) throw unsupported('Selecting the whole person');
            if (rest[0] === 'id' && rest.length === 1) return this.column(source, 'person_id', T.uuid());
            return this.sourceField(this.lazyJoin(source, 'person'), rest, scope);
          }
          case 'session': {
            if (rest.length === 0) throw unsupported('Selecting the whole session');
            return this.sourceField(this.lazyJoin(source, 'session'), rest, scope);
          }
          default:
            if (EVENT_UNSUPPORTED_FIELDS.has(name)) throw unsupported(`The events field "${name}"`);
            throw resolution(`Unable to resolve field: ${name}`);
        }
      case 'persons':
        switch (name) {
          case 'id':
            return scalar(this.column(source, 'id', T.uuid()));
          case 'created_at':
            return scalar(this.column(source, 'created_at', T.datetime(tz, 6)));
          case 'properties':
            if (rest.length === 0) return { ...this.column(source, 'properties', T.string()), json: true };
            return this.personProperty(source, rest);
          default:
            if (PERSON_UNSUPPORTED_FIELDS.has(name)) throw unsupported(`The persons field "${name}"`);
            throw resolution(`Unable to resolve field: ${name}`);
        }
      case 'sessions': {
        const type = this.sessionFieldTypes.get(name);
        if (!type) {
          if (SESSION_UNSUPPORTED_FIELDS.has(name)) throw unsupported(`The sessions field "${name}"`);
          throw resolution(`Unable to resolve field: ${name}`);
        }
        const column = name === 'id' ? 'session_id' : name === 'duration' ? '$session_duration' : name === '$exit_current_url' ? '$end_current_url' : name === '$exit_pathname' ? '$end_pathname' : name;
        return scalar(this.column(source, column, type));
      }
      case 'derived': {
        const column = source.columns.find((c) => c.name === name);
        if (!column) throw resolution(`Unable to resolve field: ${name}`);
        const t = this.column(source, name, column.type);
        if (rest.length === 0) return { ...t, json: column.json };
        if (column.json) return this.jsonPath(t.sql, rest);
        throw resolution(`Unable to resolve field: ${[name, ...rest].join('.')}`);
      }
    }
  }

  private field(node: Field, scope: Scope): TExpr {
    const chain = node.chain;
    const head = chain[0];
    if (head === undefined) throw resolution('Empty field');
    if (head === '*' || chain[chain.length - 1] === '*') throw typeError('* is only allowed in the SELECT list');
    if (typeof head === 'number') throw resolution(`Unable to resolve field: ${head}`);
    for (let i = scope.lambdas.length - 1; i >= 0; i--) {
      const type = scope.lambdas[i]?.get(head);
      if (type) {
        if (chain.length > 1) throw unsupported('Nested access on a lambda argument');
        return { sql: ident(head), type };
      }
    }
    if (chain.length > 1) {
      const source = scope.sources.find((s) => s.name === head);
      if (source) return this.sourceField(source, chain.slice(1), scope);
    }
    const alias = scope.aliases.get(head);
    if (alias) {
      if (chain.length === 1) return alias;
      if (alias.json) return this.jsonPath(alias.sql, chain.slice(1));
      throw resolution(`Unable to resolve field: ${chain.join('.')}`);
    }
    const cteExpr = scope.columnCtes.get(head);
    if (cteExpr && chain.length === 1) {
      const cached = scope.columnCteCache.get(head);
      if (cached) return cached;
      const t = this.expr(cteExpr, scope);
      scope.columnCteCache.set(head, t);
      return t;
    }
    const matches = scope.sources.filter((s) => this.hasField(s, head));
    const first = matches[0];
    if (!first) throw resolution(`Unable to resolve field: ${head}`);
    if (matches.length > 1 && !scope.usingColumns.has(head)) {
      throw resolution(`Ambiguous query. Found multiple sources for field: ${head}`);
    }
    return this.sourceField(first, chain, scope);
  }

  private expandStar(node: Field, scope: Scope): { name: string; expr: TExpr }[] {
    let sources: Source[];
    if (node.chain.length === 1) {
      if (scope.sources.length === 0) throw typeError('SELECT * requires a FROM clause');
      if (scope.sources.length > 1) throw resolution("Cannot use '*' without table name when there are multiple tables in the query");
      sources = scope.sources;
    } else {
      const name = String(node.chain[0]);
      const source = scope.sources.find((s) => s.name === name);
      if (!source || node.chain.length !== 2) throw resolution(`Unable to resolve field: ${node.chain.join('.')}`);
      sources = [source];
    }
    const out: { name: string; expr: TExpr }[] = [];
    for (const source of sources) {
      let names: string[];
      switch (source.kind) {
        case 'events':
          names = [...EVENT_STAR_FIELDS];
          break;
        case 'persons':
          names = [...PERSON_STAR_FIELDS];
          break;
        case 'sessions':
          names = [...this.sessionFieldTypes.keys()].filter((n) => !SESSION_STAR_EXCLUDED.has(n));
          break;
        case 'derived':
          names = source.columns.map((c) => c.name);
          break;
      }
      for (const name of names) out.push({ name, expr: this.sourceField(source, [name], scope) });
    }
    return out;
  }

  // --- expressions ---------------------------------------------------------------------------------------------

  expr(node: Expr, scope: Scope): TExpr {
    switch (node.node) {
      case 'Constant':
        return this.constant(node.value, node.bigNumber === true);
      case 'Field':
        return this.field(node, scope);
      case 'Alias': {
        if (RESERVED_ALIASES.has(node.alias.toLowerCase())) throw typeError(`Alias '${node.alias}' is a reserved keyword`);
        if (scope.aliases.has(node.alias)) throw resolution(`Cannot redefine an alias with the name: ${node.alias}`);
        const t = this.expr(node.expr, scope);
        scope.aliases.set(node.alias, t);
        return t;
      }
      case 'Call':
        return this.call(node, scope);
      case 'ArithmeticOperation':
        return this.arithmeticOp(node, scope);
      case 'CompareOperation':
        return this.compare(node, scope);
      case 'And':
      case 'Or': {
        const parts = node.exprs.map((e) => this.expr(e, scope));
        if (parts.length === 0) return { sql: node.node === 'And' ? 'true' : 'false', type: T.uint8bool() };
        const op = node.node === 'And' ? ' AND ' : ' OR ';
        return { sql: `(${parts.map(asCondition).join(op)})`, type: T.uint8bool(parts.some((p) => isNullable(p.type))) };
      }
      case 'Not': {
        const inner = this.expr(node.expr, scope);
        return { sql: `(NOT ${asCondition(inner)})`, type: T.uint8bool(isNullable(inner.type)) };
      }
      case 'BetweenExpr': {
        const x = this.expr(node.expr, scope);
        const low = this.coerceTo(x, this.expr(node.low, scope), constantValue(node.low));
        const high = this.coerceTo(x, this.expr(node.high, scope), constantValue(node.high));
        this.checkComparable(x, low, 'BETWEEN');
        return {
          sql: `(${asNumberIfBool(x)} ${node.negated ? 'NOT ' : ''}BETWEEN ${asNumberIfBool(low)} AND ${asNumberIfBool(high)})`,
          type: T.uint8bool(isNullable(x.type)),
        };
      }
      case 'Tuple':
        return tupleExpr(node.exprs.map((e) => this.expr(e, scope)));
      case 'Array': {
        const items = node.exprs.map((e) => this.expr(e, scope));
        return { sql: `[${items.map((i) => i.sql).join(', ')}]`, type: T.array(unify(items.map((i) => i.type))) };
      }
      case 'ArrayAccess':
        return this.arrayAccess(node.array, node.property, scope);
      case 'TupleAccess':
        return tupleElementExpr(this.expr(node.tuple, scope), node.index);
      case 'Lambda':
        throw typeError('A lambda can only be an argument of a higher-order function');
      case 'Placeholder':
        throw resolution(`Unresolved placeholder: {${node.name}}`);
      case 'TypeCast':
        return this.typeCast(node.expr, node.typeName, scope);
      case 'WindowFunction':
        return this.windowFunction(node, scope);
      case 'SelectQuery':
      case 'SelectSetQuery': {
        const sub = this.query(node, scope.ctes, scope.columnCtes);
        const first = sub.columns[0];
        if (sub.columns.length !== 1 || !first) throw typeError('A scalar subquery must return exactly one column');
        return { sql: `(${sub.sql})`, type: withNullable(first.type, true) };
      }
    }
  }

  private constant(value: ConstantValue, bigNumber: boolean): TExpr {
    if (value === null) return { sql: 'NULL', type: T.null() };
    if (typeof value === 'boolean') return { sql: value ? 'true' : 'false', type: T.bool() };
    if (typeof value === 'string') {
      if (bigNumber) {
        if (!/^\d+$/.test(value)) throw typeError(`Invalid number literal ${value}`);
        return { sql: `CAST(${sqlString(value)} AS HUGEINT)`, type: T.uint64() };
      }
      return { sql: sqlString(value), type: T.string() };
    }
    if (Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER) {
      const name = value < 0 ? 'Int64' : value < 256 ? 'UInt8' : value < 4294967296 ? 'UInt32' : 'UInt64';
      const sql = Math.abs(value) > 2147483647 ? `CAST(${value} AS BIGINT)` : sqlNumber(value);
      return { sql, type: { kind: 'int', name, nullable: false } };
    }
    return { sql: sqlNumber(value), type: T.float() };
  }

  private arrayAccess(arrayNode: Expr, property: Expr, scope: Scope): TExpr {
    const key = constantValue(property);
    if (arrayNode.node === 'Field' && (typeof key === 'string' || typeof key === 'number')) {
      const base = this.expr(arrayNode, scope);
      if (base.json) return this.field({ node: 'Field', chain: [...arrayNode.chain, key] }, scope);
    }
    const arr = this.expr(arrayNode, scope);
    if (arr.json) {
      if (typeof key === 'string' || typeof key === 'number') return this.jsonPath(arr.sql, [key]);
      const k = this.expr(property, scope);
      const pointer = `'/' || replace(replace(CAST(${k.sql} AS VARCHAR), '~', '~0'), '/', '~1')`;
      return { sql: `(CASE WHEN json_valid(${arr.sql}) THEN json_extract_string(${arr.sql}, ${pointer}) END)`, type: T.string(true) };
    }
    if (arr.type.kind === 'tuple' && typeof key === 'number') return tupleElementExpr(arr, key);
    if (arr.type.kind !== 'array' && arr.type.kind !== 'unknown') {
      throw typeError(`Illegal type ${describe(arr.type)} for element access: expected an Array`);
    }
    return arrayElementExpr(arr, this.expr(property, scope));
  }

  private typeCast(inner: Expr, typeName: string, scope: Scope): TExpr {
    const name = typeName.toLowerCase();
    const fn = CAST_FUNCTIONS[name];
    if (!fn) throw unsupported(`Casting to ${typeName}`);
    return this.call({ node: 'Call', name: fn, args: [inner], params: null, distinct: false }, scope);
  }

  private arithmeticOp(node: ArithmeticOperation, scope: Scope): TExpr {
    const left = this.expr(node.left, scope);
    const right = this.expr(node.right, scope);
    return arithmetic(left, right, node.op, this.env);
  }

  /** Bring `other` to `base`'s type for a comparison (string literals against dates, dates against DateTimes…). */
  private coerceTo(base: TExpr, other: TExpr, otherConstant: ConstantValue | undefined): TExpr {
    if (base.type.kind === 'datetime') {
      if (other.type.kind === 'string' || other.type.kind === 'date') {
        if (typeof otherConstant === 'string') {
          const literal = dateTimeLiteral(otherConstant, base.type.tz);
          if (!literal) throw typeError(`Cannot parse '${otherConstant}' as a DateTime`);
          return { sql: literal, type: T.datetime(base.type.tz) };
        }
        return toDateTimeExpr(other, base.type.tz);
      }
    }
    if (base.type.kind === 'date') {
      if (other.type.kind === 'string') {
        if (typeof otherConstant === 'string') {
          if (/^\d{4}-\d{2}-\d{2}$/.test(otherConstant.trim())) return { sql: `DATE ${sqlString(otherConstant.trim())}`, type: T.date() };
          const literal = dateTimeLiteral(otherConstant, this.env.projectTz);
          if (literal) return { sql: literal, type: T.datetime(this.env.projectTz) };
          throw typeError(`Cannot parse '${otherConstant}' as a Date`);
        }
        return { sql: `TRY_CAST(${other.sql} AS DATE)`, type: T.date(true) };
      }
    }
    if ((base.type.kind === 'int' || base.type.kind === 'float') && other.type.kind === 'string' && typeof otherConstant === 'string') {
      // ClickHouse converts a string literal to the other side's numeric type.
      const n = Number(otherConstant);
      if (otherConstant.trim() === '' || Number.isNaN(n)) throw typeError(`Cannot convert string '${otherConstant}' to a number`);
      return { sql: sqlNumber(n), type: Number.isInteger(n) ? T.int64() : T.float() };
    }
    return other;
  }

  private coercePair(left: TExpr, right: TExpr, leftConst: ConstantValue | undefined, rightConst: ConstantValue | undefined): [TExpr, TExpr] {
    if (left.type.kind === 'date' && right.type.kind === 'datetime') {
      return [toDateTimeExpr(left, right.type.tz), right];
    }
    if (right.type.kind === 'date' && left.type.kind === 'datetime') {
      return [left, toDateTimeExpr(right, left.type.tz)];
    }
    if (leftConst !== undefined && rightConst === undefined) {
      const l = this.coerceTo(right, left, leftConst);
      return [l, right];
    }
    return [left, this.coerceTo(left, right, rightConst)];
  }

  private checkComparable(a: TExpr, b: TExpr, op: string): void {
    const numeric = (t: HType) => t.kind === 'int' || t.kind === 'float' || t.kind === 'bool';
    const textual = (t: HType) => t.kind === 'string' || t.kind === 'uuid';
    if ((numeric(a.type) && textual(b.type)) || (textual(a.type) && numeric(b.type))) {
      throw typeError(`Illegal types ${describe(a.type)} and ${describe(b.type)} of arguments of ${op}`);
    }
    if ((a.type.kind === 'array') !== (b.type.kind === 'array') && a.type.kind !== 'null' && b.type.kind !== 'null' && a.type.kind !== 'unknown' && b.type.kind !== 'unknown') {
      throw typeError(`Illegal types ${describe(a.type)} and ${describe(b.type)} of arguments of ${op}`);
    }
  }

  private compare(node: CompareOperation, scope: Scope): TExpr {
    const rightConst = constantValue(node.right);
    if (node.right.node === 'Constant' && node.right.value === null && (node.op === '==' || node.op === '!=')) {
      const l = this.expr(node.left, scope);
      return { sql: `(${l.sql} IS ${node.op === '==' ? '' : 'NOT '}NULL)`, type: T.uint8bool() };
    }
    if (node.op === 'in' || node.op === 'not in') return this.inExpr(node, scope);
    const rawLeft = this.expr(node.left, scope);
    const rawRight = this.expr(node.right, scope);
    const [left, right] = this.coercePair(rawLeft, rawRight, constantValue(node.left), rightConst);
    const type = T.uint8bool(isNullable(left.type) || isNullable(right.type));
    switch (node.op) {
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        this.checkComparable(left, right, COMPARE_NAMES[node.op]);
        const op = node.op === '==' ? '=' : node.op === '!=' ? '<>' : node.op;
        return { sql: `(${asNumberIfBool(left)} ${op} ${asNumberIfBool(right)})`, type };
      }
      case 'like':
      case 'ilike':
      case 'not like':
      case 'not ilike': {
        const op = node.op.toUpperCase();
        return { sql: `(${textOf(left)} ${op} ${textOf(right)} ESCAPE '\\')`, type };
      }
      case '=~':
      case '!~':
      case '=~*':
      case '!~*': {
        const flags = node.op.endsWith('*') ? ", 'i'" : '';
        const match = `regexp_matches(${textOf(left)}, ${textOf(right)}${flags})`;
        return { sql: node.op.startsWith('!') ? `(NOT ${match})` : match, type };
      }
    }
  }

  /** ClickHouse IN: NULLs never match (transform_null_in = 0), so a NULL left side gives 0 for IN and NOT IN. */
  private inExpr(node: CompareOperation, scope: Scope): TExpr {
    const left = this.expr(node.left, scope);
    const negate = node.op === 'not in';
    const right = node.right;
    let setSql: string;
    if (right.node === 'SelectQuery' || right.node === 'SelectSetQuery') {
      const sub = this.query(right, scope.ctes, scope.columnCtes);
      if (sub.columns.length !== 1) {
        if (left.type.kind !== 'tuple') throw typeError('The subquery of IN must return one column');
      }
      setSql = `(${sub.sql})`;
    } else if (right.node === 'Tuple' || right.node === 'Array') {
      const items = right.exprs.map((e) => {
        const t = this.coerceTo(left, this.expr(e, scope), constantValue(e));
        this.checkComparable(left, t, 'in');
        return asNumberIfBool(t);
      });
      if (items.length === 0) return { sql: negate ? 'true' : 'false', type: T.uint8bool() };
      setSql = `(${items.join(', ')})`;
    } else if (right.node === 'Field' && right.chain.length === 1 && scope.ctes.has(String(right.chain[0]))) {
      throw unsupported('IN with a table or CTE name');
    } else {
      const t = this.coerceTo(left, this.expr(right, scope), constantValue(right));
      if (t.type.kind === 'array') {
        const contains = `COALESCE(list_contains(${t.sql}, ${left.sql}), false)`;
        return { sql: negate ? `(${left.sql} IS NOT NULL AND NOT ${contains})` : contains, type: T.uint8bool() };
      }
      this.checkComparable(left, t, 'in');
      setSql = `(${asNumberIfBool(t)})`;
    }
    const test = `COALESCE(${asNumberIfBool(left)} IN ${setSql}, false)`;
    return { sql: negate ? `(${left.sql} IS NOT NULL AND NOT ${test})` : test, type: T.uint8bool() };
  }

  private lambda(node: Expr | undefined, paramTypes: HType[], scope: Scope): TExpr {
    if (node?.node !== 'Lambda') throw typeError('Expected a lambda (x -> …) argument');
    const lambda: Lambda = node;
    if (lambda.args.length !== paramTypes.length) {
      throw unsupported(`A lambda with ${lambda.args.length} arguments here`);
    }
    const frame = new Map<string, HType>();
    lambda.args.forEach((a, i) => frame.set(a, paramTypes[i] ?? T.unknown()));
    scope.lambdas.push(frame);
    try {
      const body = this.expr(lambda.expr, scope);
      return { sql: `lambda ${lambda.args.map(ident).join(', ')}: ${body.sql}`, type: body.type };
    } finally {
      scope.lambdas.pop();
    }
  }

  private call(node: Call, scope: Scope): TExpr {
    const comparison = comparisonFunction(node.name);
    if (comparison) {
      const [left, right] = node.args;
      if (node.args.length !== 2 || !left || !right) throw typeError(`Function '${node.name}' expects 2 arguments, found ${node.args.length}`);
      return this.compare({ node: 'CompareOperation', op: comparison, left, right }, scope);
    }
    const found = findFunction(node.name);
    if (!found) {
      if (POSTHOG_FUNCTIONS.has(node.name)) throw unsupportedCall(node.name);
      const close = closestMatch(node.name, POSTHOG_FUNCTION_NAMES);
      throw new HogQLQueryError(
        'unsupported',
        close
          ? `Unsupported function call '${node.name}(...)'. Perhaps you meant '${close}(...)'?`
          : `Unsupported function call '${node.name}(...)'`,
      );
    }
    const { key, spec } = found;
    const term = spec.aggregate ? 'Aggregation' : 'Function';
    validateCount(node.args.length, spec.min, spec.max, `${term} '${node.name}'`, 'argument');
    const [minParams, maxParams] = spec.params ?? [0, 0];
    if (node.params !== null || minParams > 0) {
      validateCount(node.params?.length ?? 0, minParams, maxParams, `${term} '${node.name}'`, 'parameter');
    }
    if (node.distinct && !['count', 'sum', 'avg', 'countIf', 'uniq', 'uniqExact'].includes(key)) {
      throw unsupported(`DISTINCT inside ${node.name}()`);
    }
    if (spec.aggregate) {
      const outer = scope.aggregateStack[scope.aggregateStack.length - 1];
      if (outer !== undefined) {
        throw typeError(`Aggregation '${node.name}' cannot be nested inside another aggregation '${outer}'.`);
      }
    }
    const memo: (TExpr | undefined)[] = [];
    const translate = (raw: Expr): TExpr => this.expr(raw, scope);
    const lambda = (raw: Expr | undefined, types: HType[]): TExpr => this.lambda(raw, types, scope);
    const ctx: CallContext = {
      name: node.name,
      args: node.args,
      params: node.params,
      distinct: node.distinct,
      env: this.env,
      arg(i: number): TExpr {
        const cached = memo[i];
        if (cached) return cached;
        const raw = node.args[i];
        if (!raw) throw typeError(`Missing argument ${i + 1} of ${node.name}`);
        const t = translate(raw);
        memo[i] = t;
        return t;
      },
      constant: (i) => constantValue(node.args[i]),
      lambda: (i, types) => lambda(node.args[i], types),
      param: (i) => constantValue(node.params?.[i]),
    };
    const previous = this.arrayJoinContext;
    if (key === 'arrayJoin') this.arrayJoinContext = { scope, aggregatesBefore: scope.aggregateCount };
    if (spec.aggregate) scope.aggregateStack.push(node.name);
    try {
      const result = spec.impl(ctx);
      if (spec.aggregate) scope.aggregateCount += 1;
      return result;
    } finally {
      if (spec.aggregate) scope.aggregateStack.pop();
      this.arrayJoinContext = previous;
    }
  }

  private windowFunction(node: WindowFunction, scope: Scope): TExpr {
    const over = node.over ?? (node.overIdentifier ? scope.windows.get(node.overIdentifier) : undefined);
    if (!over) throw resolution(`Window ${node.overIdentifier ?? ''} is not defined`);
    const spec = this.windowSpec(over, scope);
    const args = node.args.map((a) => this.expr(a, scope));
    switch (node.name) {
      case 'row_number':
      case 'rank':
      case 'dense_rank':
        if (args.length > 0) throw typeError(`${node.name} takes no arguments`);
        return { sql: `${node.name}() OVER (${spec})`, type: T.uint64() };
      case 'count': {
        const first = node.args[0];
        const star = args.length === 0 || (first?.node === 'Field' && first.chain[0] === '*');
        return { sql: `count(${star ? '*' : args[0]?.sql}) OVER (${spec})`, type: T.uint64() };
      }
      case 'sum':
      case 'avg':
      case 'min':
      case 'max': {
        const x = args[0];
        if (!x || args.length !== 1) throw typeError(`Aggregation '${node.name}' expects 1 argument, found ${args.length}`);
        const type = node.name === 'avg' ? T.float(true) : node.name === 'sum' ? (x.type.kind === 'float' ? T.float() : T.int64()) : x.type;
        return { sql: `${node.name}(${asNumber(x)}) OVER (${spec})`, type };
      }
      default:
        if (POSTHOG_FUNCTIONS.has(node.name)) throw unsupportedCall(node.name, 'as a window function');
        throw new HogQLQueryError('unsupported', `Unsupported function call '${node.name}(...)'`);
    }
  }

  private windowSpec(w: WindowExpr, scope: Scope): string {
    const parts: string[] = [];
    if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${w.partitionBy.map((e) => this.expr(e, scope).sql).join(', ')}`);
    if (w.orderBy.length > 0) parts.push(`ORDER BY ${w.orderBy.map((o) => this.orderItem(o, scope)).join(', ')}`);
    if (w.frameMethod) {
      const bound = (b: WindowFrameBound | null): string => {
        if (!b) return 'CURRENT ROW';
        if (b.kind === 'CURRENT ROW') return 'CURRENT ROW';
        return `${b.value === null ? 'UNBOUNDED' : String(b.value)} ${b.kind}`;
      };
      parts.push(
        w.frameEnd
          ? `${w.frameMethod} BETWEEN ${bound(w.frameStart)} AND ${bound(w.frameEnd)}`
          : `${w.frameMethod} ${bound(w.frameStart)}`,
      );
    }
    return parts.join(' ');
  }
}

const SET_OPERATORS: Record<string, string> = {
  'UNION ALL': 'UNION ALL',
  'UNION DISTINCT': 'UNION',
  INTERSECT: 'INTERSECT',
  'INTERSECT DISTINCT': 'INTERSECT',
  EXCEPT: 'EXCEPT',
  'EXCEPT DISTINCT': 'EXCEPT',
};

const COMPARE_NAMES = { '==': 'equals', '!=': 'notEquals', '<': 'less', '<=': 'lessOrEquals', '>': 'greater', '>=': 'greaterOrEquals' } as const;

const CAST_FUNCTIONS: Record<string, string> = {
  int: 'toInt',
  integer: 'toInt',
  int64: 'toInt',
  int32: 'toInt',
  bigint: 'toInt',
  float: 'toFloat',
  float64: 'toFloat',
  double: 'toFloat',
  real: 'toFloat',
  numeric: 'toFloat',
  string: 'toString',
  text: 'toString',
  varchar: 'toString',
  date: 'toDate',
  datetime: 'toDateTime',
  datetime64: 'toDateTime',
  timestamp: 'toDateTime',
  timestamptz: 'toDateTime',
  bool: 'toBool',
  boolean: 'toBool',
};

function asNumberIfBool(e: TExpr): string {
  return isBooleanLike(e.type) && e.type.kind === 'int' ? `CAST(${e.sql} AS INTEGER)` : e.sql;
}

function textOf(e: TExpr): string {
  if (e.type.kind === 'string' || e.type.kind === 'null' || e.type.kind === 'unknown' || e.type.kind === 'uuid') return e.sql;
  throw typeError(`Illegal type ${describe(e.type)}: expected a String`);
}

function validateCount(found: number, min: number, max: number | null, subject: string, term: string): void {
  const plural = (n: number) => `${n} ${term}${n === 1 ? '' : 's'}`;
  if (min === max && found !== min) throw typeError(`${subject} expects ${plural(min)}, found ${found}`);
  if (found < min) throw typeError(`${subject} expects at least ${plural(min)}, found ${found}`);
  if (max !== null && found > max) throw typeError(`${subject} expects at most ${plural(max)}, found ${found}`);
}

function dedupe(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  });
}

/** Constructs PostHog's parser leaves no trace of in the AST, so the emulator checks the text. */
const SILENTLY_DROPPED: [RegExp, string][] = [
  // `(?!\s+as\b)`: `WITH totals AS (…)` is a CTE named totals.
  [/\bwith\s+(totals|rollup|cube)\b(?!\s+as\b)/i, 'GROUP BY … WITH TOTALS/ROLLUP/CUBE'],
  [/\bnulls\s+first\b/i, 'NULLS FIRST'],
  [/\bwith\s+fill\b(?!\s+as\b)/i, 'ORDER BY … WITH FILL'],
];

/** Refuse clauses the parser accepts but drops from the AST (so they would silently change the result). */
export function checkDroppedClauses(text: string): void {
  const withoutStrings = text.replace(/'(?:[^'\\]|\\.|'')*'/g, "''");
  for (const [pattern, what] of SILENTLY_DROPPED) {
    if (pattern.test(withoutStrings)) throw unsupported(what);
  }
}

/** Translate a parsed HogQL query (placeholders already substituted or given in `options.values`). */
export function translateHogQL(query: Query, options: TranslateOptions): TranslatedQuery {
  const resolved = substitutePlaceholders(query, options.values ?? {});
  return new Translator(options).translateTop(resolved);
}

export { FUNCTIONS };
