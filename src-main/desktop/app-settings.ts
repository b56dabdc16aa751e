/**
 * The app settings behind `app.settings` / `app.setSettings`: kept in main's settings file
 * (`preferences`), explained by the desktop host, applied where they act (the login item through the
 * host, the pause through the auto-sync scheduler) and announced with `app.settingsChanged`.
 */
import type { AppSettings, AppSettingsChange } from '../../shared/contract';
import { AppFailure } from '../contract/failure';
import { preferencesOf, type Preferences, type SettingsStore } from '../store/settings-store';
import type { DesktopHost } from './desktop-host';

export interface AppSettingsService {
  /** The stored preferences (defaults for a file that has none yet). Synchronous, for the window's close handler. */
  preferences(): Preferences;
  view(): AppSettings;
  change(change: AppSettingsChange): Promise<AppSettings>;
  /** Records that the "no tray, so closing quits" notice was shown (it is shown once). */
  markNoTrayNoticeShown(): Promise<void>;
}

export interface AppSettingsDeps {
  store: SettingsStore;
  host: DesktopHost;
  /** The pause changed: the scheduler re-reads it. */
  onAutoSyncPausedChange(): void;
  /** Every change, as the renderer (and the tray) see it. */
  announce(settings: AppSettings): void;
}

export function createAppSettings(deps: AppSettingsDeps): AppSettingsService {
  const preferences = (): Preferences => preferencesOf(deps.store.read());
  const view = (): AppSettings => {
    const p = preferences();
    const host = deps.host.describe(p);
    return {
      keepRunningInBackground: p.keepRunningInBackground,
      openAtLogin: host.openAtLoginEnabled,
      autoSyncPaused: p.autoSyncPaused,
      host: { background: host.background, openAtLogin: host.openAtLogin },
    };
  };
  const store = (patch: Partial<Preferences>) => deps.store.update((s) => ({ ...s, preferences: { ...preferencesOf(s), ...patch } }));

  return {
    preferences,
    view,
    change: async (change) => {
      const before = preferences();
      if (change.openAtLogin !== undefined) {
        const offered = deps.host.describe(before).openAtLogin;
        if (offered.available) await deps.host.setOpenAtLogin(change.openAtLogin);
        else if (change.openAtLogin) throw new AppFailure('bad_request', `Open at login is not available here. ${offered.explanation}`);
      }
      const patch: Partial<Preferences> = {};
      if (change.keepRunningInBackground !== undefined) patch.keepRunningInBackground = change.keepRunningInBackground;
      if (change.openAtLogin !== undefined) patch.openAtLogin = change.openAtLogin;
      if (change.autoSyncPaused !== undefined) patch.autoSyncPaused = change.autoSyncPaused;
      await store(patch);
      if (change.autoSyncPaused !== undefined && change.autoSyncPaused !== before.autoSyncPaused) deps.onAutoSyncPausedChange();
      const next = view();
      deps.announce(next);
      return next;
    },
    markNoTrayNoticeShown: async () => {
      if (!preferences().noTrayNoticeShown) await store({ noTrayNoticeShown: true });
    },
  };
}
