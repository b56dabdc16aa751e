import { describe, expect, it, vi } from 'vitest';
import { takeAccessToken } from '../../../src-renderer/api/access-token';

function sources(hash: string, stored: string | null = null) {
  const store = new Map<string, string>();
  if (stored !== null) store.set('sightline.host-token', stored);
  return {
    location: { hash, pathname: '/', search: '' },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    history: { replaceState: vi.fn() },
    store,
  };
}
const TOKEN = 'AbC_-0123456789abcdefghijklmnopqrstuvwxyz12';

describe('access token', () => {
  it('takes the token from the fragment, keeps it for the tab and clears the address bar', () => {
    const s = sources(`#token=${TOKEN}`);
    expect(takeAccessToken(s)).toBe(TOKEN);
    expect(s.history.replaceState).toHaveBeenCalledWith(null, '', '/');
    expect(s.store.get('sightline.host-token')).toBe(TOKEN);
  });

  it('after a reload, uses the stored token', () => {
    expect(takeAccessToken(sources('', TOKEN))).toBe(TOKEN);
  });

  it('has none when neither place has one, and rejects garbage', () => {
    expect(takeAccessToken(sources(''))).toBeNull();
    const s = sources('#token=<script>');
    expect(takeAccessToken(s)).toBeNull();
    expect(s.history.replaceState).toHaveBeenCalled();
  });
});
