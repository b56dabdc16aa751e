/**
 * The main window's constructor options. Pure (types only from Electron) so the security-relevant
 * parts have a test.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { secureWebPreferences } from './web-preferences';

/** Matches the light UI's page background, so the window does not flash while it loads. */
export const WINDOW_BACKGROUND = '#f6f7f9';

/** `devTools`: only development builds may open the developer tools. */
export function mainWindowOptions(preloadPath: string, options: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: 'Sightline',
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    show: false,
    backgroundColor: WINDOW_BACKGROUND,
    webPreferences: secureWebPreferences(preloadPath, options),
  };
}
