/**
 * Loads a project's events and persons into DuckDB, fast.
 *
 * Handing a JS string to DuckDB costs about a microsecond, so a million events with a dozen strings each would
 * take many seconds. Instead every string column of `events` is dictionary-encoded in JS (event names,
 * distinct_ids, person_ids and each property's values repeat a lot) and stored as a DuckDB ENUM whose values are
 * the dictionary: the integer codes (and the timestamps as int64 microseconds) are copied into DuckDB data
 * chunks as raw typed-array bytes, NULLs as a validity bitmask. A view casts the ENUMs back to VARCHAR, which is
 * what the translator sees. `uuid` and the full `properties` JSON — unique per event and rarely queried — are
 * materialised only when a query needs them. Appending new values extends the ENUM types (ALTER … TYPE).
 *
 * Layout (what the translator in ../hogql targets):
 *   main.events_raw (_idx INTEGER, event, distinct_id, person_id ENUM, "timestamp" TIMESTAMPTZ, p_N ENUM per
 *                    property key [, uuid VARCHAR] [, properties VARCHAR])
 *   main.events      view: the same with VARCHAR columns
 *   main.persons     (id, created_at TIMESTAMPTZ, properties VARCHAR JSON)
 *   main.sessions    view aggregating events by $session_id (PostHog's sessions v2 fields)
 */
import duckdb from '@duckdb/node-bindings';
import { DOUBLE, DuckDBDataChunk, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import type { EmulatedEvent, EmulatedPerson } from '../dataset/types';
import type { PropertyKind, TranslatorSchema } from '../hogql/schema';
import { ident, sqlString } from '../hogql/sql';

const CHUNK_ROWS = 2048;

/** String → code; code 0 is always '' so that an ENUM is never empty. */
class Dictionary {
  private readonly codes = new Map<string, number>([['', 0]]);
  readonly values: string[] = [''];
  /** How many values the column's current ENUM type holds. */
  inType = 0;
  version = 0;
  private lastValue: string | undefined;
  private lastCode = -1;

  code(value: string): number {
    if (value === this.lastValue) return this.lastCode;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }
}

const KIND_STRING = 1;
const KIND_NUMBER = 2;
const KIND_BOOLEAN = 4;
const KIND_OTHER = 8;

/** PostHog property definitions, inferred: numbers only → Numeric, booleans only → Boolean, else String. */
function kindOf(kinds: number): PropertyKind {
  if (kinds === KIND_NUMBER) return 'Numeric';
  if (kinds === KIND_BOOLEAN) return 'Boolean';
  return 'String';
}

function valueKind(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return KIND_STRING;
    case 'number':
      return Number.isFinite(value) ? KIND_NUMBER : 0;
    case 'boolean':
      return KIND_BOOLEAN;
    case 'object':
      return value === null ? 0 : KIND_OTHER;
    default:
      return 0;
  }
}

/** An ENUM-backed column of events_raw. */
interface EnumColumn {
  column: string;
  dict: Dictionary;
  /** Bit set of JSON value kinds seen (property columns only). */
  kinds: number;
}

/** One batch's values for an ENUM column: codes, -1 for NULL. */
interface BatchColumn {
  target: EnumColumn;
  codes: Int32Array;
  hasNull: boolean;
}

type ChunkSource =
  | { kind: 'raw'; data: Int32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array; bytes: number; validity?: Uint8Array }
  | { kind: 'strings'; data: string[] };

/**
 * Append columns to a table in 2048-row data chunks, copying typed arrays as raw bytes.
 *
 * The chunks are built from the appender's own logical types through @duckdb/node-bindings (the C API that
 * @duckdb/node-api wraps): converting an ENUM with tens of thousands of values into node-api's JS type object
 * would cost more than the whole copy. Typed-array columns are never read back through node-api vectors.
 */
