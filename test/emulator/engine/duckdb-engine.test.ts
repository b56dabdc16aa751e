import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryFailure } from '../support/query-failure';
import { createDuckDbEngine, toPostHogTypes } from '../../posthog-emulator/engine/duckdb-engine';
import { type HogQLQueryError, type HogQLEngine } from '../../posthog-emulator/engine/types';
import { NOW, P1, P2, P3, TZ, dataset, event } from './fixtures';

let engine: HogQLEngine;

beforeAll(async () => {
  engine = await createDuckDbEngine(dataset(), { now: () => NOW });
});

afterAll(async () => {
  await engine.close();
});

async function rows(query: string, values?: Record<string, unknown>): Promise<unknown[][]> {
  return (await engine.query({ query, values })).results;
}

const failure = (query: string, values?: Record<string, unknown>): Promise<HogQLQueryError> => queryFailure(engine, query, values);

describe('metrics on a hand-built project (America/New_York, both DST changes)', () => {
  it('DAU per project-local day: local midnights, persons not distinct_ids', async () => {
    const result = await engine.query({
      query: 'SELECT toStartOfDay(timestamp) AS day, uniq(person_id) FROM events GROUP BY day ORDER BY day',
    });
    expect(result.columns).toEqual(['day', 'uniq(person_id)']);
    expect(result.types).toEqual([`DateTime('${TZ}')`, 'UInt64']);
    expect(result.results).toEqual([
      ['2026-03-06T00:00:00-05:00', 1],
      ['2026-03-07T00:00:00-05:00', 2],
      ['2026-03-08T00:00:00-05:00', 3],
      ['2026-03-09T00:00:00-04:00', 1],
      ['2026-11-01T00:00:00-04:00', 2],
      ['2026-11-02T00:00:00-05:00', 1],
    ]);
    // Counting distinct_ids instead of persons is visibly wrong on 03-07 (anonymous + identified).
    expect(await rows("SELECT uniq(distinct_id) FROM events WHERE toDate(timestamp) = '2026-03-07'")).toEqual([[3]]);
  });

  it('the same buckets in UTC with an explicit toTimeZone', async () => {
    expect(
      await rows("SELECT toStartOfDay(toTimeZone(timestamp, 'UTC')) AS day, uniq(person_id) FROM events GROUP BY day ORDER BY day"),
    ).toEqual([
      ['2026-03-07T00:00:00Z', 2],
      ['2026-03-08T00:00:00Z', 2],
      ['2026-03-09T00:00:00Z', 1],
      ['2026-11-01T00:00:00Z', 1],
      ['2026-11-02T00:00:00Z', 1],
    ]);
  });

  it('rolling 2-day active persons with arrayJoin(range(n))', async () => {
    const query = `
      SELECT day, uniq(person_id) AS active
      FROM (SELECT DISTINCT person_id, toStartOfDay(timestamp) + toIntervalDay(arrayJoin(range(2))) AS day FROM events)
      GROUP BY day ORDER BY day`;
    expect(await rows(query)).toEqual([
      ['2026-03-06T00:00:00-05:00', 1],
      ['2026-03-07T00:00:00-05:00', 2],
      ['2026-03-08T00:00:00-05:00', 3],
      ['2026-03-09T00:00:00-04:00', 3],
      ['2026-03-10T00:00:00-04:00', 1],
      ['2026-11-01T00:00:00-04:00', 2],
      ['2026-11-02T00:00:00-05:00', 2],
      ['2026-11-03T00:00:00-05:00', 1],
    ]);
  });

  it('rolling window with ARRAY JOIN and a lambda over the row', async () => {
    const query = `
      SELECT day, uniq(person_id) FROM (SELECT DISTINCT person_id, toDate(timestamp) AS d FROM events)
      ARRAY JOIN arrayMap(i -> d + i, range(2)) AS day
      WHERE day <= '2026-03-10' GROUP BY day ORDER BY day`;
    expect(await rows(query)).toEqual([
      ['2026-03-06', 1],
      ['2026-03-07', 2],
      ['2026-03-08', 3],
      ['2026-03-09', 3],
      ['2026-03-10', 1],
    ]);
  });

  it('sessions: count, mean duration, per local start day', async () => {
    expect(await rows('SELECT count(), avg($session_duration) FROM sessions')).toEqual([[7, 10290 / 7]]);
    expect(
      await rows('SELECT toDate($start_timestamp) AS day, count(), sum($session_duration) FROM sessions GROUP BY day ORDER BY day'),
    ).toEqual([
      ['2026-03-06', 1, 3000],
      ['2026-03-07', 1, 30],
      ['2026-03-08', 3, 3660],
      ['2026-11-01', 2, 3600],
    ]);
    expect(
      await rows(
        "SELECT $entry_current_url, $entry_pathname, $end_pathname, $entry_hostname, $pageview_count, $is_bounce, arraySort($urls) FROM sessions WHERE session_id = 's1'",
      ),
    ).toEqual([['https://app.x.io/a?x=1', '/a', '/c', 'app.x.io', 3, 0, ['https://app.x.io/a?x=1', 'https://app.x.io/b', 'https://app.x.io/c']]]);
    expect(await rows("SELECT $is_bounce FROM sessions WHERE session_id = 's3'")).toEqual([[1]]);
  });

  it('sessions through the events.session lazy join', async () => {
    expect(
      await rows("SELECT event, session.$session_duration FROM events WHERE event = 'button_clicked'"),
    ).toEqual([['button_clicked', 60]]);
  });

  it('persons and person properties, typed like PostHog property definitions', async () => {
    expect(await rows('SELECT id, properties.email, properties.age, properties.beta FROM persons ORDER BY id')).toEqual([
      [P1, 'one@x.io', 31, true],
      [P2, 'two@x.io', 25, false],
      [P3, null, null, null],
    ]);
    expect(
      await rows("SELECT person.properties.plan AS plan, uniq(person_id) FROM events GROUP BY plan ORDER BY plan"),
    ).toEqual([
      ['free', 2],
      ['pro', 1],
    ]);
    expect(await rows('SELECT sum(properties.amount), countIf(properties.beta_ui) FROM events')).toEqual([[7.5, 1]]);
  });

  it('now() is the pinned clock in the project zone; today() is the UTC date like ClickHouse', async () => {
    const result = await engine.query({ query: 'SELECT now(), toDate(now()), today(), yesterday()' });
    expect(result.results).toEqual([['2026-03-08T22:00:00-04:00', '2026-03-08', '2026-03-09', '2026-03-08']]);
    expect(result.types).toEqual([`DateTime64(6, '${TZ}')`, 'Date', 'Date', 'Date']);
  });
});

