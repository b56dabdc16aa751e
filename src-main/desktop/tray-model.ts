/**
 * The tray: icon, tooltip and menu as a pure function of the app's state. The browser host has no
 * tray; its equivalent is the header (last sync, Refresh), which says the same things.
 */
import type { SyncEntry } from '../../shared/contract';
import { PRODUCT_NAME } from './app-identity';
import type { MenuNode } from './menu-model';
import { shortAgo } from './relative-time';

export type TrayIconVariant = 'normal' | 'syncing' | 'alert';

export interface TrayState {
  readonly connected: boolean;
  /** A sync is running (any kind: Refresh, auto-sync, initial). */
  readonly syncing: boolean;
  /** The newest sync's audit entry. */
  readonly last: SyncEntry | null;
  /** Alert rules firing now. */
  readonly firing: number;
  /** The plan has no auto-sync, it runs, or the founder paused it. */
  readonly autoSync: 'unavailable' | 'on' | 'paused';
}

export interface TrayModel {
  readonly icon: TrayIconVariant;
  readonly tooltip: string;
  readonly items: readonly MenuNode[];
}

/** Windows cuts tray tooltips at 127 characters. */
export const MAX_TOOLTIP = 127;
/** An error message in a menu line is cut to this. */
const MAX_REASON = 60;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** `Last synced 5 min ago — 2 queries failed`, `Syncing…`, `Sync failed 1 hour ago — You are offline.` */
export function syncStatusLine(state: TrayState, nowMs: number): string {
  if (!state.connected) return 'Not connected to PostHog';
  if (state.syncing) return 'Syncing…';
  const last = state.last;
  if (last === null) return 'Not synced yet';
  const ago = shortAgo(nowMs - Date.parse(last.finishedAt));
  switch (last.status) {
    case 'ok':
      return `Last synced ${ago}`;
    case 'partial':
      return `Last synced ${ago} — ${count(Math.max(1, last.errors.length), 'query', 'queries')} failed`;
    case 'failed': {
      const reason = last.errors[0]?.error.message;
      return reason === undefined ? `Sync failed ${ago}` : `Sync failed ${ago} — ${clip(reason, MAX_REASON)}`;
    }
    case 'cancelled':
      return `Sync cancelled ${ago}`;
  }
}

/** Syncing while a sync runs; otherwise the alert icon while a rule fires. */
export function trayIconVariant(state: TrayState): TrayIconVariant {
  if (state.connected && state.syncing) return 'syncing';
  return state.firing > 0 ? 'alert' : 'normal';
}

export function trayModel(state: TrayState, nowMs: number): TrayModel {
  const status = syncStatusLine(state, nowMs);
  const firing = count(state.firing, 'alert', 'alerts');
  const items: MenuNode[] = [{ type: 'label', label: status }];
  if (state.firing > 0) items.push({ type: 'action', label: `${firing} firing`, action: { kind: 'show', view: 'alerts' } });
  items.push({ type: 'separator' });
  items.push(
    state.connected
      ? { type: 'action', label: 'Refresh now', action: { kind: 'refresh' }, enabled: !state.syncing }
      : { type: 'action', label: 'Connect to PostHog…', action: { kind: 'show', view: 'connect' } },
  );
  items.push({ type: 'action', label: `Open ${PRODUCT_NAME}`, action: { kind: 'show' } });
  if (state.autoSync === 'unavailable') items.push({ type: 'label', label: 'Auto-sync needs Pro or Scale' });
  else if (state.autoSync === 'on') items.push({ type: 'action', label: 'Pause auto-sync', action: { kind: 'set-auto-sync-paused', paused: true } });
  else items.push({ type: 'action', label: 'Resume auto-sync', action: { kind: 'set-auto-sync-paused', paused: false } });
  items.push({ type: 'separator' }, { type: 'action', label: `Quit ${PRODUCT_NAME}`, action: { kind: 'quit' } });

  const extras = [state.firing > 0 ? `${firing} firing` : null, state.autoSync === 'paused' ? 'auto-sync paused' : null].filter((x) => x !== null);
  const tooltip = clip([`${PRODUCT_NAME} — ${status}`, ...extras].join(' · '), MAX_TOOLTIP);
  return { icon: trayIconVariant(state), tooltip, items };
}
