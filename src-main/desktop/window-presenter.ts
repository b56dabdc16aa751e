/**
 * Bringing the main window up, wherever it is: not created yet (a second launch or a notification
 * click before the app is ready), hidden in the tray, minimized, behind other windows, or gone (then a
 * new one is made). Port-based: the shell passes a factory of real BrowserWindows, tests a fake.
 */

/** The part of a BrowserWindow the presenter uses (`BrowserWindow` satisfies it). */
export interface PresentableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface WindowPresenterDeps<W extends PresentableWindow> {
  /** Makes the window; `visible`: it shows itself once its page has painted. */
  create(visible: boolean): W;
  /** Brings the app to the front (macOS: `app.focus({ steal: true })`, since a hidden app's window may not come forward). */
  focusApp?(): void;
}

export interface WindowPresenter<W extends PresentableWindow> {
  /** The app is ready: makes the window, visible unless the launch is a background one (a show asked before wins). */
  open(options: { visible: boolean }): W;
  /** Shows and focuses the window, creating it if needed; before `open` it is remembered for then. */
  show(): void;
  /** The live window, if any. */
  current(): W | null;
}

export function createWindowPresenter<W extends PresentableWindow>(deps: WindowPresenterDeps<W>): WindowPresenter<W> {
  let opened = false;
  let showAsked = false;
  let window: W | null = null;
  const live = (): W | null => (window !== null && !window.isDestroyed() ? window : null);

  return {
    open: ({ visible }) => {
      opened = true;
      window = deps.create(visible || showAsked);
      showAsked = false;
      return window;
    },
    show: () => {
      if (!opened) {
        showAsked = true;
        return;
      }
      const existing = live();
      if (existing === null) {
        window = deps.create(true);
      } else {
        if (existing.isMinimized()) existing.restore();
        existing.show();
        existing.focus();
      }
      deps.focusApp?.();
    },
    current: live,
  };
}
