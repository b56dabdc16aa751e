import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type ElectronBinary = { found: true; executable: string } | { found: false; reason: string };

/**
 * Finds the Electron executable the way the `electron` package's own index.js does (path.txt, then
 * dist/<path>, or ELECTRON_OVERRIDE_DIST_PATH) — without requiring that package, because from
 * electron 45 on, requiring it with the binary absent starts a download, which cannot work here and
 * would hang or fail `npm start`.
 */
export function findElectronBinary(electronPackageDir: string, env: NodeJS.ProcessEnv): ElectronBinary {
  if (!existsSync(path.join(electronPackageDir, 'package.json'))) {
    return { found: false, reason: 'The electron package is not installed (run `npm ci`).' };
  }
  const pathFile = path.join(electronPackageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override !== undefined && override !== '') {
    const executable = path.join(override, relative ?? 'electron');
    return existsSync(executable)
      ? { found: true, executable }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${executable} does not exist.` };
  }
  if (relative === null || relative === '') {
    return {
      found: false,
      reason: 'The Electron binary is not installed (node_modules/electron has no path.txt: its download never ran or failed).',
    };
  }
  const executable = path.join(electronPackageDir, 'dist', relative);
  return existsSync(executable)
    ? { found: true, executable }
    : { found: false, reason: `The Electron binary is missing (${path.relative(process.cwd(), executable)} does not exist).` };
}

/** Electron needs a display on Linux; without one, the browser host is the only way to show the app. */
export function displayAvailable(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (platform !== 'linux') return true;
  return Boolean(env.DISPLAY) || Boolean(env.WAYLAND_DISPLAY);
}

export type LaunchMode = { mode: 'electron'; executable: string } | { mode: 'browser'; reason: string };

/** How `npm start` runs Sightline on this machine, and if not in Electron, why not. */
export function chooseLaunchMode(electronPackageDir: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): LaunchMode {
  if (env.SIGHTLINE_BROWSER_MODE === '1') return { mode: 'browser', reason: 'Browser mode was asked for (SIGHTLINE_BROWSER_MODE=1).' };
  const binary = findElectronBinary(electronPackageDir, env);
  if (!binary.found) return { mode: 'browser', reason: binary.reason };
  if (!displayAvailable(platform, env)) {
    return { mode: 'browser', reason: 'There is no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window can open.' };
  }
  return { mode: 'electron', executable: binary.executable };
}
