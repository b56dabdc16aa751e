import { describe, expect, it } from 'vitest';
import { browserDesktopHost, createDesktopHost } from '../../../src-main/desktop/desktop-host';
import { backgroundBehaviour, openAtLoginBehaviour } from '../../../src-main/desktop/host-behaviour';
import { NO_TRAY_WHY } from '../../../src-main/desktop/linux-tray';
import { DEFAULT_PREFERENCES } from '../../../src-main/store/settings-store';

const TRAY = { kind: 'tray' } as const;
const NO_TRAY = { kind: 'none', why: NO_TRAY_WHY } as const;

describe('what the settings say they do, per platform', () => {
  it.each([
    ['darwin', 'Closing the window keeps Sightline in the menu bar, syncing and alerting. Quit it from its menu bar icon or with ⌘Q.'],
    ['win32', 'Closing the window keeps Sightline in the notification area, syncing and alerting. Quit it from its icon there.'],
    ['linux', 'Closing the window keeps Sightline in the system tray, syncing and alerting. Quit it from its tray icon or with Ctrl+Q.'],
  ])('keep running in the background on %s', (platform, text) => {
    expect(backgroundBehaviour(platform, TRAY, true)).toEqual({ available: true, explanation: text });
    expect(backgroundBehaviour(platform, TRAY, false).explanation).toBe('Closing the window quits Sightline: auto-sync and alerts stop until you open it again.');
  });

  it('open at login: where it starts, and the XDG entry on Linux', () => {
    const on = { enabled: true, needsApproval: false };
    expect(openAtLoginBehaviour('linux', { kind: 'xdg-autostart', file: '/home/ada/.config/autostart/sightline.desktop' }, TRAY, on).explanation).toBe(
      'Sightline starts when you log in, in the system tray without opening its window (autostart entry /home/ada/.config/autostart/sightline.desktop).',
    );
    expect(openAtLoginBehaviour('linux', { kind: 'xdg-autostart', file: '/x' }, NO_TRAY, on).explanation).toBe(
      'Sightline starts when you log in, with its window open (there is no tray to start in) (autostart entry /x).',
    );
    expect(openAtLoginBehaviour('darwin', { kind: 'os' }, TRAY, { enabled: false, needsApproval: false }).explanation).toBe('Sightline starts only when you open it.');
  });

  it('the browser host offers neither, and says where it runs instead', () => {
    const d = browserDesktopHost.describe(DEFAULT_PREFERENCES);
    expect(d.background.available).toBe(false);
    expect(d.openAtLogin.available).toBe(false);
    expect(d.openAtLoginEnabled).toBe(false);
  });

  it('an Electron host follows its tray: a tray that failed to appear turns background off', () => {
    let tray: { kind: 'tray' } | { kind: 'none'; why: string } = TRAY;
    const host = createDesktopHost({ platform: 'linux', tray: () => tray, loginItems: { support: { kind: 'none', why: 'n/a' }, read: () => null, write: async () => {} } });
    expect(host.describe(DEFAULT_PREFERENCES).background.available).toBe(true);
    tray = NO_TRAY;
    expect(host.describe(DEFAULT_PREFERENCES).background).toMatchObject({ available: false, explanation: expect.stringContaining(NO_TRAY_WHY) });
  });
});
