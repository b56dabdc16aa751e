import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFailure } from '../support/query-failure';
import { createDuckDbEngine } from '../../posthog-emulator/engine/duckdb-engine';
import { type HogQLQueryError, type HogQLEngine } from '../../posthog-emulator/engine/types';
import { parseHogQLSelect } from '../../posthog-emulator/hogql/ast';
import { translateHogQL } from '../../posthog-emulator/hogql/translate';
import { NOW, ODD_EVENT, TZ, dataset } from '../engine/fixtures';

let engine: HogQLEngine;

beforeAll(async () => {
  engine = await createDuckDbEngine(dataset(), { now: () => NOW });
});

afterAll(async () => {
  await engine.close();
});

async function one(query: string, values?: Record<string, unknown>): Promise<unknown[]> {
  const result = await engine.query({ query, values });
  expect(result.results).toHaveLength(1);
  return result.results[0] ?? [];
}

const failure = (query: string, values?: Record<string, unknown>): Promise<HogQLQueryError> => queryFailure(engine, query, values);

async function sqlOf(query: string, values?: Record<string, unknown>): Promise<string> {
  return translateHogQL(await parseHogQLSelect(query), { timezone: TZ, nowMs: NOW, values }).sql;
}

describe('placeholders', () => {
  const nasty = [
    ODD_EVENT,
    "'; DROP TABLE events; --",
    "\\'); SELECT 1; --",
    'quote \' and "double" and `back` and \\ and \\\\',
    'ünïcødé ✓ 🦔 日本語',
    'line\nbreak\ttab',
  ];

  it.each(nasty)('a value cannot break out of its literal: %s', async (value) => {
    const sql = await sqlOf('SELECT count() FROM events WHERE event = {e}', { e: value });
    // Exactly one literal, holding the value with quotes doubled: nothing of it reaches the SQL as code.
    expect(sql).toContain(`= '${value.replace(/'/g, "''")}'`);
    expect(await one('SELECT count(), {e} FROM events WHERE event = {e}', { e: value })).toEqual([
      value === ODD_EVENT ? 1 : 0,
      value,
    ]);
  });

  it('numbers, booleans, null and arrays become typed constants', async () => {
    expect(await one('SELECT {n} + 1, {f} * 2, {b}, {z}, {arr}', { n: 41, f: 1.25, b: true, z: null, arr: [1, 2] })).toEqual([
      42,
      2.5,
      true,
      null,
      [1, 2],
    ]);
    expect(await one("SELECT count() FROM events WHERE event IN {names}", { names: ['signed_up', 'button_clicked'] })).toEqual([2]);
  });

  it('a missing placeholder is an error naming it', async () => {
    const error = await failure('SELECT {missing} FROM events', { present: 1 });
    expect(error.kind).toBe('resolution');
    expect(error.message).toContain('{missing}');
  });

  it('objects are refused as values', async () => {
    expect((await failure('SELECT {o}', { o: { a: 1 } })).kind).toBe('type');
  });
});

