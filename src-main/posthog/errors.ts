/**
 * PostHog's HTTP answers turned into the app's typed failures, each with a message a founder can act
 * on and a hint saying how to fix it. The API key is never part of any of them: messages are written
 * without it and every text that comes from the server is scrubbed (redact.ts).
 */
import type { ErrorDetails } from '../../shared/contract';
import { REQUIRED_SCOPES } from '../../shared/posthog-hosts';
import { AppFailure } from '../contract/failure';
import { serverText } from './redact';
import { PostHogErrorBodySchema, type PostHogErrorBody } from './schemas';

/** What a failure message may say about the request that failed. */
export interface RequestContext {
  /** The PostHog base URL (scheme, host, port, optional sub-path of a self-hosted install). */
  baseUrl: string;
  /** The API path asked for, e.g. `/api/projects/1/query/`. */
  path: string;
  timeoutMs: number;
  /** Only to scrub it out of server text; never written into a failure. */
  apiKey: string;
}

const SCOPE_NAME = /^[a-z_]+:[a-z_]+$/;
const PERSONAL_KEYS_PLACE = 'In PostHog, open Settings → Personal API keys';

/** `us.posthog.com`, `127.0.0.1:8443`, `ph.example.com/posthog`: how a message names the host. */
export function hostLabel(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.host}${path}`;
  } catch {
    return 'the PostHog address';
  }
}

/** `/api/projects/123/…` → 123; list and `@current` paths → null. */
function projectIdOf(path: string): string | null {
  return /^\/api\/(?:projects|environments)\/(\d+)(?:\/|$)/.exec(path)?.[1] ?? null;
}

function isQueryPath(path: string): boolean {
  return /^\/api\/(?:projects|environments)\/[^/]+\/query\/?$/.test(path.split('?')[0] ?? '');
}

function parseErrorBody(text: string): PostHogErrorBody | null {
  try {
    const parsed = PostHogErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function invalidKeyFailure(baseUrl: string): AppFailure {
  return new AppFailure(
    'invalid_key',
    `PostHog at ${hostLabel(baseUrl)} did not accept this API key.`,
    'Check that you copied the whole personal API key (it starts with phx_) and that it has not been deleted or rolled in PostHog. A key only works in the PostHog (US cloud, EU cloud or self-hosted) where it was created.',
  );
}

/** Every missing scope, named, sorted. */
export function missingScopesFailure(scopes: readonly string[]): AppFailure {
  const sorted = [...new Set(scopes)].filter((s) => SCOPE_NAME.test(s)).sort();
  const list = sorted.join(', ');
  const message =
    sorted.length === 1
      ? `This API key is missing the ${list} scope.`
      : `This API key is missing ${sorted.length} scopes: ${list}.`;
  return new AppFailure(
    'missing_scopes',
    message,
    `${PERSONAL_KEYS_PLACE}, edit this key and add ${sorted.length === 1 ? 'that scope' : 'those scopes'} (read access is enough), or create a new key with ${REQUIRED_SCOPES.join(', ')}.`,
    { missingScopes: sorted },
  );
}

export function noProjectAccessFailure(projectId: string | number | null): AppFailure {
  const which = projectId === null ? 'this PostHog project' : `PostHog project ${projectId}`;
  return new AppFailure(
    'no_project_access',
    `This API key cannot access ${which}.`,
    `The key may be limited to other projects or organizations. ${PERSONAL_KEYS_PLACE}, edit the key to include this project (or "All access"), or pick another project.`,
  );
}

export function projectNotFoundFailure(baseUrl: string, projectId: string | number): AppFailure {
  return new AppFailure(
    'project_not_found',
    `PostHog at ${hostLabel(baseUrl)} has no project ${projectId}.`,
    'It may have been deleted, or it belongs to another organization or region. Pick a project from the list again.',
  );
}

export function notPostHogFailure(baseUrl: string, why?: string): AppFailure {
  return new AppFailure(
    'not_posthog',
    `${hostLabel(baseUrl)} answered, but not like PostHog: is the address right?${why === undefined ? '' : ` (${why})`}`,
    'Use the address you open PostHog at in your browser: https://us.posthog.com, https://eu.posthog.com or your own PostHog’s URL (without /project/… paths).',
  );
}

/** Whole seconds to wait, from `Retry-After` (seconds or an HTTP date) or PostHog's "Expected available in N seconds". */
export function retryAfterSeconds(header: string | null, detail: string | null, now = Date.now()): number | undefined {
  const clamp = (n: number): number => Math.min(86_400, Math.max(0, Math.ceil(n)));
  const value = header?.trim() ?? '';
  if (/^\d+(?:\.\d+)?$/.test(value)) return clamp(Number(value));
  if (value !== '') {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return clamp((at - now) / 1000);
  }
  const fromDetail = /available in (\d+(?:\.\d+)?) seconds?/i.exec(detail ?? '')?.[1];
  return fromDetail === undefined ? undefined : clamp(Number(fromDetail));
}

export function rateLimitedFailure(seconds: number | undefined): AppFailure {
  const when = seconds === undefined ? 'in a little while' : `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  return new AppFailure(
    'rate_limited',
    `PostHog is rate-limiting this key; it will accept requests again ${when}.`,
    'Nothing is lost: try again then. If this happens often, other tools may be sharing this key’s request budget — give Sightline its own key.',
    seconds === undefined ? undefined : { retryAfterSeconds: seconds },
  );
}

