/**
 * The emulator's data model: what PostHog would hold for one project. Shared by the seeded
 * generator, the independent ground truth, the HogQL engine and the HTTP server.
 *
 * Times are UTC epoch milliseconds. Days are ISO dates (`2026-03-08`) in the project's timezone.
 */

export interface EmulatedEvent {
  /** UUID v4-shaped, deterministic for a seed. */
  uuid: string;
  event: string;
  distinct_id: string;
  /** The person the distinct_id belongs to *after* merges (PostHog's person-on-events view). */
  person_id: string;
  /** UTC epoch milliseconds. */
  timestamp: number;
  /** Event properties as PostHog stores them: `$session_id`, `$current_url`, `$feature_flag`, … */
  properties: Record<string, string | number | boolean | null>;
}

export interface EmulatedPerson {
  /** UUID v4-shaped. */
  id: string;
  /** UTC epoch milliseconds: the person's first event. */
  created_at: number;
  /** Every distinct_id merged into this person (anonymous, identified, second device). */
  distinct_ids: string[];
  properties: Record<string, string | number | boolean | null>;
}

/** A feature flag as `GET /api/projects/{id}/feature_flags/` lists it. */
export interface EmulatedFlag {
  id: number;
  key: string;
  name: string;
  active: boolean;
  /** UTC epoch milliseconds. */
  created_at: number;
  /** Rollout percentage in PostHog's filters shape: `{groups: [{properties: [], rollout_percentage}]}`. */
  rollout_percentage: number;
}

/** The incidents the generator planted, so tests and alerts know when something moved. */
export interface KnownIncidents {
  /** Day (project timezone) on which DAU drops sharply (an outage-like day). */
  dauDropDay: string;
  /** Day on which `$exception` events spike. */
  errorSpikeDay: string;
  /** This flag has evaluations up to the day before `flagStoppedDay` and none from that day on. */
  flagStoppedKey: string;
  flagStoppedDay: string;
}

export interface EmulatedProject {
  id: number;
  name: string;
  /** IANA timezone, e.g. `America/New_York`. */
  timezone: string;
  /** PostHog's project API token (`phc_…`): capture-only, refused for reading. */
  api_token: string;
  organization_id: string;
  /** The project's `week_start_day` setting: 0 = Sunday (PostHog's default, also when unset), 1 = Monday. */
  week_start_day?: 0 | 1;
}

export interface Dataset {
  project: EmulatedProject;
  /** Sorted by timestamp ascending. */
  events: EmulatedEvent[];
  persons: EmulatedPerson[];
  flags: EmulatedFlag[];
  incidents: KnownIncidents;
  /** First and last day (inclusive, project timezone) that the generator covered. */
  firstDay: string;
  lastDay: string;
}
