/**
 * The Electron glue of the tray and the app menu, against a hand-written `electron` module (vi.mock)
 * whose fakes are typed from electron.d.ts: what it loads, what it hands to Tray and Menu. Electron
 * itself cannot run here; these tests pin down the glue's own behaviour.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import { trayModel } from '../../../src-main/desktop/tray-model';
import { connectedState, NOW } from '../desktop/fixtures';

const fakes = vi.hoisted(() => {
  class FakeImage {
    readonly representations: { scaleFactor?: number; bytes: number }[] = [];
    template = false;
    addRepresentation(options: { scaleFactor?: number; dataURL?: string }): void {
      const base64 = options.dataURL?.replace(/^data:image\/png;base64,/, '') ?? '';
      this.representations.push({ scaleFactor: options.scaleFactor, bytes: Buffer.from(base64, 'base64').length });
    }
    setTemplateImage(value: boolean): void {
      this.template = value;
    }
  }
  class FakeTray {
    static created: FakeTray[] = [];
    image: unknown;
    tooltip = '';
    menu: unknown = null;
    readonly listeners = new Map<string, () => void>();
    destroyed = false;
    constructor(image: unknown) {
      this.image = image;
      FakeTray.created.push(this);
    }
    setImage(image: unknown): void {
      this.image = image;
    }
    setToolTip(text: string): void {
      this.tooltip = text;
    }
    setContextMenu(menu: unknown): void {
      this.menu = menu;
    }
    on(event: string, listener: () => void): this {
      this.listeners.set(event, listener);
      return this;
    }
    destroy(): void {
      this.destroyed = true;
    }
  }
  const applicationMenus: unknown[] = [];
  return {
    FakeImage,
    FakeTray,
    applicationMenus,
    electron: {
      nativeImage: { createEmpty: () => new FakeImage() },
      Tray: FakeTray,
      Menu: {
        buildFromTemplate: (template: unknown[]) => ({ template }),
        setApplicationMenu: (menu: unknown) => void applicationMenus.push(menu),
      },
    },
  };
});
vi.mock('electron', () => fakes.electron);

const { createElectronTray } = await import('../../../src-main/electron/tray');
const { installAppMenu } = await import('../../../src-main/electron/app-menu');

const ICONS = path.resolve('assets/tray');
type Image = InstanceType<typeof fakes.FakeImage>;
const templateOf = (menu: unknown): MenuItemConstructorOptions[] => (menu as { template: MenuItemConstructorOptions[] }).template;

// The fakes stand in for the members the glue uses, with Electron's own signatures (type-checked).
const _trayFits: Pick<Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy'> = new fakes.FakeTray(null);
const _imageFits: Pick<NativeImage, 'addRepresentation' | 'setTemplateImage'> = new fakes.FakeImage();
void [_trayFits, _imageFits];

beforeEach(() => {
  fakes.FakeTray.created.length = 0;
  fakes.applicationMenus.length = 0;
});

describe('the tray glue', () => {
  it('on macOS loads black template images at 1x and 2x, and shows the model’s icon, tooltip and menu', () => {
    const ran: unknown[] = [];
    const tray = createElectronTray({ platform: 'darwin', iconDir: ICONS, run: (a) => void ran.push(a), onClick: () => {} });
    const native = fakes.FakeTray.created[0]!;
    expect((native.image as Image).template).toBe(true);
    expect((native.image as Image).representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
    expect((native.image as Image).representations.every((r) => r.bytes > 100)).toBe(true);
    expect(native.listeners.has('click')).toBe(false); // macOS opens the menu itself

    tray.view.render(trayModel(connectedState({ firing: 1 }), NOW));
    expect(native.tooltip).toBe('Sightline — Last synced 5 min ago · 1 alert firing');
    const menu = templateOf(native.menu);
    expect(menu[0]).toEqual({ label: 'Last synced 5 min ago', enabled: false });
    const refresh = menu.find((i) => i.label === 'Refresh now');
    (refresh?.click as () => void)();
    expect(ran).toEqual([{ kind: 'refresh' }]);
    const alertImage = native.image;
    tray.view.render(trayModel(connectedState({ syncing: true }), NOW));
    expect(native.image).not.toBe(alertImage);
    tray.destroy();
    expect(native.destroyed).toBe(true);
  });

  it('on Windows uses the coloured icons at 100–300 % and opens the window on a left click', () => {
    let opened = 0;
    createElectronTray({ platform: 'win32', iconDir: ICONS, run: () => {}, onClick: () => void (opened += 1) });
    const native = fakes.FakeTray.created[0]!;
    expect((native.image as Image).template).toBe(false);
    expect((native.image as Image).representations.map((r) => r.scaleFactor)).toEqual([1, 1.5, 2, 3]);
    native.listeners.get('click')?.();
    expect(opened).toBe(1);
  });

  it('on Linux uses the 24 px icons (48 px at 2x)', () => {
    createElectronTray({ platform: 'linux', iconDir: ICONS, run: () => {}, onClick: () => {} });
    expect((fakes.FakeTray.created[0]!.image as Image).representations.map((r) => r.scaleFactor)).toEqual([1, 2]);
  });
});

describe('the app menu glue', () => {
  it('replaces Electron’s default menu (whose Reload would take Cmd/Ctrl+R) with Sightline’s', () => {
    const ran: unknown[] = [];
    installAppMenu({ platform: 'linux', development: false }, (a) => void ran.push(a));
    expect(fakes.applicationMenus).toHaveLength(1);
    const file = templateOf(fakes.applicationMenus[0])[0]!;
    const refresh = (file.submenu as MenuItemConstructorOptions[]).find((i) => i.accelerator === 'CmdOrCtrl+R');
    (refresh?.click as () => void)();
    expect(ran).toEqual([{ kind: 'refresh' }]);
  });
});