export function unavailableFailure(baseUrl: string, status: number): AppFailure {
  return new AppFailure(
    'posthog_unavailable',
    `PostHog at ${hostLabel(baseUrl)} is having trouble (HTTP ${status}).`,
    'This is on PostHog’s side and usually passes within minutes; your synced data stays available meanwhile. For the cloud, status.posthog.com tells more; for your own PostHog, check its server logs.',
    { status },
  );
}

export function queryRejectedFailure(detail: string, status?: number): AppFailure {
  return new AppFailure(
    'query_rejected',
    `PostHog rejected a query: ${detail}`,
    'If this is one of your own HogQL metrics, fix it in the metric editor; otherwise PostHog may have changed, and updating Sightline should help.',
    status === undefined ? undefined : { status },
  );
}

function redirectFailure(ctx: RequestContext, location: string | null): AppFailure {
  let target: URL | null;
  try {
    target = location === null ? null : new URL(location, new URL(ctx.baseUrl));
  } catch {
    target = null;
  }
  const base = new URL(ctx.baseUrl);
  if (target !== null && (target.protocol === 'https:' || target.protocol === 'http:') && target.origin !== base.origin) {
    return new AppFailure(
      'not_posthog',
      `${hostLabel(ctx.baseUrl)} redirects to ${target.origin}: is the address right?`,
      `Sightline does not follow redirects with your key. If PostHog lives at ${target.origin}, enter that address instead.`,
    );
  }
  return notPostHogFailure(ctx.baseUrl, 'it answered with a redirect');
}

/** The failure for a non-2xx HTTP answer. */
export function failureForStatus(ctx: RequestContext, status: number, headers: { get(name: string): string | null }, bodyText: string): AppFailure {
  const body = parseErrorBody(bodyText);
  const detail = body === null ? null : serverText(body.detail, ctx.apiKey);
  if (status >= 300 && status < 400) return redirectFailure(ctx, headers.get('location'));
  if (status === 401) return invalidKeyFailure(ctx.baseUrl);
  if (status === 403) {
    const scope = /missing required scope '([^']+)'/i.exec(body?.detail ?? '')?.[1];
    if (scope !== undefined && SCOPE_NAME.test(scope)) return missingScopesFailure([scope]);
    return noProjectAccessFailure(projectIdOf(ctx.path));
  }
  if (status === 404) {
    const projectId = projectIdOf(ctx.path);
    // A 404 without PostHog's error body is some other server's "not found" page.
    if (projectId !== null && body !== null) return projectNotFoundFailure(ctx.baseUrl, projectId);
    return notPostHogFailure(ctx.baseUrl, `${ctx.path.split('?')[0] ?? ''} does not exist there`);
  }
  if (status === 429) return rateLimitedFailure(retryAfterSeconds(headers.get('retry-after'), body?.detail ?? null));
  if (status >= 500) return unavailableFailure(ctx.baseUrl, status);
  if (body === null) return notPostHogFailure(ctx.baseUrl, `HTTP ${status}`);
  if (status === 400 && isQueryPath(ctx.path)) return queryRejectedFailure(detail ?? 'no reason given', status);
  const details: ErrorDetails | undefined = status >= 100 && status <= 599 ? { status } : undefined;
  return new AppFailure(
    'internal',
    `PostHog refused Sightline’s request (HTTP ${status}: ${detail ?? 'no reason given'}).`,
    'This looks like a Sightline bug or a PostHog version it does not know yet; updating Sightline should help.',
    details,
  );
}

/** A 2xx whose body is not JSON, or not the JSON PostHog sends there. */
export function unexpectedBodyFailure(ctx: RequestContext, kind: 'not-json' | 'wrong-shape'): AppFailure {
  return notPostHogFailure(ctx.baseUrl, kind === 'not-json' ? 'the answer is not JSON' : 'the answer has an unexpected shape');
}
