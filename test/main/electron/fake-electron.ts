/**
 * A stand-in for the `electron` module, enough for src-main/electron/main.ts to compose the whole
 * app in plain Node (vi.mock('electron', …) hands it out). Each fake records what the shell did with
 * it and lets a test play the OS: emit app and window events, click tray and menu items. Members take
 * Electron's own parameter types where the shell passes them; this is not Electron, and nothing here
 * says how real Electron behaves.
 */
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions, MessageBoxOptions, NotificationConstructorOptions, Settings } from 'electron';

export class FakeWebContents extends EventEmitter {
  readonly sent: { channel: string; message: unknown }[] = [];
  destroyed = false;
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  setWindowOpenHandler(): void {}
}

export class FakeWindow extends EventEmitter {
  static all: FakeWindow[] = [];
  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;
  url: string | null = null;
  constructor(readonly options: unknown) {
    super();
    FakeWindow.all.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.url = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The user clicks the close button; true when the window really closed. */
  userClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => void (prevented = true) });
    if (!prevented) {
      this.destroyed = true;
      this.emit('closed');
    }
    return !prevented;
  }
  /** The page finished loading (the event forwarder starts delivering). */
  loaded(): void {
    this.emit('ready-to-show');
    this.webContents.emit('did-finish-load');
  }
}

export class FakeTray extends EventEmitter {
  static all: FakeTray[] = [];
  tooltip = '';
  menu: MenuItemConstructorOptions[] = [];
  destroyed = false;
  constructor(public image: unknown) {
    super();
    FakeTray.all.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItemConstructorOptions[] }): void {
    this.menu = menu.template;
  }
  destroy(): void {
    this.destroyed = true;
  }
  /** Clicks the menu item with this label. */
  click(label: string): void {
    const item = this.menu.find((i) => i.label === label);
    if (item?.click === undefined) throw new Error(`no clickable "${label}" in the tray menu`);
    (item.click as () => void)();
  }
}

export class FakeNotification extends EventEmitter {
  static all: FakeNotification[] = [];
  shown = false;
  constructor(readonly options: NotificationConstructorOptions) {
    super();
    FakeNotification.all.push(this);
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    this.shown = true;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  quits = 0;
  exitCode: number | null = null;
  userModelId: string | null = null;
  loginItems: Settings[] = [];
  private ready: () => void = () => {};
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve));
  constructor(readonly dataDir: string) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  setAppUserModelId(id: string): void {
    this.userModelId = id;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  becomeReady(): void {
    this.ready();
  }
  getAppPath(): string {
    return process.cwd();
  }
  getPath(name: string): string {
    return name === 'home' ? this.dataDir : this.dataDir;
  }
  getVersion(): string {
    return '0.1.0';
  }
  focus(): void {}
  quit(): void {
    this.quits += 1;
    this.emit('before-quit');
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false, status: 'not-registered' as const, executableWillLaunchAtLogin: false, launchItems: [] };
  }
  setLoginItemSettings(settings: Settings): void {
    this.loginItems.push(settings);
  }
}

export function createFakeElectron(dataDir: string) {
  const handled = new Map<string, (...args: unknown[]) => unknown>();
  const applicationMenus: MenuItemConstructorOptions[][] = [];
  const messageBoxes: MessageBoxOptions[] = [];
  const powerMonitor = new EventEmitter();
  const app = new FakeApp(dataDir);
  const fake = {
    app,
    BrowserWindow: FakeWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }),
      setApplicationMenu: (menu: { template: MenuItemConstructorOptions[] }) => void applicationMenus.push(menu.template),
    },
    nativeImage: {
      createEmpty: () => ({ addRepresentation: () => {}, setTemplateImage: () => {} }),
    },
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => void handled.set(channel, handler) },
    powerMonitor,
    net: { isOnline: () => true },
    dialog: {
      showMessageBox: async (...args: unknown[]) => {
        messageBoxes.push(args.at(-1) as MessageBoxOptions);
        return { response: 0, checkboxChecked: false };
      },
    },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
    session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } },
    shell: { openExternal: async () => {} },
  };
  return { fake, handled, applicationMenus, messageBoxes };
}
