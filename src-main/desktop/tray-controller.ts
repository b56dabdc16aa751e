/**
 * Keeps the tray in step with the app: loads the state through the contract, follows the events a
 * window would (connection, sync progress and finish, alert rules, plan, settings), and renders the
 * pure `trayModel` through a view port (Electron's Tray in the shell, a fake in tests). Relative times
 * ("5 min ago") are refreshed every minute; identical models are not rendered twice.
 */
import type { AppEvent, PlanStatus } from '../../shared/contract';
import { autoSyncOf } from '../../shared/tiers';
import type { Dispatch, ErrorLog } from '../contract/dispatch';
import { callChannel } from './contract-call';
import { trayModel, type TrayModel, type TrayState } from './tray-model';

export interface TrayView {
  render(model: TrayModel): void;
}

export type Every = (ms: number, fn: () => void) => { cancel(): void };

export interface TrayControllerDeps {
  dispatch: Dispatch;
  subscribe(listener: (event: AppEvent) => void): () => void;
  view: TrayView;
  now(): number;
  every: Every;
  log: ErrorLog;
}

export interface TrayController {
  /** Loads the current state, renders it, and follows changes. */
  start(): Promise<void>;
  state(): TrayState;
  dispose(): void;
}

export const TRAY_CLOCK_MS = 60_000;

export const defaultEvery: Every = (ms, fn) => {
  const timer = setInterval(fn, ms);
  timer.unref?.();
  return { cancel: () => clearInterval(timer) };
};

export function createTrayController(deps: TrayControllerDeps): TrayController {
  let tier: PlanStatus['tier'] | null = null;
  let paused = false;
  let state: TrayState = { connected: false, syncing: false, last: null, firing: 0, autoSync: 'unavailable' };
  let loaded = false;
  /** What events said while the first load was under way: newer than the load's answers, so kept. */
  const heard = new Set<keyof TrayState | 'tier' | 'paused'>();
  let rendered: string | null = null;
  let stop: (() => void) | null = null;
  let clock: { cancel(): void } | null = null;

  const autoSync = (): TrayState['autoSync'] => (tier === null || autoSyncOf(tier) === null ? 'unavailable' : paused ? 'paused' : 'on');

  const render = (): void => {
    if (!loaded) return;
    const model = trayModel(state, deps.now());
    const key = JSON.stringify(model);
    if (key === rendered) return;
    rendered = key;
    try {
      deps.view.render(model);
    } catch (error) {
      deps.log('the tray could not be updated', error);
    }
  };
  const update = (patch: Partial<TrayState>): void => {
    if (!loaded) for (const key of Object.keys(patch) as (keyof TrayState)[]) heard.add(key);
    state = { ...state, ...patch };
    render();
  };

  const onEvent = (event: AppEvent): void => {
    switch (event.name) {
      case 'connection.changed':
        return update({ connected: event.payload.state === 'connected' });
      case 'sync.progress':
        return update({ syncing: true });
      case 'sync.finished':
        return update({ syncing: false, last: event.payload });
      case 'alerts.changed':
        return update({ firing: event.payload.filter((r) => r.state.status === 'firing').length });
      case 'plan.changed':
        heard.add('tier');
        tier = event.payload.tier;
        return update({ autoSync: autoSync() });
      case 'app.settingsChanged':
        heard.add('paused');
        paused = event.payload.autoSyncPaused;
        return update({ autoSync: autoSync() });
      default:
        return;
    }
  };

  return {
    start: async () => {
      stop ??= deps.subscribe(onEvent);
      const { dispatch, log } = deps;
      const [connection, sync, rules, plan, settings] = await Promise.all([
        callChannel(dispatch, log, 'connection.status', {}),
        callChannel(dispatch, log, 'sync.status', {}),
        callChannel(dispatch, log, 'alerts.rules', {}),
        callChannel(dispatch, log, 'plan.status', {}),
        callChannel(dispatch, log, 'app.settings', {}),
      ]);
      if (plan !== null && !heard.has('tier')) tier = plan.tier;
      if (settings !== null && !heard.has('paused')) paused = settings.autoSyncPaused;
      const answered: TrayState = {
        connected: connection?.state === 'connected',
        syncing: sync !== null && sync.running !== null,
        last: sync?.last ?? null,
        firing: rules?.filter((r) => r.state.status === 'firing').length ?? 0,
        autoSync: autoSync(),
      };
      state = {
        connected: heard.has('connected') ? state.connected : answered.connected,
        syncing: heard.has('syncing') ? state.syncing : answered.syncing,
        last: heard.has('last') ? state.last : answered.last,
        firing: heard.has('firing') ? state.firing : answered.firing,
        autoSync: answered.autoSync,
      };
      loaded = true;
      render();
      clock ??= deps.every(TRAY_CLOCK_MS, render);
    },
    state: () => state,
    dispose: () => {
      stop?.();
      stop = null;
      clock?.cancel();
      clock = null;
    },
  };
}
