import { describe, expect, it } from 'vitest';
import { HogQLQueryError } from '../../posthog-emulator/engine/types';
import { HogQLSyntaxError, parseHogQLSelect } from '../../posthog-emulator/hogql/ast';

async function parseError(query: string): Promise<HogQLQueryError> {
  try {
    await parseHogQLSelect(query);
  } catch (error) {
    if (error instanceof HogQLQueryError) return error;
    throw error;
  }
  throw new Error(`expected "${query}" to fail`);
}

describe('parsing with PostHog’s parser', () => {
  it('builds the typed AST of a metric query', async () => {
    const ast = await parseHogQLSelect(
      "SELECT toStartOfDay(timestamp) AS day, uniq(person_id) FROM events WHERE event = {e} AND timestamp > now() - INTERVAL 7 DAY GROUP BY day ORDER BY day DESC LIMIT 10",
    );
    expect(ast.node).toBe('SelectQuery');
    if (ast.node !== 'SelectQuery') return;
    expect(ast.select[0]).toMatchObject({ node: 'Alias', alias: 'day', expr: { node: 'Call', name: 'toStartOfDay' } });
    expect(ast.from).toMatchObject({ table: { node: 'Field', chain: ['events'] }, alias: null, next: null });
    expect(ast.where).toMatchObject({ node: 'And' });
    expect(ast.groupBy).toEqual([{ node: 'Field', chain: ['day'] }]);
    expect(ast.orderBy[0]).toMatchObject({ order: 'DESC' });
    expect(ast.limit).toEqual({ node: 'Constant', value: 10 });
    const where = ast.where;
    if (where?.node !== 'And') return;
    expect(where.exprs[0]).toMatchObject({ node: 'CompareOperation', op: '==', right: { node: 'Placeholder', name: 'e' } });
    expect(where.exprs[1]).toMatchObject({ right: { right: { node: 'Call', name: 'toIntervalDay' } } });
  });

  it('parses joins, CTEs, unions, lambdas, window functions', async () => {
    const union = await parseHogQLSelect('WITH x AS (SELECT 1 AS a) SELECT a FROM x UNION ALL SELECT 2');
    expect(union.node).toBe('SelectSetQuery');
    const q = await parseHogQLSelect(
      'SELECT arrayMap(x -> x + 1, [1]), row_number() OVER (PARTITION BY a ORDER BY b) FROM t1 AS a LEFT JOIN t2 b ON a.id = b.id',
    );
    if (q.node !== 'SelectQuery') throw new Error('expected a SelectQuery');
    expect(q.select[0]).toMatchObject({ node: 'Call', args: [{ node: 'Lambda', args: ['x'] }, { node: 'Array' }] });
    expect(q.select[1]).toMatchObject({ node: 'WindowFunction', name: 'row_number' });
    expect(q.from?.next).toMatchObject({ joinType: 'LEFT JOIN', alias: 'b', constraint: { type: 'ON' } });
  });

  it('a syntax error is a HogQLQueryError of kind syntax with the position', async () => {
    const error = await parseError('SELECT 1 +');
    expect(error).toBeInstanceOf(HogQLSyntaxError);
    expect(error.kind).toBe('syntax');
    expect(error.message).toContain("no viable alternative at input 'select 1 +'".replace('select', 'SELECT'));
    expect(error.message).toContain('position 10');
    expect((error as HogQLSyntaxError).start).toBe(10);
    expect((await parseError('SELEC 1')).message).toContain("mismatched input 'SELEC'");
    expect((await parseError('')).kind).toBe('syntax');
  });

  it('clauses the emulator does not model are refused by name', async () => {
    expect((await parseError('SELECT 1 SETTINGS max_threads = 1')).kind).toBe('unsupported');
    expect((await parseError('SELECT a FROM t LIMIT 1 BY a')).message).toContain('LIMIT … BY');
    expect((await parseError('SELECT a FROM t QUALIFY a > 1')).message).toContain('QUALIFY');
  });
});
