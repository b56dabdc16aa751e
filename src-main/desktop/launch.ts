/**
 * How this launch starts: with its window, or in the background (the login item's start, when the app
 * can live in the tray). A background start with no tray to live in opens the window after all: an
 * app with neither window nor tray would be invisible.
 */
import { isLoginLaunch } from './single-instance';

export interface LaunchFacts {
  argv: readonly string[];
  /** macOS's login item says it opened the app (`app.getLoginItemSettings().wasOpenedAtLogin`). */
  wasOpenedAtLogin: boolean;
  /** Closing the window would hide it (setting on and a tray). */
  runsInBackground: boolean;
}

export function startsWithWindow(facts: LaunchFacts): boolean {
  const atLogin = isLoginLaunch(facts.argv) || facts.wasOpenedAtLogin;
  return !(atLogin && facts.runsInBackground);
}
