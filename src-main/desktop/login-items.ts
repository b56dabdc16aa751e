/**
 * "Open at login" per platform: the OS's login items on macOS and Windows (Electron's
 * `app.setLoginItemSettings`, reached through a port so it is tested with a fake), an XDG autostart
 * entry on Linux, and nothing for a development run (it would register the bare Electron binary).
 * The login item passes `--launched-at-login` where it can carry arguments (Windows, Linux); macOS says
 * `wasOpenedAtLogin` instead.
 */
import type { App } from 'electron';
import { LOGIN_LAUNCH_FLAG } from './app-identity';
import type { LoginItems } from './desktop-host';
import type { LoginItemSupport } from './host-behaviour';
import { createXdgAutostart } from './xdg-autostart';

export type LoginItemApi = Pick<App, 'getLoginItemSettings' | 'setLoginItemSettings'>;

export interface LoginItemFacts {
  platform: string;
  /** `app.isPackaged`. */
  packaged: boolean;
  /** Linux: where the autostart entry goes. */
  autostartFile: string;
  /** Linux: what the entry runs — the AppImage (`$APPIMAGE`) when it is one, else the installed executable. */
  executable: string;
}

export const NOT_INSTALLED = 'Only an installed Sightline can open at login, not a development run.';

export function loginItemSupport(facts: LoginItemFacts): LoginItemSupport {
  if (!facts.packaged) return { kind: 'none', why: NOT_INSTALLED };
  if (facts.platform === 'darwin' || facts.platform === 'win32') return { kind: 'os' };
  if (facts.platform === 'linux') return { kind: 'xdg-autostart', file: facts.autostartFile };
  return { kind: 'none', why: `Opening at login is not supported on ${facts.platform}.` };
}

const WINDOWS_ARGS = [LOGIN_LAUNCH_FLAG];

/** macOS / Windows: the OS keeps the record; Windows runs the app with `--launched-at-login`. */
export function osLoginItems(platform: string, api: LoginItemApi): LoginItems {
  const windows = platform === 'win32';
  return {
    support: { kind: 'os' },
    read: () => {
      const current = windows ? api.getLoginItemSettings({ args: WINDOWS_ARGS }) : api.getLoginItemSettings();
      return { enabled: current.openAtLogin, needsApproval: !windows && current.status === 'requires-approval' };
    },
    write: async (enabled) => {
      api.setLoginItemSettings(windows ? { openAtLogin: enabled, args: WINDOWS_ARGS } : { openAtLogin: enabled });
    },
  };
}

const NONE = (why: string): LoginItems => ({
  support: { kind: 'none', why },
  read: () => null,
  write: async () => {
    throw new Error(why);
  },
});

export function loginItemsFor(facts: LoginItemFacts, api: LoginItemApi): LoginItems {
  const support = loginItemSupport(facts);
  if (support.kind === 'none') return NONE(support.why);
  if (support.kind === 'xdg-autostart') return createXdgAutostart({ file: support.file, command: [facts.executable, LOGIN_LAUNCH_FLAG] });
  return osLoginItems(facts.platform, api);
}
