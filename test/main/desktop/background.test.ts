import { describe, expect, it } from 'vitest';
import { createBackground, type BackgroundDeps } from '../../../src-main/desktop/background';
import { closeDecision } from '../../../src-main/desktop/close-policy';
import { backgroundBehaviour, type TrayPresence } from '../../../src-main/desktop/host-behaviour';
import { NO_TRAY_WHY } from '../../../src-main/desktop/linux-tray';
import { createAutoSync } from '../../../src-main/sync/scheduler';
import { NOW } from './fixtures';

const TRAY: TrayPresence = { kind: 'tray' };
const NO_TRAY: TrayPresence = { kind: 'none', why: NO_TRAY_WHY };

/** The shell around one window: close events, the app's quit, the notice dialog, the stored preferences. */
function shell(options: { tray: TrayPresence; keep?: boolean; noticeShown?: boolean }) {
  const prefs = { keepRunningInBackground: options.keep ?? true, noTrayNoticeShown: options.noticeShown ?? false };
  const told: string[] = [];
  let quits = 0;
  let dismiss: (() => void) | null = null;
  const deps: BackgroundDeps = {
    tray: () => options.tray,
    preferences: () => prefs,
    tell: (notice) => {
      told.push(notice);
      return new Promise((resolve) => (dismiss = resolve));
    },
    markNoticeShown: async () => {
      prefs.noTrayNoticeShown = true;
    },
    quit: () => {
      quits += 1;
      background.beforeQuit(); // app.quit() emits before-quit
    },
    log: () => {},
  };
  const background = createBackground(deps);
  const window = { hidden: false, hide: () => void (window.hidden = true) };
  /** The user closes the window; true when the close went through (not prevented). */
  const close = (): boolean => {
    let prevented = false;
    background.onWindowClose({ preventDefault: () => void (prevented = true) }, window);
    return !prevented;
  };
  return {
    background,
    window,
    told,
    prefs,
    close,
    quits: () => quits,
    dismissNotice: async () => {
      dismiss?.();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('closing the window', () => {
  it('on macOS hides it, and syncing continues (the schedule is untouched)', async () => {
    let last: number | null = NOW - 45 * 60_000;
    const crons: (() => void)[] = [];
    const runs: number[] = [];
    const auto = createAutoSync({
      tier: () => 'scale',
      lastSuccessfulSyncAt: () => last,
      runRefresh: async () => {
        runs.push(NOW);
        last = NOW;
      },
      now: () => NOW,
      schedule: (_cron, fn) => (crons.push(fn), { stop: () => void crons.splice(0) }),
    });
    auto.start();
    await auto.idle();
    runs.length = 0;

    const s = shell({ tray: TRAY });
    expect(s.close()).toBe(false);
    expect(s.window.hidden).toBe(true);
    s.background.onAllWindowsClosed(); // even if it did go away, the app lives on in the menu bar
    expect(s.quits()).toBe(0);
    expect(backgroundBehaviour('darwin', TRAY, true).explanation).toMatch(/keeps Sightline in the menu bar, syncing and alerting/);

    crons[0]!(); // the next half-hour slot
    await auto.idle();
    expect(runs).toHaveLength(1);
    auto.stop();
  });

  it('on Windows, and on Linux with a tray, hides it too', () => {
    for (const platform of ['win32', 'linux']) {
      const s = shell({ tray: TRAY });
      expect(s.close()).toBe(false);
      expect(s.window.hidden).toBe(true);
      expect(s.quits()).toBe(0);
      expect(backgroundBehaviour(platform, TRAY, true).available).toBe(true);
    }
  });

  it('on Linux without a tray quits, and says so once', async () => {
    const s = shell({ tray: NO_TRAY });
    expect(s.close()).toBe(false); // held open under the message
    expect(s.close()).toBe(false); // a second click while it is up does not ask twice
    expect(s.told).toHaveLength(1);
    expect(s.told[0]).toMatch(/no tray icons.*Closing the window quits Sightline, so auto-sync and alerts stop/);
    expect(s.quits()).toBe(0); // not before the message is read
    await s.dismissNotice();
    expect(s.prefs.noTrayNoticeShown).toBe(true);
    expect(s.quits()).toBe(1);
    expect(s.close()).toBe(true); // quitting: the window closes for real

    // The next session: the window just closes and the app quits, without a word.
    const next = shell({ tray: NO_TRAY, noticeShown: true });
    expect(next.close()).toBe(true);
    next.background.onAllWindowsClosed();
    expect(next.told).toEqual([]);
    expect(next.quits()).toBe(1);
  });

  it('quits on every platform when "keep running in the background" is off, without a notice', () => {
    for (const tray of [TRAY, NO_TRAY]) {
      const s = shell({ tray, keep: false });
      expect(s.close()).toBe(true);
      expect(s.window.hidden).toBe(false);
      s.background.onAllWindowsClosed();
      expect(s.quits()).toBe(1);
      expect(s.told).toEqual([]);
    }
  });

  it('while quitting (tray Quit, ⌘Q, logout), lets the window close', () => {
    const s = shell({ tray: TRAY });
    s.background.beforeQuit();
    expect(s.close()).toBe(true);
    expect(s.window.hidden).toBe(false);
  });
});

describe('closeDecision', () => {
  it.each([
    [{ quitting: true, keepRunningInBackground: true, tray: TRAY, noTrayNoticeShown: false }, { action: 'close' }],
    [{ quitting: false, keepRunningInBackground: true, tray: TRAY, noTrayNoticeShown: false }, { action: 'hide' }],
    [{ quitting: false, keepRunningInBackground: false, tray: TRAY, noTrayNoticeShown: false }, { action: 'quit', notice: null }],
    [{ quitting: false, keepRunningInBackground: false, tray: NO_TRAY, noTrayNoticeShown: false }, { action: 'quit', notice: null }],
    [{ quitting: false, keepRunningInBackground: true, tray: NO_TRAY, noTrayNoticeShown: true }, { action: 'quit', notice: null }],
  ] as const)('%o → %o', (context, decision) => {
    expect(closeDecision(context)).toEqual(decision);
  });
});
