import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../../src-main/electron/web-preferences';
import { mainWindowOptions, WINDOW_BACKGROUND } from '../../../src-main/electron/window-options';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/dist/main/preload.cjs');

  it('uses the given preload', () => {
    expect(prefs.preload).toBe('/app/dist/main/preload.cjs');
  });

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['spellcheck', false],
    ['navigateOnDragDrop', false],
    ['safeDialogs', true],
    ['devTools', false],
  ] as const)('sets %s to %s explicitly', (flag, value) => {
    expect(prefs[flag]).toBe(value);
  });

  it('sets nothing else (no experimental features, no extra partitions)', () => {
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'devTools',
        'navigateOnDragDrop',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'safeDialogs',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    );
  });
});

describe('developer tools', () => {
  it('are off unless a development build asks for them', () => {
    expect(secureWebPreferences('/p.cjs').devTools).toBe(false);
    expect(secureWebPreferences('/p.cjs', { devTools: true }).devTools).toBe(true);
    expect(mainWindowOptions('/p.cjs').webPreferences?.devTools).toBe(false);
    expect(mainWindowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/p.cjs');

  it('starts hidden with the light background and the Sightline title', () => {
    expect(options).toMatchObject({ title: 'Sightline', show: false, backgroundColor: WINDOW_BACKGROUND });
    expect(WINDOW_BACKGROUND).toBe('#f6f7f9');
  });

  it('has a sensible size no smaller than its minimum', () => {
    expect(options.width).toBe(1200);
    expect(options.height).toBe(800);
    expect(options.minWidth).toBeLessThanOrEqual(options.width ?? 0);
    expect(options.minHeight).toBeLessThanOrEqual(options.height ?? 0);
  });

  it('uses the secure web preferences', () => {
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
  });
});
