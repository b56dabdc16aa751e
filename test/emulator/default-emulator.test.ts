import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../posthog-emulator/index';

const NOW = Date.parse('2026-11-23T15:30:00Z');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us', 'eu', 'self-hosted'], days: 40, targetDailyActive: 60 });
});
afterAll(async () => emu.close());

const get = (base: string, path: string, key: string) => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${key}` } });
const hogql = async (base: string, project: number, query: string): Promise<unknown[][]> => {
  const res = await fetch(`${base}/api/projects/${project}/query/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${EMULATOR_KEYS.usFull}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: { kind: 'HogQLQuery', query } }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { results: unknown[][] }).results;
};

describe('the default emulated world', () => {
  it('a key works only in its own region — what region detection relies on', async () => {
    const us = emu.region('us').url;
    const eu = emu.region('eu').url;
    expect((await get(us, '/api/projects/', EMULATOR_KEYS.usFull)).status).toBe(200);
    expect((await get(eu, '/api/projects/', EMULATOR_KEYS.usFull)).status).toBe(401);
    expect((await get(eu, '/api/projects/', EMULATOR_KEYS.euFull)).status).toBe(200);
    const euProjects = (await (await get(eu, '/api/projects/', EMULATOR_KEYS.euFull)).json()) as { results: Array<{ id: number; timezone: string }> };
    expect(euProjects.results).toEqual([expect.objectContaining({ id: PROJECT_IDS.eu, timezone: 'Europe/Berlin' })]);
  });

  it('the self-hosted instance speaks HTTPS from a private CA', async () => {
    const sh = emu.region('self-hosted');
    expect(sh.url.startsWith('https://')).toBe(true);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpsRequest(`${sh.url}/api/projects/`, { ca: sh.tls!.ca!, headers: { Authorization: `Bearer ${EMULATOR_KEYS.selfHostedFull}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('data runs up to "now" and not past it, so today is partial', async () => {
    const base = emu.region('us').url;
    const [[latest, today]] = (await hogql(base, PROJECT_IDS.usWeb, 'SELECT max(timestamp), toDate(now()) FROM events')) as [[string, string]];
    expect(Date.parse(latest)).toBeLessThanOrEqual(NOW);
    expect(today).toBe('2026-11-23');
    expect(Date.parse(latest)).toBeGreaterThan(NOW - 6 * 3_600_000);
  });

  it('the extend control appends late events that queries then see', async () => {
    const base = emu.region('us').url;
    const [[before]] = (await hogql(base, PROJECT_IDS.usMobile, 'SELECT count() FROM events')) as [[number]];
    const res = await fetch(`${base}/_emulator/extend`, { method: 'POST', body: JSON.stringify({ projectId: PROJECT_IDS.usMobile, seed: 9, lateDays: 2, lateEventsPerDay: 15, newDays: 0 }) });
    const { appended } = (await res.json()) as { appended: number };
    expect(appended).toBeGreaterThan(0);
    const [[after]] = (await hogql(base, PROJECT_IDS.usMobile, 'SELECT count() FROM events')) as [[number]];
    expect(after).toBe(before + appended);
  });
});
