/**
 * The browser host's per-run token. `npm start` prints a link with `#token=…`; the fragment never
 * reaches a server or a log. We keep it for this tab only (sessionStorage, so a reload still works)
 * and remove it from the address bar at once.
 */
const STORAGE_KEY = 'sightline.host-token';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,128}$/;

export interface TokenSources {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState'>;
}

export function takeAccessToken({ location, storage, history }: TokenSources): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null) {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    if (TOKEN_PATTERN.test(fromHash)) {
      storage.setItem(STORAGE_KEY, fromHash);
      return fromHash;
    }
  }
  const stored = storage.getItem(STORAGE_KEY);
  return stored !== null && TOKEN_PATTERN.test(stored) ? stored : null;
}
