/**
 * The PostHog client against the emulator: pagination, projects, HogQL, feature flags, event
 * definitions, and the answers that must be refused (a `next` link to another host, wrong shapes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostHogClient, nextPagePath } from '../../../src-main/posthog/client';
import { createPostHogHttp, type FetchLike } from '../../../src-main/posthog/http';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { expectNoKey, failureOf } from './failure-helpers';

const NOW = Date.parse('2026-03-03T12:00:00Z');
let emu: RunningEmulator;
let us: string;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us'], days: 10, targetDailyActive: 20 });
  us = emu.region('us').url;
});
afterAll(async () => emu.close());

const client = (apiKey: string = EMULATOR_KEYS.usFull) => createPostHogClient(createPostHogHttp({ baseUrl: us, apiKey, timeoutMs: 5_000 }));

describe('projects', () => {
  it('lists every project, following `next` page by page', async () => {
    const log = emu.region('us').log;
    const before = log.length;
    const projects = await client().listProjects({ pageSize: 1 });
    expect(projects.map((p) => ({ id: p.id, name: p.name, timezone: p.timezone }))).toEqual([
      { id: PROJECT_IDS.usWeb, name: 'Acme Web', timezone: 'America/New_York' },
      { id: PROJECT_IDS.usMobile, name: 'Acme Mobile', timezone: 'UTC' },
    ]);
    expect(log.slice(before).map((r) => r.path)).toEqual(['/api/projects/', '/api/projects/']);
  });

  it('a scoped key sees only its project', async () => {
    expect((await client(EMULATOR_KEYS.usScoped).listProjects()).map((p) => p.id)).toEqual([PROJECT_IDS.usMobile]);
  });

  it('reads one project', async () => {
    expect(await client().getProject(PROJECT_IDS.usMobile)).toMatchObject({ id: 2, name: 'Acme Mobile', timezone: 'UTC' });
  });

  it('refuses a `next` link to another host, and never sends the key there', async () => {
    const urls: string[] = [];
    const fetch: FetchLike = async (url) => {
      urls.push(url);
      const body = { count: 2, next: 'https://collector.evil.example/api/projects/?offset=1', previous: null, results: [{ id: 1, name: 'A', timezone: 'UTC' }] };
      return { status: 200, headers: { get: () => 'application/json' }, text: async () => JSON.stringify(body) };
    };
    const http = createPostHogHttp({ baseUrl: 'https://ph.example.com', apiKey: EMULATOR_KEYS.usFull, fetch });
    const failure = await failureOf(createPostHogClient(http).listProjects());
    expect(failure.code).toBe('not_posthog');
    expect(failure.message).toMatch(/next page points to collector\.evil\.example; Sightline does not send your key there/);
    expect(urls).toEqual(['https://ph.example.com/api/projects/?limit=100']);
    expectNoKey(failure, EMULATOR_KEYS.usFull);
  });

  it('stops on a `next` loop', async () => {
    let calls = 0;
    const fetch: FetchLike = async () => {
      calls += 1;
      const body = { count: 9, next: 'https://ph.example.com/api/projects/?limit=100', results: [{ id: calls, name: 'A', timezone: 'UTC' }] };
      return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify(body) };
    };
    const http = createPostHogHttp({ baseUrl: 'https://ph.example.com', apiKey: EMULATOR_KEYS.usFull, fetch });
    expect(await createPostHogClient(http).listProjects()).toHaveLength(1);
    expect(calls).toBe(1);
  });
});

describe('nextPagePath', () => {
  it('keeps the path and query of a link on the same host, re-rooted on the base URL', () => {
    expect(nextPagePath('https://ph.example.com', 'https://ph.example.com/api/projects/?limit=1&offset=1')).toBe('/api/projects/?limit=1&offset=1');
    // A proxy that forgot X-Forwarded-Proto: same host, the request still goes over https to the base.
    expect(nextPagePath('https://ph.example.com', 'http://ph.example.com/api/projects/?offset=1')).toBe('/api/projects/?offset=1');
    expect(nextPagePath('https://ph.example.com/posthog', 'https://ph.example.com/posthog/api/projects/?offset=1')).toBe('/api/projects/?offset=1');
  });

  it.each([
    ['another host', 'https://evil.example/api/projects/?offset=1'],
    ['a look-alike host', 'https://ph.example.com.evil.example/api/projects/'],
    ['credentials in the link', 'https://user:pw@ph.example.com/api/projects/'],
    ['another scheme', 'ftp://ph.example.com/api/projects/'],
    ['outside the API', 'https://ph.example.com/login?next=/api/'],
  ])('refuses %s', (_name, next) => {
    expect(() => nextPagePath('https://ph.example.com', next)).toThrow(/Sightline does not send your key there/);
  });
});

describe('HogQL queries', () => {
  it('returns rows, columns, and types normalised from PostHog’s [name, type] pairs', async () => {
    const response = await client().query(PROJECT_IDS.usWeb, "SELECT 1 AS one, 'a' AS letter");
    expect(response.results).toEqual([[1, 'a']]);
    expect(response.columns).toEqual(['one', 'letter']);
    expect(response.types).toHaveLength(2);
    for (const type of response.types) expect(typeof type).toBe('string');
    expect(response.hasMore).toBe(false);
  });

  it('passes placeholder values', async () => {
    const response = await client().query(PROJECT_IDS.usWeb, 'SELECT {n} + 1 AS m', { n: 41 });
    expect(response.results).toEqual([[42]]);
  });

  it('counts real events', async () => {
    const response = await client().query(PROJECT_IDS.usWeb, "SELECT count() FROM events WHERE event = '$pageview'");
    expect(Number(response.results[0]?.[0])).toBeGreaterThan(0);
  });

  it('a query PostHog refuses is query_rejected with PostHog’s reason', async () => {
    const failure = await failureOf(client().query(PROJECT_IDS.usWeb, 'SELECT nosuchfunction(1)'));
    expect(failure.code).toBe('query_rejected');
    expect(failure.message).toMatch(/^PostHog rejected a query: .*nosuchfunction/i);
    expect(failure.details).toEqual({ status: 400 });
  });

  it('a 200 of the wrong shape is not PostHog', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'wrong-shape' }, count: 1, pathPrefix: '/api/projects/1/query/' });
    const failure = await failureOf(client().query(PROJECT_IDS.usWeb, 'SELECT 1'));
    expect(failure.code).toBe('not_posthog');
    expect(failure.message).toMatch(/answered, but not like PostHog: is the address right\? \(the answer has an unexpected shape\)/);
  });

  it('an answer cut off halfway is a broken connection, not a wrong address', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'truncated' }, count: 1, pathPrefix: '/api/projects/1/query/' });
    const failure = await failureOf(client().query(PROJECT_IDS.usWeb, 'SELECT 1'));
    expect(failure.code).toBe('posthog_unavailable');
    expect(failure.message).toMatch(/closed before PostHog finished answering/);
  });
});

describe('feature flags and event definitions', () => {
  it('lists the project’s feature flags', async () => {
    const flags = await client().listFeatureFlags(PROJECT_IDS.usWeb);
    expect(flags.length).toBeGreaterThan(0);
    for (const flag of flags) expect(flag).toMatchObject({ id: expect.any(Number), key: expect.any(String), active: expect.any(Boolean) });
  });

  it('lists event definitions, all pages, and searches them by name', async () => {
    const all = await client().listEventDefinitions(PROJECT_IDS.usWeb, undefined, { pageSize: 2 });
    expect(all.map((d) => d.name)).toContain('$pageview');
    expect(new Set(all.map((d) => d.id)).size).toBe(all.length);
    const found = await client().listEventDefinitions(PROJECT_IDS.usWeb, 'pagevi');
    expect(found.map((d) => d.name)).toEqual(['$pageview']);
  });

  it('a key without feature_flag:read gets missing_scopes naming it', async () => {
    const failure = await failureOf(client(EMULATOR_KEYS.usMinimal).listFeatureFlags(PROJECT_IDS.usWeb));
    expect(failure.code).toBe('missing_scopes');
    expect(failure.details).toEqual({ missingScopes: ['feature_flag:read'] });
  });
});
