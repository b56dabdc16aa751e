import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../posthog-emulator/engine/duckdb-engine';
import type { HogQLEngine } from '../../posthog-emulator/engine/types';
import { personalKey, READ_SCOPES } from '../../posthog-emulator/server/config';
import { startEmulator, type RegionSetup, type RunningEmulator } from '../../posthog-emulator/server/emulator';
import { tinyDataset } from '../support/tiny-dataset';

const NOW = Date.parse('2026-03-03T12:00:00Z');
const keys = {
  full: 'phx_testfull000000000000000000000000000000001',
  noQuery: 'phx_testnoquery00000000000000000000000000002',
  minimal: 'phx_testminimal00000000000000000000000000003',
  scoped: 'phx_testscoped0000000000000000000000000000004',
  eu: 'phx_testeu000000000000000000000000000000000005',
};
const all = [...READ_SCOPES];

function regions(): RegionSetup[] {
  return [
    {
      name: 'us',
      organization: { id: 'org-us', name: 'Acme' },
      user: { uuid: 'u-1', distinct_id: 'd-1', first_name: 'Ada', email: 'ada@acme.example' },
      keys: [
        personalKey(keys.full, 'full', all),
        personalKey(keys.noQuery, 'no-query', all.filter((s) => s !== 'query:read')),
        personalKey(keys.minimal, 'minimal', ['project:read']),
        personalKey(keys.scoped, 'scoped', all, [2]),
      ],
      datasets: [tinyDataset({ id: 1, name: 'Web', timezone: 'America/New_York' }), tinyDataset({ id: 2, name: 'Mobile' })],
    },
    {
      name: 'eu',
      organization: { id: 'org-eu', name: 'Acme EU' },
      user: { uuid: 'u-2', distinct_id: 'd-2', first_name: 'Emil', email: 'emil@acme.example' },
      keys: [personalKey(keys.eu, 'eu', all)],
      datasets: [tinyDataset({ id: 101, name: 'EU', timezone: 'Europe/Berlin' })],
    },
  ];
}

/** A real engine whose queries take a moment, so concurrent requests overlap. */
const slowEngine = async (dataset: Parameters<typeof createDuckDbEngine>[0], now: () => number): Promise<HogQLEngine> => {
  const engine = await createDuckDbEngine(dataset, { now });
  return {
    query: async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return engine.query(request);
    },
    append: (events, persons) => engine.append(events, persons),
    close: () => engine.close(),
  };
};

let emu: RunningEmulator;
let us: string;
let eu: string;
beforeAll(async () => {
  emu = await startEmulator({ regions: regions(), createEngine: slowEngine, now: () => NOW, rateLimits: { queryPerMinute: 1000 } });
  us = emu.region('us').url;
  eu = emu.region('eu').url;
});
afterAll(async () => emu.close());

const get = (base: string, path: string, bearer?: string) =>
  fetch(`${base}${path}`, { headers: bearer === undefined ? {} : { Authorization: `Bearer ${bearer}` } });
