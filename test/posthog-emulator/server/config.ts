/**
 * Who exists on the emulated PostHog: regions, organizations, users, personal API keys and their
 * scopes, projects. Defaults give a realistic small setup; tests override what they need.
 */

/** PostHog's personal API key scopes that Sightline uses (posthog/scopes.py names them `object:action`). */
export const READ_SCOPES = ['query:read', 'project:read', 'feature_flag:read', 'event_definition:read', 'user:read'] as const;
export type Scope = (typeof READ_SCOPES)[number] | '*';

export interface PersonalKey {
  /** `phx_…` */
  value: string;
  label: string;
  scopes: Scope[];
  /** Null: every project of the user's organization; otherwise only these project ids (PostHog's `scoped_teams`). */
  scopedProjects: number[] | null;
}

/** A personal key; with every read scope unless told otherwise, for every project unless scoped. */
export function personalKey(value: string, label: string, scopes: Scope[] = [...READ_SCOPES], scopedProjects: number[] | null = null): PersonalKey {
  return { value, label, scopes, scopedProjects };
}

export interface EmulatedUser {
  uuid: string;
  distinct_id: string;
  first_name: string;
  email: string;
}

export interface EmulatedOrganization {
  id: string;
  name: string;
}

export type RegionName = 'us' | 'eu' | 'self-hosted';

export interface RateLimits {
  /** Query endpoint budgets (PostHog: 240/minute and 1200/hour for the query API). */
  queryPerMinute: number;
  queryPerHour: number;
  /** At most this many queries run at once per project (PostHog: 3). */
  queryConcurrency: number;
  /** Other endpoints (PostHog: 480/minute, 4800/hour). */
  otherPerMinute: number;
  otherPerHour: number;
}

export const POSTHOG_RATE_LIMITS: RateLimits = {
  queryPerMinute: 240,
  queryPerHour: 1200,
  queryConcurrency: 3,
  otherPerMinute: 480,
  otherPerHour: 4800,
};