describe('ClickHouse semantics that differ from DuckDB', () => {
  it('/ on integers is Float64; intDiv truncates towards zero; % keeps the dividend sign', async () => {
    const result = await engine.query({ query: 'SELECT 7 / 2, 6 / 3, intDiv(7, 2), intDiv(-7, 2), -7 % 2, 1 / 0' });
    expect(result.results).toEqual([[3.5, 2, 3, -3, -1, null]]);
    expect(result.types.slice(0, 3)).toEqual(['Nullable(Float64)', 'Nullable(Float64)', 'Int64']);
  });

  it('countIf, sumIf, avgIf, uniq, uniqIf, count(DISTINCT)', async () => {
    expect(
      await one(`SELECT countIf(event = '$pageview'), sumIf(1, event = 'signed_up'), avgIf(properties.amount, isNotNull(properties.amount)),
        uniq(person_id), uniqIf(person_id, event = '$pageview'), count(DISTINCT distinct_id), uniqExact(person_id, event) FROM events`),
    ).toEqual([12, 1, 3.75, 3, 3, 4, 6]);
  });

  it('aggregates over no rows return ClickHouse defaults, not NULL', async () => {
    expect(await one("SELECT count(), sum(1), min(event), max(timestamp), avg(1), groupArray(event) FROM events WHERE event = 'none'")).toEqual([
      0,
      0,
      '',
      '1969-12-31T19:00:00-05:00',
      null,
      [],
    ]);
  });

  it('round is banker’s rounding for floats; lower/upper are ASCII-only, the UTF8 variants are not', async () => {
    expect(await one("SELECT round(2.5), round(3.5), round(2.675, 2), lower('ÀB'), lowerUTF8('ÀB'), length('✓'), lengthUTF8('✓')")).toEqual([
      2,
      4,
      2.68,
      'Àb',
      'àb',
      3,
      1,
    ]);
  });

  it('comparisons are UInt8 0/1, Bool literals are true/false', async () => {
    const result = await engine.query({ query: 'SELECT 1 = 1, 1 > 2, true, NOT 0' });
    expect(result.results).toEqual([[1, 0, true, 1]]);
    expect(result.types).toEqual(['UInt8', 'UInt8', 'Bool', 'UInt8']);
  });

  it('NULLs never match IN / NOT IN (transform_null_in = 0); x = NULL is isNull(x)', async () => {
    expect(await one('SELECT NULL IN (1, 2), NULL NOT IN (1, 2), 1 NOT IN (2, NULL), properties.nope = NULL FROM events LIMIT 1')).toEqual([0, 0, 1, 1]);
  });

  it('LEFT JOIN misses give type defaults (join_use_nulls = 0), Nullable columns stay NULL', async () => {
    expect(
      await one(`SELECT p.id, p.created_at, p.properties.email FROM events e LEFT JOIN persons p ON p.id = e.distinct_id LIMIT 1`),
    ).toEqual(['00000000-0000-0000-0000-000000000000', '1969-12-31T19:00:00-05:00', null]);
  });

  it('a string property compared with a number is a type error, like ClickHouse', async () => {
    expect((await failure('SELECT count() FROM events WHERE event = 1')).kind).toBe('type');
  });
});

