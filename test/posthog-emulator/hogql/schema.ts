/**
 * The HogQL tables the emulator serves and how they sit in DuckDB.
 *
 * Field names and types follow PostHog's schema (posthog/hogql/database/schema/events.py, persons.py,
 * sessions_v2.py). Physically, `main.events` keeps one VARCHAR column per event property key (the value as
 * HogQL's `properties.x` returns it) instead of a JSON blob, which makes loading and property access fast; the
 * full `properties` JSON and `uuid` are materialised only when a query asks for them.
 */
import type { HType } from './value-types';
import { T } from './value-types';

/** PostHog property definition types the emulator infers from the data (`Numeric` → Float, `Boolean` → Bool). */
export type PropertyKind = 'String' | 'Numeric' | 'Boolean';

/** What the translator needs to know about the loaded data. */
export interface TranslatorSchema {
  /** The physical column of `main.events` holding event property `key`, if any event has it. */
  eventPropertyColumn(key: string): string | undefined;
  /** The inferred property definition type of an event property. */
  eventPropertyKind(key: string): PropertyKind;
  /** The inferred property definition type of a person property. */
  personPropertyKind(key: string): PropertyKind;
}

/** A schema with no properties at all (every `properties.x` is NULL); for unit tests of the translator. */
export const EMPTY_SCHEMA: TranslatorSchema = {
  eventPropertyColumn: () => undefined,
  eventPropertyKind: () => 'String',
  personPropertyKind: () => 'String',
};

export const EVENTS_TABLE = 'main.events';
export const PERSONS_TABLE = 'main.persons';
export const SESSIONS_TABLE = 'main.sessions';

/** events fields, in PostHog's `SELECT *` order. */
export const EVENT_STAR_FIELDS = [
  'uuid',
  'event',
  'properties',
  'timestamp',
  'distinct_id',
  'elements_chain',
  'created_at',
  '$session_id',
  '$window_id',
  'person_id',
] as const;

/** PostHog events fields the emulator does not model. */
export const EVENT_UNSUPPORTED_FIELDS = new Set([
  'pdi',
  'poe',
  'goe_0',
  'goe_1',
  'goe_2',
  'goe_3',
  'goe_4',
  '$group_0',
  '$group_1',
  '$group_2',
  '$group_3',
  '$group_4',
  'group_0',
  'group_1',
  'group_2',
  'group_3',
  'group_4',
  'override',
  'event_person_id',
  'person_properties',
  'elements_chain_href',
  'elements_chain_texts',
  'elements_chain_ids',
  'elements_chain_elements',
  'team_id',
  'inserted_at',
  '$ai_trace_id',
]);

export const PERSON_STAR_FIELDS = ['id', 'created_at', 'properties'] as const;
export const PERSON_UNSUPPORTED_FIELDS = new Set(['team_id', 'is_identified', 'pdi', 'version', 'is_deleted', '$virt_revenue']);

/** sessions fields (PostHog's sessions v2), their view column and type. */
export function sessionFields(tz: string): Map<string, HType> {
  const s = (nullable: boolean) => T.string(nullable);
  return new Map<string, HType>([
    ['session_id', s(false)],
    ['id', s(false)],
    ['distinct_id', s(false)],
    ['$start_timestamp', T.datetime(tz, 6)],
    ['$end_timestamp', T.datetime(tz, 6)],
    ['$urls', T.array(T.string())],
    ['$num_uniq_urls', T.uint64()],
    ['$entry_current_url', s(true)],
    ['$entry_pathname', s(true)],
    ['$entry_hostname', s(true)],
    ['$end_current_url', s(true)],
    ['$end_pathname', s(true)],
    ['$end_hostname', s(true)],
    ['$exit_current_url', s(true)],
    ['$exit_pathname', s(true)],
    ['$entry_referring_domain', s(true)],
    ['$entry_utm_source', s(true)],
    ['$entry_utm_campaign', s(true)],
    ['$entry_utm_medium', s(true)],
    ['$entry_utm_term', s(true)],
    ['$entry_utm_content', s(true)],
    ['$pageview_count', T.uint64()],
    ['$autocapture_count', T.uint64()],
    ['$screen_count', T.uint64()],
    ['$session_duration', T.int64()],
    ['duration', T.int64()],
    ['$is_bounce', T.uint8bool(true)],
  ]);
}

/** sessions fields left out of `SELECT *` (PostHog's avoid_asterisk_fields). */
export const SESSION_STAR_EXCLUDED = new Set(['id', 'duration', '$exit_current_url', '$exit_pathname']);

export const SESSION_UNSUPPORTED_FIELDS = new Set([
  'session_id_v7',
  'team_id',
  'max_inserted_at',
  '$channel_type',
  '$entry_gclid',
  '$entry_gad_source',
  '$entry_gclsrc',
  '$entry_dclid',
  '$entry_gbraid',
  '$entry_wbraid',
  '$entry_fbclid',
  '$entry_msclkid',
  '$entry_twclid',
  '$entry_li_fat_id',
  '$entry_mc_cid',
  '$entry_igshid',
  '$entry_ttclid',
  '$entry__kx',
  '$entry_irclid',
  '$last_external_click_url',
  '$page_screen_autocapture_count_up_to',
  '$vitals_lcp',
]);

/** Tables PostHog has but the emulator does not serve. */
export const UNSUPPORTED_TABLES = new Set([
  'groups',
  'person_distinct_ids',
  'person_distinct_id_overrides',
  'person_overrides',
  'cohort_people',
  'static_cohort_people',
  'raw_sessions',
  'raw_persons',
  'raw_person_distinct_ids',
  'session_replay_events',
  'raw_session_replay_events',
  'log_entries',
  'heatmaps',
  'query_log',
  'numbers',
  'error_tracking_issue_fingerprint_overrides',
  'exchange_rate',
  'logs',
  'app_metrics',
  'system',
]);
