/**
 * The on-disk format of main's series store (`series.json`), which is also its in-memory shape.
 *
 * Points are grouped by series (metric + key), in three parallel columns sorted by day: `days`,
 * `values` and `revs` (the revision that last changed each point). Why:
 * - the metric id and the key are written once per series, not once per point: a year of data
 *   (~15 k points) is ~300 KB instead of ~1.3 MB as one object per point;
 * - arrays of plain strings and numbers are what JSON.parse and zod check fastest, and loading
 *   allocates no per-point object: the parsed arrays ARE the store (a cold open of a year is a few ms
 *   of zod instead of ~100 ms for per-point objects or tuples — measured, and cold is what counts:
 *   the file is read once per launch);
 * - a change rebuilds only the series it touches; the others are shared between the old and the new
 *   state, so "write first, then switch the state" costs no copy of the whole store;
 * - one series (and one deletion) per line keeps the file readable and diffable by a human.
 * Deletions are few and bounded, so they stay flat `[metric, key, day, rev]` tuples.
 *
 * ```
 * {"v":1,"epoch":"…","revision":42,"tombstoneFloor":0,"series":[
 * {"metric":"posthog_dau","key":"","days":["2026-01-01","2026-01-02"],"values":[120,null],"revs":[3,42]},
 * {"metric":"posthog_flag_evaluations","key":"new-checkout","days":["2026-01-01"],"values":[12],"revs":[5]}
 * ],"deletions":[
 * ["posthog_flag_evaluations","old-flag","2026-01-01",41]
 * ]}
 * ```
 */
import { z } from 'zod';
import { describeIssues } from '../../shared/contract';
import { METRIC_IDS, type MetricId } from '../../shared/metrics';
import { isDay } from '../../shared/time';

export const SERIES_FILE_VERSION = 1;

/** One series: its points as parallel columns, days strictly ascending. Never mutated once built. */
export interface Series {
  readonly metric: MetricId;
  readonly key: string;
  readonly days: readonly string[];
  readonly values: readonly (number | null)[];
  readonly revs: readonly number[];
}

/** A deleted point, kept so that a replica behind `rev` can delete it too. */
export interface Tombstone {
  readonly metric: MetricId;
  readonly key: string;
  readonly day: string;
  readonly rev: number;
}

export interface SeriesState {
  /** Names this store's revision history; a new one is drawn whenever the store starts empty. */
  readonly epoch: string;
  readonly revision: number;
  /** Tombstones with `rev <= tombstoneFloor` have been forgotten: a replica older than this must reset. */
  readonly tombstoneFloor: number;
  /** Sorted by metric, then key; no empty series. */
  readonly series: readonly Series[];
  /** By `pointId`; never one for a stored point. */
  readonly tombstones: ReadonlyMap<string, Tombstone>;
}

/** Unambiguous: metric ids have no `|` and a day is always 10 characters, so the key is the rest. */
export function pointId(metric: MetricId, key: string, day: string): string {
  return `${metric}|${day}|${key}`;
}

export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Order of series (and of everything the store hands out): metric, then key, code-unit order. */
export const compareSeries = (a: { metric: string; key: string }, b: { metric: string; key: string }): number =>
  compareText(a.metric, b.metric) || compareText(a.key, b.key);

/** First index in the ascending `days` whose day is >= `day`. */
export function lowerBound(days: readonly string[], day: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((days[mid] as string) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Days are validated by calendar (no 2026-02-30); a year of data repeats ~365 distinct days, so
// remember the good ones instead of re-checking 15 k times.
const knownDays = new Set<string>();
export function isCalendarDay(text: string): boolean {
  if (knownDays.has(text)) return true;
  if (!isDay(text)) return false;
  if (knownDays.size > 20_000) knownDays.clear();
  knownDays.add(text);
  return true;
}

/**
 * A column (one entry per point) is checked by one predicate over the whole array rather than one
 * schema call per element: on a year of data that takes zod's share of opening the store from ~35 ms
 * to ~2 ms. The predicates are exactly the per-element rules.
 */
function column<T>(ok: (value: unknown) => value is T, what: string): z.ZodType<T[]> {
  return z.custom<T[]>((value) => Array.isArray(value) && value.every(ok), { error: `expected an array of ${what}` });
}
const isDayValue = (v: unknown): v is string => typeof v === 'string' && isCalendarDay(v);
/** Finite: NaN and ±Infinity are refused (JSON cannot carry them anyway). */
export const isPointValue = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v));
const isRev = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

