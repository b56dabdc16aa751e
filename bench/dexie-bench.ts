/**
 * Dexie figures for the renderer's IndexedDB replica (src-renderer/db), on fake-indexeddb in Node — a
 * real-Chromium figure is a separate measurement. A `series.changes` answer is built in memory and fed
 * to the real replicator through the real API client (contract validation included) over a fake bridge:
 * - a full catch-up (reset) of one year (366 days) of every series: target < 1 s; median of 3 runs,
 *   each into a fresh database (opened before the clock starts);
 * - a 7-day refresh (8 days × every series) on top of that year; median of 3 runs;
 * - reading one series over 365 days with readSeries; median of 20.
 * Series: every project-wide metric (key ''), 20 flags, 5 custom events (count + users), 1 funnel (3).
 * Also runs alone: `npx esbuild bench/dexie-bench.ts --bundle --platform=node --format=esm
 * --outfile=/tmp/dexie-bench.mjs && node /tmp/dexie-bench.mjs`.
 */
import path from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { SightlineBridge } from '../shared/bridge';
import { resultSchema, SeriesChangesSchema, type SeriesChanges } from '../shared/contract';
import { METRIC_IDS, METRICS, type MetricId } from '../shared/metrics';
import { addDays, dayRange } from '../shared/time';
import { createApiClient } from '../src-renderer/api/client';
import { readSeries } from '../src-renderer/db/read';
import { openReplicaDb, type ReplicaDb } from '../src-renderer/db/replica-db';
import { createReplicator, type Replicator } from '../src-renderer/db/replicate';

const ENGINE = 'fake-indexeddb (Node)';
const LAST_DAY = '2026-11-22';
const YEAR_DAYS = 366;
const REFRESH_DAYS = 8;
const READ_DAYS = 365;
const APPLY_RUNS = 3;
const READ_RUNS = 20;
const YEAR_TARGET_MS = 1000;
const EPOCH = 'bench-epoch-1';

const FLAGS = Array.from({ length: 20 }, (_, i) => `flag-${String(i + 1).padStart(2, '0')}`);
const EVENTS = ['signed_up', 'button_clicked', 'checkout_completed', 'invite_sent', 'report_exported'];
const FUNNEL = 'signup-to-subscription';
/** Every series of a busy project: project-wide metrics, 20 flags, 5 custom events, 1 funnel (also ./paint-bench). */
export const SERIES: Array<[MetricId, string]> = [
  ...METRIC_IDS.filter((id) => METRICS[id].keyed === 'none' || METRICS[id].keyed === 'flag').map((id): [MetricId, string] => [id, '']),
  ...FLAGS.map((flag): [MetricId, string] => ['posthog_flag_evaluations', flag]),
  ...EVENTS.flatMap((event): Array<[MetricId, string]> => [
    ['posthog_custom_event_count', event],
    ['posthog_custom_event_users', event],
  ]),
  ...(['posthog_conversion_entered', 'posthog_conversion_converted', 'posthog_conversion_rate'] as const).map((id): [MetricId, string] => [id, FUNNEL]),
];

