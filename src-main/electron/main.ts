/**
 * The Electron entry point (bundled as CJS to dist/main/electron-main.cjs, next to preload.cjs and the
 * tray icons in tray/). Composition only: the services come from `createApp`, the security rules and
 * the desktop behaviour (tray, background, single instance, menus, login items, sleep/wake) from
 * plain modules in ../desktop, each unit-tested with fakes. This file itself is only type-checked:
 * no Electron binary can run on the development machines.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { app, dialog, ipcMain, net, Notification, powerMonitor, protocol, session, shell, type BrowserWindow } from 'electron';
import { pageNotifier } from '../alerts/notifier';
import { createApp, stderrLog, type App } from '../app';
import { APP_ID } from '../desktop/app-identity';
import { createBackground, type Background } from '../desktop/background';
import { nameHasOwner, STATUS_NOTIFIER_WATCHER } from '../desktop/dbus-probe';
import { createDesktopActions } from '../desktop/desktop-actions';
import { createDesktopHost } from '../desktop/desktop-host';
import type { TrayPresence } from '../desktop/host-behaviour';
import { startsWithWindow } from '../desktop/launch';
import { detectTrayPresence } from '../desktop/linux-tray';
import { loginItemsFor } from '../desktop/login-items';
import { createNotificationClickHandler } from '../desktop/notification-routing';
import { wirePowerAndNetwork } from '../desktop/power-events';
import { createSecondInstanceHandler } from '../desktop/single-instance';
import { createTrayController, defaultEvery, type TrayController } from '../desktop/tray-controller';
import { createWindowPresenter } from '../desktop/window-presenter';
import { autostartFile } from '../desktop/xdg-autostart';
import { preconnectFromEnv } from '../launcher/demo-preconnect';
import { installAppMenu } from './app-menu';
import { APP_SCHEME } from './app-origin';
import { createEventForwarder, webContentsTarget, type EventForwarder } from './event-forwarder';
import { hardenWebContents } from './harden';
import { createIpcHandler, registerIpcHandlers } from './ipc-bridge';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol';
import { createNativeNotifier } from './native-notifier';
import { createElectronTray, type ElectronTray } from './tray';
import { createMainWindow } from './window';

const openExternal = (url: string): Promise<void> => shell.openExternal(url);
const platform = process.platform;
const log = stderrLog;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Windows shows (and routes clicks of) notifications only for an app with its user model id.
  app.setAppUserModelId(APP_ID);
  const development = !app.isPackaged;

  let services: App | null = null;
  let forwarder: EventForwarder | null = null;
  let background: Background | null = null;
  let tray: ElectronTray | null = null;
  let trayController: TrayController | null = null;
  let trayPresence: TrayPresence = { kind: 'none', why: 'Sightline is still starting.' };
  const stops: (() => void)[] = [];

  const presenter = createWindowPresenter<BrowserWindow>({
    create: (visible) => {
      const window = createMainWindow({ preloadPath: path.join(__dirname, 'preload.cjs'), openExternal, log, visible, devTools: development });
      const detach = forwarder?.attach(webContentsTarget(window.webContents));
      window.on('close', (event) => background?.onWindowClose(event, window));
      // Windows logging off or shutting down does not send before-quit: the window must not hide then.
      window.on('session-end', () => background?.beforeQuit());
      window.on('closed', () => detach?.());
      return window;
    },
    focusApp: platform === 'darwin' ? () => app.focus({ steal: true }) : undefined,
  });

  // A second launch (the lock made it quit) brings this window forward, even before it exists.
  const onSecondInstance = createSecondInstanceHandler(presenter);
  app.on('second-instance', (_event, argv) => onSecondInstance(argv));
  // macOS: clicking the Dock icon of a running app whose window is hidden.
  app.on('activate', () => presenter.show());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('before-quit', () => background?.beforeQuit());
  app.on('window-all-closed', () => (background === null ? app.quit() : background.onAllWindowsClosed()));

  app
    .whenReady()
    .then(async () => {
      const rendererDir = path.join(app.getAppPath(), 'dist', 'renderer');
      protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (file) => readFile(file)));

      session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
      session.defaultSession.setPermissionCheckHandler(() => false);

      trayPresence = await detectTrayPresence(platform, process.env, () => nameHasOwner(STATUS_NOTIFIER_WATCHER));
      const loginItems = loginItemsFor(
        { platform, packaged: app.isPackaged, autostartFile: autostartFile(process.env, app.getPath('home')), executable: process.env.APPIMAGE ?? process.execPath },
        app,
      );

      const core = await createApp({
        runtime: {
          version: app.getVersion(),
          platform,
          arch: process.arch,
          transport: 'electron',
          electronVersion: process.versions.electron ?? null,
          browserModeReason: null,
        },
        log,
        dataDir: process.env.SIGHTLINE_DATA_DIR || app.getPath('userData'),
        preconnect: preconnectFromEnv(process.env, log),
        desktop: createDesktopHost({ platform, tray: () => trayPresence, loginItems }),
        notifier: (events) =>
          createNativeNotifier(
            { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) },
            createNotificationClickHandler({ presenter, navigate: (to) => events.emit('app.navigate', to) }),
            pageNotifier(events),
          ),
      });
      services = core;
      registerIpcHandlers(ipcMain, createIpcHandler(core.dispatch));
      forwarder = createEventForwarder(core.events);

      const actions = createDesktopActions({
        dispatch: core.dispatch,
        presenter,
        navigate: (to) => core.events.emit('app.navigate', to),
        quit: () => app.quit(),
        log,
      });
      installAppMenu({ platform, development }, actions.run);

      if (trayPresence.kind === 'tray') {
        try {
          tray = createElectronTray({ platform, iconDir: path.join(__dirname, 'tray'), run: actions.run, onClick: () => presenter.show() });
          trayController = createTrayController({
            dispatch: core.dispatch,
            subscribe: (listener) => core.events.subscribe(listener),
            view: tray.view,
            now: Date.now,
            every: defaultEvery,
            log,
          });
          await trayController.start();
        } catch (error) {
          log('the tray icon could not be created; closing the window will quit', error);
          trayPresence = { kind: 'none', why: 'Sightline could not create its tray icon.' };
        }
      }

      background = createBackground({
        tray: () => trayPresence,
        preferences: () => core.settings.preferences(),
        tell: async (notice) => {
          const options = { type: 'info' as const, message: 'Sightline will quit', detail: notice, buttons: ['OK'] };
          const window = presenter.current();
          await (window === null ? dialog.showMessageBox(options) : dialog.showMessageBox(window, options));
        },
        markNoticeShown: () => core.settings.markNoTrayNoticeShown(),
        quit: () => app.quit(),
        log,
      });

      // Sleep/wake and the network feed the auto-sync scheduler's catch-up.
      const power = wirePowerAndNetwork({ power: powerMonitor, isOnline: () => net.isOnline(), dispatch: core.dispatch, every: defaultEvery, log });
      stops.push(() => power.dispose());

      presenter.open({
        visible: startsWithWindow({
          argv: process.argv,
          wasOpenedAtLogin: platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
          runsInBackground: background.runsInBackground(),
        }),
      });

      app.on('will-quit', () => {
        for (const stop of stops) stop();
        trayController?.dispose();
        tray?.destroy();
        forwarder?.dispose();
        void services?.dispose();
      });
    })
    .catch((error: unknown) => {
      log('Sightline could not start', error);
      app.exit(1);
    });
}
