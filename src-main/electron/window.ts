/**
 * Creates the main window: secure options, hardened contents, our `app://` page. Shown only once it
 * has painted, so it never flashes blank.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { hardenWebContents, type OpenExternal } from './harden';
import { mainWindowOptions } from './window-options';

export interface MainWindowDeps {
  preloadPath: string;
  openExternal: OpenExternal;
  log: (message: string, error: unknown) => void;
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(deps.preloadPath));
  hardenWebContents(window.webContents, deps.openExternal);
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => deps.log(`could not load ${APP_ENTRY_URL}`, error));
  return window;
}