export interface DexieRow {
  case: 'year catch-up' | '7-day refresh' | 'read 365 days';
  engine: string;
  /** Series applied, or read. */
  series: number;
  /** Points applied (upserts), or read. */
  rows: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Of the median, about how long validating the answer against the contract takes (catch-ups only). */
  validateMs: number | null;
  targetMs: number | null;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round1 = (ms: number): number => Math.round(ms * 10) / 10;

/** A deterministic value for series `s` on day index `d` (a null session duration every 17th day). */
export function valueFor(metric: MetricId, s: number, d: number): number | null {
  if (metric === 'posthog_conversion_rate') return ((s * 7 + d) % 100) / 100;
  if (metric === 'posthog_session_duration') return d % 17 === 0 ? null : 60 + ((d * 7 + s) % 300) + 0.25;
  return 100 + s * 37 + ((d * 13) % 500);
}

/** Main's answer: every series over `from..to`, all at `revision`. */
function changes(from: string, to: string, reset: boolean, revision: number): SeriesChanges {
  const days = dayRange(from, to);
  const upserts = SERIES.flatMap(([metric, key], s) => days.map((day, d) => ({ metric, key, day, value: valueFor(metric, s, d), rev: revision })));
  return { reset, epoch: EPOCH, revision, upserts, deletions: [] };
}

/** Main as the renderer sees it: answers `series.changes` with whatever `answer` holds. */
function fakeMain(answer: () => SeriesChanges): SightlineBridge {
  return {
    transport: 'electron',
    invoke: async () => ({ ok: true, data: answer() }),
    subscribe: () => () => {},
  };
}

async function timedCatchUp(replicator: Replicator, expected: number): Promise<number> {
  gc();
  const started = performance.now();
  const result = await replicator.catchUp();
  const ms = performance.now() - started;
  if (!result.ok) throw new Error(`catch-up failed: ${result.error.code}: ${result.error.message}`);
  if (result.data.applied.upserts !== expected) throw new Error(`applied ${result.data.applied.upserts} points, expected ${expected}`);
  return ms;
}

function validateMs(answer: SeriesChanges): number {
  const started = performance.now();
  const parsed = resultSchema(SeriesChangesSchema).safeParse({ ok: true, data: answer });
  const ms = performance.now() - started;
  if (!parsed.success) throw new Error('the bench answer breaks the contract');
  return ms;
}

function row(name: DexieRow['case'], series: number, rows: number, times: number[], validate: number[] | null, targetMs: number | null): DexieRow {
  return {
    case: name,
    engine: ENGINE,
    series,
    rows,
    runs: times.length,
    medianMs: round1(median(times)),
    minMs: round1(Math.min(...times)),
    maxMs: round1(Math.max(...times)),
    validateMs: validate === null ? null : round1(median(validate)),
    targetMs,
  };
}

export async function measureDexie(): Promise<DexieRow[]> {
  const year = changes(addDays(LAST_DAY, -(YEAR_DAYS - 1)), LAST_DAY, true, 1);
  const refresh = changes(addDays(LAST_DAY, -(REFRESH_DAYS - 1)), LAST_DAY, false, 2);
  const yearMs: number[] = [];
  const refreshMs: number[] = [];
  const readMs: number[] = [];
  let readRows = 0;
  for (let run = 1; run <= APPLY_RUNS; run += 1) {
    const db: ReplicaDb = openReplicaDb(`sightline-bench-${run}`, new IDBFactory(), IDBKeyRange);
    try {
      await db.open();
      let answer = year;
      const replicator = createReplicator(createApiClient(fakeMain(() => answer)), db);
      yearMs.push(await timedCatchUp(replicator, year.upserts.length));
      answer = refresh;
      refreshMs.push(await timedCatchUp(replicator, refresh.upserts.length));
      if (run === APPLY_RUNS) {
        for (let i = 0; i < READ_RUNS; i += 1) {
          const started = performance.now();
          const points = await readSeries(db, 'posthog_dau', '', addDays(LAST_DAY, -(READ_DAYS - 1)), LAST_DAY);
          readMs.push(performance.now() - started);
          readRows = points.length;
        }
        if (readRows !== READ_DAYS) throw new Error(`read ${readRows} points, expected ${READ_DAYS}`);
      }
    } finally {
      db.close();
    }
  }
  const yearValidate = Array.from({ length: APPLY_RUNS }, () => validateMs(year));
  const refreshValidate = Array.from({ length: APPLY_RUNS }, () => validateMs(refresh));
  return [
    row('year catch-up', SERIES.length, year.upserts.length, yearMs, yearValidate, YEAR_TARGET_MS),
    row('7-day refresh', SERIES.length, refresh.upserts.length, refreshMs, refreshValidate, null),
    row('read 365 days', 1, readRows, readMs, null, null),
  ];
}

/** The table `npm run bench` prints (same layout as its other tables). */
export function dexieTable(rows: DexieRow[]): string {
  const header = ['case', 'engine', 'series', 'rows', 'runs', 'median ms', 'min', 'max', 'validate ms', 'target ms', 'verdict'];
  const table = rows.map((r) => [
    r.case,
    r.engine,
    String(r.series),
    r.rows.toLocaleString('en-US'),
    String(r.runs),
    String(r.medianMs),
    String(r.minMs),
    String(r.maxMs),
    r.validateMs === null ? '-' : String(r.validateMs),
    r.targetMs === null ? '-' : `< ${r.targetMs}`,
    r.targetMs === null ? '-' : r.medianMs < r.targetMs ? 'ok' : 'OVER',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return `\nRenderer replica: Dexie apply of series.changes, via the real API client + replicator (${ENGINE})\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`;
}

// Run alone when this file is the entry point (bundled as dexie-bench.mjs), not when bundled into run.ts.
if (path.basename(process.argv[1] ?? '').startsWith('dexie-bench')) {
  process.stdout.write(dexieTable(await measureDexie()));
}
