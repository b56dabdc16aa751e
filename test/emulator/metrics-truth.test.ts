/**
 * The emulator's HogQL answers, for one query per Sightline metric, equal the independently
 * computed ground truth — over a non-UTC project whose window contains a DST change
 * (America/New_York, 2026-11-01 is a 25-hour day).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../posthog-emulator/dataset/generator';
import { computeTruth, type TruthDay } from '../posthog-emulator/dataset/ground-truth';
import type { Dataset } from '../posthog-emulator/dataset/types';
import { createDuckDbEngine } from '../posthog-emulator/engine/duckdb-engine';
import type { HogQLEngine } from '../posthog-emulator/engine/types';

const TZ = 'America/New_York';
const END_DAY = '2026-11-20';
const DST_DAY = '2026-11-01';
const CUSTOM = ['signed_up', 'button_clicked', "O'Brien \"quoted\" ✓"];
const CONVERSION = { from: 'signed_up', to: 'subscription_started', windowDays: 7 };

let dataset: Dataset;
let truth: Map<string, TruthDay>;
let engine: HogQLEngine;

beforeAll(async () => {
  dataset = generateDataset({ seed: 2026, timezone: TZ, endDay: END_DAY, days: 45, targetDailyActive: 120 });
  truth = new Map(computeTruth(dataset, { customEvents: CUSTOM, conversion: CONVERSION }).map((d) => [d.day, d]));
  engine = await createDuckDbEngine(dataset, { now: () => Date.parse(`${END_DAY}T23:00:00Z`) });
});
afterAll(async () => engine.close());

async function rows(query: string, values?: Record<string, unknown>): Promise<unknown[][]> {
  const result = await engine.query({ query, values });
  expect(result.hasMore).toBe(false);
  return result.results;
}

/** Every day of the window, with `pick` from the truth, as `[day, …values]` rows. */
function expected(pick: (d: TruthDay) => unknown[]): unknown[][] {
  return [...truth.values()].map((d) => [d.day, ...pick(d)]);
}

