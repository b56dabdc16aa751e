/**
 * What the HTTP server needs from the HogQL engine. One engine per emulated project.
 */
import type { EmulatedEvent, EmulatedPerson } from '../dataset/types';

export interface HogQLRequest {
  /** HogQL text, possibly with `{placeholders}`. */
  query: string;
  /** Placeholder values (`HogQLQuery.values` in PostHog's schema). */
  values?: Record<string, unknown>;
}

/** Mirrors the data part of PostHog's `HogQLQueryResponse` (frontend/src/queries/schema.json). */
export interface HogQLResult {
  columns: string[];
  /** ClickHouse-style type names, as PostHog reports them (`UInt64`, `String`, `DateTime64(6, 'UTC')`, `Date`, `Float64`, …). */
  types: string[];
  /** Rows; values JSON-ready (numbers, strings, ISO date strings, null, arrays). */
  results: unknown[][];
  hasMore: boolean;
  limit: number;
  offset: number;
  /** The SQL the engine actually ran (PostHog returns its ClickHouse SQL as `clickhouse`). */
  sql: string;
}

export type HogQLErrorKind = 'syntax' | 'unsupported' | 'resolution' | 'type' | 'execution';

/** A query PostHog would refuse with 400 `validation_error`; `message` names the problem. */
export class HogQLQueryError extends Error {
  constructor(
    readonly kind: HogQLErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HogQLQueryError';
  }
}

export interface HogQLEngine {
  query(request: HogQLRequest): Promise<HogQLResult>;
  /** Late-arriving events and new days' traffic (persons upserted by id). */
  append(events: EmulatedEvent[], persons: EmulatedPerson[]): Promise<void>;
  close(): Promise<void>;
}
