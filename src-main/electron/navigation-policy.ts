/**
 * Where the renderer may go. Pure, so every rule has a unit test.
 *   - the window itself only ever shows `app://sightline/…`;
 *   - links that leave the app open in the system browser, and only when they are http(s).
 */
import { isAppUrl, parseUrl } from './app-origin';

/** True only for http: and https: URLs with a host; false for file:, javascript:, custom schemes, garbage. */
export function externalUrlAllowed(url: unknown): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

/** True only for our own page. */
export function navigationAllowed(url: unknown): boolean {
  return isAppUrl(url);
}
