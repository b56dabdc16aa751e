/**
 * Custom events, conversion funnels, the event picker and the flag list, through the contract:
 * what a founder picks is synced at once with its 30 days (equal to the emulator's ground truth),
 * survives a restart, and what they drop disappears from main's store and so from every replica.
 * Also: cancelling a sync, and auto-sync pausing while offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrackingSchema, type EventDefinitionInfo, type FlagList, type PlanStatus, type SeriesChanges, type SyncEntry, type Tracking } from '../../../shared/contract';
import { MAX_CUSTOM_EVENTS, type SyncPlanOptions } from '../../../shared/metrics';
import { DEFAULT_RETENTION, type RetentionDefinition } from '../../../shared/retention';
import { funnelTruthPoints } from '../sync/queries/funnel-check';
import { expectSamePoints, retentionTruthPoints } from '../sync/queries/retention-check';
import { computeTruth } from '../../posthog-emulator/dataset/ground-truth';
import { PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { startAppHarness, type AppHarness } from '../../support/app-harness';
import { DEMO_SCALE_LICENSE } from '../../support/license-test-key';

const NOW = Date.parse('2026-11-20T20:00:00Z');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us'], days: 40, targetDailyActive: 30 });
});
afterAll(async () => emu.close());

/** Connected, on Scale (so the whole 31-day history is kept), the initial sync done. */
async function synced(): Promise<AppHarness> {
  const h = await startAppHarness(emu, NOW);
  await h.call('plan.installLicense', { license: DEMO_SCALE_LICENSE });
  await h.connect();
  await h.finished(1);
  return h;
}

async function series(h: AppHarness): Promise<SeriesChanges['upserts']> {
  return (await h.call<SeriesChanges>('series.changes', { since: 0, epoch: null })).upserts;
}

const FUNNEL = { id: null, name: 'Paid', steps: [{ event: 'signed_up', filter: null }, { event: 'subscription_started', filter: null }], windowDays: 7 };

