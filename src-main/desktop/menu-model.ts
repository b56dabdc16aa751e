/**
 * Menus as data: the tray menu and the app menu are built as `MenuNode` trees by pure functions of
 * the app's state, and turned into Electron's menu template only here, where each action item gets a
 * click handler that runs a `DesktopAction`. Types only from Electron.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ViewId } from '../../shared/contract';

/** What a menu item, a tray item or a shortcut asks the shell to do. */
export type DesktopAction =
  | { readonly kind: 'refresh' }
  | { readonly kind: 'show'; readonly view?: ViewId }
  | { readonly kind: 'set-auto-sync-paused'; readonly paused: boolean }
  | { readonly kind: 'quit' };

export type MenuRole = NonNullable<MenuItemConstructorOptions['role']>;

export type MenuNode =
  | { readonly type: 'separator' }
  /** A line of information (greyed out, not clickable). */
  | { readonly type: 'label'; readonly label: string }
  | { readonly type: 'action'; readonly label: string; readonly action: DesktopAction; readonly accelerator?: string; readonly enabled?: boolean }
  /** One of Electron's built-in items (copy, paste, minimize …). */
  | { readonly type: 'role'; readonly role: MenuRole; readonly label?: string; readonly accelerator?: string }
  | { readonly type: 'submenu'; readonly label: string; readonly role?: MenuRole; readonly items: readonly MenuNode[] };

export type RunAction = (action: DesktopAction) => void;

export function toMenuTemplate(nodes: readonly MenuNode[], run: RunAction): MenuItemConstructorOptions[] {
  return nodes.map((node): MenuItemConstructorOptions => {
    switch (node.type) {
      case 'separator':
        return { type: 'separator' };
      case 'label':
        return { label: node.label, enabled: false };
      case 'action': {
        const item: MenuItemConstructorOptions = { label: node.label, enabled: node.enabled ?? true, click: () => run(node.action) };
        if (node.accelerator !== undefined) item.accelerator = node.accelerator;
        return item;
      }
      case 'role': {
        const item: MenuItemConstructorOptions = { role: node.role };
        if (node.label !== undefined) item.label = node.label;
        if (node.accelerator !== undefined) item.accelerator = node.accelerator;
        return item;
      }
      case 'submenu': {
        const item: MenuItemConstructorOptions = { label: node.label, submenu: toMenuTemplate(node.items, run) };
        if (node.role !== undefined) item.role = node.role;
        return item;
      }
    }
  });
}
