/**
 * Syncing as the app does it, through the contract: the initial sync right after connecting, Refresh
 * joining a running sync, progress and finish events, the audit log (kept across a restart), and a
 * project switch starting the new project's history afresh.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncEntry, SyncStatus } from '../../../shared/contract';
import { PROJECT_IDS, startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { startAppHarness, type AppHarness } from '../../support/app-harness';

const NOW = Date.parse('2026-11-20T20:00:00Z');
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: NOW, regions: ['us'], days: 40, targetDailyActive: 30 });
});
afterAll(async () => emu.close());

const start = (dataDir?: string, keychainService?: string): Promise<AppHarness> => startAppHarness(emu, NOW, { dataDir, keychainService });
const connect = (h: AppHarness, projectId?: number): Promise<void> => h.connect(projectId);

describe('sync service', () => {
  it('connecting starts the initial sync: progress events, then an audit entry', async () => {
    const h = await start();
    await connect(h);
    const [entry] = await h.finished(1);
    expect(entry).toMatchObject({ kind: 'initial', projectId: PROJECT_IDS.usWeb, status: 'ok', window: { from: '2026-10-21', to: '2026-11-20' } });
    expect(entry!.requests).toBeLessThanOrEqual(5);
    expect(entry!.rows.posthog_dau).toBe(31);
    const progress = h.events.filter((e) => e.name === 'sync.progress').map((e) => e.payload as { step: number; total: number });
    expect(progress.at(-1)).toEqual(expect.objectContaining({ step: progress.at(-1)!.total }));
    expect(await h.call<SyncEntry[]>('sync.log')).toEqual([entry]);
  });

  it('a Refresh asked for while a sync runs joins it instead of starting another', async () => {
    const h = await start();
    await connect(h);
    await h.finished(1);
    const before = emu.region('us').log.length;
    const [a, b] = await Promise.all([h.call<SyncEntry>('sync.refresh'), h.call<SyncEntry>('sync.refresh')]);
    expect(a.id).toBe(b.id);
    expect(a.kind).toBe('refresh');
    expect(emu.region('us').log.length - before).toBe(a.requests);
    const status = await h.call<SyncStatus>('sync.status');
    expect(status).toMatchObject({ running: null, last: { id: a.id } });
  });

  it('the audit log survives a restart; without a connection a Refresh fails clearly', async () => {
    const h = await start();
    await connect(h);
    await h.finished(1);
    await h.call('connection.disconnect');
    const again = await start(h.app.dataDir, h.keychainService);
    expect((await again.call<SyncEntry[]>('sync.log')).map((e) => e.kind)).toEqual(['initial']);
    const refused = await again.call<SyncEntry>('sync.refresh');
    expect(refused).toMatchObject({ status: 'failed', projectId: null, window: null, errors: [{ error: { code: 'not_connected' } }] });
  });

  it('switching project syncs the new project from scratch', async () => {
    const h = await start();
    await connect(h);
    await h.finished(1);
    await h.call('connection.switchProject', { projectId: PROJECT_IDS.usMobile });
    const [, second] = await h.finished(2);
    expect(second).toMatchObject({ kind: 'initial', projectId: PROJECT_IDS.usMobile, status: 'ok' });
  });

  it('an initial sync asked for during a refresh is not swallowed by it: it runs right after', async () => {
    const h = await start();
    await connect(h);
    await h.finished(1);
    const refresh = h.call<SyncEntry>('sync.refresh');
    await h.call('connection.switchProject', { projectId: PROJECT_IDS.usMobile });
    const [, second, third] = await h.finished(3);
    expect((await refresh).kind).toBe('refresh');
    expect(second).toMatchObject({ kind: 'refresh' });
    expect(third).toMatchObject({ kind: 'initial', projectId: PROJECT_IDS.usMobile, status: 'ok' });
  });
});
