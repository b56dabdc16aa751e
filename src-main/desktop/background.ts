/**
 * The main window's life around closing and quitting, over ports (the shell passes Electron's
 * objects, tests fakes): a close either hides the window (the app keeps syncing and alerting), lets
 * it close while quitting, or quits — after saying once, on Linux without a tray, why.
 */
import type { ErrorLog } from '../contract/dispatch';
import type { Preferences } from '../store/settings-store';
import { closeDecision, type CloseDecision } from './close-policy';
import { runsInBackground, type TrayPresence } from './host-behaviour';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface BackgroundDeps {
  tray(): TrayPresence;
  preferences(): Pick<Preferences, 'keepRunningInBackground' | 'noTrayNoticeShown'>;
  /** Shows the notice (a message box over the window); resolves once it is dismissed. */
  tell(notice: string): Promise<void>;
  markNoticeShown(): Promise<void>;
  /** Quits the app (Electron's `app.quit()`, which comes back through `beforeQuit`). */
  quit(): void;
  log: ErrorLog;
}

export interface Background {
  /** Electron's `before-quit`: from now on windows close for real. */
  beforeQuit(): void;
  /** The window's `close` event. */
  onWindowClose(event: PreventableEvent, window: { hide(): void }): CloseDecision;
  /** `window-all-closed`: quits unless the app lives on in the tray (a window that crashed away, say). */
  onAllWindowsClosed(): void;
  /** Whether closing the window now would hide it. */
  runsInBackground(): boolean;
  quitting(): boolean;
}

export function createBackground(deps: BackgroundDeps): Background {
  let quitting = false;
  let telling = false;
  const inBackground = (): boolean => runsInBackground(deps.preferences().keepRunningInBackground, deps.tray());

  const quitAfterNotice = async (notice: string): Promise<void> => {
    try {
      await deps.tell(notice);
    } catch (error) {
      deps.log('could not show the no-tray notice', error);
    }
    try {
      await deps.markNoticeShown();
    } catch (error) {
      deps.log('could not record that the no-tray notice was shown', error);
    }
    quitting = true;
    deps.quit();
  };

  return {
    beforeQuit: () => {
      quitting = true;
    },
    onWindowClose: (event, window) => {
      const prefs = deps.preferences();
      const decision = closeDecision({ quitting, keepRunningInBackground: prefs.keepRunningInBackground, tray: deps.tray(), noTrayNoticeShown: prefs.noTrayNoticeShown });
      if (decision.action === 'hide') {
        event.preventDefault();
        window.hide();
      } else if (decision.action === 'quit' && decision.notice !== null) {
        // The window stays up under the message; the app quits once it is read.
        event.preventDefault();
        if (!telling) {
          telling = true;
          void quitAfterNotice(decision.notice);
        }
      }
      return decision;
    },
    onAllWindowsClosed: () => {
      if (quitting || !inBackground()) deps.quit();
    },
    runsInBackground: inBackground,
    quitting: () => quitting,
  };
}
