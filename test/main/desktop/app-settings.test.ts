/**
 * The app settings through the contract, on the real composition root: defaults, the browser host's
 * explanations, pausing auto-sync (the plan says so, the tray and other windows hear it), persistence
 * across restarts, existing settings files read without losing anything, and the desktop host port.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppEvent, AppSettings, PlanStatus } from '../../../shared/contract';
import { createDesktopHost, type LoginItems } from '../../../src-main/desktop/desktop-host';
import { AUTO_SYNC_PAUSED_SENTENCE } from '../../../src-main/sync/scheduler';
import { DEMO_SCALE_LICENSE } from '../../support/license-test-key';
import { createTestApp } from '../../support/test-app';
import { FILE_KEYCHAIN_ONLY } from './keychain-free';

const NOW = Date.parse('2026-11-20T20:00:00Z');

async function start(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const app = await createTestApp({ keychain: FILE_KEYCHAIN_ONLY, now: () => NOW, autoSync: true, ...overrides });
  const events: AppEvent[] = [];
  app.events.subscribe((e) => events.push(e));
  const call = async <T,>(channel: string, payload: unknown = {}): Promise<T> => {
    const result = await app.dispatch(channel, payload);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.data as T;
  };
  return { app, events, call };
}

describe('app settings', () => {
  it('default to: keep running in the background, not at login, auto-sync on — explained for the browser host', async () => {
    const h = await start();
    const settings = await h.call<AppSettings>('app.settings');
    expect(settings).toMatchObject({ keepRunningInBackground: true, openAtLogin: false, autoSyncPaused: false });
    expect(settings.host.background).toEqual({ available: false, explanation: expect.stringMatching(/runs in the terminal where you started it.*Ctrl\+C/) });
    expect(settings.host.openAtLogin.available).toBe(false);
    await h.app.dispose();
  });

  it('pausing auto-sync: no next run, the plan says it is paused, every window hears it, and it survives a restart', async () => {
    const h = await start();
    await h.call<PlanStatus>('plan.installLicense', { license: DEMO_SCALE_LICENSE });
    // Not connected, so no next run either way; the sentence is what changes.
    const paused = await h.call<AppSettings>('app.setSettings', { autoSyncPaused: true });
    expect(paused.autoSyncPaused).toBe(true);
    const plan = await h.call<PlanStatus>('plan.status');
    expect(plan).toMatchObject({ tier: 'scale', autoSync: AUTO_SYNC_PAUSED_SENTENCE, nextAutoSyncAt: null });
    expect(h.events.filter((e) => e.name === 'app.settingsChanged').map((e) => e.payload)).toEqual([paused]);
    expect(h.events.some((e) => e.name === 'plan.changed' && e.payload.autoSync === AUTO_SYNC_PAUSED_SENTENCE)).toBe(true);
    await h.app.dispose();

    const again = await start({ dataDir: h.app.dataDir });
    expect((await again.call<AppSettings>('app.settings')).autoSyncPaused).toBe(true);
    await again.call('app.setSettings', { autoSyncPaused: false });
    expect((await again.call<PlanStatus>('plan.status')).autoSync).toBe('Auto-sync every 30 minutes.');
    await again.app.dispose();
  });

  it('refuses to open at login where it cannot, and an empty or unknown change', async () => {
    const h = await start();
    await expect(h.call('app.setSettings', { openAtLogin: true })).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('Open at login is not available here') });
    await expect(h.call('app.setSettings', {})).rejects.toMatchObject({ code: 'bad_request' });
    await expect(h.call('app.setSettings', { startMinimized: true })).rejects.toMatchObject({ code: 'bad_request' });
    expect((await h.call<AppSettings>('app.settings')).openAtLogin).toBe(false);
    await h.app.dispose();
  });

  it('reads a settings file from before these settings existed, keeping its connection and tracking', async () => {
    const h = await start();
    await h.app.dispose();
    const file = path.join(h.app.dataDir, 'settings.json');
    const old = {
      v: 1,
      connection: {
        host: 'https://eu.posthog.com',
        cloud: 'eu',
        projectId: 7,
        projectName: 'Acme Web',
        timezone: 'Europe/Berlin',
        caPem: null,
        caLabel: null,
        keyHint: 'phx_…abcd',
        scopes: ['query:read'],
        connectedAt: '2026-11-01T10:00:00.000Z',
        lastVerifiedAt: null,
        demo: false,
      },
      wizard: null,
      tracking: { 'https://eu.posthog.com#7': { customEvents: ['signed_up'], funnels: [] } },
    };
    writeFileSync(file, JSON.stringify(old));
    const again = await start({ dataDir: h.app.dataDir });
    expect(await again.call<AppSettings>('app.settings')).toMatchObject({ keepRunningInBackground: true, openAtLogin: false, autoSyncPaused: false });
    expect(await again.call('connection.status')).toMatchObject({ state: 'connected', projectId: 7, projectName: 'Acme Web' });

    await again.call('app.setSettings', { keepRunningInBackground: false });
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written).toEqual({ ...old, preferences: { keepRunningInBackground: false, openAtLogin: false, autoSyncPaused: false, noTrayNoticeShown: false } });
    await again.app.dispose();
  });

  it('with a desktop host: open at login goes to the OS, and a refusal stores nothing', async () => {
    let enabled = false;
    let refuse = false;
    const loginItems: LoginItems = {
      support: { kind: 'os' },
      read: () => ({ enabled, needsApproval: false }),
      write: async (on) => {
        if (refuse) throw new Error('the OS said no');
        enabled = on;
      },
    };
    const h = await start({ desktop: createDesktopHost({ platform: 'win32', tray: () => ({ kind: 'tray' }), loginItems }) });
    const before = await h.call<AppSettings>('app.settings');
    expect(before.host.background.explanation).toBe('Closing the window keeps Sightline in the notification area, syncing and alerting. Quit it from its icon there.');
    const on = await h.call<AppSettings>('app.setSettings', { openAtLogin: true });
    expect(enabled).toBe(true);
    expect(on.openAtLogin).toBe(true);
    expect(on.host.openAtLogin.explanation).toBe('Sightline starts when you sign in to Windows, in the notification area without opening its window.');

    refuse = true;
    await expect(h.call('app.setSettings', { openAtLogin: false, autoSyncPaused: true })).rejects.toMatchObject({ code: 'internal' });
    expect(await h.call<AppSettings>('app.settings')).toMatchObject({ openAtLogin: true, autoSyncPaused: false });

    // The OS is the record: turned off in Windows' own settings, it reads as off here.
    enabled = false;
    expect((await h.call<AppSettings>('app.settings')).openAtLogin).toBe(false);
    expect(h.app.settings.preferences().noTrayNoticeShown).toBe(false);
    await h.app.settings.markNoTrayNoticeShown();
    expect(h.app.settings.preferences().noTrayNoticeShown).toBe(true);
    await h.app.dispose();
  });
});