describe('tracking custom events and a funnel', () => {
  it('what is picked is synced at once (30 days, equal to the truth); what is dropped disappears; it survives a restart', async () => {
    const h = await synced();
    const tracking = await h.call<Tracking>('tracking.set', { customEvents: ['signed_up', 'button_clicked'], funnels: [FUNNEL] });
    expect(tracking).toMatchObject({ customEvents: ['signed_up', 'button_clicked'], funnels: [{ ...FUNNEL, id: expect.any(String) }] });
    const funnelId = tracking.funnels[0]!.id;
    const [, fetched] = await h.finished(2);
    // Entries from 7 days (the window) before the 30-day sync: 38 days.
    expect(fetched).toMatchObject({ kind: 'initial', status: 'ok', rows: { posthog_custom_event_count: 62, posthog_conversion_rate: 38 } });

    const dataset = emu.region('us').project(PROJECT_IDS.usWeb).dataset;
    const truth = computeTruth(dataset, { customEvents: ['signed_up'] });
    const points = await series(h);
    const value = (metric: string, key: string, day: string) => points.find((p) => p.metric === metric && p.key === key && p.day === day)?.value;
    for (const t of truth.filter((d) => d.day >= '2026-10-21')) expect(value('posthog_custom_event_count', 'signed_up', t.day)).toBe(t.custom.signed_up?.count);
    const funnelTruth = funnelTruthPoints(dataset, { ...FUNNEL, id: funnelId }, '2026-10-21', '2026-11-20');
    expectSamePoints(points.filter((p) => funnelTruth.has(`${p.metric}|${p.key}|${p.day}`)), funnelTruth);

    // Dropping an event: its series go (as deletions a replica applies); the unchanged funnel keeps its id and series; no sync needed.
    const { revision } = await h.call<SeriesChanges>('series.changes', { since: 0, epoch: null });
    const kept = await h.call<Tracking>('tracking.set', { customEvents: ['signed_up'], funnels: [{ ...FUNNEL, id: funnelId, name: 'Renamed' }] });
    expect(kept.funnels.map((f) => [f.id, f.name])).toEqual([[funnelId, 'Renamed']]);
    const after = await h.call<SeriesChanges>('series.changes', { since: revision, epoch: null });
    expect(new Set(after.deletions.map((d) => `${d.metric}/${d.key}`))).toEqual(new Set(['posthog_custom_event_count/button_clicked', 'posthog_custom_event_users/button_clicked']));
    expect((await series(h)).some((p) => p.key === 'button_clicked')).toBe(false);
    expect(h.events.some((e) => e.name === 'tracking.changed' && TrackingSchema.parse(e.payload).customEvents.length === 1)).toBe(true);
    expect(await h.call<SyncEntry[]>('sync.log')).toHaveLength(2);

    // A changed funnel is another question: new id, the old one's series are gone.
    const changed = await h.call<Tracking>('tracking.set', { customEvents: ['signed_up'], funnels: [{ ...FUNNEL, id: funnelId, windowDays: 14 }] });
    expect(changed.funnels[0]?.id).not.toBe(funnelId);
    // Its per-day series and its totals (keys `id:range:step`) go.
    expect((await series(h)).some((p) => p.key === funnelId || p.key.startsWith(`${funnelId}:`))).toBe(false);
    await h.finished(3);

    const again = await startAppHarness(emu, NOW, { dataDir: h.app.dataDir, keychainService: h.keychainService });
    expect(await again.call<Tracking>('tracking.get')).toEqual(changed);
  });

  it('refuses a duplicate, too many events, an empty name or a bad window with a clear error; nothing without a connection', async () => {
    const h = await synced();
    const refused = async (payload: unknown): Promise<string> => {
      const r = await h.result('tracking.set', payload);
      expect(r.ok).toBe(false);
      return r.ok ? '' : `${r.error.code}: ${r.error.message}`;
    };
    expect(await refused({ customEvents: ['a', 'a'], funnels: [] })).toMatch(/bad_request.*chosen twice/);
    expect(await refused({ customEvents: Array.from({ length: MAX_CUSTOM_EVENTS + 1 }, (_, i) => `e${i}`), funnels: [] })).toMatch(/at most 25 custom events/);
    expect(await refused({ customEvents: [''], funnels: [] })).toMatch(/cannot be empty/);
    expect(await refused({ customEvents: [], funnels: [{ ...FUNNEL, windowDays: 0 }] })).toMatch(/bad_request/);
    expect(await refused({ customEvents: [], funnels: [{ ...FUNNEL, steps: FUNNEL.steps.slice(0, 1) }] })).toMatch(/at least 2 steps/);
    expect(await refused({ customEvents: [], funnels: [{ ...FUNNEL, name: ' ' }] })).toMatch(/give the funnel a name/);
    expect(await refused({ customEvents: [], funnels: [], retention: { ...DEFAULT_RETENTION, period: 'year' } })).toMatch(/bad_request/);
    expect(await refused({ customEvents: [], funnels: [], retention: { ...DEFAULT_RETENTION, startEvent: '' } })).toMatch(/cannot be empty/);
    expect(await h.call<Tracking>('tracking.get')).toEqual({ customEvents: [], funnels: [] });

    const alone = await startAppHarness(emu, NOW);
    const r = await alone.result('tracking.set', { customEvents: ['signed_up'], funnels: [] });
    expect(r).toMatchObject({ ok: false, error: { code: 'not_connected' } });
    expect(await alone.result('events.definitions', { search: '' })).toMatchObject({ ok: false, error: { code: 'not_connected' } });
  });
});

describe('the retention definition', () => {
  it('the default table is synced with the first sync; another definition drops it, syncs its own (equal to the truth) and survives a restart', async () => {
    const h = await synced();
    const dataset = emu.region('us').project(PROJECT_IDS.usWeb).dataset;
    const retentionOnly = (points: SeriesChanges['upserts']) => points.filter((p) => p.metric.startsWith('posthog_retention_'));
    const plan = (retention: RetentionDefinition): SyncPlanOptions => ({ from: '2026-10-21', to: '2026-11-20', kind: 'initial', retention, weekStartDay: 0, customEvents: [], funnels: [] });
    expectSamePoints(retentionOnly(await series(h)), retentionTruthPoints(dataset, plan(DEFAULT_RETENTION)));

    const signups: RetentionDefinition = { period: 'day', startEvent: 'signed_up', returnEvent: '$pageview', mode: 'recurring' };
    const { revision } = await h.call<SeriesChanges>('series.changes', { since: 0, epoch: null });
    const changed = await h.call<Tracking>('tracking.set', { customEvents: [], funnels: [], retention: signups });
    expect(changed.retention).toEqual(signups);
    // The weekly table's points are deleted (a replica follows); the daily one arrives with a sync.
    const dropped = await h.call<SeriesChanges>('series.changes', { since: revision, epoch: null });
    expect(dropped.deletions.some((d) => d.metric === 'posthog_retention_cohort' && d.day === '2026-11-15')).toBe(true);
    const entries = await h.finished(2);
    expect(entries[1]).toMatchObject({ kind: 'initial', status: 'ok' });
    expectSamePoints(retentionOnly(await series(h)), retentionTruthPoints(dataset, plan(signups)));

    // Custom events changed without a retention field keep the definition (and need no new table).
    const kept = await h.call<Tracking>('tracking.set', { customEvents: ['signed_up'], funnels: [] });
    expect(kept.retention).toEqual(signups);
    const again = await startAppHarness(emu, NOW, { dataDir: h.app.dataDir, keychainService: h.keychainService });
    expect((await again.call<Tracking>('tracking.get')).retention).toEqual(signups);
  });
});

