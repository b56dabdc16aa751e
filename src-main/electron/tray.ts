/**
 * The tray (menu bar) icon: Electron's Tray showing the pure tray model (src-main/desktop/tray-model.ts)
 * that the tray controller hands it. Images are loaded once per variant from the generated PNGs.
 * Only type-checked here: no Electron binary can run on the development machines.
 */
import { readFileSync } from 'node:fs';
import { Menu, Tray, nativeImage, type NativeImage } from 'electron';
import { toMenuTemplate, type RunAction } from '../desktop/menu-model';
import type { TrayView } from '../desktop/tray-controller';
import { TRAY_VARIANTS, trayImageSpec } from '../desktop/tray-icons';
import type { TrayIconVariant } from '../desktop/tray-model';

export interface ElectronTray {
  readonly view: TrayView;
  destroy(): void;
}

function loadImage(platform: string, variant: TrayIconVariant, dir: string): NativeImage {
  const spec = trayImageSpec(platform, variant, dir);
  const image = nativeImage.createEmpty();
  for (const { file, scaleFactor } of spec.representations) {
    image.addRepresentation({ scaleFactor, dataURL: `data:image/png;base64,${readFileSync(file).toString('base64')}` });
  }
  if (spec.template) image.setTemplateImage(true);
  return image;
}

export function createElectronTray(deps: { platform: string; iconDir: string; run: RunAction; onClick: () => void }): ElectronTray {
  const images = new Map(TRAY_VARIANTS.map((variant) => [variant, loadImage(deps.platform, variant, deps.iconDir)] as const));
  const imageOf = (variant: TrayIconVariant): NativeImage => images.get(variant) ?? nativeImage.createEmpty();
  const tray = new Tray(imageOf('normal'));
  // Windows: a left click opens the window (the menu is on the right click). macOS and Linux open the menu.
  if (deps.platform === 'win32') tray.on('click', deps.onClick);
  let shown: TrayIconVariant | null = null;
  return {
    view: {
      render: (model) => {
        if (model.icon !== shown) {
          tray.setImage(imageOf(model.icon));
          shown = model.icon;
        }
        tray.setToolTip(model.tooltip);
        tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(model.items, deps.run)));
      },
    },
    destroy: () => tray.destroy(),
  };
}
