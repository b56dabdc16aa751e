/**
 * The application menu as data, per platform. It replaces Electron's default menu, whose View →
 * Reload (Cmd/Ctrl+R) would reload the page: here Cmd/Ctrl+R is "Refresh", a sync. Developer tools
 * and a page reload (Cmd/Ctrl+Shift+R) exist only in development builds. macOS gets the standard app
 * menu (About, Settings…, Services, Hide, Quit) and Window menu; Windows and Linux a File menu with
 * Quit (Ctrl+Q), since closing the window may only hide it.
 */
import { PRODUCT_NAME } from './app-identity';
import type { MenuNode } from './menu-model';
import { SHORTCUTS, VIEW_SHORTCUTS } from './shortcuts';

export interface AppMenuOptions {
  platform: string;
  /** A development build (not packaged): devtools and the page reload are offered. */
  development: boolean;
}

const SEPARATOR: MenuNode = { type: 'separator' };

export function appMenuModel(options: AppMenuOptions): MenuNode[] {
  const mac = options.platform === 'darwin';
  const refresh: MenuNode = { type: 'action', label: 'Refresh', accelerator: SHORTCUTS.refresh, action: { kind: 'refresh' } };
  const settings: MenuNode = { type: 'action', label: mac ? 'Settings…' : 'Settings', accelerator: SHORTCUTS.settings, action: { kind: 'show', view: 'settings' } };

  const appMenu: MenuNode = {
    type: 'submenu',
    label: PRODUCT_NAME,
    role: 'appMenu',
    items: [
      { type: 'role', role: 'about', label: `About ${PRODUCT_NAME}` },
      SEPARATOR,
      settings,
      SEPARATOR,
      { type: 'role', role: 'services' },
      SEPARATOR,
      { type: 'role', role: 'hide', label: `Hide ${PRODUCT_NAME}` },
      { type: 'role', role: 'hideOthers' },
      { type: 'role', role: 'unhide' },
      SEPARATOR,
      { type: 'action', label: `Quit ${PRODUCT_NAME}`, accelerator: SHORTCUTS.quit, action: { kind: 'quit' } },
    ],
  };

  const file: MenuNode = {
    type: 'submenu',
    label: 'File',
    role: 'fileMenu',
    items: mac
      ? [refresh, SEPARATOR, { type: 'role', role: 'close', accelerator: SHORTCUTS.closeWindow }]
      : [
          refresh,
          settings,
          SEPARATOR,
          { type: 'role', role: 'close', label: 'Close window', accelerator: SHORTCUTS.closeWindow },
          { type: 'action', label: 'Quit', accelerator: SHORTCUTS.quit, action: { kind: 'quit' } },
        ],
  };

  const edit: MenuNode = {
    type: 'submenu',
    label: 'Edit',
    role: 'editMenu',
    items: [
      { type: 'role', role: 'undo' },
      { type: 'role', role: 'redo' },
      SEPARATOR,
      { type: 'role', role: 'cut' },
      { type: 'role', role: 'copy' },
      { type: 'role', role: 'paste' },
      ...(mac ? [{ type: 'role', role: 'pasteAndMatchStyle' } as const] : []),
      { type: 'role', role: 'delete' },
      { type: 'role', role: 'selectAll' },
    ],
  };

  const developer: MenuNode[] = options.development
    ? [
        SEPARATOR,
        { type: 'role', role: 'forceReload', label: 'Reload page (development)', accelerator: SHORTCUTS.reloadPage },
        { type: 'role', role: 'toggleDevTools', label: 'Developer tools (development)' },
      ]
    : [];
  const view: MenuNode = {
    type: 'submenu',
    label: 'View',
    items: [
      ...VIEW_SHORTCUTS.map((v): MenuNode => ({ type: 'action', label: v.label, accelerator: v.accelerator, action: { kind: 'show', view: v.view } })),
      SEPARATOR,
      { type: 'role', role: 'resetZoom' },
      { type: 'role', role: 'zoomIn' },
      { type: 'role', role: 'zoomOut' },
      SEPARATOR,
      { type: 'role', role: 'togglefullscreen' },
      ...developer,
    ],
  };

  // Electron's own Window menu (Minimize, Zoom, Bring All to Front, the window list).
  const window: MenuNode = { type: 'role', role: 'windowMenu' };

  return mac ? [appMenu, file, edit, view, window] : [file, edit, view];
}
