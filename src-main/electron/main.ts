/**
 * The Electron entry point (bundled as CJS to dist/main/electron-main.cjs, next to preload.cjs).
 * Composition only: the services come from `createApp`, the security rules from the small modules
 * beside this file.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, ipcMain, Notification, powerMonitor, protocol, session, shell, type BrowserWindow } from 'electron';
import { pageNotifier } from '../alerts/notifier';
import { createApp, stderrLog } from '../app';
import { preconnectFromEnv } from '../launcher/demo-preconnect';
import { APP_SCHEME } from './app-origin';
import { createEventForwarder, webContentsTarget } from './event-forwarder';
import { hardenWebContents } from './harden';
import { createIpcHandler, registerIpcHandlers } from './ipc-bridge';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { createNativeNotifier } from './native-notifier';
import { createMainWindow } from './window';

const openExternal = (url: string): Promise<void> => shell.openExternal(url);

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;

  // Windows shows (and routes clicks of) notifications only for an app with its user model id.
  app.setAppUserModelId('com.sightline.app');

  const showWindow = (): void => {
    if (mainWindow === null || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  };
  app.on('second-instance', showWindow);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  // Background sync and the tray come later; for now closing the window ends the app.
  app.on('window-all-closed', () => app.quit());

  app
    .whenReady()
    .then(async () => {
      const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (file) => readFile(file)));

      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);

      const core = await createApp({
        runtime: {
          version: app.getVersion(),
          platform: process.platform,
          arch: process.arch,
          transport: 'electron',
          electronVersion: process.versions.electron ?? null,
          browserModeReason: null,
        },
        log: stderrLog,
        dataDir: process.env.SIGHTLINE_DATA_DIR || app.getPath('userData'),
        preconnect: preconnectFromEnv(process.env, stderrLog),
        notifier: (events) =>
          createNativeNotifier(
            { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) },
            (n) => {
              showWindow();
              events.emit('app.navigate', { view: 'dashboard', focus: { metric: n.metric, key: n.key, day: n.day } });
            },
            pageNotifier(events),
          ),
      });
      registerIpcHandlers(ipcMain, createIpcHandler(core.dispatch));
      // A missed auto-sync is caught up once after the machine wakes.
      powerMonitor.on('resume', () => void core.dispatch('app.resumed', {}));
      const forwarder = createEventForwarder(core.events);

      const window = createMainWindow({ preloadPath: path.join(__dirname, 'preload.cjs'), openExternal, log: stderrLog });
      mainWindow = window;
      const detach = forwarder.attach(webContentsTarget(window.webContents));
      window.on('closed', () => {
        detach();
        if (mainWindow === window) mainWindow = null;
      });

      app.on('will-quit', () => {
        forwarder.dispose();
        void core.dispose();
      });
    })
    .catch((error: unknown) => {
      stderrLog('Sightline could not start', error);
      app.exit(1);
    });
}
