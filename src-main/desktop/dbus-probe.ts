/**
 * Asks the session bus whether a name has an owner (`org.freedesktop.DBus.NameHasOwner`) with
 * `dbus-send`, which ships with D-Bus itself. Null when it cannot be asked: no bus, no dbus-send, a
 * timeout. Plain Node (child_process), no Electron.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';

export function nameHasOwner(name: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<boolean | null> {
  if (!/^[A-Za-z_][\w.-]*$/.test(name)) return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${name}`],
      { timeout: options.timeoutMs ?? 2_000, env: options.env ?? process.env },
      (error, stdout) => {
        if (error !== null) return resolve(null);
        const answer = /boolean\s+(true|false)/.exec(stdout);
        resolve(answer === null ? null : answer[1] === 'true');
      },
    );
  });
}
