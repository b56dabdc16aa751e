/**
 * Typed HogQL AST for the subset the emulator supports, built from the JSON that PostHog's own
 * parser (`@posthog/hogql-parser`, the C++ ANTLR parser compiled to WebAssembly) produces.
 *
 * The parser returns plain JSON (`{node: 'SelectQuery', …}`) or a returned — not thrown — error object
 * (`{error: true, type: 'SyntaxError', message, start, end}`). Every node is checked here; a node type or a
 * clause the emulator does not implement becomes `HogQLQueryError('unsupported', …)` naming it, so nothing
 * is ever silently dropped on the way to SQL.
 */
import createHogQLParser from '@posthog/hogql-parser';
import type { HogQLParser } from '@posthog/hogql-parser';
import { HogQLQueryError } from '../engine/types';

// ---------------------------------------------------------------------------------------------------------
// Node types

export type ConstantValue = string | number | boolean | null;

export interface Constant {
  node: 'Constant';
  value: ConstantValue;
  /** Integer literals beyond 2^53 arrive as decimal strings (`value_type: 'number'`). */
  bigNumber?: boolean;
}
export interface Field {
  node: 'Field';
  chain: (string | number)[];
}
export interface Alias {
  node: 'Alias';
  alias: string;
  expr: Expr;
}
export interface Call {
  node: 'Call';
  name: string;
  args: Expr[];
  /** Parametric aggregate parameters: `quantile(0.5)(x)` has params `[0.5]`. */
  params: Expr[] | null;
  distinct: boolean;
}
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export interface ArithmeticOperation {
  node: 'ArithmeticOperation';
  op: ArithmeticOp;
  left: Expr;
  right: Expr;
}
export type CompareOp =
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'like'
  | 'ilike'
  | 'not like'
  | 'not ilike'
  | 'in'
  | 'not in'
  | '=~'
  | '!~'
  | '=~*'
  | '!~*';
export interface CompareOperation {
  node: 'CompareOperation';
  op: CompareOp;
  left: Expr;
  right: Expr;
}
export interface And {
  node: 'And';
  exprs: Expr[];
}
export interface Or {
  node: 'Or';
  exprs: Expr[];
}
export interface Not {
  node: 'Not';
  expr: Expr;
}
export interface BetweenExpr {
  node: 'BetweenExpr';
  expr: Expr;
  low: Expr;
  high: Expr;
  negated: boolean;
}
export interface TupleExpr {
  node: 'Tuple';
  exprs: Expr[];
}
export interface ArrayExpr {
  node: 'Array';
  exprs: Expr[];
}
export interface ArrayAccess {
  node: 'ArrayAccess';
  array: Expr;
  property: Expr;
}
export interface TupleAccess {
  node: 'TupleAccess';
  tuple: Expr;
  index: number;
}
export interface Lambda {
  node: 'Lambda';
  args: string[];
  expr: Expr;
}
export interface Placeholder {
  node: 'Placeholder';
  name: string;
}
export interface TypeCast {
  node: 'TypeCast';
  expr: Expr;
  typeName: string;
}
export interface WindowFrameBound {
  kind: 'CURRENT ROW' | 'PRECEDING' | 'FOLLOWING';
  /** null means UNBOUNDED. */
  value: number | null;
}
export interface WindowExpr {
  node: 'WindowExpr';
  partitionBy: Expr[];
  orderBy: OrderExpr[];
  frameMethod: 'ROWS' | 'RANGE' | null;
  frameStart: WindowFrameBound | null;
  frameEnd: WindowFrameBound | null;
}
export interface WindowFunction {
  node: 'WindowFunction';
  name: string;
  args: Expr[];
  over: WindowExpr | null;
  overIdentifier: string | null;
}
export interface OrderExpr {
  node: 'OrderExpr';
  expr: Expr;
  order: 'ASC' | 'DESC';
}
export interface JoinConstraint {
  type: 'ON' | 'USING';
  expr: Expr;
}
export interface JoinExpr {
  node: 'JoinExpr';
  /** A table name (Field), a subquery, or a set query. */
  table: Field | SelectQuery | SelectSetQuery;
  alias: string | null;
  /** The join keyword(s) as written, e.g. `LEFT JOIN`; null for the first table. */
  joinType: string | null;
  constraint: JoinConstraint | null;
  next: JoinExpr | null;
}
export interface CTE {
  name: string;
  kind: 'subquery' | 'column';
  expr: Expr;
}
export interface SelectQuery {
  node: 'SelectQuery';
  ctes: CTE[];
  select: Expr[];
  distinct: boolean;
  from: JoinExpr | null;
  arrayJoin: { op: 'ARRAY JOIN' | 'LEFT ARRAY JOIN'; exprs: Expr[] } | null;
  where: Expr | null;
  prewhere: Expr | null;
  groupBy: Expr[];
  having: Expr | null;
  orderBy: OrderExpr[];
  limit: Expr | null;
  offset: Expr | null;
  windows: Map<string, WindowExpr>;
}
export interface SelectSetQuery {
  node: 'SelectSetQuery';
  initial: SelectQuery | SelectSetQuery;
  rest: { op: string; query: SelectQuery | SelectSetQuery }[];
}

