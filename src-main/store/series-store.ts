/**
 * Main's durable store of synced metric series: the truth the renderer's replica follows.
 *
 * - One file, `series.json` (format in ./series-file), loaded once and validated with zod; every change
 *   is written whole through `writeFileAtomic` (temp + fsync + rename), so a crash at any moment leaves
 *   the previous file or the new one, never a torn one. The in-memory state only moves after the write
 *   succeeded: a failed write changes nothing, on disk or in memory.
 * - Every change that alters something bumps `revision` and stamps the points it touched (and the
 *   deletions it made) with it; `changesSince(r)` is what a replica at `r` needs to catch up. Deletion
 *   tombstones are kept for the last `keepRevisions` revisions (and at most `maxTombstones`); a replica
 *   older than what was forgotten — or from another history (`epoch`) — is told to reset.
 * - A corrupt or unknown-version file is moved aside (`series.json.corrupt-<ms>`, never deleted), the
 *   reason is logged and the store opens empty under a new epoch: the app keeps running.
 * - Updates run one at a time (a queue), so two syncs never interleave their writes.
 */
import { randomUUID } from 'node:crypto';
import { access, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { METRIC_IDS, METRICS, type MetricId, type SeriesPoint } from '../../shared/metrics';
import type { ErrorLog } from '../contract/dispatch';
import { writeFileAtomic } from '../vault/atomic-file';
import { createSerial } from '../vault/serial';
import {
  compareSeries,
  compareText,
  decodeSeriesFile,
  encodeSeriesFile,
  isCalendarDay,
  isPointValue,
  lowerBound,
  pointId,
  type Series,
  type SeriesState,
  type Tombstone,
} from './series-file';

export const SERIES_FILE = 'series.json';

export interface WindowChange {
  /** First and last day (inclusive, `YYYY-MM-DD`) whose points `points` replaces. */
  from: string;
  to: string;
  /** The metrics whose points in [from, to] become exactly `points`. */
  metrics: readonly MetricId[];
  points: readonly SeriesPoint[];
}

export interface SeriesQuery {
  metric?: MetricId;
  key?: string;
  /** Inclusive day bounds. */
  from?: string;
  to?: string;
}

export type UpsertedPoint = SeriesPoint & { rev: number };
export interface DeletedPoint {
  metric: MetricId;
  key: string;
  day: string;
  rev: number;
}

export interface SeriesChanges {
  /**
   * true: the replica cannot be caught up incrementally (too far behind, ahead of this store, or from
   * another epoch). It must drop everything it has and store `upserts`, which then holds every point.
   */
  reset: boolean;
  epoch: string;
  /** The revision the replica is at once it applied this. */
  revision: number;
  /** Points changed after the asked revision (all points on reset), sorted by metric, key, day. */
  upserts: UpsertedPoint[];
  /** Points deleted after the asked revision (none on reset), sorted by metric, key, day. */
  deletions: DeletedPoint[];
}

export interface SeriesStore {
  /** Monotonic within an epoch; persisted. 0 for a new store. */
  readonly revision: number;
  /** Identifies this store's history: a replica from another epoch is reset. */
  readonly epoch: string;
  /** For the given metrics and days in [from, to], the stored points become exactly `change.points`. */
  replaceWindow(change: WindowChange): Promise<{ revision: number; changed: number }>;
  /** Stored points, sorted by metric, key, day. */
  points(query?: SeriesQuery): SeriesPoint[];
  /** What a replica at `revision` (of `epoch`, when it knows it) needs to catch up. */
  changesSince(revision: number, epoch?: string): SeriesChanges;
  /** Retention: removes every point dated before `day` (recorded as deletions). */
  pruneBefore(day: string): Promise<{ revision: number; removed: number }>;
  /** Removes every point of the series `drop` selects (e.g. a custom event no longer tracked), recorded as deletions. */
  dropSeries(drop: (metric: MetricId, key: string) => boolean): Promise<{ revision: number; removed: number }>;
}

export interface SeriesStoreOptions {
  /** Deletion tombstones older than this many revisions are forgotten. Default 2000 (6 weeks of half-hourly syncs). */
  keepRevisions?: number;
  /** At most this many tombstones are kept (oldest revisions forgotten first). Default 50 000. */
  maxTombstones?: number;
  /** The durable write (tests inject failures). Default `writeFileAtomic`. */
  writeFile?: (file: string, data: string, mode: number) => Promise<void>;
  /** New epochs (tests make them predictable). Default `randomUUID`. */
  newEpoch?: () => string;
}

const FILE_MODE = 0o600;
const METRIC_SET: ReadonlySet<string> = new Set(METRIC_IDS);

/** A state being built from the current one: new series list and tombstones; `revision` is the next one. */
interface Draft {
  series: Series[];
  tombstones: Map<string, Tombstone>;
  rev: number;
  changed: number;
}

export async function openSeriesStore(dir: string, log: ErrorLog, now: () => number = Date.now, options: SeriesStoreOptions = {}): Promise<SeriesStore> {
  const file = path.join(dir, SERIES_FILE);
  const keepRevisions = options.keepRevisions ?? 2000;
  const maxTombstones = options.maxTombstones ?? 50_000;
  const write = options.writeFile ?? writeFileAtomic;
  const newEpoch = options.newEpoch ?? randomUUID;

  await removeCrashedWrites(dir, log);
  let state = await load(file, log, now, newEpoch);
  const serial = createSerial();

  const draft = (): Draft => ({ series: [], tombstones: new Map(state.tombstones), rev: state.revision + 1, changed: 0 });

  /** Writes the draft durably, then makes it the current state. Nothing moves if the write fails. */
  const commit = async (d: Draft): Promise<void> => {
    const tombstoneFloor = forgetTombstones(d.tombstones, state.tombstoneFloor, d.rev, keepRevisions, maxTombstones);
    const next: SeriesState = { epoch: state.epoch, revision: d.rev, tombstoneFloor, series: d.series, tombstones: d.tombstones };
    await write(file, encodeSeriesFile(next), FILE_MODE);
    state = next;
  };

  return {
    get revision() {
      return state.revision;
    },
    get epoch() {
      return state.epoch;
    },

    async replaceWindow(change) {
      // Validated and copied before queueing: the caller may reuse its arrays, and a bad change is
      // refused whole before anything is written.
      const valid = validateChange(change);
      return serial(async () => {
        const d = draft();
        const seen = new Set<string>();
        for (const s of state.series) {
          if (!valid.metrics.has(s.metric)) {
            d.series.push(s);
            continue;
          }
          const id = seriesId(s.metric, s.key);
          seen.add(id);
          const merged = mergeWindow(s, valid.from, valid.to, valid.incoming.get(id) ?? [], d);
          if (merged !== null) d.series.push(merged);
        }
        let added = false;
        for (const [id, incoming] of valid.incoming) {
          if (seen.has(id) || incoming[0] === undefined) continue;
          const { metric, key } = incoming[0];
          const merged = mergeWindow({ metric, key, days: [], values: [], revs: [] }, valid.from, valid.to, incoming, d);
          if (merged !== null) d.series.push(merged);
          added = true;
        }
        if (d.changed === 0) return { revision: state.revision, changed: 0 };
        if (added) d.series.sort(compareSeries);
        await commit(d);
        return { revision: state.revision, changed: d.changed };
      });
    },

    points(query = {}) {
      const { metric, key, from, to } = query;
      const result: SeriesPoint[] = [];
      for (const s of state.series) {
        if ((metric !== undefined && s.metric !== metric) || (key !== undefined && s.key !== key)) continue;
        const end = to === undefined ? s.days.length : firstAfter(s.days, to);
        for (let i = from === undefined ? 0 : lowerBound(s.days, from); i < end; i += 1) {
          result.push({ metric: s.metric, key: s.key, day: s.days[i] as string, value: s.values[i] as number | null });
        }
      }
      return result;
    },

    changesSince(revision, epoch) {
      const current = state;
      const reset =
        !Number.isInteger(revision) ||
        revision < current.tombstoneFloor ||
        revision > current.revision ||
        (epoch !== undefined && epoch !== current.epoch);
      const since = reset ? 0 : revision;
      const upserts: UpsertedPoint[] = [];
      for (const s of current.series) {
        for (let i = 0; i < s.days.length; i += 1) {
          const rev = s.revs[i] as number;
          if (rev > since) upserts.push({ metric: s.metric, key: s.key, day: s.days[i] as string, value: s.values[i] as number | null, rev });
        }
      }
      const deletions: DeletedPoint[] = reset
        ? []
        : [...current.tombstones.values()]
            .filter((t) => t.rev > since)
            .sort((a, b) => compareSeries(a, b) || compareText(a.day, b.day))
            .map((t) => ({ metric: t.metric, key: t.key, day: t.day, rev: t.rev }));
      return { reset, epoch: current.epoch, revision: current.revision, upserts, deletions };
    },

    async pruneBefore(day) {
      if (typeof day !== 'string' || !isCalendarDay(day)) throw new Error(`Refused retention cutoff ${JSON.stringify(day)}: not a calendar day YYYY-MM-DD.`);
      return serial(async () => {
        const d = draft();
        for (const s of state.series) {
          const cut = lowerBound(s.days, day);
          if (cut === 0) {
            d.series.push(s);
            continue;
          }
          for (let i = 0; i < cut; i += 1) bury(d, s.metric, s.key, s.days[i] as string);
          if (cut < s.days.length) d.series.push({ metric: s.metric, key: s.key, days: s.days.slice(cut), values: s.values.slice(cut), revs: s.revs.slice(cut) });
        }
        if (d.changed === 0) return { revision: state.revision, removed: 0 };
        await commit(d);
        return { revision: state.revision, removed: d.changed };
      });
    },

    async dropSeries(drop) {
      return serial(async () => {
        const d = draft();
        for (const s of state.series) {
          if (!drop(s.metric, s.key)) {
            d.series.push(s);
            continue;
          }
          for (const day of s.days) bury(d, s.metric, s.key, day);
        }
        if (d.changed === 0) return { revision: state.revision, removed: 0 };
        await commit(d);
        return { revision: state.revision, removed: d.changed };
      });
    },
  };
}

const seriesId = (metric: MetricId, key: string): string => `${metric}|${key}`;

/** First index in the ascending `days` whose day is > `day`. */
function firstAfter(days: readonly string[], day: string): number {
  const i = lowerBound(days, day);
  return days[i] === day ? i + 1 : i;
}

/** Records the deletion of a point in the draft. */
function bury(d: Draft, metric: MetricId, key: string, day: string): void {
  d.tombstones.set(pointId(metric, key, day), { metric, key, day, rev: d.rev });
  d.changed += 1;
}

/**
 * `s` with its days in [from, to] replaced by `incoming` (ascending, unique days): new and changed
 * points get the draft's revision, unchanged ones keep theirs, the ones gone are buried. Returns `s`
 * itself when nothing changed (shared with the current state), null when the series ends up empty.
 */
function mergeWindow(s: Series, from: string, to: string, incoming: readonly IncomingPoint[], d: Draft): Series | null {
  const lo = lowerBound(s.days, from);
  const hi = firstAfter(s.days, to);
  const days = s.days.slice(0, lo);
  const values = s.values.slice(0, lo);
  const revs = s.revs.slice(0, lo);
  const before = d.changed;
  let i = lo;
  let j = 0;
  while (i < hi || j < incoming.length) {
    const old = i < hi ? (s.days[i] as string) : undefined;
    const fresh = incoming[j];
    if (fresh === undefined || (old !== undefined && old < fresh.day)) {
      bury(d, s.metric, s.key, old as string);
      i += 1;
      continue;
    }
    days.push(fresh.day);
    values.push(fresh.value);
    if (old === fresh.day && s.values[i] === fresh.value) {
      revs.push(s.revs[i] as number);
    } else {
      revs.push(d.rev);
      d.tombstones.delete(pointId(s.metric, s.key, fresh.day));
      d.changed += 1;
    }
    if (old === fresh.day) i += 1;
    j += 1;
  }
  if (d.changed === before) return s;
  if (hi < s.days.length) {
    days.push(...s.days.slice(hi));
    values.push(...s.values.slice(hi));
    revs.push(...s.revs.slice(hi));
  }
  return days.length === 0 ? null : { metric: s.metric, key: s.key, days, values, revs };
}

/** Reads the file; a missing one is a new store, a bad one is moved aside (logged) and the store starts empty. */
async function load(file: string, log: ErrorLog, now: () => number, newEpoch: () => string): Promise<SeriesState> {
  const empty = (): SeriesState => ({ epoch: newEpoch(), revision: 0, tombstoneFloor: 0, series: [], tombstones: new Map() });
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return empty();
    throw error;
  }
  const decoded = decodeSeriesFile(text);
  if (decoded.ok) return decoded.state;
  const aside = await freeName(`${file}.corrupt-${now()}`);
  await rename(file, aside);
  log(`${SERIES_FILE} was unreadable (${decoded.reason}); kept it as ${path.basename(aside)} and started with no stored series`, undefined);
  return empty();
}

