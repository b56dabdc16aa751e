import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { ok, fail, type EventPayload } from '../../../shared/contract';
import type { Dispatch } from '../../../src-main/contract/dispatch';
import { appMenuModel } from '../../../src-main/desktop/app-menu';
import { createDesktopActions } from '../../../src-main/desktop/desktop-actions';
import { toMenuTemplate, type DesktopAction } from '../../../src-main/desktop/menu-model';
import { SHORTCUTS } from '../../../src-main/desktop/shortcuts';

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;

/** Every item of a template, submenus included. */
function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}
const click = (item: MenuItemConstructorOptions | undefined): void => {
  if (item?.click === undefined) throw new Error('not a clickable item');
  (item.click as () => void)();
};

/** Main as the menu reaches it: records every channel called. */
function mainProcess(connected = true) {
  const calls: string[] = [];
  const navigations: EventPayload<'app.navigate'>[] = [];
  let shown = 0;
  let quits = 0;
  const dispatch: Dispatch = async (channel) => {
    calls.push(channel);
    if (channel === 'connection.status') return ok(connected ? { state: 'connected', host: 'https://eu.posthog.com', projectId: 7, projectName: 'Acme', timezone: 'UTC', demo: false } : { state: 'not-connected' });
    if (channel === 'sync.refresh') return fail('offline', 'You are offline.');
    return ok({});
  };
  const actions = createDesktopActions({
    dispatch,
    presenter: { show: () => void (shown += 1) },
    navigate: (to) => void navigations.push(to),
    quit: () => void (quits += 1),
    log: () => {},
  });
  return { actions, calls, navigations, shown: () => shown, quits: () => quits };
}

describe('Refresh in the app menu', () => {
  it.each(PLATFORMS)('on %s runs a sync on Cmd/Ctrl+R, never reloads the page', async (platform) => {
    const main = mainProcess();
    const ran: DesktopAction[] = [];
    const template = flatten(toMenuTemplate(appMenuModel({ platform, development: false }), (action) => void ran.push(action)));
    const onR = template.filter((item) => item.accelerator === SHORTCUTS.refresh);
    expect(onR).toHaveLength(1);
    expect(onR[0]).toMatchObject({ label: 'Refresh' });
    expect(onR[0]!.role).toBeUndefined();
    click(onR[0]);
    expect(ran).toEqual([{ kind: 'refresh' }]);

    await main.actions.perform(ran[0]!);
    expect(main.calls).toEqual(['connection.status', 'sync.refresh']);
    // No item of a production menu reloads the page or opens developer tools.
    expect(template.filter((i) => i.role === 'reload' || i.role === 'forceReload' || i.role === 'toggleDevTools' || i.role === 'viewMenu')).toEqual([]);
  });

  it('with no project connected opens the connect wizard instead', async () => {
    const main = mainProcess(false);
    await main.actions.perform({ kind: 'refresh' });
    expect(main.calls).toEqual(['connection.status']);
    expect(main.shown()).toBe(1);
    expect(main.navigations).toEqual([{ view: 'connect' }]);
  });
});

describe('development builds', () => {
  it.each(PLATFORMS)('on %s add the page reload on Cmd/Ctrl+Shift+R and the developer tools', (platform) => {
    const template = flatten(toMenuTemplate(appMenuModel({ platform, development: true }), () => {}));
    expect(template.find((i) => i.role === 'forceReload')).toMatchObject({ accelerator: 'CmdOrCtrl+Shift+R' });
    expect(template.find((i) => i.role === 'toggleDevTools')).toBeDefined();
    expect(template.filter((i) => i.accelerator === SHORTCUTS.refresh).map((i) => i.label)).toEqual(['Refresh']);
    expect(template.some((i) => i.role === 'reload')).toBe(false);
  });
});

describe('the app menu', () => {
  it('on macOS is the standard one: app menu (About, Settings…, Services, Hide, Quit), File, Edit, View, Window', () => {
    const top = toMenuTemplate(appMenuModel({ platform: 'darwin', development: false }), () => {});
    expect(top.map((m) => m.role ?? m.label)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'View', 'windowMenu']);
    const app = flatten([top[0]!]).slice(1);
    expect(app.map((i) => i.role ?? i.label ?? i.type)).toEqual(['about', 'separator', 'Settings…', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'Quit Sightline']);
    expect(app.find((i) => i.label === 'Settings…')?.accelerator).toBe('CmdOrCtrl+,');
    expect(app.find((i) => i.label === 'Quit Sightline')?.accelerator).toBe('CmdOrCtrl+Q');
  });

  it.each(PLATFORMS)('on %s keeps copy and paste working in text fields (Edit roles)', (platform) => {
    const roles = flatten(toMenuTemplate(appMenuModel({ platform, development: false }), () => {})).map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it.each(['win32', 'linux'] as const)('on %s has File → Quit (Ctrl+Q), since closing the window may only hide it', async (platform) => {
    const main = mainProcess();
    const template = flatten(toMenuTemplate(appMenuModel({ platform, development: false }), main.actions.run));
    const quit = template.find((i) => i.label === 'Quit');
    expect(quit?.accelerator).toBe('CmdOrCtrl+Q');
    click(quit);
    expect(main.quits()).toBe(1);
  });

  it('Cmd/Ctrl+1…5 and Settings open their views in the window', async () => {
    const main = mainProcess();
    const template = flatten(toMenuTemplate(appMenuModel({ platform: 'linux', development: false }), main.actions.run));
    click(template.find((i) => i.accelerator === 'CmdOrCtrl+4'));
    click(template.find((i) => i.accelerator === 'CmdOrCtrl+,'));
    expect(main.navigations).toEqual([{ view: 'alerts' }, { view: 'settings' }]);
    expect(main.shown()).toBe(2);
  });
});

describe('toMenuTemplate', () => {
  it('makes information lines unclickable and gives actions a click', () => {
    const ran: DesktopAction[] = [];
    const [label, action, separator] = toMenuTemplate(
      [{ type: 'label', label: 'Last synced just now' }, { type: 'action', label: 'Pause auto-sync', action: { kind: 'set-auto-sync-paused', paused: true }, enabled: false }, { type: 'separator' }],
      (a) => void ran.push(a),
    );
    expect(label).toEqual({ label: 'Last synced just now', enabled: false });
    expect(action).toMatchObject({ label: 'Pause auto-sync', enabled: false });
    click(action);
    expect(ran).toEqual([{ kind: 'set-auto-sync-paused', paused: true }]);
    expect(separator).toEqual({ type: 'separator' });
  });
});
