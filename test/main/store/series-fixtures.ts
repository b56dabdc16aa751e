/** Shared helpers for the series store tests: temp dirs, a recording log, points and a replica. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { dayRange } from '../../../shared/time';
import type { SeriesChanges } from '../../../src-main/store/series-store';

const made: string[] = [];
/** A fresh temp directory per call, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sightline-series-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

export interface RecordingLog {
  (message: string, error: unknown): void;
  messages: string[];
}
export function recordingLog(): RecordingLog {
  const messages: string[] = [];
  return Object.assign((message: string): void => {
    messages.push(message);
  }, { messages });
}

export const pt = (metric: MetricId, day: string, value: number | null, key = ''): SeriesPoint => ({ metric, key, day, value });

/** One point per day for each (metric, key), with a value derived from `seed` so different seeds differ. */
export function series(metrics: Array<[MetricId, string]>, from: string, to: string, seed = 0): SeriesPoint[] {
  const days = dayRange(from, to);
  return metrics.flatMap(([metric, key], m) => days.map((day, d) => pt(metric, day, seed + m * 1000 + d, key)));
}

/** A renderer-like replica: applies change sets exactly as the contract describes them. */
export class Replica {
  revision = 0;
  epoch: string | undefined;
  resets = 0;
  readonly rows = new Map<string, SeriesPoint>();

  apply(changes: SeriesChanges): void {
    if (changes.reset) {
      this.rows.clear();
      this.resets += 1;
    }
    for (const d of changes.deletions) this.rows.delete(`${d.metric}|${d.key}|${d.day}`);
    for (const u of changes.upserts) this.rows.set(`${u.metric}|${u.key}|${u.day}`, { metric: u.metric, key: u.key, day: u.day, value: u.value });
    this.revision = changes.revision;
    this.epoch = changes.epoch;
  }

  sorted(): SeriesPoint[] {
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.rows.values()].sort((a, b) => cmp(a.metric, b.metric) || cmp(a.key, b.key) || cmp(a.day, b.day));
  }
}
