import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../posthog-emulator/engine/duckdb-engine';
import { personalKey } from '../../posthog-emulator/server/config';
import { startEmulator, type RegionSetup, type RunningEmulator } from '../../posthog-emulator/server/emulator';
import type { TlsScenario } from '../../posthog-emulator/server/tls';
import { tinyDataset } from '../support/tiny-dataset';

const NOW = Date.parse('2026-03-03T12:00:00Z');
const KEY = 'phx_faultfull00000000000000000000000000000001';
const region = (overrides: Partial<RegionSetup> = {}): RegionSetup => ({
  name: 'us',
  organization: { id: 'org', name: 'Acme' },
  user: { uuid: 'u', distinct_id: 'd', first_name: 'Ada', email: 'ada@acme.example' },
  keys: [personalKey(KEY, 'full')],
  datasets: [tinyDataset()],
  ...overrides,
});
const createEngine = (d: Parameters<typeof createDuckDbEngine>[0], now: () => number) => createDuckDbEngine(d, { now });

describe('fault injection', () => {
  let emu: RunningEmulator;
  let base: string;
  beforeAll(async () => {
    emu = await startEmulator({ regions: [region()], createEngine, now: () => NOW });
    base = emu.region('us').url;
  });
  afterAll(async () => emu.close());
  const projects = () => fetch(`${base}/api/projects/`, { headers: { Authorization: `Bearer ${KEY}` } });

  it.each([
    [401, 'authentication_error'],
    [403, 'authentication_error'],
    [404, 'invalid_request'],
    [500, 'server_error'],
  ] as const)('status %i comes with PostHog’s %s body, once', async (status, type) => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status }, count: 1 });
    const res = await projects();
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ type });
    expect((await projects()).status).toBe(200);
  });

  it('429 carries the wait in Retry-After and in the detail', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status: 429, retryAfterSeconds: 7 }, count: 1 });
    const res = await projects();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as { detail: string }).detail).toBe('Request was throttled. Expected available in 7 seconds.');
  });

  it.each([502, 503] as const)('%i looks like a load balancer’s HTML page, not JSON', async (status) => {
    emu.region('us').faults.inject({ fault: { kind: 'status', status }, count: 1 });
    const res = await projects();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('slow answers arrive late but whole', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'slow', delayMs: 300 }, count: 1 });
    const started = Date.now();
    const res = await projects();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(((await res.json()) as { count: number }).count).toBe(1);
  });

  it('a hang never answers: the client’s timeout fires', async () => {
    emu.region('us').faults.inject({ fault: { kind: 'hang' }, count: 1 });
    await expect(fetch(`${base}/api/projects/`, { headers: { Authorization: `Bearer ${KEY}` }, signal: AbortSignal.timeout(300) })).rejects.toThrow(/timeout|aborted/i);
  });

  it('truncated, malformed, wrong-shape and HTML bodies', async () => {
    const faults = emu.region('us').faults;
    faults.inject({ fault: { kind: 'truncated' }, count: 1 });
    await expect(projects().then((r) => r.json())).rejects.toThrow();
    faults.inject({ fault: { kind: 'malformed' }, count: 1 });
    await expect(projects().then((r) => r.json())).rejects.toThrow(SyntaxError);
    faults.inject({ fault: { kind: 'wrong-shape' }, count: 1 });
    expect(await (await projects()).json()).toMatchObject({ results: 'not-a-list', count: 'many' });
    faults.inject({ fault: { kind: 'html' }, count: 1 });
    const html = await projects();
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<html>');
  });

  it('a fault limited to a path leaves the others alone; a rate hits a deterministic share', async () => {
    const faults = emu.region('us').faults;
    faults.inject({ fault: { kind: 'status', status: 500 }, pathPrefix: '/api/projects/1/query/', count: 1 });
    expect((await projects()).status).toBe(200);
    faults.clear();
    faults.inject({ fault: { kind: 'status', status: 503 }, rate: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await projects()).status);
    faults.clear();
    const failed = statuses.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
  });

  it('a fault can target one query by its text; other queries, and the body the route reads, are untouched', async () => {
    const faults = emu.region('us').faults;
    const project = tinyDataset().project.id;
    const query = (hogql: string) =>
      fetch(`${base}/api/projects/${project}/query/`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: { kind: 'HogQLQuery', query: hogql } }),
      });
    faults.inject({ fault: { kind: 'status', status: 500 }, bodyContains: 'AS target_me', count: 1 });
    const other = await query('SELECT 1 AS fine');
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ results: [[1]] });
    expect((await query('SELECT 2 AS target_me')).status).toBe(500);
    expect((await query('SELECT 2 AS target_me')).status).toBe(200);
    faults.clear();
  });

  it('the HTTP control API injects faults and reports requests', async () => {
    const inject = await fetch(`${base}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ fault: { kind: 'status', status: 404 }, count: 1 }) });
    expect(inject.status).toBe(200);
    expect((await projects()).status).toBe(404);
    const bad = await fetch(`${base}/_emulator/faults`, { method: 'POST', body: JSON.stringify({ fault: { kind: 'explode' }, count: 1 }) });
    expect(bad.status).toBe(400);
    const log = (await (await fetch(`${base}/_emulator/requests`)).json()) as { requests: Array<{ path: string; status: number }> };
    expect(log.requests.at(-1)).toMatchObject({ path: '/api/projects/', status: 404 });
  });
});

describe('self-hosted TLS', () => {
  async function attempt(scenario: TlsScenario, trustCa: boolean): Promise<string> {
    const emu = await startEmulator({ regions: [region({ name: 'self-hosted', tls: scenario })], createEngine, now: () => Date.now() });
    try {
      const sh = emu.region('self-hosted');
      return await new Promise<string>((resolve) => {
        const req = httpsRequest(`${sh.url}/api/projects/`, { headers: { Authorization: `Bearer ${KEY}` }, ca: trustCa && sh.tls?.ca ? sh.tls.ca : undefined }, (res) => {
          res.resume();
          resolve(`HTTP ${res.statusCode}`);
        });
        req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        req.end();
      });
    } finally {
      await emu.close();
    }
  }

  it('a self-signed certificate is refused as such', async () => {
    expect(await attempt('self-signed', false)).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('a private CA is refused until its certificate is trusted', async () => {
    expect(await attempt('private-ca', false)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await attempt('private-ca', true)).toBe('HTTP 200');
  });

  it('an expired certificate and one for another host are told apart', async () => {
    expect(await attempt('expired', true)).toBe('CERT_HAS_EXPIRED');
    expect(await attempt('wrong-host', true)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});
