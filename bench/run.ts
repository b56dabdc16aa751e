/**
 * `npm run bench`: how the PostHog emulator scales — generate and load 100 k and 1 M events (time,
 * memory), and the latency of a 60-day DAU query at each size; then sync figures (./sync-bench) and the
 * renderer replica's Dexie apply (./dexie-bench) and the dashboard's first paint and range switch in
 * Chromium (./paint-bench), and alert backtests over a year (./alerts-bench). Prints tables and writes
 * bench/results/<timestamp>.json. Speed targets live here, never in timed test assertions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateDataset } from '../test/posthog-emulator/dataset/generator';
import type { Dataset } from '../test/posthog-emulator/dataset/types';
import { createDuckDbEngine } from '../test/posthog-emulator/engine/duckdb-engine';
import { alertsTable, measureAlerts } from './alerts-bench';
import { dexieTable, measureDexie } from './dexie-bench';
import { measurePaint, paintTable } from './paint-bench';
import { measureSync, type SyncRow } from './sync-bench';

const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const DAYS = 60;
const END_DAY = '2026-11-22';
const TIMEZONE = 'America/New_York';
const QUERY_RUNS = 7;
const DAU_QUERY = `
  SELECT toStartOfDay(timestamp) AS day, uniq(person_id) AS dau
  FROM events
  WHERE timestamp >= toStartOfDay(now()) - INTERVAL 60 DAY
  GROUP BY day ORDER BY day`;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** DAU target that yields about `events` events over DAYS days (calibrated on a small run). */
function calibrate(events: number): number {
  const sample = generateDataset({ seed: 7, timezone: TIMEZONE, endDay: END_DAY, days: DAYS, targetDailyActive: 200 });
  return Math.max(10, Math.round((200 * events) / sample.events.length));
}

interface Row {
  targetEvents: number;
  events: number;
  persons: number;
  generateMs: number;
  generateHeapMiB: number;
  loadMs: number;
  loadRssMiB: number;
  dauQueryMedianMs: number;
  dauQueryMinMs: number;
  dauQueryMaxMs: number;
  dauRows: number;
}

async function measure(targetEvents: number): Promise<{ row: Row; dataset: Dataset }> {
  const targetDailyActive = calibrate(targetEvents);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = performance.now();
  const dataset = generateDataset({ seed: 11, timezone: TIMEZONE, endDay: END_DAY, days: DAYS, targetDailyActive });
  const generateMs = performance.now() - t;
  gc();
  const generateHeapMiB = mib(process.memoryUsage().heapUsed - heapBefore);

  const rssBefore = process.memoryUsage().rss;
  const now = Date.parse(`${END_DAY}T23:00:00Z`);
  t = performance.now();
  const engine = await createDuckDbEngine(dataset, { now: () => now });
  const loadMs = performance.now() - t;
  const loadRssMiB = mib(process.memoryUsage().rss - rssBefore);

  const times: number[] = [];
  let dauRows = 0;
  for (let i = 0; i < QUERY_RUNS; i += 1) {
    t = performance.now();
    const result = await engine.query({ query: DAU_QUERY });
    times.push(performance.now() - t);
    dauRows = result.results.length;
  }
  await engine.close();
  const row: Row = {
    targetEvents,
    events: dataset.events.length,
    persons: dataset.persons.length,
    generateMs: Math.round(generateMs),
    generateHeapMiB,
    loadMs: Math.round(loadMs),
    loadRssMiB,
    dauQueryMedianMs: Math.round(median(times) * 10) / 10,
    dauQueryMinMs: Math.round(Math.min(...times) * 10) / 10,
    dauQueryMaxMs: Math.round(Math.max(...times) * 10) / 10,
    dauRows,
  };
  return { row, dataset };
}

const rows: Row[] = [];
const syncRows: SyncRow[] = [];
for (const size of SIZES) {
  const { row, dataset } = await measure(size);
  rows.push(row);
  syncRows.push(...(await measureSync(dataset, Date.parse(`${END_DAY}T23:00:00Z`))));
}
const dexieRows = await measureDexie();
const paintRows = await measurePaint();
const alertRows = measureAlerts();

const header = ['events', 'persons', 'generate ms', 'gen heap MiB', 'load ms', 'load RSS MiB', 'DAU 60d median ms', 'min', 'max'];
const table = rows.map((r) => [r.events, r.persons, r.generateMs, r.generateHeapMiB, r.loadMs, r.loadRssMiB, r.dauQueryMedianMs, r.dauQueryMinMs, r.dauQueryMaxMs].map((v) => v.toLocaleString('en-US')));
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
process.stdout.write(`\nPostHog emulator benchmark (${os.cpus().length} cores, ${mib(os.totalmem())} MiB, Node ${process.version})\n`);
process.stdout.write(`${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`);

const syncHeader = ['events', 'sync', 'wall ms', 'requests', 'slowest query ms', 'retention query ms', 'funnel query ms', 'wall ÷ slowest', 'outcome', 'RSS MiB', 'RSS growth MiB'];
const syncTable = syncRows.map((r) => [
  r.events.toLocaleString('en-US'),
  r.kind,
  String(r.wallMs),
  String(r.requests),
  String(r.slowestQueryMs),
  String(r.queryMs.retention ?? '—'),
  String(r.queryMs['funnel:c'] ?? '—'),
  String(r.wallOverSlowest),
  r.status,
  String(r.rssMiB),
  String(r.rssGrowthMiB),
]);
const syncWidths = syncHeader.map((h, i) => Math.max(h.length, ...syncTable.map((row) => (row[i] ?? '').length)));
const syncLine = (cells: string[]): string => cells.map((c, i) => c.padStart(syncWidths[i] ?? 0)).join('  ');
process.stdout.write(`\nSync against the emulator (all metrics, 2 custom events, weekly retention, one 3-step funnel)\n${syncLine(syncHeader)}\n${syncLine(syncWidths.map((w) => '-'.repeat(w)))}\n${syncTable.map(syncLine).join('\n')}\n`);
process.stdout.write(dexieTable(dexieRows));
process.stdout.write(paintTable(paintRows));
process.stdout.write(alertsTable(alertRows));

const outDir = path.join('bench', 'results');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `emulator-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ benchmark: 'posthog-emulator', at: new Date().toISOString(), machine: { cores: os.cpus().length, memoryMiB: mib(os.totalmem()), node: process.version, platform: process.platform }, days: DAYS, timezone: TIMEZONE, query: DAU_QUERY.trim(), queryRuns: QUERY_RUNS, rows, sync: syncRows, dexie: dexieRows, dashboard: paintRows, alertBacktests: alertRows }, null, 2)}\n`,
);
process.stdout.write(`\nwrote ${file}\n`);
