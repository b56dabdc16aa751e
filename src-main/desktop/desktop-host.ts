/**
 * The desktop host port: what the app's settings can do on the host it runs on. The Electron shell
 * builds one from its tray and the OS's login items; the browser host uses `browserDesktopHost`.
 */
import type { HostBehaviour } from '../../shared/contract';
import type { Preferences } from '../store/settings-store';
import { BROWSER_HOST_BEHAVIOUR, backgroundBehaviour, openAtLoginBehaviour, type LoginItemSupport, type TrayPresence } from './host-behaviour';

export interface HostDescription {
  background: HostBehaviour;
  openAtLogin: HostBehaviour;
  /** Whether the app opens at login, as the OS records it where it does (else as Sightline stored it). */
  openAtLoginEnabled: boolean;
}

export interface DesktopHost {
  describe(preferences: Preferences): HostDescription;
  /** Registers or removes the login item. Only called where `openAtLogin.available`; throws when the OS refuses. */
  setOpenAtLogin(enabled: boolean): Promise<void>;
}

/** The OS's login items as the shell reaches them (Electron's app.*LoginItemSettings, or an XDG autostart file). */
export interface LoginItems {
  readonly support: LoginItemSupport;
  /** The OS's own record, or null when there is none to read (the stored preference is then the record). */
  read(): { enabled: boolean; needsApproval: boolean } | null;
  write(enabled: boolean): Promise<void>;
}

export function createDesktopHost(deps: { platform: string; tray: () => TrayPresence; loginItems: LoginItems }): DesktopHost {
  return {
    describe: (preferences) => {
      const tray = deps.tray();
      const recorded = deps.loginItems.support.kind === 'none' ? null : deps.loginItems.read();
      const state = recorded ?? { enabled: preferences.openAtLogin && deps.loginItems.support.kind !== 'none', needsApproval: false };
      return {
        background: backgroundBehaviour(deps.platform, tray, preferences.keepRunningInBackground),
        openAtLogin: openAtLoginBehaviour(deps.platform, deps.loginItems.support, tray, state),
        openAtLoginEnabled: state.enabled,
      };
    },
    setOpenAtLogin: (enabled) => deps.loginItems.write(enabled),
  };
}

/** The browser host: nothing to hide in a tray, nothing to open at login. */
export const browserDesktopHost: DesktopHost = {
  describe: () => ({ ...BROWSER_HOST_BEHAVIOUR, openAtLoginEnabled: false }),
  setOpenAtLogin: async () => {
    throw new Error('the browser host has no login items');
  },
};
