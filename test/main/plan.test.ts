/**
 * The plan through the contract: Starter by default, a license verified offline raises the tier, a
 * forged one is refused, and retention by tier is applied to the synced history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanStatus, Result, SeriesChanges, SyncEntry } from '../../shared/contract';
import { createKeytarKeychain } from '../../src-main/vault/keychain';
import { EMULATOR_KEYS, PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../posthog-emulator/index';
import { DEMO_SCALE_LICENSE } from '../support/license-test-key';
import { createTestApp } from '../support/test-app';

const NOW = Date.parse('2026-11-20T20:00:00Z');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us'], days: 40, targetDailyActive: 20 });
});
afterAll(async () => emu.close());

async function start() {
  const app = await createTestApp({
    keychain: createKeytarKeychain(`Sightline plan ${Math.random()}`),
    now: () => NOW,
    posthog: { clouds: { us: emu.region('us').url, eu: emu.region('us').url }, timeoutMs: 10_000 },
  });
  const call = async <T,>(channel: string, payload: unknown = {}): Promise<Result<T>> => (await app.dispatch(channel, payload)) as Result<T>;
  return { app, call };
}

/** Connects, waits for the first sync and its retention, and returns the local days of DAU that main keeps. */
async function syncedDauDays(h: Awaited<ReturnType<typeof start>>): Promise<string[]> {
  const finished = new Promise<SyncEntry>((resolve) => h.app.events.subscribe((e) => e.name === 'sync.finished' && e.payload.kind === 'initial' && resolve(e.payload)));
  await h.call('connection.test', { host: emu.region('us').url, apiKey: EMULATOR_KEYS.usFull });
  await h.call('connection.save', { projectId: PROJECT_IDS.usWeb });
  expect((await finished).status).toBe('ok');
  await new Promise((resolve) => setTimeout(resolve, 200)); // retention runs right after the finish event
  const changes = await h.call<SeriesChanges>('series.changes', { since: 0, epoch: null });
  if (!changes.ok) throw new Error(changes.error.message);
  return changes.data.upserts.filter((p) => p.metric === 'posthog_dau').map((p) => p.day);
}

describe('plan', () => {
  it('is Starter by default: no auto-sync, and only the last 3 days are kept', async () => {
    const h = await start();
    const plan = await h.call<PlanStatus>('plan.status');
    expect(plan).toMatchObject({ ok: true, data: { tier: 'starter', license: { state: 'none' }, autoSync: expect.stringContaining('needs Pro'), nextAutoSyncAt: null } });
    expect(await syncedDauDays(h)).toEqual(['2026-11-18', '2026-11-19', '2026-11-20']);
  });

  it('a license signed by Sightline raises the tier; Scale keeps the whole history', async () => {
    const h = await start();
    const plan = await h.call<PlanStatus>('plan.installLicense', { license: DEMO_SCALE_LICENSE });
    expect(plan).toMatchObject({ ok: true, data: { tier: 'scale', license: { state: 'licensed', licensee: 'Sightline demo' }, autoSync: 'Auto-sync every 30 minutes.' } });
    expect(await syncedDauDays(h)).toHaveLength(31);
  });

  it('a forged license is refused with a clear error and the tier stays', async () => {
    const h = await start();
    const [prefix, payload, signature] = DEMO_SCALE_LICENSE.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), licensee: 'Someone else' })).toString('base64url');
    const refused = await h.call('plan.installLicense', { license: `${prefix}.${forgedPayload}.${signature}` });
    expect(refused).toMatchObject({ ok: false, error: { code: 'license_invalid' } });
    expect(await h.call<PlanStatus>('plan.status')).toMatchObject({ ok: true, data: { tier: 'starter' } });
  });
});
