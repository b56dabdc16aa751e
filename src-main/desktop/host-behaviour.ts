/**
 * What "keep running in the background" and "open at login" mean on the host Sightline runs on, in
 * the words the Settings view shows. Pure: the Electron shell and the browser host each describe
 * themselves with these.
 */
import type { HostBehaviour } from '../../shared/contract';

/** Whether closing the window can leave the app running: a tray (or menu bar) icon to come back from. */
export type TrayPresence = { readonly kind: 'tray' } | { readonly kind: 'none'; readonly why: string };

/** How the OS records the login item: its own login items (macOS, Windows), an XDG autostart file, or not at all. */
export type LoginItemSupport =
  | { readonly kind: 'os' }
  | { readonly kind: 'xdg-autostart'; readonly file: string }
  | { readonly kind: 'none'; readonly why: string };

const trayName = (platform: string): string =>
  platform === 'darwin' ? 'the menu bar' : platform === 'win32' ? 'the notification area' : 'the system tray';

const QUITS = 'Closing the window quits Sightline: auto-sync and alerts stop until you open it again.';

/** Whether closing the window hides it here (the setting is on and there is a tray to come back from). */
export function runsInBackground(keepRunningInBackground: boolean, tray: TrayPresence): boolean {
  return keepRunningInBackground && tray.kind === 'tray';
}

/** What closing the window does on this platform, with this tray and this setting. */
export function backgroundBehaviour(platform: string, tray: TrayPresence, keepRunningInBackground: boolean): HostBehaviour {
  if (tray.kind === 'none') return { available: false, explanation: `${tray.why} ${QUITS}` };
  if (!keepRunningInBackground) return { available: true, explanation: QUITS };
  const quit = platform === 'darwin' ? 'from its menu bar icon or with ⌘Q' : platform === 'win32' ? 'from its icon there' : 'from its tray icon or with Ctrl+Q';
  return {
    available: true,
    explanation: `Closing the window keeps Sightline in ${trayName(platform)}, syncing and alerting. Quit it ${quit}.`,
  };
}

/** What "open at login" does here. `needsApproval`: macOS registered it but waits for the user's approval. */
export function openAtLoginBehaviour(
  platform: string,
  support: LoginItemSupport,
  tray: TrayPresence,
  state: { enabled: boolean; needsApproval: boolean },
): HostBehaviour {
  if (support.kind === 'none') return { available: false, explanation: support.why };
  if (!state.enabled) return { available: true, explanation: 'Sightline starts only when you open it.' };
  const when = platform === 'win32' ? 'when you sign in to Windows' : 'when you log in';
  const where = tray.kind === 'tray' ? `in ${trayName(platform)} without opening its window` : 'with its window open (there is no tray to start in)';
  const record = support.kind === 'xdg-autostart' ? ` (autostart entry ${support.file})` : '';
  const approval = state.needsApproval ? ' macOS is waiting for your approval: System Settings → General → Login Items.' : '';
  return { available: true, explanation: `Sightline starts ${when}, ${where}${record}.${approval}` };
}

/** The browser host: it is a process in a terminal, with no window of its own to close. */
export const BROWSER_HOST_BEHAVIOUR: { background: HostBehaviour; openAtLogin: HostBehaviour } = {
  background: {
    available: false,
    explanation:
      'In browser mode Sightline runs in the terminal where you started it: it keeps syncing and alerting with or without a tab open, until you stop it there (Ctrl+C).',
  },
  openAtLogin: { available: false, explanation: 'Not in browser mode, which runs from a terminal (npm start). The desktop app can open at login.' },
};
