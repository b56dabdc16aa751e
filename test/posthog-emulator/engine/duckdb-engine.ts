/**
 * The emulator's HogQL engine: PostHog's parser → translator (../hogql) → in-memory DuckDB → PostHog-shaped rows.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Dataset, EmulatedEvent, EmulatedPerson } from '../dataset/types';
import { getHogQLParser, parseHogQLSelectWith } from '../hogql/ast';
import { checkDroppedClauses, translateHogQL, type TranslatedQuery } from '../hogql/translate';
import { clickhouseTypeName } from '../hogql/value-types';
import { DataStore } from './loader';
import { clickhouseNameForDuckDB, toJsonValue } from './results';
import { HogQLQueryError, type HogQLEngine, type HogQLRequest, type HogQLResult } from './types';

export { translateHogQL, checkDroppedClauses } from '../hogql/translate';
export { parseHogQLSelect } from '../hogql/ast';
export { SUPPORTED_FUNCTION_NAMES } from '../hogql/functions';

export interface DuckDbEngineOptions {
  /** Pinned clock for now()/today(), epoch milliseconds. Defaults to Date.now. */
  now?: () => number;
  /** The project's first day of the week for toStartOfWeek(x) without a mode: 0 Sunday (PostHog's default), 1 Monday. */
  weekStartDay?: 0 | 1;
}

/**
 * `types` as PostHog's API actually sends them: `HogQLQueryExecutor` (posthog/hogql/query.py) passes the
 * ClickHouse driver's `with_column_types` straight through, i.e. `[column name, type]` pairs
 * (`[["day", "DateTime('UTC')"], ["count()", "UInt64"]]`), not bare type names as in `HogQLResult.types`.
 */
export function toPostHogTypes(result: Pick<HogQLResult, 'columns' | 'types'>): [string, string][] {
  return result.types.map((type, i) => [result.columns[i] ?? '', type]);
}

/** A DuckDB error without the internal SQL context lines (`LINE 1: …`, caret, candidate lists). */
export function cleanDuckDbError(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const firstLine = raw.split('\n')[0] ?? raw;
  // Drop the translator's internal table aliases ("t1".event → event).
  const cleaned = firstLine.replace(/"(?:t|aj|person|session)\d+"\./g, '').replace(/\s+$/, '');
  return cleaned || 'Query execution failed';
}

/** Serialises work on the single DuckDB connection (queries and appends may be called concurrently). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

class DuckDbEngine implements HogQLEngine {
  private readonly mutex = new Mutex();
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly store: DataStore,
    private readonly timezone: string,
    private readonly options: DuckDbEngineOptions,
  ) {}

  async query(request: HogQLRequest): Promise<HogQLResult> {
    if (this.closed) throw new HogQLQueryError('execution', 'The engine is closed');
    checkDroppedClauses(request.query);
    const parser = await getHogQLParser();
    const ast = parseHogQLSelectWith(parser, request.query);
    return this.mutex.run(async () => {
      const translated = translateHogQL(ast, {
        timezone: this.timezone,
        weekStartDay: this.options.weekStartDay ?? 0,
        nowMs: (this.options.now ?? Date.now)(),
        values: request.values,
        schema: this.store,
      });
      if (translated.needs.uuid) await this.store.ensureUuid();
      if (translated.needs.properties) await this.store.ensureProperties();
      return this.execute(translated);
    });
  }

  private async execute(translated: TranslatedQuery): Promise<HogQLResult> {
    let reader;
    try {
      reader = await this.connection.runAndReadAll(translated.sql);
    } catch (error) {
      throw new HogQLQueryError('execution', cleanDuckDbError(error));
    }
    const duckTypes = reader.columnTypes();
    let rows = reader.getRows();
    let hasMore = false;
    if (translated.pagination && rows.length > translated.pagination.limit) {
      hasMore = true;
      rows = rows.slice(0, translated.pagination.limit);
    }
    const results = rows.map((row) => row.map((value, i) => toJsonValue(value, translated.types[i], this.timezone)));
    const types = translated.types.map((t, i) => {
      const name = clickhouseTypeName(t);
      const duckType = duckTypes[i];
      return name === 'Unknown' && duckType ? clickhouseNameForDuckDB(duckType) : name;
    });
    return {
      columns: translated.columns,
      types,
      results,
      hasMore,
      limit: translated.pagination?.limit ?? translated.limit,
      offset: translated.pagination?.offset ?? translated.offset,
      sql: translated.sql,
    };
  }

  append(events: EmulatedEvent[], persons: EmulatedPerson[]): Promise<void> {
    if (this.closed) return Promise.reject(new HogQLQueryError('execution', 'The engine is closed'));
    return this.mutex.run(async () => {
      await this.store.upsertPersons(persons);
      await this.store.appendEvents(events);
    });
  }

  close(): Promise<void> {
    return this.mutex.run(async () => {
      if (this.closed) return;
      this.closed = true;
      this.connection.closeSync();
      this.instance.closeSync();
    });
  }
}

/** An in-memory DuckDB holding one project's events and persons, answering HogQL like PostHog. */
export async function createDuckDbEngine(dataset: Dataset, options: DuckDbEngineOptions = {}): Promise<HogQLEngine> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const store = new DataStore(connection, dataset.project.timezone);
  try {
    await store.init();
    await store.upsertPersons(dataset.persons);
    await store.appendEvents(dataset.events);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  // Weeks start on the project's setting unless a test overrides it.
  return new DuckDbEngine(instance, connection, store, dataset.project.timezone, { weekStartDay: dataset.project.week_start_day ?? 0, ...options });
}
