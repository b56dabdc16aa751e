/**
 * Whether a Linux desktop will show Sightline's tray icon. Electron's Tray on Linux is a
 * StatusNotifierItem: it appears only where a StatusNotifierWatcher runs on the session bus (KDE,
 * XFCE, Cinnamon, MATE, LXQt, Budgie, Ubuntu's GNOME with its AppIndicator extension…), and plain
 * GNOME has none — the icon would silently not exist, and a hidden window could never come back.
 * The bus is asked first (see dbus-probe.ts); when it cannot be asked, the desktop's name decides.
 */
import type { TrayPresence } from './host-behaviour';

export const NO_TRAY_WHY = 'This desktop shows no tray icons (GNOME needs the AppIndicator extension for them).';

/** Desktops known to show StatusNotifierItem icons out of the box (`XDG_CURRENT_DESKTOP`, lower case). */
const WITH_TRAY = ['kde', 'xfce', 'x-cinnamon', 'cinnamon', 'mate', 'lxqt', 'budgie', 'unity', 'ubuntu', 'pantheon', 'deepin', 'lxde', 'enlightenment'];

export function desktopHasTray(env: Readonly<Record<string, string | undefined>>): boolean | null {
  const names = (env.XDG_CURRENT_DESKTOP ?? env.DESKTOP_SESSION ?? '')
    .toLowerCase()
    .split(':')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) return null;
  if (names.some((n) => WITH_TRAY.includes(n))) return true;
  if (names.includes('gnome')) return false;
  return null;
}

/**
 * `watcher`: whether org.kde.StatusNotifierWatcher has an owner on the session bus (null: could not
 * ask). Without an answer from the bus, only a desktop known to have a tray gets one: an icon that
 * does not show, behind a hidden window, is worse than quitting on close.
 */
export function linuxTrayPresence(watcher: boolean | null, env: Readonly<Record<string, string | undefined>>): TrayPresence {
  if (watcher === true) return { kind: 'tray' };
  if (watcher === false) return { kind: 'none', why: NO_TRAY_WHY };
  return desktopHasTray(env) === true ? { kind: 'tray' } : { kind: 'none', why: NO_TRAY_WHY };
}

/** Whether this platform will show a tray icon: always on macOS (menu bar) and Windows; on Linux, ask. */
export async function detectTrayPresence(
  platform: string,
  env: Readonly<Record<string, string | undefined>>,
  askWatcher: () => Promise<boolean | null>,
): Promise<TrayPresence> {
  if (platform !== 'linux') return { kind: 'tray' };
  return linuxTrayPresence(await askWatcher(), env);
}
