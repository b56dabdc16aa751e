/**
 * The app's keyboard shortcuts, as menu accelerators (Electron's syntax). Refresh takes Cmd/Ctrl+R,
 * the keys a browser reloads with: in Sightline they run a sync, never a page reload. The renderer's
 * header binds the same keys while the page has the focus (src-renderer/components/header/
 * use-refresh-shortcut.ts) and stops the keydown there; whichever of the two fires, a Refresh during
 * a sync joins it, so one press never means two syncs.
 */
import type { ViewId } from '../../shared/contract';

export const SHORTCUTS = {
  refresh: 'CmdOrCtrl+R',
  settings: 'CmdOrCtrl+,',
  quit: 'CmdOrCtrl+Q',
  closeWindow: 'CmdOrCtrl+W',
  /** Development builds only: the real page reload (the one Ctrl+Shift+R does in a browser). */
  reloadPage: 'CmdOrCtrl+Shift+R',
} as const;

/** Cmd/Ctrl+1 … 5: the views in the sidebar's order. */
export const VIEW_SHORTCUTS: readonly { readonly view: ViewId; readonly label: string; readonly accelerator: string }[] = [
  { view: 'dashboard', label: 'Dashboard', accelerator: 'CmdOrCtrl+1' },
  { view: 'flags', label: 'Feature flags', accelerator: 'CmdOrCtrl+2' },
  { view: 'tracking', label: 'Events & funnel', accelerator: 'CmdOrCtrl+3' },
  { view: 'alerts', label: 'Alerts', accelerator: 'CmdOrCtrl+4' },
  { view: 'sync-log', label: 'Sync log', accelerator: 'CmdOrCtrl+5' },
];
