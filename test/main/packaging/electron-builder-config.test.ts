/**
 * electron-builder.yml, checked without building (no Electron binary can be downloaded here):
 * electron-builder's own loader and schema validation (app-builder-lib/scheme.json, the check
 * `electron-builder` runs first), then what Sightline needs from it — identity, targets, icons, only
 * the built output packed, and the Electron fuses.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { APP_ID, PRODUCT_NAME } from '../../../src-main/desktop/app-identity';
import { pngInfo } from './png';

const ROOT = path.resolve('.');
const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml');
const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

const load = (): Promise<Configuration> => getConfig(ROOT, CONFIG_FILE, null);
const validate = (config: Configuration): Promise<void> => validateConfiguration(config, new DebugLogger(false));
const targets = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validate(await load())).resolves.toBeUndefined();
  });

  it('would be caught by that validation if it were wrong (a misspelled fuse, an unknown key)', async () => {
    const config = await load();
    await expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } as Configuration['electronFuses'] })).rejects.toThrow(/electronFuses/);
    await expect(validate({ ...config, trayIcon: 'x' } as Configuration)).rejects.toThrow(/Invalid configuration object/);
  });

  it('names the app as the code does: appId (the Windows app user model id) and productName', async () => {
    const config = await load();
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(readFileSync(path.join(ROOT, 'src-main/electron/main.ts'), 'utf8')).toContain('app.setAppUserModelId(APP_ID)');
  });

  it('builds macOS dmg + zip, Windows nsis, Linux AppImage + deb, in an asar archive', async () => {
    const config = await load();
    expect(targets(config.mac?.target)).toEqual(['dmg', 'zip']);
    expect(targets(config.win?.target)).toEqual(['nsis']);
    expect(targets(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(config.asar).toBe(true);
    // The .deb needs a homepage and a maintainer, or electron-builder stops.
    expect(config.extraMetadata?.homepage).toMatch(/^https:\/\//);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
  });

  it('packs only the built output and package.json, with the bundle the package.json names as main', async () => {
    const config = await load();
    // (electron-builder's loader turns the list into one file set)
    expect(config.files).toEqual([{ filter: ['dist/main/electron-main.cjs', 'dist/main/preload.cjs', 'dist/main/tray/**', 'dist/renderer/**', 'package.json', '!**/*.map'] }]);
    expect(config.extraMetadata?.main).toBe(packageJson.main);
    expect(packageJson.main).toBe('dist/main/electron-main.cjs');
    // The tray icons are copied next to the main bundle by the build that `npm run dist` runs.
    expect(packageJson.scripts['build:main']).toContain('build:tray-icons');
    expect(packageJson.scripts['build:tray-icons']).toContain("cpSync('assets/tray', 'dist/main/tray'");
    expect(packageJson.scripts.dist).toBe('npm run build && electron-builder --config electron-builder.yml --publish never');
  });

  it('rebuilds keytar (the one native module, loaded at runtime) for Electron', async () => {
    const config = await load();
    expect(config.npmRebuild).toBe(true);
    expect(Object.keys(packageJson.dependencies)).toContain('keytar');
    expect(packageJson.scripts['build:electron']).toContain('--external:keytar');
  });

  it('sets the Electron fuses for production', async () => {
    const config = await load();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('points at icons that exist at the sizes each platform needs', async () => {
    const config = await load();
    for (const icon of [config.mac?.icon, config.win?.icon]) {
      expect(pngInfo(path.join(ROOT, String(icon)))).toMatchObject({ width: 1024, height: 1024 });
    }
    const linuxDir = path.join(ROOT, String(config.linux?.icon));
    for (const size of [16, 32, 48, 256, 512]) {
      expect(pngInfo(path.join(linuxDir, `${size}x${size}.png`))).toMatchObject({ width: size, height: size });
    }
  });
});
