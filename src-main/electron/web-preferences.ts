/**
 * The web preferences of every Sightline window: isolated, sandboxed, no Node in the page, and no
 * developer tools unless this is a development build (`devTools`, off by default).
 * Pure (types only from Electron) so each flag has a test.
 */
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): WebPreferences {
  return {
    preload: preloadPath,
    devTools: options.devTools ?? false,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  };
}