async function appendChunks(connection: DuckDBConnection, table: string, sources: (rawTypes: duckdb.LogicalType[]) => ChunkSource[], rows: number): Promise<void> {
  const appender = await connection.createAppender(table);
  // node-api keeps the C handle in a private field; both packages are pinned to the exact same version.
  const raw = (appender as unknown as { appender?: duckdb.Appender }).appender;
  if (raw === undefined) throw new Error('@duckdb/node-api no longer exposes its appender handle: re-check the pinned version');
  try {
    const count = duckdb.appender_column_count(raw);
    const types: duckdb.LogicalType[] = [];
    for (let i = 0; i < count; i++) types.push(duckdb.appender_column_type(raw, i));
    const columns = sources(types);
    if (columns.length !== count) throw new Error(`appendChunks: ${table} has ${count} columns, got ${columns.length}`);
    const reusable = columns.every((s) => s.kind === 'raw');
    let shared: DuckDBDataChunk | null = null;
    for (let offset = 0; offset < rows; offset += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows - offset);
      let chunk: DuckDBDataChunk;
      if (reusable && n === CHUNK_ROWS && shared) {
        // The appender copies the chunk, and every value (and validity word) is overwritten each time.
        chunk = shared;
      } else {
        chunk = new DuckDBDataChunk(duckdb.create_data_chunk(types));
        if (reusable && n === CHUNK_ROWS) shared = chunk;
      }
      duckdb.data_chunk_set_size(chunk.chunk, n);
      columns.forEach((source, j) => {
        if (source.kind === 'strings') {
          chunk.setColumnValues(j, source.data.slice(offset, offset + n));
          return;
        }
        const vector = duckdb.data_chunk_get_vector(chunk.chunk, j);
        const data = source.data;
        duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset + offset * source.bytes, n * source.bytes);
        if (source.validity) {
          duckdb.vector_ensure_validity_writable(vector);
          // offset is a multiple of 2048, so this chunk's validity starts on a whole uint64 word.
          duckdb.copy_data_to_vector_validity(vector, 0, source.validity.buffer as ArrayBuffer, source.validity.byteOffset + offset / 8, Math.ceil(n / 64) * 8);
        }
      });
      appender.appendDataChunk(chunk);
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** ENUM codes in the ENUM's physical width (UTINYINT / USMALLINT / UINTEGER) plus a validity bitmask. */
function enumSource(type: duckdb.LogicalType, column: BatchColumn): ChunkSource {
  const internal = duckdb.enum_internal_type(type);
  const n = column.codes.length;
  let data: Uint8Array | Uint16Array | Uint32Array;
  if (internal === duckdb.Type.UTINYINT) data = new Uint8Array(n);
  else if (internal === duckdb.Type.USMALLINT) data = new Uint16Array(n);
  else data = new Uint32Array(n);
  let validity: Uint8Array | undefined;
  if (column.hasNull) {
    // Whole uint64 words, all valid to start with.
    validity = new Uint8Array(Math.ceil(n / 64) * 8).fill(255);
  }
  const codes = column.codes;
  for (let i = 0; i < n; i++) {
    const code = codes[i] as number;
    if (code < 0) {
      if (validity) validity[i >> 3] = (validity[i >> 3] as number) & ~(1 << (i & 7));
    } else {
      data[i] = code;
    }
  }
  return { kind: 'raw', data, bytes: data.BYTES_PER_ELEMENT, validity };
}

export class DataStore implements TranslatorSchema {
  private readonly base: { event: EnumColumn; distinct_id: EnumColumn; person_id: EnumColumn } = {
    event: { column: 'event', dict: new Dictionary(), kinds: 0 },
    distinct_id: { column: 'distinct_id', dict: new Dictionary(), kinds: 0 },
    person_id: { column: 'person_id', dict: new Dictionary(), kinds: 0 },
  };
  private readonly properties = new Map<string, EnumColumn>();
  private readonly personKinds = new Map<string, number>();
  /** events_raw columns in table order. */
  private readonly columns: string[] = ['_idx', 'event', 'distinct_id', 'person_id', 'timestamp'];
  /** Every event loaded, by `_idx` (for the lazily materialised uuid / properties columns). */
  private readonly events: EmulatedEvent[] = [];
  private uuidLoaded = false;
  private propertiesLoaded = false;
  private tableCreated = false;
  private serial = 0;

  constructor(
    private readonly connection: DuckDBConnection,
    private readonly timezone: string,
  ) {}

  // --- TranslatorSchema ---------------------------------------------------------------------------------------

  eventPropertyColumn(key: string): string | undefined {
    return this.properties.get(key)?.column;
  }

  eventPropertyKind(key: string): PropertyKind {
    const column = this.properties.get(key);
    return column ? kindOf(column.kinds) : 'String';
  }

  personPropertyKind(key: string): PropertyKind {
    const kinds = this.personKinds.get(key);
    return kinds ? kindOf(kinds) : 'String';
  }

  // --- setup ----------------------------------------------------------------------------------------------------

  async init(): Promise<void> {
    const c = this.connection;
    // Implicit string ↔ TIMESTAMPTZ casts and ICU calendar arithmetic use the project's zone.
    await c.run(`SET TimeZone = ${sqlString(this.timezone)}`);
    await c.run('CREATE TABLE main.persons (id VARCHAR, created_at TIMESTAMPTZ, properties VARCHAR)');
    for (const column of Object.values(this.base)) await this.ensureEnumType(column);
    await c.run(
      `CREATE TABLE main.events_raw (_idx INTEGER, event ${this.typeName(this.base.event)}, distinct_id ${this.typeName(this.base.distinct_id)}, person_id ${this.typeName(this.base.person_id)}, "timestamp" TIMESTAMPTZ)`,
    );
    this.tableCreated = true;
    await this.defineViews();
  }

  private typeName(column: EnumColumn): string {
    return ident(`enum_${column.column}_${column.dict.version}`);
  }

  /** Bring the column's ENUM type up to date with its dictionary (new values are appended, codes never move). */
  private async ensureEnumType(column: EnumColumn): Promise<boolean> {
    const dict = column.dict;
    if (dict.inType === dict.values.length && dict.version > 0) return false;
    const c = this.connection;
    const previous = dict.version > 0 ? this.typeName(column) : null;
    dict.version += 1;
    // The values as SQL literals: building the text is far cheaper than handing DuckDB 50 000 JS strings.
    await c.run(`CREATE TYPE ${this.typeName(column)} AS ENUM (${dict.values.map(sqlString).join(', ')})`);
    dict.inType = dict.values.length;
    if (previous && this.tableCreated && this.columns.includes(column.column)) {
      await c.run(`ALTER TABLE main.events_raw ALTER COLUMN ${ident(column.column)} TYPE ${this.typeName(column)}`);
    }
    if (previous) await c.run(`DROP TYPE IF EXISTS ${previous}`);
    return true;
  }

  // --- events ---------------------------------------------------------------------------------------------------

  async appendEvents(batch: readonly EmulatedEvent[]): Promise<void> {
    const n = batch.length;
    if (n === 0) return;
    const first = this.events.length;
    const idx = new Int32Array(n);
    // Timestamps as little-endian int64 microseconds, written as two int32 words (no BigInt per row).
    const micros = new Int32Array(n * 2);
    const baseColumns = {
      event: { target: this.base.event, codes: new Int32Array(n), hasNull: false },
      distinct_id: { target: this.base.distinct_id, codes: new Int32Array(n), hasNull: false },
      person_id: { target: this.base.person_id, codes: new Int32Array(n), hasNull: false },
    };
    const eventDict = this.base.event.dict;
    const distinctDict = this.base.distinct_id.dict;
    const personDict = this.base.person_id.dict;
    const batchColumns = new Map<string, BatchColumn>();
    for (let i = 0; i < n; i++) {
      const e = batch[i] as EmulatedEvent;
      idx[i] = first + i;
      baseColumns.event.codes[i] = eventDict.code(e.event);
      baseColumns.distinct_id.codes[i] = distinctDict.code(e.distinct_id);
      baseColumns.person_id.codes[i] = personDict.code(e.person_id);
      const us = Math.round(e.timestamp * 1000);
      const high = Math.floor(us / 4294967296);
      micros[2 * i] = us - high * 4294967296;
      micros[2 * i + 1] = high;
      const props = e.properties;
      for (const key in props) {
        const value: unknown = props[key];
        let text: string;
        let kind: number;
        switch (typeof value) {
          case 'string':
            text = value;
            kind = KIND_STRING;
            break;
          case 'number':
            if (!Number.isFinite(value)) continue;
            text = JSON.stringify(value);
            kind = KIND_NUMBER;
            break;
          case 'boolean':
            text = value ? 'true' : 'false';
            kind = KIND_BOOLEAN;
            break;
          case 'object':
            if (value === null) continue;
            text = JSON.stringify(value);
            kind = KIND_OTHER;
            break;
          default:
            continue;
        }
        let entry = batchColumns.get(key);
        if (!entry) {
          let target = this.properties.get(key);
          if (!target) {
            target = { column: `p_${this.properties.size}`, dict: new Dictionary(), kinds: 0 };
            this.properties.set(key, target);
          }
          entry = { target, codes: new Int32Array(n).fill(-1), hasNull: false };
          batchColumns.set(key, entry);
        }
        entry.target.kinds |= kind;
        entry.codes[i] = entry.target.dict.code(text);
      }
    }
    for (const column of batchColumns.values()) column.hasNull = column.codes.includes(-1);
    for (const e of batch) this.events.push(e);

    // Types and columns: extend ENUMs with new values, add columns for new property keys.
    const c = this.connection;
    let schemaChanged = false;
    for (const column of Object.values(this.base)) await this.ensureEnumType(column);
    for (const { target } of batchColumns.values()) {
      await this.ensureEnumType(target);
      if (!this.columns.includes(target.column)) {
        await c.run(`ALTER TABLE main.events_raw ADD COLUMN ${ident(target.column)} ${this.typeName(target)}`);
        this.columns.push(target.column);
        schemaChanged = true;
      }
    }

    // One source per table column, in table order.
    const byColumn = new Map<string, BatchColumn>([
      ['event', baseColumns.event],
      ['distinct_id', baseColumns.distinct_id],
      ['person_id', baseColumns.person_id],
      ...[...batchColumns.values()].map((b) => [b.target.column, b] as [string, BatchColumn]),
    ]);
    const columns = this.columns;
    await appendChunks(
      c,
      'events_raw',
      (types) =>
        columns.map((name, i): ChunkSource => {
          if (name === '_idx') return { kind: 'raw', data: idx, bytes: 4 };
          if (name === 'timestamp') return { kind: 'raw', data: micros, bytes: 8 };
          if (name === 'uuid') return { kind: 'strings', data: batch.map((e) => e.uuid) };
          if (name === 'properties') return { kind: 'strings', data: batch.map((e) => JSON.stringify(e.properties)) };
          const column = byColumn.get(name) ?? {
            target: { column: name, dict: new Dictionary(), kinds: 0 },
            codes: new Int32Array(n).fill(-1),
            hasNull: true,
          };
          return enumSource(types[i] as duckdb.LogicalType, column);
        }),
      n,
    );
    if (schemaChanged) await this.defineViews();
  }

  /** Materialise the events.uuid column (first query that reads it). */
  async ensureUuid(): Promise<void> {
    if (this.uuidLoaded) return;
    await this.materialise('uuid', (e) => e.uuid);
    this.uuidLoaded = true;
  }

  /** Materialise the full events.properties JSON column (first query that reads the whole object). */
  async ensureProperties(): Promise<void> {
    if (this.propertiesLoaded) return;
    await this.materialise('properties', (e) => JSON.stringify(e.properties));
    this.propertiesLoaded = true;
  }

  private async materialise(column: 'uuid' | 'properties', value: (e: EmulatedEvent) => string): Promise<void> {
    const c = this.connection;
    this.serial += 1;
    const table = `_lazy_${column}_${this.serial}`;
    await c.run(`CREATE TABLE main.${table} (idx INTEGER, v VARCHAR)`);
    const n = this.events.length;
    const idx = new Int32Array(n);
    const values = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      idx[i] = i;
      values[i] = value(this.events[i] as EmulatedEvent);
    }
    await appendChunks(c, table, () => [{ kind: 'raw', data: idx, bytes: 4 }, { kind: 'strings', data: values }], n);
    await c.run(
      `CREATE OR REPLACE TABLE main.events_raw AS SELECT r.*, l.v AS ${column} FROM main.events_raw r LEFT JOIN main.${table} l ON l.idx = r._idx ORDER BY r._idx`,
    );
    await c.run(`DROP TABLE main.${table}`);
    this.columns.push(column);
    await this.defineViews();
  }

  // --- persons ----------------------------------------------------------------------------------------------

  async upsertPersons(persons: readonly EmulatedPerson[]): Promise<void> {
    if (persons.length === 0) return;
    // Upsert by id; the last one in a batch wins.
    const byId = new Map<string, EmulatedPerson>();
    for (const p of persons) byId.set(p.id, p);
    const list = [...byId.values()];
    for (const p of list) {
      for (const [key, value] of Object.entries(p.properties)) {
        const kind = valueKind(value);
        if (kind !== 0) this.personKinds.set(key, (this.personKinds.get(key) ?? 0) | kind);
      }
    }
    const c = this.connection;
    this.serial += 1;
    const stage = `_persons_${this.serial}`;
    await c.run(`CREATE TABLE main.${stage} (id ${VARCHAR.toString()}, created_at ${DOUBLE.toString()}, properties VARCHAR)`);
    await appendChunks(
      c,
      stage,
      () => [
        { kind: 'strings', data: list.map((p) => p.id) },
        { kind: 'raw', data: Float64Array.from(list, (p) => p.created_at), bytes: 8 },
        { kind: 'strings', data: list.map((p) => JSON.stringify(p.properties)) },
      ],
      list.length,
    );
    await c.run(`DELETE FROM main.persons WHERE id IN (SELECT id FROM main.${stage})`);
    await c.run(
      `INSERT INTO main.persons SELECT id, make_timestamptz(CAST(round(created_at * 1000) AS BIGINT)), properties FROM main.${stage}`,
    );
    await c.run(`DROP TABLE main.${stage}`);
  }

  // --- views -----------------------------------------------------------------------------------------------------

  private async defineViews(): Promise<void> {
    const select = this.columns.map((name) => {
      if (name === '_idx' || name === 'timestamp' || name === 'uuid' || name === 'properties') return ident(name);
      return `CAST(${ident(name)} AS VARCHAR) AS ${ident(name)}`;
    });
    await this.connection.run(`CREATE OR REPLACE VIEW main.events AS SELECT ${select.join(', ')} FROM main.events_raw`);
    await this.defineSessionsView();
  }

  /**
   * PostHog's sessions v2 (posthog/hogql/database/schema/sessions_v2.py), aggregated from events with a
   * `$session_id`: `$start_timestamp`/`$end_timestamp` are min/max(timestamp), `$session_duration` is
   * dateDiff('second', start, end), `$pageview_count` counts distinct `$pageview` events, entry/end URLs are the
   * `$current_url` of the first/last event (empty → NULL), `$is_bounce` is NULL without pageviews, else
   * not(pageviews > 1 or autocaptures > 0 or duration >= 10 s).
   */
  private async defineSessionsView(): Promise<void> {
    const col = (key: string) => {
      const column = this.properties.get(key)?.column;
      return column ? `e.${ident(column)}` : 'CAST(NULL AS VARCHAR)';
    };
    const entry = (expr: string) => `NULLIF(arg_min(COALESCE(${expr}, ''), e."timestamp"), '')`;
    const last = (expr: string) => `NULLIF(arg_max(COALESCE(${expr}, ''), e."timestamp"), '')`;
    const url = col('$current_url');
    const path = (expr: string) => `regexp_extract(${expr}, '^(?:[^:/?#]+:)?(?://[^/?#]*)?([^?#]*)', 1)`;
    const host = (expr: string) => `NULLIF(regexp_extract(${expr}, '^(?:[^/@:]+://)?(?:[^/@]+@)?([^/:?#]+)', 1), '')`;
    const sql = `
      CREATE OR REPLACE VIEW main.sessions AS
      SELECT
        session_id, distinct_id, "$start_timestamp", "$end_timestamp", "$urls", len("$urls") AS "$num_uniq_urls",
        "$entry_current_url", ${path('"$entry_current_url"')} AS "$entry_pathname", ${host('"$entry_current_url"')} AS "$entry_hostname",
        "$end_current_url", ${path('"$end_current_url"')} AS "$end_pathname", ${host('"$end_current_url"')} AS "$end_hostname",
        "$entry_referring_domain", "$entry_utm_source", "$entry_utm_campaign", "$entry_utm_medium", "$entry_utm_term", "$entry_utm_content",
        "$pageview_count", "$autocapture_count", "$screen_count", "$session_duration",
        CASE WHEN "$pageview_count" = 0 THEN NULL
             ELSE NOT ("$pageview_count" > 1 OR "$autocapture_count" > 0 OR "$session_duration" >= 10) END AS "$is_bounce"
      FROM (
        SELECT
          ${col('$session_id')} AS session_id,
          arg_max(e.distinct_id, e."timestamp") AS distinct_id,
          min(e."timestamp") AS "$start_timestamp",
          max(e."timestamp") AS "$end_timestamp",
          COALESCE(list(DISTINCT ${url}) FILTER (WHERE ${url} IS NOT NULL AND ${url} <> ''), []) AS "$urls",
          ${entry(url)} AS "$entry_current_url",
          ${last(url)} AS "$end_current_url",
          ${entry(col('$referring_domain'))} AS "$entry_referring_domain",
          ${entry(col('utm_source'))} AS "$entry_utm_source",
          ${entry(col('utm_campaign'))} AS "$entry_utm_campaign",
          ${entry(col('utm_medium'))} AS "$entry_utm_medium",
          ${entry(col('utm_term'))} AS "$entry_utm_term",
          ${entry(col('utm_content'))} AS "$entry_utm_content",
          count(DISTINCT e._idx) FILTER (WHERE e.event = '$pageview') AS "$pageview_count",
          count(DISTINCT e._idx) FILTER (WHERE e.event = '$autocapture') AS "$autocapture_count",
          count(DISTINCT e._idx) FILTER (WHERE e.event = '$screen') AS "$screen_count",
          CAST(floor(epoch(max(e."timestamp"))) - floor(epoch(min(e."timestamp"))) AS BIGINT) AS "$session_duration"
        FROM main.events e
        WHERE ${col('$session_id')} IS NOT NULL AND ${col('$session_id')} <> ''
        GROUP BY ${col('$session_id')}
      )`;
    await this.connection.run(sql);
  }
}
