/**
 * src-main/electron/main.ts on a Linux desktop without a tray (plain GNOME, no StatusNotifierWatcher
 * to ask), composed in plain Node against the fake `electron` module: no tray icon is made, and
 * closing the window quits after saying why, once. Not Electron itself (see main-composition.test.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, FakeTray, FakeWindow } from './fake-electron';

const dataDir = mkdtempSync(path.join(tmpdir(), 'sightline-shell-gnome-'));
const electron = createFakeElectron(dataDir);
vi.mock('electron', () => electron.fake);

const until = async (check: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
};

beforeAll(async () => {
  const saved = { ...process.env };
  process.env.XDG_CURRENT_DESKTOP = 'GNOME';
  process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/bus';
  process.env.SIGHTLINE_DATA_DIR = dataDir;
  await import('../../../src-main/electron/main');
  electron.fake.app.becomeReady();
  await until(() => FakeWindow.all.length === 1, 'the main window');
  process.env = saved;
}, 30_000);

describe('the Electron shell on GNOME without a tray (fake electron module, real services)', () => {
  it('makes no tray icon, and Settings says closing quits', async () => {
    expect(FakeTray.all).toEqual([]);
    const handler = electron.handled.get('app.settings')!;
    const answer = (await handler({ senderFrame: { url: 'app://sightline/index.html' } }, {})) as { ok: boolean; data: { host: { background: { available: boolean; explanation: string } } } };
    expect(answer.data.host.background).toMatchObject({ available: false, explanation: expect.stringContaining('Closing the window quits Sightline') });
  });

  it('closing the window quits after saying why, once', async () => {
    const window = FakeWindow.all[0]!;
    window.loaded();
    expect(window.userClose()).toBe(false); // held under the message
    await until(() => electron.fake.app.quits === 1, 'the quit');
    expect(electron.messageBoxes).toHaveLength(1);
    expect(electron.messageBoxes[0]).toMatchObject({ message: 'Sightline will quit', detail: expect.stringContaining('This desktop shows no tray icons') });
    expect(window.userClose()).toBe(true); // quitting now: it closes
    // Remembered for the next launch, so it is said only once.
    const settings = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as { preferences: { noTrayNoticeShown: boolean } };
    expect(settings.preferences.noTrayNoticeShown).toBe(true);
  });
});
