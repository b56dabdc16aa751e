/**
 * PostHog's error bodies. PostHog's API renders every DRF exception through its
 * `drf-exceptions-hog` handler (PostHog/drf-exceptions-hog, exceptions_hog/handler.py):
 * `{type, code, detail, attr}`, where `type` is one of authentication_error, invalid_request,
 * server_error, throttled_error, validation_error. Messages below follow PostHog's own wording
 * (posthog/auth.py, posthog/permissions.py, DRF's Throttled and NotFound).
 */

export type PostHogErrorType = 'authentication_error' | 'invalid_request' | 'server_error' | 'throttled_error' | 'validation_error';

export interface PostHogErrorBody {
  type: PostHogErrorType;
  code: string;
  detail: string;
  attr: string | null;
}

export interface PostHogError {
  status: number;
  body: PostHogErrorBody;
  headers?: Record<string, string>;
}

const error = (status: number, type: PostHogErrorType, code: string, detail: string, attr: string | null = null): PostHogError => ({
  status,
  body: { type, code, detail, attr },
});

export const errors = {
  /** No Authorization header at all (DRF NotAuthenticated). */
  notAuthenticated: () => error(401, 'authentication_error', 'not_authenticated', 'Authentication credentials were not provided.'),
  /** An unknown key, a key from the other region, or a project key (`phc_…`) used for reading. */
  invalidPersonalKey: () =>
    error(401, 'authentication_error', 'authentication_failed', 'Personal API key found in request Authorization header is invalid.'),
  missingScope: (scope: string) => error(403, 'authentication_error', 'permission_denied', `API key missing required scope '${scope}'`),
  noProjectAccess: () => error(403, 'authentication_error', 'permission_denied', 'You don\'t have access to the project.'),
  notFound: () => error(404, 'invalid_request', 'not_found', 'Not found.'),
  methodNotAllowed: (method: string) => error(405, 'invalid_request', 'method_not_allowed', `Method "${method}" not allowed.`),
  parseError: (detail: string) => error(400, 'invalid_request', 'parse_error', detail),
  validation: (detail: string, attr: string | null = null) => error(400, 'validation_error', 'invalid_input', detail, attr),
  throttled: (waitSeconds: number): PostHogError => ({
    ...error(429, 'throttled_error', 'throttled', `Request was throttled. Expected available in ${waitSeconds} seconds.`),
    headers: { 'Retry-After': String(waitSeconds) },
  }),
  server: () => error(500, 'server_error', 'error', 'A server error occurred.'),
};
