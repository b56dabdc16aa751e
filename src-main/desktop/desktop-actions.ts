/**
 * What the tray's and the app menu's items do, over ports: Refresh runs a sync through the contract
 * (or, with no project connected, opens the connect wizard), Open brings the window up at a view,
 * Pause/Resume auto-sync changes the setting, Quit quits.
 */
import type { EventPayload } from '../../shared/contract';
import type { Dispatch, ErrorLog } from '../contract/dispatch';
import { callChannel } from './contract-call';
import type { DesktopAction, RunAction } from './menu-model';

export interface DesktopActionsDeps {
  dispatch: Dispatch;
  presenter: { show(): void };
  /** Emits `app.navigate` to the renderer. */
  navigate(to: EventPayload<'app.navigate'>): void;
  quit(): void;
  log: ErrorLog;
}

export function createDesktopActions(deps: DesktopActionsDeps): { run: RunAction; perform(action: DesktopAction): Promise<void> } {
  const show = (view?: EventPayload<'app.navigate'>['view']): void => {
    deps.presenter.show();
    if (view !== undefined) deps.navigate({ view });
  };

  const perform = async (action: DesktopAction): Promise<void> => {
    switch (action.kind) {
      case 'refresh': {
        const status = await callChannel(deps.dispatch, deps.log, 'connection.status', {});
        if (status?.state !== 'connected') return show('connect');
        // The outcome reaches the tray and the header through `sync.finished`; a failure is in the sync log.
        await deps.dispatch('sync.refresh', {});
        return;
      }
      case 'show':
        return show(action.view);
      case 'set-auto-sync-paused':
        await callChannel(deps.dispatch, deps.log, 'app.setSettings', { autoSyncPaused: action.paused });
        return;
      case 'quit':
        return deps.quit();
    }
  };

  return {
    perform,
    run: (action) => {
      perform(action).catch((error: unknown) => deps.log(`the ${action.kind} action failed`, error));
    },
  };
}