describe('result shape and row limits (PostHog: 100 by default with hasMore, at most 50 000)', () => {
  let big: HogQLEngine;

  beforeAll(async () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      event(P1, 'd1', 'tick', new Date(Date.parse('2026-05-01T12:00:00Z') + i * 1000).toISOString(), { n: i }),
    );
    big = await createDuckDbEngine(dataset({ events: many }), { now: () => NOW });
  });

  afterAll(async () => {
    await big.close();
  });

  it('no LIMIT: first 100 rows, hasMore, limit 100, offset 0', async () => {
    const result = await big.query({ query: 'SELECT properties.n FROM events ORDER BY timestamp' });
    expect(result.results).toHaveLength(100);
    expect(result.hasMore).toBe(true);
    expect(result.limit).toBe(100);
    expect(result.offset).toBe(0);
    expect(result.results[99]).toEqual([99]);
    expect(result.columns).toEqual(['properties.n']);
    expect(result.types).toEqual(['Nullable(Float64)']);
    expect(toPostHogTypes(result)).toEqual([['properties.n', 'Nullable(Float64)']]);
    expect(result.sql).toContain('LIMIT 101');
  });

  it('no LIMIT and ≤ 100 rows: hasMore false', async () => {
    const result = await big.query({ query: 'SELECT count() FROM events' });
    expect(result.results).toEqual([[250]]);
    expect(result.hasMore).toBe(false);
  });

  it('an explicit LIMIT is honoured (with OFFSET); one above 50 000 is capped', async () => {
    const limited = await big.query({ query: 'SELECT properties.n FROM events ORDER BY timestamp LIMIT 200 OFFSET 10' });
    expect(limited.results).toHaveLength(200);
    expect(limited.results[0]).toEqual([10]);
    expect(limited.hasMore).toBe(false);
    expect(limited.limit).toBe(200);
    expect(limited.offset).toBe(10);
    const capped = await big.query({ query: 'SELECT number FROM (SELECT arrayJoin(range(60000)) AS number) LIMIT 70000' });
    expect(capped.results).toHaveLength(50_000);
    expect(capped.limit).toBe(50_000);
  });

  it('OFFSET without LIMIT is replaced by 0, as PostHog’s paginator does', async () => {
    const result = await big.query({ query: 'SELECT properties.n FROM events ORDER BY timestamp OFFSET 5' });
    expect(result.results[0]).toEqual([0]);
    expect(result.results).toHaveLength(100);
  });

  it('UNION ALL branches each get the default LIMIT 100', async () => {
    const result = await big.query({ query: 'SELECT 1 AS x FROM events UNION ALL SELECT 2 FROM events' });
    expect(result.results).toHaveLength(200);
  });
});