/** `name`, or `name-2`, `name-3`…: a file set aside earlier is never overwritten. */
async function freeName(name: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? name : `${name}-${n}`;
    try {
      await access(candidate);
    } catch {
      return candidate;
    }
  }
}

/**
 * A crash between writing the temp file and the rename leaves `.series.json.<random>.tmp` next to the
 * untouched previous file (see writeFileAtomic). Remove such leftovers so they do not pile up.
 */
async function removeCrashedWrites(dir: string, log: ErrorLog): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const pattern = /^\.series\.json\.[0-9a-f]{12}\.tmp$/;
  for (const name of names.filter((n) => pattern.test(n))) {
    try {
      await rm(path.join(dir, name), { force: true });
      log(`removed ${name}, an unfinished ${SERIES_FILE} write (the app stopped mid-write; the previous file is intact)`, undefined);
    } catch (error) {
      log(`could not remove ${name}, an unfinished ${SERIES_FILE} write`, error);
    }
  }
}

/**
 * Drops tombstones older than `keepRevisions` revisions, then whole oldest revisions until at most
 * `maxTombstones` remain. Returns the new floor: the highest revision whose tombstones may be gone.
 */
function forgetTombstones(tombstones: Map<string, Tombstone>, floor: number, revision: number, keepRevisions: number, maxTombstones: number): number {
  const oldest = revision - keepRevisions;
  for (const [id, t] of tombstones) {
    if (t.rev <= oldest) {
      tombstones.delete(id);
      floor = Math.max(floor, t.rev);
    }
  }
  if (tombstones.size > maxTombstones) {
    const byRev = [...tombstones].sort((a, b) => a[1].rev - b[1].rev);
    let i = 0;
    while (tombstones.size > maxTombstones) {
      const entry = byRev[i];
      if (entry === undefined) break;
      // Forget a revision's tombstones all together, so the floor is exact.
      const rev = entry[1].rev;
      for (let e = byRev[i]; e !== undefined && e[1].rev === rev; e = byRev[++i]) tombstones.delete(e[0]);
      floor = Math.max(floor, rev);
    }
  }
  return floor;
}

