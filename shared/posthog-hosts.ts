/**
 * Where a PostHog lives, as the user types it: US cloud, EU cloud or a self-hosted URL, normalised to
 * the base URL the API is called on. Pure (used by the wizard as you type, and by main before any request).
 */
export const POSTHOG_CLOUDS = {
  us: 'https://us.posthog.com',
  eu: 'https://eu.posthog.com',
} as const;
export type CloudRegion = keyof typeof POSTHOG_CLOUDS;

export type NormalizedHost =
  | { ok: true; url: string; cloud: CloudRegion | null }
  | { ok: false; message: string };

/** Host names that mean a PostHog cloud region (the app and API domains of each). */
const CLOUD_HOSTNAMES: Readonly<Record<string, CloudRegion>> = {
  'us.posthog.com': 'us',
  'app.posthog.com': 'us',
  'us.i.posthog.com': 'us',
  'eu.posthog.com': 'eu',
  'eu.i.posthog.com': 'eu',
};

/**
 * `https://eu.posthog.com/project/123/insights` → `https://eu.posthog.com` (EU);
 * `posthog.example.com` → error (the scheme is required: http or https is a real choice for self-hosting);
 * `https://ph.example.com/posthog/` → `https://ph.example.com/posthog` (sub-path installs keep their path).
 */
export function normalizePostHogHost(input: string): NormalizedHost {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter the address of your PostHog.' };
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
    return { ok: false, message: 'Start the address with https:// (or http:// for a self-hosted PostHog without TLS).' };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'That is not a valid web address.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: `PostHog is reached over https:// or http://, not ${url.protocol}//.` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: 'Leave user names and passwords out of the address.' };
  const hostname = url.hostname.toLowerCase();
  const cloud = CLOUD_HOSTNAMES[hostname] ?? null;
  if (cloud !== null) return { ok: true, url: POSTHOG_CLOUDS[cloud], cloud };
  // Strip what people paste from the browser: the app's own routes, query and fragment.
  let path = url.pathname.replace(/\/+$/, '');
  const appRoute = /\/(project|projects|insights|dashboard|events|persons|settings|home|data-management|api)(\/.*)?$/.exec(path);
  if (appRoute !== null) path = path.slice(0, appRoute.index);
  return { ok: true, url: `${url.protocol}//${url.host}${path}`, cloud: null };
}

/** The other cloud, for region auto-detection. */
export function otherCloud(region: CloudRegion): CloudRegion {
  return region === 'us' ? 'eu' : 'us';
}

/** What the renderer may show of a key: its type prefix and last four characters. */
export function maskKey(key: string): string {
  const trimmed = key.trim();
  const prefix = /^(phx|phc|phs)_/.exec(trimmed)?.[0] ?? '';
  return trimmed.length <= prefix.length + 4 ? `${prefix}…` : `${prefix}…${trimmed.slice(-4)}`;
}

export type KeyKind = 'personal' | 'project' | 'unknown';

/** `phx_…` personal keys read; `phc_…` project keys only send events. */
export function keyKind(key: string): KeyKind {
  const trimmed = key.trim();
  if (/^phx_[A-Za-z0-9_-]{10,}$/.test(trimmed)) return 'personal';
  if (/^phc_[A-Za-z0-9_-]{10,}$/.test(trimmed)) return 'project';
  return 'unknown';
}

/** The personal API key scopes Sightline needs, in PostHog's `object:action` names. */
export const REQUIRED_SCOPES = ['project:read', 'query:read', 'feature_flag:read', 'event_definition:read'] as const;
