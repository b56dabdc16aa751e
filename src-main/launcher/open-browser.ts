import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** The command that opens a URL in the default browser, or null where there is none to use. */
export function browserOpener(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string; args: string[] } | null {
  if (env.CI || env.SIGHTLINE_NO_BROWSER) return null;
  if (platform === 'darwin') return { command: 'open', args: [] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  const found = (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, 'xdg-open'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  return found ? { command: 'xdg-open', args: [] } : null;
}

/** Opens the URL without waiting; returns whether an opener was started. */
export function openInBrowser(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  const opener = browserOpener(platform, env);
  if (opener === null) return false;
  const child = spawn(opener.command, [...opener.args, url], { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
  return true;
}