interface IncomingPoint {
  metric: MetricId;
  key: string;
  day: string;
  value: number | null;
}

interface ValidChange {
  from: string;
  to: string;
  metrics: ReadonlySet<MetricId>;
  /** By series id; each list sorted by day. */
  incoming: Map<string, IncomingPoint[]>;
}

/** Checks a whole change before anything is written; the error names the first bad point. */
function validateChange(change: WindowChange): ValidChange {
  const { from, to } = change;
  if (typeof from !== 'string' || !isCalendarDay(from) || typeof to !== 'string' || !isCalendarDay(to) || from > to) {
    throw new Error(`Refused series change: window ${JSON.stringify(from)}..${JSON.stringify(to)} is not two calendar days YYYY-MM-DD in order.`);
  }
  if (!isList(change.metrics) || !isList(change.points)) throw new Error('Refused series change: metrics and points must be arrays.');
  const metrics = new Set<MetricId>();
  for (const metric of change.metrics as readonly unknown[]) {
    if (typeof metric !== 'string' || !METRIC_SET.has(metric)) throw new Error(`Refused series change: unknown metric ${JSON.stringify(metric)}.`);
    metrics.add(metric as MetricId);
  }
  const incoming = new Map<string, IncomingPoint[]>();
  const ids = new Set<string>();
  change.points.forEach((point, index) => {
    const problem = pointProblem(point, from, to, metrics);
    const id = problem === null ? pointId(point.metric, point.key, point.day) : '';
    const why = problem ?? (ids.has(id) ? 'the same metric, key and day appears twice' : null);
    if (why !== null) throw new Error(`Refused series change: point #${index} (${showPoint(point)}): ${why}. Nothing was stored.`);
    ids.add(id);
    const copy = { metric: point.metric, key: point.key, day: point.day, value: point.value };
    const list = incoming.get(seriesId(point.metric, point.key));
    if (list === undefined) incoming.set(seriesId(point.metric, point.key), [copy]);
    else list.push(copy);
  });
  for (const list of incoming.values()) list.sort((a, b) => compareText(a.day, b.day));
  return { from, to, metrics, incoming };
}

