/**
 * The icons: committed exactly as assets/generate-icons.mjs makes them, macOS template images black
 * and alpha only, every tray variant present at the sizes the tray glue loads on each platform.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRAY_VARIANTS, trayImageSpec } from '../../../src-main/desktop/tray-icons';
import { pngInfo, pngPixels } from './png';

const ASSETS = path.resolve('assets');
const TRAY = path.join(ASSETS, 'tray');

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]));

describe('the generated icons', () => {
  it('are committed exactly as the generator makes them (run `npm run icons` after changing it)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'sightline-icons-'));
    execFileSync(process.execPath, [path.join(ASSETS, 'generate-icons.mjs'), '--out', out], { stdio: 'pipe' });
    const made = walk(out).sort();
    expect(made.length).toBeGreaterThan(20);
    for (const name of made) {
      if (readFileSync(path.join(ASSETS, name)).equals(readFileSync(path.join(out, name)))) continue;
      // Another Node's zlib may compress differently (or its Math round a pixel the other way): compare pixels.
      const committed = pngPixels(path.join(ASSETS, name));
      const fresh = pngPixels(path.join(out, name));
      expect(committed.size, name).toBe(fresh.size);
      const worst = committed.rgba.reduce((max, v, i) => Math.max(max, Math.abs(v - fresh.rgba[i]!)), 0);
      expect(worst, name).toBeLessThanOrEqual(1);
    }
  }, 30_000);

  it('give macOS template images: black and transparency only, so the menu bar can tint them', () => {
    const templates = readdirSync(TRAY).filter((f) => f.includes('Template'));
    expect(templates.sort()).toEqual(['trayAlertTemplate.png', 'trayAlertTemplate@2x.png', 'traySyncingTemplate.png', 'traySyncingTemplate@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']);
    for (const file of templates) {
      const { rgba } = pngPixels(path.join(TRAY, file));
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        expect(rgba[i]! + rgba[i + 1]! + rgba[i + 2]!, file).toBe(0);
        if (rgba[i + 3]! > 128) opaque += 1;
      }
      expect(opaque, `${file} draws something`).toBeGreaterThan(10);
    }
  });

  it('draw the three variants differently', () => {
    for (const prefix of ['tray-%-24.png', 'tray%Template.png']) {
      const [normal, syncing, alert] = ['normal', 'syncing', 'alert'].map((v) => {
        const name = prefix.startsWith('tray-') ? prefix.replace('%', v) : prefix.replace('%', { normal: '', syncing: 'Syncing', alert: 'Alert' }[v]!);
        return Buffer.from(pngPixels(path.join(TRAY, name)).rgba);
      });
      expect(normal!.equals(syncing!)).toBe(false);
      expect(normal!.equals(alert!)).toBe(false);
      expect(syncing!.equals(alert!)).toBe(false);
    }
  });

  it.each(['darwin', 'win32', 'linux'])('exist for every tray variant on %s, each file at its scale factor’s size', (platform) => {
    const base = platform === 'linux' ? 24 : 16;
    for (const variant of TRAY_VARIANTS) {
      const spec = trayImageSpec(platform, variant, TRAY);
      expect(spec.template).toBe(platform === 'darwin');
      for (const { file, scaleFactor } of spec.representations) {
        expect(pngInfo(file), path.basename(file)).toMatchObject({ width: base * scaleFactor, height: base * scaleFactor, colourType: 6 });
      }
    }
  });

  it('give the app icon at 512 and 1024 px', () => {
    expect(pngInfo(path.join(ASSETS, 'icon.png'))).toMatchObject({ width: 1024, height: 1024 });
    expect(pngInfo(path.join(ASSETS, 'icons', '512x512.png'))).toMatchObject({ width: 512, height: 512 });
  });
});
