import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../../src-main/electron/app-origin';
import { externalUrlAllowed, navigationAllowed } from '../../../src-main/electron/navigation-policy';

const notApp = [
  'https://evil.example/',
  'http://sightline/',
  'file:///etc/passwd',
  'app://other/',
  'app://sightline.evil.example/',
  'app://evil.example/sightline',
  'app://sightline:1/',
  'app://user:pw@sightline/',
  'apps://sightline/',
  'javascript:alert(1)',
  'about:blank',
  'devtools://devtools/bundled/inspector.html',
  '',
  'garbage',
];

describe('app origin', () => {
  it('is app://sightline with index.html as the entry', () => {
    expect(APP_ORIGIN).toBe('app://sightline');
    expect(APP_ENTRY_URL).toBe('app://sightline/index.html');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });

  it.each(['app://sightline/', 'app://sightline/index.html', 'app://sightline/assets/a.js?v=1#x'])('accepts %j', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each(notApp)('rejects %j', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });

  it('rejects non-strings without throwing', () => {
    expect(isAppUrl(undefined)).toBe(false);
    expect(isAppUrl(null)).toBe(false);
    expect(isAppUrl({ toString: () => APP_ENTRY_URL })).toBe(false);
  });
});

describe('navigationAllowed', () => {
  it('allows only our own pages', () => {
    expect(navigationAllowed('app://sightline/x')).toBe(true);
    expect(navigationAllowed(APP_ENTRY_URL)).toBe(true);
  });

  it.each(notApp)('refuses %j', (url) => {
    expect(navigationAllowed(url)).toBe(false);
  });
});

describe('externalUrlAllowed', () => {
  it.each(['https://posthog.com/docs', 'http://example.com', 'HTTPS://EXAMPLE.COM/a?b#c'])('allows %j', (url) => {
    expect(externalUrlAllowed(url)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,hi',
    'app://sightline/index.html',
    'smb://attacker/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'mailto:a@b.example',
    'ftp://example.com/',
    'chrome://settings',
    'http://',
    '//evil.example/',
    'not a url',
    '',
  ])('refuses %j', (url) => {
    expect(externalUrlAllowed(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(externalUrlAllowed(undefined)).toBe(false);
    expect(externalUrlAllowed(42)).toBe(false);
  });
});