describe('append', () => {
  it('late events, a new day, a new property and an updated person change the answers', async () => {
    const local = await createDuckDbEngine(dataset(), { now: () => NOW });
    try {
      const dau = 'SELECT toDate(timestamp) AS day, uniq(person_id) FROM events GROUP BY day ORDER BY day';
      const before = await local.query({ query: dau });
      expect(before.results[3]).toEqual(['2026-03-09', 1]);
      // Read uuid and the whole properties JSON first so the lazily materialised columns exist before the append.
      expect((await local.query({ query: 'SELECT count(DISTINCT uuid) FROM events' })).results).toEqual([[15]]);
      await local.append(
        [
          event(P3, 'd3', '$pageview', '2026-03-09T15:00:00Z', { $session_id: 's8', plan_tier: 'gold' }),
          event(P1, 'd1', 'late_event', '2026-03-10T15:00:00Z', { $session_id: 's9' }),
        ],
        [{ id: P3, created_at: Date.parse('2026-03-03T12:00:00Z'), distinct_ids: ['d3'], properties: { plan: 'pro' } }],
      );
      const after = await local.query({ query: dau });
      expect(after.results.slice(3, 5)).toEqual([
        ['2026-03-09', 2],
        ['2026-03-10', 1],
      ]);
      expect((await local.query({ query: "SELECT properties.plan_tier FROM events WHERE event = '$pageview' AND toDate(timestamp) = '2026-03-09' AND person_id = {p}", values: { p: P3 } })).results).toEqual([['gold']]);
      expect((await local.query({ query: 'SELECT count(DISTINCT uuid), count() FROM events' })).results).toEqual([[17, 17]]);
      expect((await local.query({ query: "SELECT properties FROM events WHERE event = 'late_event'" })).results).toEqual([['{"$session_id":"s9"}']]);
      expect((await local.query({ query: 'SELECT properties.plan FROM persons WHERE id = {p}', values: { p: P3 } })).results).toEqual([['pro']]);
      expect((await local.query({ query: 'SELECT count() FROM persons' })).results).toEqual([[3]]);
      expect((await local.query({ query: 'SELECT count() FROM sessions' })).results).toEqual([[9]]);
    } finally {
      await local.close();
    }
  });
});

describe('errors', () => {
  it('DuckDB execution errors become short execution errors', async () => {
    const error = await failure('SELECT event, count() FROM events GROUP BY person_id');
    expect(error.kind).toBe('execution');
    expect(error.message).not.toContain('LINE 1');
    expect(error.message).not.toContain('\n');
  });

  it('syntax, resolution and unsupported errors keep their kind', async () => {
    expect((await failure('SELEC 1')).kind).toBe('syntax');
    expect((await failure('SELECT nope FROM events')).message).toBe('Unable to resolve field: nope');
    expect((await failure('SELECT 1 FROM nope')).message).toBe('Unknown table "nope".');
    expect((await failure('SELECT windowFunnel(86400)(timestamp, event = \'a\') FROM events')).kind).toBe('unsupported');
  });

  it('concurrent queries and an append are serialised', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => rows('SELECT count() FROM events')));
    expect(results.every((r) => r[0]?.[0] === 15)).toBe(true);
  });
});
