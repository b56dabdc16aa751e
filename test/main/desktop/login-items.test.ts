import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';
import { LOGIN_LAUNCH_FLAG } from '../../../src-main/desktop/app-identity';
import { createDesktopHost } from '../../../src-main/desktop/desktop-host';
import { loginItemsFor, loginItemSupport, NOT_INSTALLED, type LoginItemApi } from '../../../src-main/desktop/login-items';
import { autostartEnabled, autostartEntry, autostartFile, createXdgAutostart, execArgument } from '../../../src-main/desktop/xdg-autostart';
import { DEFAULT_PREFERENCES } from '../../../src-main/store/settings-store';

/** Electron's login item API, faked: records what was set, answers as macOS / Windows would. */
function fakeLoginItems(status: LoginItemSettings['status'] = 'enabled') {
  const set: Settings[] = [];
  const asked: (LoginItemSettingsOptions | undefined)[] = [];
  let enabled = false;
  const api: LoginItemApi = {
    getLoginItemSettings: (options) => {
      asked.push(options);
      return { openAtLogin: enabled, wasOpenedAtLogin: false, status, executableWillLaunchAtLogin: enabled, launchItems: [] };
    },
    setLoginItemSettings: (settings) => {
      set.push(settings);
      enabled = settings.openAtLogin ?? false;
    },
  };
  return { api, set, asked };
}

const facts = (platform: string, dir = '/tmp/x') => ({ platform, packaged: true, autostartFile: path.join(dir, 'autostart', 'sightline.desktop'), executable: '/opt/Sightline/sightline' });

describe('open at login', () => {
  it('on Windows registers the app with --launched-at-login, so a login start stays in the tray', async () => {
    const fake = fakeLoginItems();
    const items = loginItemsFor(facts('win32'), fake.api);
    await items.write(true);
    expect(fake.set).toEqual([{ openAtLogin: true, args: [LOGIN_LAUNCH_FLAG] }]);
    expect(items.read()).toEqual({ enabled: true, needsApproval: false });
    expect(fake.asked.at(-1)).toEqual({ args: [LOGIN_LAUNCH_FLAG] }); // compared with the same arguments
  });

  it('on macOS uses the login item and says when macOS waits for approval', async () => {
    const fake = fakeLoginItems('requires-approval');
    const items = loginItemsFor(facts('darwin'), fake.api);
    await items.write(true);
    expect(fake.set).toEqual([{ openAtLogin: true }]);
    expect(items.read()).toEqual({ enabled: true, needsApproval: true });
    const host = createDesktopHost({ platform: 'darwin', tray: () => ({ kind: 'tray' }), loginItems: items });
    expect(host.describe({ ...DEFAULT_PREFERENCES, openAtLogin: true }).openAtLogin.explanation).toBe(
      'Sightline starts when you log in, in the menu bar without opening its window. macOS is waiting for your approval: System Settings → General → Login Items.',
    );
  });

  it('is not offered to a development run (it would register the bare Electron binary)', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      expect(loginItemSupport({ ...facts(platform), packaged: false })).toEqual({ kind: 'none', why: NOT_INSTALLED });
    }
    const host = createDesktopHost({ platform: 'linux', tray: () => ({ kind: 'tray' }), loginItems: loginItemsFor({ ...facts('linux'), packaged: false }, fakeLoginItems().api) });
    expect(host.describe({ ...DEFAULT_PREFERENCES, openAtLogin: true })).toMatchObject({ openAtLogin: { available: false, explanation: NOT_INSTALLED }, openAtLoginEnabled: false });
  });
});

describe('open at login on Linux (XDG autostart entry)', () => {
  it('writes ~/.config/autostart/sightline.desktop that starts the app in the background, and removes it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sightline-autostart-'));
    const file = autostartFile({ XDG_CONFIG_HOME: dir }, '/home/ada');
    expect(file).toBe(path.join(dir, 'autostart', 'sightline.desktop'));
    const items = loginItemsFor({ ...facts('linux'), autostartFile: file, executable: '/home/ada/Apps/Sightline 0.1.0.AppImage' }, fakeLoginItems().api);
    expect(items.read()).toEqual({ enabled: false, needsApproval: false });

    await items.write(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('[Desktop Entry]\nType=Application\n');
    expect(text).toContain('Exec="/home/ada/Apps/Sightline 0.1.0.AppImage" --launched-at-login\n');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(items.read()).toEqual({ enabled: true, needsApproval: false });

    // Switched off in the desktop's own startup settings: reads as off.
    writeFileSync(file, `${text}Hidden=true\n`);
    expect(items.read()?.enabled).toBe(false);

    await items.write(false);
    expect(existsSync(file)).toBe(false);
    await items.write(false); // already gone: fine
  });

  it('falls back to ~/.config when XDG_CONFIG_HOME is unset or relative', () => {
    expect(autostartFile({}, '/home/ada')).toBe('/home/ada/.config/autostart/sightline.desktop');
    expect(autostartFile({ XDG_CONFIG_HOME: 'rel' }, '/home/ada')).toBe('/home/ada/.config/autostart/sightline.desktop');
  });

  it.each([
    ['/opt/Sightline/sightline', '/opt/Sightline/sightline'],
    ['/home/a b/S.AppImage', '"/home/a b/S.AppImage"'],
    ['/tmp/$HOME`x`"q"', '"/tmp/\\\\$HOME\\\\`x\\\\`\\\\"q\\\\""'],
    ['/tmp/back\\slash', '"/tmp/back\\\\\\\\slash"'],
    ['/tmp/100%', '/tmp/100%%'],
  ])('quotes %s in Exec as %s', (arg, expected) => {
    expect(execArgument(arg)).toBe(expected);
  });

  it('refuses an argument that would break the entry', () => {
    expect(() => execArgument('/tmp/a\nExec=evil')).toThrow();
    expect(() => autostartEntry([''])).toThrow();
  });

  it('reads GNOME’s switch too', () => {
    expect(autostartEnabled('[Desktop Entry]\nX-GNOME-Autostart-enabled=false\n')).toBe(false);
    expect(autostartEnabled(autostartEntry(['/usr/bin/sightline']))).toBe(true);
    expect(createXdgAutostart({ file: '/nonexistent/x.desktop', command: ['x'] }).read()).toEqual({ enabled: false, needsApproval: false });
  });
});