describe('the event picker and the flag list', () => {
  it('lists event definitions matching a search, busiest first, with volume and last seen', async () => {
    const h = await synced();
    const all = await h.call<EventDefinitionInfo[]>('events.definitions', { search: '' });
    expect(all.map((d) => d.name)).toEqual(expect.arrayContaining(['$pageview', 'signed_up', 'button_clicked']));
    const volumes = all.map((d) => d.volume30Day ?? -1);
    expect(volumes).toEqual([...volumes].sort((a, b) => b - a));
    const found = await h.call<EventDefinitionInfo[]>('events.definitions', { search: 'SIGN' });
    expect(found.map((d) => d.name)).toEqual(['signed_up']);
    expect(found[0]).toMatchObject({ volume30Day: expect.any(Number), lastSeenAt: expect.stringMatching(/^2026-11-/) });
  });

  it('every sync stores the flag list from the flag API (kept offline), and says so to the renderer', async () => {
    const before = await startAppHarness(emu, NOW);
    expect(await before.call<FlagList>('flags.list')).toEqual({ fetchedAt: null, flags: [] });
    const h = await synced();
    const list = await h.call<FlagList>('flags.list');
    const truth = emu.region('us').project(PROJECT_IDS.usWeb).dataset.flags;
    expect(list.fetchedAt).toBe(new Date(NOW).toISOString());
    expect(list.flags.map((f) => [f.key, f.active])).toEqual(truth.map((f) => [f.key, f.active]));
    expect(h.events.filter((e) => e.name === 'flags.changed').at(-1)?.payload).toEqual(list);
    const again = await startAppHarness(emu, NOW, { dataDir: h.app.dataDir, keychainService: h.keychainService, posthog: { clouds: { us: 'http://127.0.0.1:9', eu: 'http://127.0.0.1:9' } } });
    expect(await again.call<FlagList>('flags.list')).toEqual(list);
  });
});

describe('sync control', () => {
  it('a running sync can be cancelled: its entry says so; cancelling when idle does nothing', async () => {
    const h = await synced();
    const refresh = h.call<SyncEntry>('sync.refresh');
    await new Promise<void>((resolve) => {
      const check = (): void => (h.events.some((e) => e.name === 'sync.progress' && e.payload.kind === 'refresh') ? resolve() : void setTimeout(check, 1));
      check();
    });
    expect(await h.call('sync.cancel')).toEqual({ cancelled: true });
    expect(await refresh).toMatchObject({ kind: 'refresh', status: 'cancelled' });
    expect(await h.call('sync.cancel')).toEqual({ cancelled: false });
    expect((await h.call<SyncEntry[]>('sync.log'))[0]?.status).toBe('cancelled');
  });

  it('auto-sync pauses while the network is gone and resumes when it is back', async () => {
    const h = await synced();
    expect((await h.call<PlanStatus>('plan.status')).nextAutoSyncAt).not.toBeNull();
    await h.call('app.network', { online: false });
    expect((await h.call<PlanStatus>('plan.status')).nextAutoSyncAt).toBeNull();
    await h.call('app.network', { online: true });
    expect((await h.call<PlanStatus>('plan.status')).nextAutoSyncAt).not.toBeNull();
    expect(await h.result('app.network', { online: 'yes' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
