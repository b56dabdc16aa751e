/**
 * The origin the renderer is served from inside Electron: a custom `app://` scheme, never `file://`.
 * Pure (no Electron import), shared by the protocol handler, the IPC sender check and the navigation
 * policy so the three can never disagree about what "our page" is.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sightline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Parses a URL without throwing; null for anything `new URL` refuses. */
export function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for `app://sightline/…`: exact scheme and host, no port, no credentials. */
export function isAppUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