const Metric = z.enum(METRIC_IDS);
const Day = z.string().refine(isCalendarDay, 'not a calendar day YYYY-MM-DD');

export const SeriesFileSchema = z
  .object({
    v: z.literal(SERIES_FILE_VERSION),
    epoch: z.string().min(1).max(200),
    revision: z.number().int().nonnegative(),
    tombstoneFloor: z.number().int().nonnegative(),
    series: z.array(
      z
        .object({
          metric: Metric,
          key: z.string(),
          days: column(isDayValue, 'calendar days YYYY-MM-DD'),
          values: column(isPointValue, 'finite numbers or null'),
          revs: column(isRev, 'positive whole revisions'),
        })
        .strict()
        .refine((s) => s.values.length === s.days.length && s.revs.length === s.days.length, 'days, values and revs differ in length'),
    ),
    deletions: z.array(z.tuple([Metric, z.string(), Day, z.number().int().positive()])),
  })
  .strict();

export function encodeSeriesFile(state: SeriesState): string {
  const series = state.series.map((s) => JSON.stringify({ metric: s.metric, key: s.key, days: s.days, values: s.values, revs: s.revs }));
  const deletions = [...state.tombstones.values()]
    .sort((a, b) => compareSeries(a, b) || compareText(a.day, b.day))
    .map((t) => JSON.stringify([t.metric, t.key, t.day, t.rev]));
  const head = JSON.stringify({ v: SERIES_FILE_VERSION, epoch: state.epoch, revision: state.revision, tombstoneFloor: state.tombstoneFloor }).slice(0, -1);
  return `${head},"series":[\n${series.join(',\n')}\n],"deletions":[\n${deletions.join(',\n')}\n]}\n`;
}

export type Decoded = { ok: true; state: SeriesState } | { ok: false; reason: string };

/** Parses, validates and checks the invariants the store relies on; any failure says why, briefly. */
export function decodeSeriesFile(text: string): Decoded {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (typeof parsed === 'object' && parsed !== null && 'v' in parsed && parsed.v !== SERIES_FILE_VERSION) {
    return { ok: false, reason: `unknown format version ${JSON.stringify(parsed.v)}` };
  }
  const result = SeriesFileSchema.safeParse(parsed);
  if (!result.success) return { ok: false, reason: describeIssues(result.error, 2) };
  const file = result.data;
  if (file.tombstoneFloor > file.revision) return { ok: false, reason: `tombstoneFloor ${file.tombstoneFloor} is past revision ${file.revision}` };

  const series = file.series.filter((s) => s.days.length > 0).sort(compareSeries);
  const byId = new Map<string, Series>();
  for (const s of series) {
    const name = `${s.metric}[${JSON.stringify(s.key)}]`;
    if (byId.has(`${s.metric}|${s.key}`)) return { ok: false, reason: `series ${name} is stored twice` };
    byId.set(`${s.metric}|${s.key}`, s);
    for (let i = 0; i < s.days.length; i += 1) {
      if (i > 0 && (s.days[i] as string) <= (s.days[i - 1] as string)) return { ok: false, reason: `series ${name}: ${s.days[i]} is repeated or out of order` };
      if ((s.revs[i] as number) > file.revision) return { ok: false, reason: `series ${name}: ${s.days[i]} has revision ${s.revs[i]}, past the file's ${file.revision}` };
    }
  }
  const tombstones = new Map<string, Tombstone>();
  for (const [metric, key, day, rev] of file.deletions) {
    const id = pointId(metric, key, day);
    const live = byId.get(`${metric}|${key}`);
    const name = `${metric}[${JSON.stringify(key)}] on ${day}`;
    if (tombstones.has(id) || (live !== undefined && live.days[lowerBound(live.days, day)] === day)) {
      return { ok: false, reason: `deletion of ${name} is repeated or contradicts a stored point` };
    }
    if (rev > file.revision || rev <= file.tombstoneFloor) return { ok: false, reason: `deletion of ${name} has revision ${rev}, outside ${file.tombstoneFloor + 1}..${file.revision}` };
    tombstones.set(id, { metric, key, day, rev });
  }
  return { ok: true, state: { epoch: file.epoch, revision: file.revision, tombstoneFloor: file.tombstoneFloor, series, tombstones } };
}
