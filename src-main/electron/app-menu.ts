/**
 * Installs the application menu built by src-main/desktop/app-menu.ts in place of Electron's default
 * one (whose View → Reload would take Cmd/Ctrl+R). Only type-checked here.
 */
import { Menu } from 'electron';
import { appMenuModel, type AppMenuOptions } from '../desktop/app-menu';
import { toMenuTemplate, type RunAction } from '../desktop/menu-model';

export function installAppMenu(options: AppMenuOptions, run: RunAction): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(toMenuTemplate(appMenuModel(options), run)));
}
