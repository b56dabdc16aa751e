import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseLaunchMode, findElectronBinary } from '../../../src-main/launcher/electron-binary';
import { browserOpener } from '../../../src-main/launcher/open-browser';

function electronPackage(options: { pathTxt?: string; binary?: boolean }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'electron-pkg-'));
  writeFileSync(path.join(dir, 'package.json'), '{"name":"electron","version":"45.4.1"}');
  // index.js downloads the binary when required; detection must never load it.
  writeFileSync(path.join(dir, 'index.js'), 'throw new Error("electron index.js must not be required")');
  if (options.pathTxt !== undefined) writeFileSync(path.join(dir, 'path.txt'), options.pathTxt);
  if (options.binary) {
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', options.pathTxt ?? 'electron'), '');
  }
  return dir;
}

const withDisplay = { DISPLAY: ':0' };

describe('launch mode', () => {
  it('runs Electron when its binary is installed and there is a display', () => {
    const dir = electronPackage({ pathTxt: 'electron', binary: true });
    expect(chooseLaunchMode(dir, 'linux', withDisplay)).toEqual({ mode: 'electron', executable: path.join(dir, 'dist', 'electron') });
  });

  it('falls back to the browser when the binary was never downloaded, and says so', () => {
    const launch = chooseLaunchMode(electronPackage({}), 'linux', withDisplay);
    expect(launch).toMatchObject({ mode: 'browser', reason: expect.stringContaining('Electron binary is not installed') });
  });

  it('falls back when path.txt names a binary that is missing', () => {
    const launch = chooseLaunchMode(electronPackage({ pathTxt: 'electron' }), 'linux', withDisplay);
    expect(launch).toMatchObject({ mode: 'browser', reason: expect.stringContaining('missing') });
  });

  it('falls back without a display on Linux, but not on macOS', () => {
    const dir = electronPackage({ pathTxt: 'Electron.app/Contents/MacOS/Electron', binary: false });
    expect(chooseLaunchMode(electronPackage({ pathTxt: 'electron', binary: true }), 'linux', {})).toMatchObject({
      mode: 'browser',
      reason: expect.stringContaining('no display'),
    });
    expect(findElectronBinary(dir, {}).found).toBe(false);
  });

  it('honours an explicit request for browser mode and a missing electron package', () => {
    expect(chooseLaunchMode(electronPackage({ pathTxt: 'electron', binary: true }), 'linux', { ...withDisplay, SIGHTLINE_BROWSER_MODE: '1' }).mode).toBe('browser');
    expect(chooseLaunchMode(path.join(tmpdir(), 'no-such-electron'), 'linux', withDisplay)).toMatchObject({
      mode: 'browser',
      reason: expect.stringContaining('npm ci'),
    });
  });

  it('does not try to open a browser in CI or without a display', () => {
    expect(browserOpener('linux', { CI: 'true', DISPLAY: ':0', PATH: '/usr/bin' })).toBeNull();
    expect(browserOpener('linux', { PATH: '/usr/bin' })).toBeNull();
    expect(browserOpener('darwin', {})).toEqual({ command: 'open', args: [] });
  });
});
