/**
 * src-main/electron/main.ts composed in plain Node against a fake `electron` module (fake-electron.ts),
 * on the real services: it checks the shell's wiring — IPC for every contract channel, the app menu,
 * the tray and its menu, the window's close-to-hide, a second launch, a notification click, sleep/wake.
 * It does not run Electron (no binary can run here); how real Electron behaves is not tested by this.
 */
import { mkdtempSync, type default as NodeFs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelNames } from '../../../shared/contract';
import { createFakeElectron, FakeNotification, FakeTray, FakeWindow } from './fake-electron';

const dataDir = mkdtempSync(path.join(tmpdir(), 'sightline-shell-'));
const electron = createFakeElectron(dataDir);
vi.mock('electron', () => electron.fake);
// The bundle finds its tray icons next to itself (dist/main/tray); unbundled, main.ts sits in
// src-main/electron, so its icon reads are sent to assets/tray, where the build copies them from.
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const { default: p } = await import('node:path');
  const bundled = p.resolve('src-main/electron/tray');
  const readFileSync = ((file: string, ...rest: []) =>
    fs.readFileSync(typeof file === 'string' && file.startsWith(bundled) ? p.join(p.resolve('assets/tray'), p.basename(file)) : file, ...rest)) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const saved = { ...process.env };
const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

beforeAll(async () => {
  // A desktop known to show tray icons, no session bus to ask, data in a scratch folder.
  process.env.XDG_CURRENT_DESKTOP = 'KDE';
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
  process.env.SIGHTLINE_DATA_DIR = dataDir;
  await import('../../../src-main/electron/main');
  electron.fake.app.becomeReady();
  await until(() => FakeWindow.all.length === 1, 'the main window');
}, 30_000);

afterAll(() => {
  electron.fake.app.emit('will-quit');
  process.env = saved;
});

const window = (): FakeWindow => FakeWindow.all[0]!;
const tray = (): FakeTray => FakeTray.all[0]!;

describe('the Electron shell, composed (fake electron module, real services)', () => {
  it('sets the Windows app user model id and answers every contract channel over IPC', () => {
    expect(electron.fake.app.userModelId).toBe('com.sightline.app');
    expect([...electron.handled.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('replaces the default menu: Refresh on Cmd/Ctrl+R, and developer tools in this development run', () => {
    const menu = electron.applicationMenus.at(-1)!;
    const items = menu.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    expect(items.find((i) => i.accelerator === 'CmdOrCtrl+R')).toMatchObject({ label: 'Refresh' });
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(true); // app.isPackaged is false here
  });

  it('shows the tray with its status and menu, and opens the window visible once painted', async () => {
    await until(() => tray()?.menu.length > 0, 'the tray menu');
    expect(tray().tooltip).toBe('Sightline — Not connected to PostHog');
    expect(tray().menu.map((i) => i.label ?? i.type)).toEqual(['Not connected to PostHog', 'separator', 'Connect to PostHog…', 'Open Sightline', 'Auto-sync needs Pro or Scale', 'separator', 'Quit Sightline']);
    expect(window().url).toBe('app://sightline/index.html');
    window().loaded();
    expect(window().visible).toBe(true);
  });

  it('closing the window hides it (KDE has a tray); the tray brings it back', () => {
    expect(window().userClose()).toBe(false);
    expect(window().visible).toBe(false);
    tray().click('Open Sightline');
    expect(window()).toMatchObject({ visible: true, focused: true });
  });

  it('a second launch shows the hidden window instead of opening another', () => {
    window().hide();
    electron.fake.app.emit('second-instance', {}, ['sightline'], '/');
    expect(window().visible).toBe(true);
    expect(FakeWindow.all).toHaveLength(1);
  });

  it('the tray’s Connect item shows the window and sends it to the connect wizard (app.navigate)', async () => {
    window().hide();
    const before = window().webContents.sent.length;
    tray().click('Connect to PostHog…');
    await until(() => window().webContents.sent.length > before, 'the navigate event');
    expect(window().visible).toBe(true);
    expect(window().webContents.sent.at(-1)).toEqual({ channel: 'sightline:event', message: { name: 'app.navigate', payload: { view: 'connect' } } });
    expect(FakeNotification.all).toEqual([]); // no alert fired: nothing was connected
  });

  it('pausing auto-sync from the tray on a plan without it is not offered', () => {
    expect(tray().menu.find((i) => i.label === 'Auto-sync needs Pro or Scale')).toEqual({ label: 'Auto-sync needs Pro or Scale', enabled: false });
  });

  it('listens for wake-ups (powerMonitor resume)', () => {
    expect(electron.fake.powerMonitor.listenerCount('resume')).toBe(1);
  });

  it('Quit in the tray quits, and the window then closes for real', () => {
    tray().click('Quit Sightline');
    expect(electron.fake.app.quits).toBe(1);
    expect(window().userClose()).toBe(true);
  });
});
