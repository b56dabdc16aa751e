/**
 * Which of the scopes Sightline needs does a key lack? Each scope is proven by one tiny request that
 * needs exactly it, all at once, so the founder learns every missing scope in one go rather than one
 * per attempt. `project:read` is proven by the project list or the project itself (diagnose.ts).
 */
import { AppFailure } from '../contract/failure';
import { missingScopesFailure } from './errors';
import type { PostHogHttp } from './http';
import { EventDefinitionSchema, FeatureFlagSchema, HogQLQueryResponseSchema, paginatedSchema } from './schemas';

/** A project id, or `@current` (the key's current project) when the projects cannot be listed. */
export type ProjectRef = number | '@current';

type Probe = { scope: string; run: (http: PostHogHttp, project: string) => Promise<unknown> };

const PROBES: readonly Probe[] = [
  { scope: 'feature_flag:read', run: (http, p) => http.getJson(`/api/projects/${p}/feature_flags/?limit=1`, paginatedSchema(FeatureFlagSchema)) },
  { scope: 'event_definition:read', run: (http, p) => http.getJson(`/api/projects/${p}/event_definitions/?limit=1`, paginatedSchema(EventDefinitionSchema)) },
  { scope: 'query:read', run: (http, p) => http.postJson(`/api/projects/${p}/query/`, { query: { kind: 'HogQLQuery', query: 'SELECT 1' } }, HogQLQueryResponseSchema) },
];

/** The scopes each probe proves. */
export const PROBED_SCOPES: readonly string[] = PROBES.map((p) => p.scope);

function missingOf(error: unknown): string[] | null {
  return error instanceof AppFailure && error.code === 'missing_scopes' ? (error.details?.missingScopes ?? []) : null;
}

/**
 * Runs every probe on `project`. Throws `missing_scopes` naming all missing scopes (with `alreadyMissing`,
 * e.g. `project:read`), else the first other failure; with `lenient`, other failures are ignored
 * (used when the probes run on `@current` only to complete a scope report).
 */
export async function checkScopes(http: PostHogHttp, project: ProjectRef, alreadyMissing: readonly string[] = [], lenient = false): Promise<void> {
  const ref = typeof project === 'number' ? String(project) : project;
  const outcomes = await Promise.allSettled(PROBES.map((probe) => probe.run(http, ref)));
  const missing = [...alreadyMissing];
  let other: Error | null = null;
  for (const outcome of outcomes) {
    if (outcome.status === 'fulfilled') continue;
    const reason: unknown = outcome.reason;
    const scopes = missingOf(reason);
    if (scopes !== null) missing.push(...scopes);
    else other ??= reason instanceof Error ? reason : new Error(String(reason));
  }
  if (missing.length > 0) throw missingScopesFailure(missing);
  if (other !== null && !lenient) throw other;
}

/** `project:read` is missing: find out what else is, through `@current`, and throw it all. */
export async function throwWithAllMissing(http: PostHogHttp, failure: AppFailure, project: ProjectRef): Promise<never> {
  const known = failure.details?.missingScopes ?? [];
  await checkScopes(http, project, known, true);
  throw failure;
}