const query = (base: string, projectId: number | string, hogql: unknown, bearer = keys.full) =>
  fetch(`${base}/api/projects/${projectId}/query/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: { kind: 'HogQLQuery', query: hogql } }),
  });

describe('auth', () => {
  it('no credentials → 401 not_authenticated in PostHog’s error shape', async () => {
    const res = await get(us, '/api/projects/');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      type: 'authentication_error',
      code: 'not_authenticated',
      detail: 'Authentication credentials were not provided.',
      attr: null,
    });
  });

  it('an unknown key, a project key (phc_) and a key from the other region all → 401 authentication_failed', async () => {
    for (const bearer of ['phx_nope', 'phc_tiny000000000000000000000000000000000', keys.eu]) {
      const res = await get(us, '/api/projects/', bearer);
      expect(res.status, bearer).toBe(401);
      expect(await res.json()).toMatchObject({ type: 'authentication_error', code: 'authentication_failed', attr: null });
    }
    expect((await get(eu, '/api/projects/', keys.eu)).status).toBe(200);
  });

  it('a missing scope → 403 naming that scope', async () => {
    const res = await query(us, 1, 'SELECT 1', keys.noQuery);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      type: 'authentication_error',
      code: 'permission_denied',
      detail: "API key missing required scope 'query:read'",
      attr: null,
    });
    const flags = await get(us, '/api/projects/1/feature_flags/', keys.minimal);
    expect(((await flags.json()) as { detail: string }).detail).toContain("'feature_flag:read'");
  });

  it('a project outside the key’s scope → 403; a project that does not exist → 404', async () => {
    expect((await get(us, '/api/projects/1/', keys.scoped)).status).toBe(403);
    expect((await get(us, '/api/projects/2/', keys.scoped)).status).toBe(200);
    const missing = await get(us, '/api/projects/999/', keys.full);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ type: 'invalid_request', code: 'not_found', detail: 'Not found.', attr: null });
  });
});

describe('resources', () => {
  it('@me names the user, the organization and the current project', async () => {
    const me = (await (await get(us, '/api/users/@me/', keys.full)).json()) as Record<string, unknown>;
    expect(me).toMatchObject({ email: 'ada@acme.example', organization: { id: 'org-us', name: 'Acme' }, team: { id: 1, timezone: 'America/New_York' } });
  });

  it('lists the key’s projects with id, name and timezone, paginated', async () => {
    const body = (await (await get(us, '/api/projects/', keys.full)).json()) as { count: number; results: Array<Record<string, unknown>> };
    expect(body.count).toBe(2);
    expect(body.results.map((p) => [p.id, p.name, p.timezone])).toEqual([
      [1, 'Web', 'America/New_York'],
      [2, 'Mobile', 'UTC'],
    ]);
    const scoped = (await (await get(us, '/api/projects/', keys.scoped)).json()) as { results: Array<{ id: number }> };
    expect(scoped.results.map((p) => p.id)).toEqual([2]);
  });

  it('pages feature flags with absolute next/previous links', async () => {
    const first = (await (await get(us, '/api/projects/1/feature_flags/?limit=2', keys.full)).json()) as {
      count: number;
      next: string | null;
      previous: string | null;
      results: Array<{ key: string; active: boolean; filters: unknown }>;
    };
    expect(first.count).toBe(3);
    expect(first.results.map((f) => f.key)).toEqual(['new-nav', 'beta-export']);
    expect(first.results[0]?.filters).toEqual({ groups: [{ properties: [], rollout_percentage: 50 }], multivariate: null, payloads: {} });
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${us}/api/projects/1/feature_flags/?limit=2&offset=2`);
    const second = (await (await get(us, new URL(first.next!).pathname + new URL(first.next!).search, keys.full)).json()) as typeof first;
    expect(second.results.map((f) => [f.key, f.active])).toEqual([['dark-mode', false]]);
    expect(second.next).toBeNull();
  });

  it('lists event definitions with volume and last seen, filtered by search', async () => {
    const body = (await (await get(us, '/api/projects/1/event_definitions/?search=PAGE', keys.full)).json()) as {
      results: Array<{ name: string; volume_30_day: number; last_seen_at: string }>;
    };
    expect(body.results).toEqual([expect.objectContaining({ name: '$pageview', volume_30_day: 3, last_seen_at: '2026-03-02T09:00:00Z' })]);
  });
});

describe('query endpoint', () => {
  it('answers HogQL with PostHog’s response shape', async () => {
    const res = await query(us, 1, "SELECT event, count() AS c FROM events WHERE event = '$pageview' GROUP BY event");
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ columns: ['event', 'c'], results: [['$pageview', 3]], hasMore: false, timezone: 'America/New_York', is_cached: false });
    expect(Array.isArray(body.types)).toBe(true);
    expect(typeof body.clickhouse).toBe('string');
  });

  it('refuses bad HogQL with 400 validation_error whose detail names the problem', async () => {
    const syntax = await query(us, 1, 'SELEC event FROM events');
    expect(syntax.status).toBe(400);
    expect(await syntax.json()).toMatchObject({ type: 'validation_error', code: 'invalid_input', attr: null });
    const unsupported = await query(us, 1, "SELECT windowFunnel(86400)(timestamp, event = 'a', event = 'b') FROM events");
    expect(unsupported.status).toBe(400);
    expect(((await unsupported.json()) as { detail: string }).detail).toContain('windowFunnel');
  });

  it('refuses other query kinds and malformed bodies', async () => {
    const kind = await fetch(`${us}/api/projects/1/query/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${keys.full}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: { kind: 'TrendsQuery' } }),
    });
    expect(kind.status).toBe(400);
    expect(await kind.json()).toMatchObject({ type: 'validation_error', attr: 'query__kind' });
    const notJson = await fetch(`${us}/api/projects/1/query/`, { method: 'POST', headers: { Authorization: `Bearer ${keys.full}` }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ type: 'invalid_request', code: 'parse_error' });
  });

  it('runs at most 3 queries at once per project; the 4th concurrent one is throttled', async () => {
    const statuses = await Promise.all(Array.from({ length: 5 }, () => query(us, 2, 'SELECT 1').then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After and "Expected available in N seconds" once the per-minute budget is spent', async () => {
    const limited = await startEmulator({ regions: regions().slice(0, 1), createEngine: (d, now) => createDuckDbEngine(d, { now }), now: () => NOW, rateLimits: { queryPerMinute: 2 } });
    try {
      const base = limited.region('us').url;
      expect((await query(base, 1, 'SELECT 1')).status).toBe(200);
      expect((await query(base, 1, 'SELECT 1')).status).toBe(200);
      const third = await query(base, 1, 'SELECT 1');
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBe('60');
      expect(await third.json()).toEqual({
        type: 'throttled_error',
        code: 'throttled',
        detail: 'Request was throttled. Expected available in 60 seconds.',
        attr: null,
      });
      // Other endpoints have their own budget.
      expect((await get(base, '/api/projects/', keys.full)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