describe('dates and timezones', () => {
  it('toStartOfDay buckets on local midnight across the spring-forward day (23 h)', async () => {
    expect(
      await one(`SELECT toStartOfDay(toDateTime('2026-03-08 01:30:00')), toStartOfDay(toDateTime('2026-03-08 03:30:00')),
        toStartOfDay(toDateTime('2026-03-08 12:00:00')) + toIntervalDay(1),
        dateDiff('second', toStartOfDay(toDateTime('2026-03-08 12:00:00')), toStartOfDay(toDateTime('2026-03-09 12:00:00')))`),
    ).toEqual(['2026-03-08T00:00:00-05:00', '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 23 * 3600]);
  });

  it('… and across the fall-back day (25 h), including the repeated 01:00 hour', async () => {
    expect(
      await one(`SELECT toStartOfDay(toDateTime('2026-11-01 12:00:00')), toStartOfDay(toDateTime('2026-11-01 12:00:00')) + toIntervalDay(1),
        dateDiff('second', toStartOfDay(toDateTime('2026-11-01 12:00:00')), toStartOfDay(toDateTime('2026-11-02 12:00:00'))),
        toStartOfHour(toTimeZone(toDateTime('2026-11-01T06:30:00Z'), '${TZ}'))`),
    ).toEqual(['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 25 * 3600, '2026-11-01T01:00:00-05:00']);
  });

  it('events on the DST days land on their local dates', async () => {
    const result = await engine.query({
      query: "SELECT toDate(timestamp) AS d, count() FROM events WHERE d IN ('2026-03-08', '2026-11-01') GROUP BY d ORDER BY d",
    });
    expect(result.results).toEqual([
      ['2026-03-08', 4],
      ['2026-11-01', 3],
    ]);
  });

  it('toTimeZone(x, "UTC") overrides the project zone; toDateTime re-applies it', async () => {
    expect(
      await one(`SELECT toTimeZone(toDateTime('2026-03-08 23:30:00'), 'UTC'), toDate(toTimeZone(toDateTime('2026-03-08 23:30:00'), 'UTC')),
        toDateTime(toTimeZone(toDateTime('2026-03-08 23:30:00'), 'UTC'))`),
    ).toEqual(['2026-03-09T03:30:00Z', '2026-03-09', '2026-03-08T23:30:00-04:00']);
  });

  it('toStartOfWeek (Sunday by default, mode 1 Monday), toStartOfMonth, toMonday are Dates', async () => {
    const result = await engine.query({
      query: "SELECT toStartOfWeek(toDateTime('2026-03-11 12:00:00')), toStartOfWeek(toDate('2026-03-11'), 1), toMonday(toDate('2026-03-08')), toStartOfMonth(toDateTime('2026-03-31 23:30:00'))",
    });
    expect(result.results).toEqual([['2026-03-08', '2026-03-09', '2026-03-02', '2026-03-01']]);
    expect(result.types).toEqual(['Date', 'Date', 'Date', 'Date']);
  });

  it('string literals compared with DateTimes are read in the DateTime’s zone', async () => {
    expect(await one("SELECT count() FROM events WHERE timestamp >= '2026-03-08' AND timestamp < '2026-03-09'")).toEqual([4]);
    expect(await one("SELECT count() FROM events WHERE timestamp >= '2026-03-08T00:00:00Z' AND timestamp < '2026-03-09T00:00:00Z'")).toEqual([3]);
    expect(await one("SELECT count() FROM events WHERE toDate(timestamp) BETWEEN '2026-03-07' AND '2026-03-08'")).toEqual([9]);
  });

  it('interval arithmetic, dateAdd/addDays/subtractDays, dateDiff, toUnixTimestamp', async () => {
    expect(
      await one(`SELECT now() - INTERVAL 7 DAY, toDate(now()) - INTERVAL 1 MONTH, addDays(toDate('2026-03-07'), 2), subtractDays(toDate('2026-03-07'), 7),
        dateAdd('day', 1, toDate('2026-02-28')), date_add(toDateTime('2026-03-07 12:00:00'), toIntervalHour(24)),
        dateDiff('day', toDateTime('2026-03-07 23:59:00'), toDateTime('2026-03-08 00:01:00')), toUnixTimestamp(toDateTime('2026-01-01T00:00:00Z')),
        dateDiff('millisecond', toDateTime('2026-03-08 01:00:00'), toDateTime('2026-03-08 03:00:01.5'))`),
    ).toEqual([
      '2026-03-01T22:00:00-05:00',
      '2026-02-08',
      '2026-03-09',
      '2026-02-28',
      '2026-03-01',
      '2026-03-08T13:00:00-04:00',
      1,
      1767225600,
      3600_000 + 1500,
    ]);
  });
});

describe('query constructs', () => {
  it('WHERE, GROUP BY, HAVING, ORDER BY with aliases used before and after', async () => {
    const result = await engine.query({
      query: "SELECT person_id AS p, count() AS c FROM events WHERE c2 > 0 OR 1 = 1 GROUP BY p HAVING c > 3 ORDER BY c DESC".replace('c2 > 0 OR ', ''),
    });
    expect(result.results).toEqual([
      ['11111111-1111-4111-8111-111111111111', 6],
      ['22222222-2222-4222-8222-222222222222', 5],
      ['33333333-3333-4333-8333-333333333333', 4],
    ]);
    expect(await one("SELECT toDate(timestamp) AS d, count() FROM events WHERE d = '2026-03-07' GROUP BY d")).toEqual(['2026-03-07', 5]);
  });

  it('DISTINCT, LIKE/ILIKE with escapes, BETWEEN, IS NULL, NOT, OR, multiIf, if, coalesce', async () => {
    expect(
      await one(`SELECT count(DISTINCT event), countIf(event LIKE '$page%'), countIf(event ILIKE '%CLICK%'), countIf(event LIKE '%\\\\_%'),
        countIf(properties.amount BETWEEN 1 AND 10), countIf(properties.amount IS NULL), countIf(NOT (event = '$pageview' OR event = 'signed_up')),
        max(multiIf(event = 'signed_up', 2, event = '$pageview', 1, 0)), max(if(properties.amount > 3, 'big', 'small')), coalesce(NULL, properties.nope, 'x')
        FROM events`),
    ).toEqual([4, 12, 2, 2, 2, 13, 2, 2, 'small', 'x']);
  });

  it('subqueries in FROM and IN, CTEs, UNION ALL', async () => {
    expect(await one("SELECT count() FROM (SELECT person_id FROM events WHERE event = '$pageview') WHERE person_id IN (SELECT id FROM persons WHERE properties.plan = 'free')")).toEqual([6]);
    expect(
      await one(`WITH firsts AS (SELECT person_id, min(timestamp) AS first_seen FROM events GROUP BY person_id)
        SELECT count(), min(first_seen) FROM firsts`),
    ).toEqual([3, '2026-03-06T23:30:00-05:00']);
    expect(await one('WITH totals AS (SELECT count() AS c FROM events) SELECT c FROM totals')).toEqual([15]);
    const union = await engine.query({ query: "SELECT k, v FROM (SELECT 'a' AS k, 1 AS v UNION ALL SELECT 'b', 2.5) ORDER BY k" });
    expect(union.columns).toEqual(['k', 'v']);
    expect(union.results).toEqual([
      ['a', 1],
      ['b', 2.5],
    ]);
  });

  it('INNER and LEFT JOIN with ON, and the person.* lazy join', async () => {
    expect(
      await one(`SELECT count(), uniq(p.properties.email) FROM events e INNER JOIN persons p ON p.id = e.person_id WHERE p.properties.plan = 'pro'`),
    ).toEqual([6, 1]);
    expect(await one("SELECT countIf(person.properties.beta = true), count(person.created_at) FROM events")).toEqual([6, 15]);
  });

  it('arrays, lambdas, tuples, arrayJoin', async () => {
    expect(
      await one(`SELECT range(3), range(1, 4), has([1, 2], 2), arrayMap(x -> x * 2, [1, 2, 3]), arrayFilter(x -> x > 1, [1, 2, 3]),
        length([1, 2]), [1, 2, 3][2], indexOf(['a', 'b'], 'b'), tuple(1, 'a'), (1, 'b').2, arrayStringConcat(['a', 'b'], '-')`),
    ).toEqual([[0, 1, 2], [1, 2, 3], 1, [2, 4, 6], [2, 3], 2, 2, 2, [1, 'a'], 'b', 'a-b']);
    const joined = await engine.query({ query: 'SELECT arrayJoin([1, 2, 3]) AS n ORDER BY n DESC' });
    expect(joined.results).toEqual([[3], [2], [1]]);
    expect(await one("SELECT length(groupArray(event)), arraySort(groupUniqArray(properties.$current_url)) FROM events WHERE person_id = {p} AND properties.$session_id = 's1'", { p: '11111111-1111-4111-8111-111111111111' })).toEqual([3, ['https://app.x.io/a?x=1', 'https://app.x.io/b', 'https://app.x.io/c']]);
  });

  it('comparison functions are the operators', async () => {
    expect(
      await one("SELECT countIf(equals(event, 'signed_up')), countIf(in(event, ('signed_up', 'button_clicked'))), countIf(notIn(event, ('$pageview'))), countIf(like(event, '%click%')), greater(2, 1) FROM events"),
    ).toEqual([1, 2, 3, 2, 1]);
  });

  it('window functions', async () => {
    const result = await engine.query({
      query: "SELECT event, row_number() OVER (PARTITION BY person_id ORDER BY timestamp) AS n, count() OVER (PARTITION BY person_id) AS c FROM events WHERE person_id = {p} ORDER BY timestamp LIMIT 2",
      values: { p: '22222222-2222-4222-8222-222222222222' },
    });
    expect(result.results).toEqual([
      ['signed_up', 1, 5],
      ['$pageview', 2, 5],
    ]);
  });

  it('string functions and conversions', async () => {
    expect(
      await one(`SELECT concat('a', NULL, 1, 'b'), toString(1.0), toString(toDateTime('2026-03-08 03:30:00')), toInt('42'), toInt('x'), toFloat('1.5'),
        startsWith('hello', 'he'), replaceAll('a-b-c', '-', '+'), splitByChar(',', 'a,b'), trim('  x  '), upper('abc'), toString(true)`),
    ).toEqual(['a1b', '1', '2026-03-08 03:30:00', 42, null, 1.5, 1, 'a+b+c', ['a', 'b'], 'x', 'ABC', 'true']);
  });

  it('column names follow PostHog: alias, else the expression printed as HogQL', async () => {
    const result = await engine.query({ query: "SELECT e.event, properties.$session_id, count() * 2, event = 'x', toDate(timestamp) AS d FROM events e GROUP BY e.event, properties.$session_id, d LIMIT 1" });
    expect(result.columns).toEqual(['event', 'properties.$session_id', 'multiply(count(), 2)', "equals(event, 'x')", 'd']);
  });
});

describe('refusals: never a silently different answer', () => {
  it.each([
    ['SELECT windowFunnel(86400)(timestamp, event = \'a\') FROM events', "windowFunnel(...)"],
    ['SELECT topK(3)(event) FROM events', 'topK(...)'],
    ['SELECT sparkline(1)', 'sparkline(...)'],
    ['SELECT quantiles(0.5, 0.9)(1)', 'quantiles(...)'],
    ['SELECT formatDateTime(now(), \'%Y\')', 'formatDateTime(...)'],
  ])('valid HogQL the emulator does not implement: %s', async (query, name) => {
    const error = await failure(query);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain(name);
    expect(error.message).toContain('not supported by the emulator');
  });

  it('not HogQL at all: PostHog’s message, with its hint', async () => {
    expect((await failure('SELECT foo(1)')).message).toBe("Unsupported function call 'foo(...)'. Perhaps you meant 'floor(...)'?");
    expect((await failure('SELECT zzzzzzzz()')).message).toBe("Unsupported function call 'zzzzzzzz(...)'");
    expect((await failure('SELECT COUNTIF(1) FROM events')).message).toContain("Unsupported function call 'COUNTIF(...)'");
    // Not in PostHog's exposed list either (PostHog's DuckDB mapping lists them as unsupported too).
    expect((await failure("SELECT retention(event = 'a', event = 'b') FROM events")).message).toMatch(/^Unsupported function call 'retention\(\.\.\.\)'/);
    expect((await failure("SELECT sequenceMatch('(?1)(?2)')(timestamp, event = 'a', event = 'b') FROM events")).message).toMatch(/^Unsupported function call 'sequenceMatch/);
  });

  it('case-insensitive names only where PostHog allows them', async () => {
    expect(await one('SELECT COUNT(), ISNULL(NULL), IfNull(NULL, 2) FROM events')).toEqual([15, 1, 2]);
  });

  it.each([
    ['SELECT event FROM events LIMIT 1 BY person_id', 'LIMIT … BY'],
    ['SELECT event, count() FROM events GROUP BY event WITH TOTALS', 'WITH TOTALS'],
    ['SELECT event FROM events ORDER BY event NULLS FIRST', 'NULLS FIRST'],
    ['SELECT event FROM events FINAL', 'FINAL'],
    ['SELECT event FROM events SAMPLE 0.1', 'SAMPLE'],
    ['SELECT n FROM events LEFT ARRAY JOIN [1] AS n', 'LEFT ARRAY JOIN'],
    ['SELECT 1 FROM events e RIGHT JOIN persons p ON p.id = e.person_id', 'RIGHT JOIN'],
    ['SELECT lagInFrame(event) OVER (ORDER BY timestamp) FROM events', 'lagInFrame(...)'],
    ['SELECT 1 FROM groups', 'groups'],
    ['SELECT $channel_type FROM sessions', '$channel_type'],
    ['SELECT pdi.person_id FROM events', 'pdi'],
  ])('%s', async (query, name) => {
    const error = await failure(query);
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain(name);
  });

  it('resolution errors like PostHog', async () => {
    expect((await failure('SELECT nope FROM events')).message).toBe('Unable to resolve field: nope');
    expect((await failure('SELECT id FROM events e JOIN persons p ON p.id = e.person_id CROSS JOIN persons q')).message).toContain('Ambiguous');
    expect((await failure('SELECT 1 FROM nope')).message).toBe('Unknown table "nope".');
    expect((await failure('SELECT 1 AS a, 2 AS a')).message).toBe('Cannot redefine an alias with the name: a');
  });

  it('argument counts', async () => {
    expect((await failure('SELECT toStartOfDay()')).message).toBe("Function 'toStartOfDay' expects at least 1 argument, found 0");
    expect((await failure('SELECT sum(1, 2)')).message).toBe("Aggregation 'sum' expects 1 argument, found 2");
    expect((await failure('SELECT sum(count()) FROM events')).message).toContain('cannot be nested');
  });
});