describe('emulator HogQL answers = ground truth', () => {
  it('the window contains the DST day and the planted incidents', () => {
    expect(truth.has(DST_DAY)).toBe(true);
    expect(truth.get(DST_DAY)!.dau).toBeGreaterThan(0);
    expect(truth.has(dataset.incidents.dauDropDay)).toBe(true);
  });

  it('DAU (persons, not distinct_ids), events, pageviews and exceptions per local day', async () => {
    const got = await rows(`
      SELECT toDate(timestamp) AS day, uniq(person_id), count(), countIf(event = '$pageview'), countIf(event = '$exception')
      FROM events GROUP BY day ORDER BY day LIMIT 1000`);
    expect(got).toEqual(expected((d) => [d.dau, d.events, d.pageviews, d.exceptions]));
    // Counting distinct_id instead would be visibly wrong:
    const byDistinctId = await rows(`SELECT toDate(timestamp) AS day, uniq(distinct_id) FROM events GROUP BY day ORDER BY day LIMIT 1000`);
    expect(byDistinctId).toEqual(expected((d) => [d.distinctIdDau]));
    expect(byDistinctId).not.toEqual(expected((d) => [d.dau]));
  });

  it('rolling WAU and MAU (7 and 30 days ending each day)', async () => {
    const got = await rows(`
      SELECT addDays(event_day, offset) AS day, uniqIf(person_id, offset < 7) AS wau, uniq(person_id) AS mau
      FROM (
        SELECT person_id, event_day, arrayJoin(range(0, 30)) AS offset
        FROM (SELECT DISTINCT person_id, toDate(timestamp) AS event_day FROM events)
      )
      WHERE addDays(event_day, offset) <= toDate({last_day})
      GROUP BY day ORDER BY day LIMIT 1000`,
      { last_day: END_DAY },
    );
    expect(got).toEqual(expected((d) => [d.wau, d.mau]));
  });

  it('new users: persons by the local day of their first event', async () => {
    const got = await rows(`
      SELECT toDate(first_seen) AS day, count()
      FROM (SELECT person_id, min(timestamp) AS first_seen FROM events GROUP BY person_id)
      GROUP BY day ORDER BY day LIMIT 1000`);
    expect(got).toEqual(expected((d) => [d.newUsers]).filter((row) => row[1] !== 0));
  });

  it('sessions and mean session duration by session start day', async () => {
    const got = await rows(`
      SELECT toDate(start) AS day, count() AS sessions, avg(dateDiff('millisecond', start, finish) / 1000) AS mean_duration
      FROM (
        SELECT properties.$session_id AS session, min(timestamp) AS start, max(timestamp) AS finish
        FROM events WHERE properties.$session_id != '' GROUP BY session
      )
      GROUP BY day ORDER BY day LIMIT 1000`);
    const want = expected((d) => [d.sessions, d.meanSessionDuration]).filter((row) => row[1] !== 0);
    expect(got.map((r) => [r[0], r[1]])).toEqual(want.map((r) => [r[0], r[1]]));
    got.forEach((row, i) => expect(row[2] as number).toBeCloseTo(want[i]![2] as number, 6));
  });

  it('feature flag evaluations per flag per day, and active flags', async () => {
    const got = await rows(`
      SELECT toDate(timestamp) AS day, properties.$feature_flag AS flag, count()
      FROM events WHERE event = '$feature_flag_called'
      GROUP BY day, flag ORDER BY day, flag LIMIT 5000`);
    const want = [...truth.values()].flatMap((d) =>
      Object.entries(d.flagEvaluations)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([flag, n]) => [d.day, flag, n]),
    );
    expect(got).toEqual(want);
    const stopped = got.filter((r) => r[1] === dataset.incidents.flagStoppedKey && (r[0] as string) >= dataset.incidents.flagStoppedDay);
    expect(stopped).toEqual([]);
  });

  it('custom events (names passed as placeholders, quotes and unicode included): count and unique persons', async () => {
    const got = await rows(
      `SELECT toDate(timestamp) AS day, event, count(), uniq(person_id)
       FROM events WHERE event IN {names}
       GROUP BY day, event ORDER BY day, event LIMIT 5000`,
      { names: CUSTOM },
    );
    const want = [...truth.values()].flatMap((d) =>
      Object.entries(d.custom)
        .filter(([, v]) => v.count > 0)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, v]) => [d.day, name, v.count, v.uniquePersons]),
    );
    expect(got).toEqual(want);
  });

  it('two-step conversion within 7 days, per day of the first step', async () => {
    const got = await rows(
      `SELECT day, count() AS entered, countIf(converted) AS converted
       FROM (
         SELECT a.person_id AS person_id, a.day AS day,
                countIf(b.timestamp >= a.first_at AND b.timestamp <= a.first_at + INTERVAL {window_hours} HOUR) > 0 AS converted
         FROM (SELECT person_id, toDate(timestamp) AS day, min(timestamp) AS first_at FROM events WHERE event = {from} GROUP BY person_id, day) AS a
         LEFT JOIN (SELECT person_id, timestamp FROM events WHERE event = {to}) AS b ON a.person_id = b.person_id
         GROUP BY person_id, day, a.first_at
       )
       GROUP BY day ORDER BY day LIMIT 1000`,
      { from: CONVERSION.from, to: CONVERSION.to, window_hours: CONVERSION.windowDays * 24 },
    );
    const want = [...truth.values()].filter((d) => d.conversion !== undefined && d.conversion.entered > 0).map((d) => [d.day, d.conversion!.entered, d.conversion!.converted]);
    expect(got).toEqual(want);
    expect(want.some((r) => (r[2] as number) > 0)).toBe(true);
  });

  it('late-arriving events change the answer for recent days', async () => {
    const before = await rows(`SELECT count() FROM events WHERE toDate(timestamp) = toDate({day})`, { day: END_DAY });
    const { extendDataset } = await import('../posthog-emulator/dataset/generator');
    const extension = extendDataset(dataset, { seed: 5, lateDays: 1, lateEventsPerDay: 25, newDays: 0 });
    await engine.append(extension.events, extension.persons);
    const after = await rows(`SELECT count() FROM events WHERE toDate(timestamp) = toDate({day})`, { day: END_DAY });
    expect(after[0]![0]).toBe((before[0]![0] as number) + extension.events.length);
  });
});
