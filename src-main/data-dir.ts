import os from 'node:os';
import path from 'node:path';

/**
 * Where main keeps its files when not inside Electron: the same folder Electron's
 * `app.getPath('userData')` uses for an app named Sightline, so browser mode and the desktop app
 * share one connection. `SIGHTLINE_DATA_DIR` overrides it (tests, the demo, several profiles).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const override = env.SIGHTLINE_DATA_DIR;
  if (override !== undefined && override !== '') return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Sightline');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Sightline');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Sightline');
}
