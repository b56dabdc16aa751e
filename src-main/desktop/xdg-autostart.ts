/**
 * "Open at login" on Linux: an XDG autostart entry (`~/.config/autostart/sightline.desktop`, the
 * freedesktop.org Desktop Application Autostart spec), which GNOME, KDE, XFCE, Cinnamon, MATE, LXQt
 * and others start at login. Electron's login item API exists only on macOS and Windows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../vault/atomic-file';
import { PRODUCT_NAME } from './app-identity';
import type { LoginItems } from './desktop-host';

export const AUTOSTART_FILE_NAME = 'sightline.desktop';

/** `$XDG_CONFIG_HOME/autostart/sightline.desktop` (`~/.config` when unset or not absolute, as the spec says). */
export function autostartFile(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configHome = env.XDG_CONFIG_HOME !== undefined && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One argument of an `Exec` line: quoted when it holds a reserved character (with `"`, `` ` ``, `$`
 * and `\` backslash-escaped inside the quotes), then escaped as a desktop-entry string (`\` → `\\`),
 * and `%` doubled so it is not read as a field code.
 */
export function execArgument(arg: string): string {
  if (arg === '' || /[\n\r\0]/.test(arg)) throw new Error('an autostart command argument must be non-empty and on one line');
  const quoted = RESERVED.test(arg) ? `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : arg;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${PRODUCT_NAME}`,
    'Comment=PostHog product metrics at a glance',
    `Exec=${command.map(execArgument).join(' ')}`,
    'Icon=sightline',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Whether an autostart entry is in effect: present, and not switched off by the desktop's own settings. */
export function autostartEnabled(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  return !lines.includes('Hidden=true') && !lines.includes('X-GNOME-Autostart-enabled=false');
}

export function createXdgAutostart(options: { file: string; command: readonly string[] }): LoginItems {
  return {
    support: { kind: 'xdg-autostart', file: options.file },
    read: () => {
      if (!existsSync(options.file)) return { enabled: false, needsApproval: false };
      try {
        return { enabled: autostartEnabled(readFileSync(options.file, 'utf8')), needsApproval: false };
      } catch {
        return { enabled: false, needsApproval: false };
      }
    },
    write: async (enabled) => {
      if (!enabled) {
        await rm(options.file, { force: true });
        return;
      }
      await mkdir(path.dirname(options.file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(options.file, autostartEntry(options.command), 0o644);
    },
  };
}
