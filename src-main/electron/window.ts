/**
 * Creates the main window: secure options, hardened contents, our `app://` page. Shown only once it
 * has painted, so it never flashes blank — or not at all when the app starts in the background.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { hardenWebContents, type OpenExternal } from './harden';
import { mainWindowOptions } from './window-options';

export interface MainWindowDeps {
  preloadPath: string;
  openExternal: OpenExternal;
  log: (message: string, error: unknown) => void;
  /** Show the window once it has painted (false: a background start; the tray brings it up later). */
  visible?: boolean;
  /** Development builds only. */
  devTools?: boolean;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(deps.preloadPath, { devTools: deps.devTools ?? false }));
  hardenWebContents(window.webContents, deps.openExternal);
  if (deps.visible ?? true) window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => deps.log(`could not load ${APP_ENTRY_URL}`, error));
  return window;
}