/** Array.isArray without narrowing to any[]: the input is typed, but may come from anywhere at runtime. */
const isList = (value: unknown): boolean => Array.isArray(value);

function pointProblem(point: unknown, from: string, to: string, metrics: ReadonlySet<MetricId>): string | null {
  if (typeof point !== 'object' || point === null) return 'not a point';
  const { metric, key, day, value } = point as Record<string, unknown>;
  if (typeof metric !== 'string' || !METRIC_SET.has(metric)) return 'unknown metric';
  if (!metrics.has(metric as MetricId)) return 'metric is not among the metrics this change replaces';
  if (typeof key !== 'string') return 'key is not a string';
  if (METRICS[metric as MetricId].keyed === 'none' && key !== '') return 'this metric is project-wide: its key must be ""';
  if (typeof day !== 'string' || !isCalendarDay(day)) return 'day is not a calendar day YYYY-MM-DD';
  if (day < from || day > to) return `day is outside the window ${from}..${to}`;
  if (!isPointValue(value)) return 'value is not a finite number or null';
  return null;
}

function showPoint(point: unknown): string {
  if (typeof point !== 'object' || point === null) return String(point);
  const { metric, key, day, value } = point as Record<string, unknown>;
  const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  return `metric ${show(metric)}, key ${show(key)}, day ${show(day)}, value ${show(value)}`;
}