export type Expr =
  | Constant
  | Field
  | Alias
  | Call
  | ArithmeticOperation
  | CompareOperation
  | And
  | Or
  | Not
  | BetweenExpr
  | TupleExpr
  | ArrayExpr
  | ArrayAccess
  | TupleAccess
  | Lambda
  | Placeholder
  | TypeCast
  | WindowFunction
  | SelectQuery
  | SelectSetQuery;

export type Query = SelectQuery | SelectSetQuery;

// ---------------------------------------------------------------------------------------------------------
// Raw JSON → typed AST

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A node type for an error message (the `node` field of the parser's JSON). */
function nodeName(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

function unsupported(what: string): HogQLQueryError {
  return new HogQLQueryError('unsupported', `${what} is not supported by the emulator`);
}

function obj(value: Json | undefined, what: string): JsonObject {
  if (!isObject(value)) throw unsupported(`Malformed AST (${what})`);
  return value;
}

function list(value: Json | undefined): Json[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw unsupported('Malformed AST (expected a list)');
  return value;
}

function str(value: Json | undefined, what: string): string {
  if (typeof value !== 'string') throw unsupported(`Malformed AST (${what})`);
  return value;
}

function present(value: Json | undefined): boolean {
  if (value === null || value === undefined || value === false) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

const COMPARE_OPS = new Set<string>([
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'like',
  'ilike',
  'not like',
  'not ilike',
  'in',
  'not in',
  '=~',
  '!~',
  '=~*',
  '!~*',
]);
const ARITHMETIC_OPS = new Set<string>(['+', '-', '*', '/', '%']);

function convertOrder(raw: Json): OrderExpr {
  const o = obj(raw, 'OrderExpr');
  if (o['node'] !== 'OrderExpr') throw unsupported(`${nodeName(o['node'])} in ORDER BY`);
  const order = o['order'] === 'DESC' ? 'DESC' : 'ASC';
  return { node: 'OrderExpr', expr: convertExpr(o['expr']), order };
}

function convertFrameBound(raw: Json | undefined): WindowFrameBound | null {
  if (!isObject(raw)) return null;
  const kind = raw['frame_type'];
  if (kind !== 'CURRENT ROW' && kind !== 'PRECEDING' && kind !== 'FOLLOWING') throw unsupported('Window frame');
  const value = raw['frame_value'];
  return { kind, value: typeof value === 'number' ? value : null };
}

function convertWindowExpr(raw: Json | undefined): WindowExpr {
  const w = obj(raw, 'WindowExpr');
  const method = w['frame_method'];
  return {
    node: 'WindowExpr',
    partitionBy: list(w['partition_by']).map(convertExpr),
    orderBy: list(w['order_by']).map(convertOrder),
    frameMethod: method === 'ROWS' || method === 'RANGE' ? method : null,
    frameStart: convertFrameBound(w['frame_start']),
    frameEnd: convertFrameBound(w['frame_end']),
  };
}

export function convertExpr(raw: Json | undefined): Expr {
  const o = obj(raw, 'expression');
  const kind = o['node'];
  switch (kind) {
    case 'Constant': {
      const value = o['value'];
      if (o['value_type'] === 'number' && typeof value === 'string') {
        return { node: 'Constant', value, bigNumber: true };
      }
      if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        return { node: 'Constant', value };
      }
      throw unsupported('A constant of this type');
    }
    case 'Field': {
      const chain = list(o['chain']).map((part) => {
        if (typeof part !== 'string' && typeof part !== 'number') throw unsupported('Malformed field');
        return part;
      });
      return { node: 'Field', chain };
    }
    case 'Alias':
      return { node: 'Alias', alias: str(o['alias'], 'alias'), expr: convertExpr(o['expr']) };
    case 'Call': {
      if (present(o['filter_expr'])) throw unsupported('Aggregate FILTER (WHERE …)');
      if (present(o['order_by'])) throw unsupported('ORDER BY inside a function call');
      if (present(o['within_group'])) throw unsupported('WITHIN GROUP');
      const params = o['params'];
      return {
        node: 'Call',
        name: str(o['name'], 'function name'),
        args: list(o['args']).map(convertExpr),
        params: params === null || params === undefined ? null : list(params).map(convertExpr),
        distinct: o['distinct'] === true,
      };
    }
    case 'ArithmeticOperation': {
      const op = str(o['op'], 'operator');
      if (!ARITHMETIC_OPS.has(op)) throw unsupported(`Operator '${op}'`);
      return {
        node: 'ArithmeticOperation',
        op: op as ArithmeticOp,
        left: convertExpr(o['left']),
        right: convertExpr(o['right']),
      };
    }
    case 'CompareOperation': {
      const op = str(o['op'], 'operator');
      if (!COMPARE_OPS.has(op)) throw unsupported(`Operator '${op.toUpperCase()}'`);
      return {
        node: 'CompareOperation',
        op: op as CompareOp,
        left: convertExpr(o['left']),
        right: convertExpr(o['right']),
      };
    }
    case 'And':
      return { node: 'And', exprs: list(o['exprs']).map(convertExpr) };
    case 'Or':
      return { node: 'Or', exprs: list(o['exprs']).map(convertExpr) };
    case 'Not':
      return { node: 'Not', expr: convertExpr(o['expr']) };
    case 'BetweenExpr':
      return {
        node: 'BetweenExpr',
        expr: convertExpr(o['expr']),
        low: convertExpr(o['low']),
        high: convertExpr(o['high']),
        negated: o['negated'] === true,
      };
    case 'Tuple':
      return { node: 'Tuple', exprs: list(o['exprs']).map(convertExpr) };
    case 'Array':
      return { node: 'Array', exprs: list(o['exprs']).map(convertExpr) };
    case 'ArrayAccess':
      if (o['nullish'] === true) throw unsupported('Nullish array access (?.)');
      return { node: 'ArrayAccess', array: convertExpr(o['array']), property: convertExpr(o['property']) };
    case 'TupleAccess': {
      const index = o['index'];
      if (typeof index !== 'number') throw unsupported('Tuple access by name');
      if (o['nullish'] === true) throw unsupported('Nullish tuple access (?.)');
      return { node: 'TupleAccess', tuple: convertExpr(o['tuple']), index };
    }
    case 'Lambda':
      return {
        node: 'Lambda',
        args: list(o['args']).map((a) => str(a, 'lambda argument')),
        expr: convertExpr(o['expr']),
      };
    case 'Placeholder': {
      const inner = obj(o['expr'], 'placeholder');
      if (inner['node'] !== 'Field') throw unsupported('An expression inside a placeholder');
      const chain = list(inner['chain']);
      if (chain.length !== 1 || typeof chain[0] !== 'string') throw unsupported('A dotted placeholder name');
      return { node: 'Placeholder', name: chain[0] };
    }
    case 'TypeCast':
      return { node: 'TypeCast', expr: convertExpr(o['expr']), typeName: str(o['type_name'], 'type name') };
    case 'WindowFunction': {
      // The parser puts the arguments of `sum(x) OVER …` in `exprs` and parametric arguments in `args`.
      if (list(o['args']).length > 0) throw unsupported('Parametric window functions');
      const over = o['over_expr'];
      const overId = o['over_identifier'];
      return {
        node: 'WindowFunction',
        name: str(o['name'], 'window function name'),
        args: list(o['exprs']).map(convertExpr),
        over: isObject(over) ? convertWindowExpr(over) : null,
        overIdentifier: typeof overId === 'string' ? overId : null,
      };
    }
    case 'SelectQuery':
      return convertSelect(o);
    case 'SelectSetQuery':
      return convertSelectSet(o);
    case 'HogQLXTag':
      throw unsupported('HogQLX tags');
    case 'ExprCall':
      throw unsupported('Calling an expression');
    default:
      throw unsupported(`${nodeName(kind)} expressions`);
  }
}

function convertJoin(raw: Json | undefined): JoinExpr {
  const j = obj(raw, 'JoinExpr');
  if (j['node'] !== 'JoinExpr') throw unsupported(`${nodeName(j['node'])} in FROM`);
  if (present(j['sample'])) throw unsupported('SAMPLE');
  if (present(j['table_final'])) throw unsupported('FINAL');
  if (present(j['column_aliases'])) throw unsupported('Column aliases on a table');
  if (present(j['table_args'])) throw unsupported('Table functions');
  const tableRaw = obj(j['table'], 'table');
  let table: Field | SelectQuery | SelectSetQuery;
  if (tableRaw['node'] === 'Field') {
    const field = convertExpr(tableRaw);
    if (field.node !== 'Field') throw unsupported('This table expression');
    table = field;
  } else if (tableRaw['node'] === 'SelectQuery') {
    table = convertSelect(tableRaw);
  } else if (tableRaw['node'] === 'SelectSetQuery') {
    table = convertSelectSet(tableRaw);
  } else if (tableRaw['node'] === 'Placeholder') {
    throw unsupported('A placeholder as a table');
  } else {
    throw unsupported(`${nodeName(tableRaw['node'])} in FROM`);
  }
  const constraintRaw = j['constraint'];
  let constraint: JoinConstraint | null = null;
  if (isObject(constraintRaw)) {
    const type = constraintRaw['constraint_type'];
    if (type !== 'ON' && type !== 'USING') throw unsupported('This join constraint');
    constraint = { type, expr: convertExpr(constraintRaw['expr']) };
  }
  const alias = j['alias'];
  const joinType = j['join_type'];
  return {
    node: 'JoinExpr',
    table,
    alias: typeof alias === 'string' ? alias : null,
    joinType: typeof joinType === 'string' ? joinType : null,
    constraint,
    next: isObject(j['next_join']) ? convertJoin(j['next_join']) : null,
  };
}

function convertSelect(o: JsonObject): SelectQuery {
  if (present(o['limit_by'])) throw unsupported('LIMIT … BY');
  if (present(o['limit_with_ties'])) throw unsupported('LIMIT … WITH TIES');
  if (present(o['limit_percent'])) throw unsupported('LIMIT … PERCENT');
  if (present(o['qualify'])) throw unsupported('QUALIFY');
  if (present(o['settings'])) throw unsupported('SETTINGS');
  if (present(o['view_name'])) throw unsupported('Views');
  if (present(o['group_by_mode']) && o['group_by_mode'] !== 'default') throw unsupported('GROUP BY modifiers');
  if (present(o['interpolate'])) throw unsupported('INTERPOLATE');
  const ctes: CTE[] = [];
  const rawCtes = o['ctes'];
  if (isObject(rawCtes)) {
    // Older parser builds emit a name → CTE map.
    for (const value of Object.values(rawCtes)) ctes.push(convertCte(value));
  } else {
    for (const value of list(rawCtes)) ctes.push(convertCte(value));
  }
  let arrayJoin: SelectQuery['arrayJoin'] = null;
  const arrayJoinOp = o['array_join_op'];
  if (typeof arrayJoinOp === 'string') {
    if (arrayJoinOp !== 'ARRAY JOIN' && arrayJoinOp !== 'LEFT ARRAY JOIN') throw unsupported(arrayJoinOp);
    arrayJoin = { op: arrayJoinOp, exprs: list(o['array_join_list']).map(convertExpr) };
  }
  const windows = new Map<string, WindowExpr>();
  const rawWindows = o['window_exprs'];
  if (isObject(rawWindows)) {
    for (const [name, value] of Object.entries(rawWindows)) windows.set(name, convertWindowExpr(value));
  }
  return {
    node: 'SelectQuery',
    ctes,
    select: list(o['select']).map(convertExpr),
    distinct: o['distinct'] === true,
    from: isObject(o['select_from']) ? convertJoin(o['select_from']) : null,
    arrayJoin,
    where: isObject(o['where']) ? convertExpr(o['where']) : null,
    prewhere: isObject(o['prewhere']) ? convertExpr(o['prewhere']) : null,
    groupBy: list(o['group_by']).map(convertExpr),
    having: isObject(o['having']) ? convertExpr(o['having']) : null,
    orderBy: list(o['order_by']).map(convertOrder),
    limit: isObject(o['limit']) ? convertExpr(o['limit']) : null,
    offset: isObject(o['offset']) ? convertExpr(o['offset']) : null,
    windows,
  };
}

function convertCte(raw: Json): CTE {
  const c = obj(raw, 'CTE');
  if (present(c['columns'])) throw unsupported('CTE column lists');
  if (present(c['materialized'])) throw unsupported('MATERIALIZED CTEs');
  if (present(c['using_key'])) throw unsupported('CTE USING KEY');
  if (present(c['recursive'])) throw unsupported('Recursive CTEs');
  const kind = c['cte_type'] === 'column' ? 'column' : 'subquery';
  return { name: str(c['name'], 'CTE name'), kind, expr: convertExpr(c['expr']) };
}

function convertSelectSet(o: JsonObject): SelectSetQuery {
  const initial = convertExpr(o['initial_select_query']);
  if (initial.node !== 'SelectQuery' && initial.node !== 'SelectSetQuery') throw unsupported('This set query');
  const rest = list(o['subsequent_select_queries']).map((raw) => {
    const node = obj(raw, 'SelectSetNode');
    const query = convertExpr(node['select_query']);
    if (query.node !== 'SelectQuery' && query.node !== 'SelectSetQuery') throw unsupported('This set query');
    return { op: str(node['set_operator'], 'set operator'), query };
  });
  return { node: 'SelectSetQuery', initial, rest };
}

// ---------------------------------------------------------------------------------------------------------
// Parsing

let parserPromise: Promise<HogQLParser> | null = null;

/** PostHog's parser, loaded once per process (~20 ms) and reused. */
export function getHogQLParser(): Promise<HogQLParser> {
  parserPromise ??= createHogQLParser();
  return parserPromise;
}

/** A syntax error with the parser's character offsets (0-based, into the query text). */
export class HogQLSyntaxError extends HogQLQueryError {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super('syntax', message);
  }
}

function offsetOf(raw: Json | undefined): number {
  if (isObject(raw) && typeof raw['offset'] === 'number') return raw['offset'];
  return 0;
}

/** Parse a HogQL SELECT (or UNION …) into the typed AST, or throw `HogQLQueryError`. */
export async function parseHogQLSelect(query: string): Promise<Query> {
  const parser = await getHogQLParser();
  return parseHogQLSelectWith(parser, query);
}

export function parseHogQLSelectWith(parser: HogQLParser, query: string): Query {
  let raw: Json;
  try {
    raw = JSON.parse(parser.parseSelect(query, true)) as Json;
  } catch (error) {
    throw new HogQLQueryError('syntax', `Unable to parse the query: ${(error as Error).message}`);
  }
  const root = obj(raw, 'query');
  if (root['error'] === true) {
    const message = typeof root['message'] === 'string' ? root['message'] : 'Syntax error';
    const start = offsetOf(root['start']);
    const end = offsetOf(root['end']);
    if (root['type'] === 'NotImplementedError') {
      throw new HogQLQueryError('unsupported', `${message} (at position ${start})`);
    }
    throw new HogQLSyntaxError(`${message} (at position ${start})`, start, end);
  }
  const expr = convertExpr(root);
  if (expr.node !== 'SelectQuery' && expr.node !== 'SelectSetQuery') {
    throw new HogQLQueryError('syntax', 'Expected a SELECT query');
  }
  return expr;
}
