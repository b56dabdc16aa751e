import { describe, expect, it } from 'vitest';
import type { BrowserWindow } from 'electron';
import type { AlertNotification } from '../../../shared/alerts/status';
import { parseEvent } from '../../../shared/contract';
import { createNativeNotifier, type ShownNotification } from '../../../src-main/electron/native-notifier';
import { LOGIN_LAUNCH_FLAG } from '../../../src-main/desktop/app-identity';
import { startsWithWindow } from '../../../src-main/desktop/launch';
import { createNotificationClickHandler, navigationFor } from '../../../src-main/desktop/notification-routing';
import { createSecondInstanceHandler } from '../../../src-main/desktop/single-instance';
import { createWindowPresenter, type PresentableWindow } from '../../../src-main/desktop/window-presenter';
import { EventBus } from '../../../src-main/events/event-bus';

/** A window as the presenter sees it; `BrowserWindow` has every member (checked below). */
class FakeWindow implements PresentableWindow {
  visible: boolean;
  minimized = false;
  focused = false;
  destroyed = false;
  constructor(readonly createdVisible: boolean) {
    this.visible = createdVisible;
  }
  isDestroyed = (): boolean => this.destroyed;
  isMinimized = (): boolean => this.minimized;
  restore = (): void => void (this.minimized = false);
  show = (): void => void (this.visible = true);
  focus = (): void => void (this.focused = true);
}
// The real window satisfies the port the presenter is written against.
type _BrowserWindowFits = BrowserWindow extends PresentableWindow ? true : never;
const _fits: _BrowserWindowFits = true;
void _fits;

function presenterHarness() {
  const windows: FakeWindow[] = [];
  let appFocused = 0;
  const presenter = createWindowPresenter<FakeWindow>({
    create: (visible) => {
      const w = new FakeWindow(visible);
      windows.push(w);
      return w;
    },
    focusApp: () => void (appFocused += 1),
  });
  return { presenter, windows, appFocused: () => appFocused };
}

describe('a second launch', () => {
  it('focuses the existing window: restored if minimized, shown if hidden in the tray', () => {
    const h = presenterHarness();
    const onSecondInstance = createSecondInstanceHandler(h.presenter);
    const window = h.presenter.open({ visible: true });
    window.minimized = true;
    window.visible = false;
    onSecondInstance(['/opt/Sightline/sightline']);
    expect(h.windows).toHaveLength(1); // no second window
    expect(window).toMatchObject({ minimized: false, visible: true, focused: true });
    expect(h.appFocused()).toBe(1);
  });

  it('before the first window exists, opens it visible once the app is ready', () => {
    const h = presenterHarness();
    createSecondInstanceHandler(h.presenter)(['sightline']);
    expect(h.windows).toEqual([]);
    h.presenter.open({ visible: false }); // a background start, overridden by the launch that asked
    expect(h.windows[0]!.createdVisible).toBe(true);
  });

  it('makes a new window when the old one is gone', () => {
    const h = presenterHarness();
    h.presenter.open({ visible: true }).destroyed = true;
    createSecondInstanceHandler(h.presenter)(['sightline']);
    expect(h.windows).toHaveLength(2);
    expect(h.presenter.current()).toBe(h.windows[1]);
  });

  it('that is the login item’s background start does not pop the window up', () => {
    const h = presenterHarness();
    const window = h.presenter.open({ visible: false });
    createSecondInstanceHandler(h.presenter)(['sightline', LOGIN_LAUNCH_FLAG]);
    expect(window.visible).toBe(false);
  });
});

describe('starting at login', () => {
  it('starts in the tray when it can live there, with its window otherwise', () => {
    expect(startsWithWindow({ argv: ['sightline'], wasOpenedAtLogin: false, runsInBackground: true })).toBe(true);
    expect(startsWithWindow({ argv: ['sightline', LOGIN_LAUNCH_FLAG], wasOpenedAtLogin: false, runsInBackground: true })).toBe(false);
    expect(startsWithWindow({ argv: ['Sightline'], wasOpenedAtLogin: true, runsInBackground: true })).toBe(false);
    // No tray (or background off): an app with neither window nor icon would be invisible.
    expect(startsWithWindow({ argv: ['sightline', LOGIN_LAUNCH_FLAG], wasOpenedAtLogin: false, runsInBackground: false })).toBe(true);
  });
});

const ALERT: AlertNotification = {
  id: 'n1',
  ruleId: 'r1',
  kind: 'fired',
  severity: 'critical',
  title: 'DAU drop',
  body: 'DAU fell 46% — 67 vs 125 usual for a Saturday · Sat, Nov 14',
  metric: 'posthog_dau',
  key: '',
  day: '2026-11-14',
};

describe('clicking an alert notification', () => {
  it('brings the hidden window up and tells the renderer to open that metric at that day', () => {
    const h = presenterHarness();
    const window = h.presenter.open({ visible: true });
    window.visible = false; // in the tray
    const bus = new EventBus();
    const received: unknown[] = [];
    bus.subscribe((event) => received.push(event)); // what the event forwarder sends to the window
    let clickNotification: (() => void) | null = null;
    const native = createNativeNotifier(
      {
        isSupported: () => true,
        create: (): ShownNotification => ({
          on: (event, listener) => {
            if (event === 'click') clickNotification = listener;
          },
          show: () => {},
        }),
      },
      createNotificationClickHandler({ presenter: h.presenter, navigate: (to) => bus.emit('app.navigate', to) }),
      { notify: () => {} },
    );
    void native.notify(ALERT);
    clickNotification!();
    expect(window).toMatchObject({ visible: true, focused: true });
    expect(received).toHaveLength(1);
    // Exactly what the renderer's transport accepts.
    expect(parseEvent(received[0])).toEqual({
      ok: true,
      event: { name: 'app.navigate', payload: { view: 'dashboard', focus: { metric: 'posthog_dau', key: '', day: '2026-11-14' } } },
    });
  });

  it('routes a flag’s or a custom event’s alert to its own series', () => {
    expect(navigationFor({ ...ALERT, metric: 'posthog_flag_evaluations', key: 'new-checkout' }).focus).toEqual({ metric: 'posthog_flag_evaluations', key: 'new-checkout', day: '2026-11-14' });
  });
});
