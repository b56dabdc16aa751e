/**
 * A second launch of Sightline (the single-instance lock made it quit at once) brings the existing
 * window forward — unless that launch is the login item's background start, which must not pop the
 * window of an app that is already running.
 */
import { LOGIN_LAUNCH_FLAG } from './app-identity';

export function isLoginLaunch(argv: readonly string[]): boolean {
  return argv.includes(LOGIN_LAUNCH_FLAG);
}

/** The `second-instance` listener: `argv` is the second launch's command line. */
export function createSecondInstanceHandler(presenter: { show(): void }): (argv: readonly string[]) => void {
  return (argv) => {
    if (!isLoginLaunch(argv)) presenter.show();
  };
}
