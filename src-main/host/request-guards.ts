import { timingSafeEqual } from 'node:crypto';
import type { ErrorCode } from '../../shared/contract';

/**
 * The browser host's gatekeeping, as pure functions so each rule is tested on its own.
 * A loopback server is reachable by every web page the user opens (DNS rebinding, cross-site
 * requests), so the host trusts nothing but an exact Host, an exact Origin and its per-run token.
 */

/** DNS rebinding defence: only the literal address the server was started on. */
export function hostAllowed(hostHeader: string | undefined, expectedHost: string): boolean {
  return hostHeader === expectedHost;
}

/**
 * Cross-site defence: an Origin, when present, must be exactly ours. Requests that change state
 * (POST) must carry one; browsers always send it on POST, so its absence means a non-browser caller
 * that could forge anything else too.
 */
export function originAllowed(originHeader: string | undefined, expectedOrigin: string, required: boolean): boolean {
  if (originHeader === undefined) return !required;
  return originHeader === expectedOrigin;
}

export function tokenMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header, 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [mediaType] = header.split(';');
  return mediaType?.trim().toLowerCase() === 'application/json';
}

/** The HTTP status that goes with each error code of the contract. */
export function statusForError(code: ErrorCode): number {
  switch (code) {
    case 'bad_request':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'unknown_channel':
      return 404;
    case 'unavailable':
      return 503;
    case 'bad_response':
    case 'internal':
      return 500;
    default:
      // Errors from talking to PostHog or from the vault are answers, not transport failures:
      // the request itself was fine, so the browser host reports them with 200 and the envelope.
      return 200;
  }
}
