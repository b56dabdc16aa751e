import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { nameHasOwner, STATUS_NOTIFIER_WATCHER } from '../../../src-main/desktop/dbus-probe';
import { backgroundBehaviour } from '../../../src-main/desktop/host-behaviour';
import { desktopHasTray, detectTrayPresence, linuxTrayPresence, NO_TRAY_WHY } from '../../../src-main/desktop/linux-tray';

describe('does this Linux desktop show tray icons?', () => {
  it('believes the session bus first: a StatusNotifierWatcher means a tray, none means none', () => {
    expect(linuxTrayPresence(true, { XDG_CURRENT_DESKTOP: 'GNOME' })).toEqual({ kind: 'tray' });
    expect(linuxTrayPresence(false, { XDG_CURRENT_DESKTOP: 'KDE' })).toEqual({ kind: 'none', why: NO_TRAY_WHY });
  });

  it('without an answer from the bus, goes by the desktop: KDE, XFCE, Ubuntu’s GNOME yes; plain GNOME and unknown ones no', () => {
    expect(desktopHasTray({ XDG_CURRENT_DESKTOP: 'KDE' })).toBe(true);
    expect(desktopHasTray({ XDG_CURRENT_DESKTOP: 'XFCE' })).toBe(true);
    expect(desktopHasTray({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe(true);
    expect(desktopHasTray({ XDG_CURRENT_DESKTOP: 'GNOME' })).toBe(false);
    expect(desktopHasTray({ XDG_CURRENT_DESKTOP: 'sway' })).toBeNull();
    expect(desktopHasTray({})).toBeNull();
    expect(linuxTrayPresence(null, { XDG_CURRENT_DESKTOP: 'GNOME' }).kind).toBe('none');
    expect(linuxTrayPresence(null, { XDG_CURRENT_DESKTOP: 'sway' }).kind).toBe('none');
    expect(linuxTrayPresence(null, { XDG_CURRENT_DESKTOP: 'X-Cinnamon' }).kind).toBe('tray');
  });

  it('never asks on macOS and Windows, which always have one', async () => {
    const ask = async (): Promise<boolean | null> => {
      throw new Error('not asked');
    };
    expect(await detectTrayPresence('darwin', {}, ask)).toEqual({ kind: 'tray' });
    expect(await detectTrayPresence('win32', {}, ask)).toEqual({ kind: 'tray' });
    expect(await detectTrayPresence('linux', { XDG_CURRENT_DESKTOP: 'GNOME' }, async () => null)).toEqual({ kind: 'none', why: NO_TRAY_WHY });
  });

  it('tells the founder in Settings why closing quits there', () => {
    expect(backgroundBehaviour('linux', { kind: 'none', why: NO_TRAY_WHY }, true)).toEqual({
      available: false,
      explanation: `${NO_TRAY_WHY} Closing the window quits Sightline: auto-sync and alerts stop until you open it again.`,
    });
  });
});

describe('asking the session bus (dbus-send, for real)', () => {
  let daemon: ChildProcess | null = null;
  afterAll(() => {
    daemon?.kill();
  });

  /** A private session bus (dbus-daemon), so the test never touches the user's own. */
  const privateBus = (): Promise<string | null> =>
    new Promise((resolve) => {
      const child = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.on('error', () => resolve(null));
      daemon = child;
      createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
    });

  it('answers null when there is no bus to ask', async () => {
    expect(await nameHasOwner(STATUS_NOTIFIER_WATCHER, { env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } })).toBeNull();
  });

  it('on a bus without a tray host: no watcher (while the bus itself has an owner)', async (context) => {
    const address = await privateBus();
    if (address === null) return context.skip('dbus-daemon is not installed here');
    const env = { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: address };
    expect(await nameHasOwner('org.freedesktop.DBus', { env })).toBe(true);
    expect(await nameHasOwner(STATUS_NOTIFIER_WATCHER, { env })).toBe(false);
  });

  it('refuses a name that is not a bus name', async () => {
    expect(await nameHasOwner('x; rm -rf /')).toBeNull();
  });
});
