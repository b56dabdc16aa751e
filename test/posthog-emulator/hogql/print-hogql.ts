/**
 * Prints an expression back as HogQL, the way PostHog names un-aliased result columns: PostHog's
 * `HogQLQueryExecutor` (posthog/hogql/query.py) uses the alias when there is one, otherwise the expression
 * printed in the `hogql` dialect, where operators become functions (`plus(a, 1)`, `equals(event, 'x')`).
 */
import type { Constant, Expr } from './ast';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function hogqlIdentifier(name: string | number): string {
  if (typeof name === 'number') return String(name);
  if (IDENTIFIER.test(name)) return name;
  return '`' + name.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
}

export function hogqlString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\0/g, '\\0');
  return `'${escaped}'`;
}

function constant(node: Constant): string {
  const v = node.value;
  if (v === null) return 'NULL';
  if (typeof v === 'string') return node.bigNumber ? v : hogqlString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

const ARITH = { '+': 'plus', '-': 'minus', '*': 'multiply', '/': 'divide', '%': 'modulo' } as const;
const COMPARE = {
  '==': 'equals',
  '!=': 'notEquals',
  '<': 'less',
  '<=': 'lessOrEquals',
  '>': 'greater',
  '>=': 'greaterOrEquals',
  like: 'like',
  ilike: 'ilike',
  'not like': 'notLike',
  'not ilike': 'notILike',
  in: 'in',
  'not in': 'notIn',
  '=~': 'match',
  '!~': 'notMatch',
  '=~*': 'imatch',
  '!~*': 'notIMatch',
} as const;

export function printHogQL(node: Expr): string {
  switch (node.node) {
    case 'Constant':
      return constant(node);
    case 'Field':
      return node.chain.map(hogqlIdentifier).join('.');
    case 'Alias':
      return hogqlIdentifier(node.alias);
    case 'Call': {
      const params = node.params ? `(${node.params.map(printHogQL).join(', ')})` : '';
      return `${node.name}${params}(${node.distinct ? 'DISTINCT ' : ''}${node.args.map(printHogQL).join(', ')})`;
    }
    case 'ArithmeticOperation':
      return `${ARITH[node.op]}(${printHogQL(node.left)}, ${printHogQL(node.right)})`;
    case 'CompareOperation': {
      if (node.right.node === 'Constant' && node.right.value === null) {
        if (node.op === '==') return `isNull(${printHogQL(node.left)})`;
        if (node.op === '!=') return `isNotNull(${printHogQL(node.left)})`;
      }
      return `${COMPARE[node.op]}(${printHogQL(node.left)}, ${printHogQL(node.right)})`;
    }
    case 'And':
      return `and(${node.exprs.map(printHogQL).join(', ')})`;
    case 'Or':
      return `or(${node.exprs.map(printHogQL).join(', ')})`;
    case 'Not':
      return `not(${printHogQL(node.expr)})`;
    case 'BetweenExpr':
      return `${printHogQL(node.expr)} ${node.negated ? 'NOT ' : ''}BETWEEN ${printHogQL(node.low)} AND ${printHogQL(node.high)}`;
    case 'Tuple':
      return `tuple(${node.exprs.map(printHogQL).join(', ')})`;
    case 'Array':
      return `[${node.exprs.map(printHogQL).join(', ')}]`;
    case 'ArrayAccess':
      return `${printHogQL(node.array)}[${printHogQL(node.property)}]`;
    case 'TupleAccess':
      return `${printHogQL(node.tuple)}.${node.index}`;
    case 'Lambda': {
      const args = node.args.length === 1 ? node.args[0] ?? '' : `(${node.args.join(', ')})`;
      return `${args} -> ${printHogQL(node.expr)}`;
    }
    case 'Placeholder':
      return `{${node.name}}`;
    case 'TypeCast':
      return `${printHogQL(node.expr)}::${node.typeName}`;
    case 'WindowFunction':
      return `${node.name}(${node.args.map(printHogQL).join(', ')}) OVER ${node.overIdentifier ?? '(…)'}`;
    case 'SelectQuery':
    case 'SelectSetQuery':
      return '(SELECT …)';
  }
}

/** The name a SELECT item gets as a result column. */
export function columnName(node: Expr): string {
  if (node.node === 'Alias') return node.alias;
  if (node.node === 'Field') {
    const last = node.chain[node.chain.length - 1];
    // `properties.$browser` keeps its path from `properties`/`person`/`session` on; `e.event` is `event`.
    const at = node.chain.findIndex((part, i) => i < node.chain.length - 1 && (part === 'properties' || part === 'person' || part === 'session'));
    if (at >= 0) return printHogQL({ node: 'Field', chain: node.chain.slice(at) });
    return String(last ?? '');
  }
  return printHogQL(node);
}
