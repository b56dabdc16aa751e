/**
 * zod schemas for every PostHog response Sightline reads: the trust boundary between PostHog (or
 * whatever answers at the address the user typed) and the app. Objects are loose — PostHog adds
 * fields all the time, and those must not break a connection — but every field read is checked.
 * Shapes follow PostHog's serializers (posthog/api/*.py) and its query schema (HogQLQueryResponse).
 */
import { z } from 'zod';

/** drf-exceptions-hog's error body: `{type, code, detail, attr}`. */
export const PostHogErrorBodySchema = z.looseObject({
  type: z.string(),
  code: z.string(),
  detail: z.string(),
  attr: z.string().nullable().optional(),
});
export type PostHogErrorBody = z.infer<typeof PostHogErrorBodySchema>;

/** DRF pagination: `{count, next, previous, results}`; `next` is an absolute URL or null. */
export function paginatedSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    count: z.number().int().nonnegative().nullable().optional(),
    next: z.string().nullable().optional(),
    previous: z.string().nullable().optional(),
    results: z.array(item),
  });
}
export interface Page<T> {
  count?: number | null | undefined;
  next?: string | null | undefined;
  previous?: string | null | undefined;
  results: T[];
}

/** posthog/api/team.py (TeamBasicSerializer / TeamSerializer): the fields Sightline reads. */
export const ProjectSchema = z.looseObject({
  id: z.number().int().positive(),
  name: z.string(),
  timezone: z.string().min(1),
  /** 0 Sunday, 1 Monday; null (never set) means Sunday. Absent in older PostHog versions. */
  week_start_day: z.number().int().nullable().optional(),
});
export type Project = z.infer<typeof ProjectSchema>;

/** posthog/api/user.py UserSerializer (subset): who the key belongs to. Every field optional: `@me` is a courtesy. */
export const MeSchema = z.looseObject({
  email: z.string().optional(),
  first_name: z.string().optional(),
  organization: z.looseObject({ id: z.string().optional(), name: z.string() }).nullable().optional(),
});
export type Me = z.infer<typeof MeSchema>;

/** posthog/api/feature_flag.py FeatureFlagSerializer (subset). */
export const FeatureFlagSchema = z.looseObject({
  id: z.number().int(),
  key: z.string(),
  name: z.string().nullable().optional(),
  active: z.boolean(),
  deleted: z.boolean().optional(),
  created_at: z.string().nullable().optional(),
});
export type FeatureFlag = z.infer<typeof FeatureFlagSchema>;

/** posthog/api/event_definition.py EventDefinitionSerializer (subset). */
export const EventDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  volume_30_day: z.number().nullable().optional(),
  last_seen_at: z.string().nullable().optional(),
});
export type EventDefinition = z.infer<typeof EventDefinitionSchema>;

/**
 * HogQLQueryResponse (frontend/src/queries/schema.json). `types` comes from ClickHouse's
 * `with_column_types`, which PostHog passes through as `[name, type]` pairs; plain type strings are
 * accepted too. Both are normalised to the type string.
 */
const ColumnTypeSchema = z.union([z.string(), z.tuple([z.string(), z.string()], z.unknown())]);

export const HogQLQueryResponseSchema = z
  .looseObject({
    results: z.array(z.array(z.unknown())),
    columns: z.array(z.string()).optional(),
    types: z.array(ColumnTypeSchema).nullable().optional(),
    hasMore: z.boolean().nullable().optional(),
    /** Older PostHog versions answered some failed queries with 200 and this field set. */
    error: z.string().nullable().optional(),
  })
  .transform((r) => ({
    results: r.results,
    columns: r.columns ?? [],
    types: (r.types ?? []).map((t) => (typeof t === 'string' ? t : t[1])),
    hasMore: r.hasMore === true,
    error: r.error ?? null,
  }));
export type HogQLQueryResponse = z.output<typeof HogQLQueryResponseSchema>;
