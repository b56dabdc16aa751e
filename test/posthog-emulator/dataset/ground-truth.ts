/**
 * Ground truth: every Sightline metric computed directly from `dataset.events` in plain TypeScript
 * (loops, Maps, Sets). It never runs SQL or the emulator's engine, so tests can compare the engine's
 * HogQL answers against it. The only shared code is `calendar.ts` (local day of an instant).
 *
 * Definitions (the HogQL queries in the tests are written to exactly these):
 * - Day of an event: `localDay(timestamp, project.timezone)`. One entry per day from `firstDay` to
 *   `lastDay` inclusive. Events on other days are not counted for their own day, but still take part
 *   in anything defined "over all events" (new users, session extents, conversion `to` events).
 * - `dau`: distinct `person_id` with any event that day.
 * - `wau` / `mau`: distinct `person_id` with any event on the 7 / 30 local days ending that day
 *   (D−6..D / D−29..D inclusive); days before `firstDay` contribute nothing.
 * - `newUsers`: persons whose earliest event over ALL events falls on that day.
 * - `events`: all events that day; `pageviews`: `$pageview` events that day.
 * - `sessions`: distinct `$session_id` (a non-empty string; events without one are ignored for
 *   sessions) whose session START — the earliest event with that id, over all events — is on that day.
 *   `meanSessionDuration`: mean over those sessions of (latest − earliest event timestamp of the whole
 *   session) in seconds, as a float; null when there are no sessions.
 * - `flagEvaluations`: per flag key, the count of `$feature_flag_called` events whose `$feature_flag`
 *   is that key (string; keys with 0 omitted); `flagEvaluationsTotal`: count of all
 *   `$feature_flag_called` events with a string `$feature_flag`; `activeFlags`: number of distinct keys
 *   evaluated that day.
 * - `exceptions`: `$exception` events that day.
 * - `custom[name]`: `{count, uniquePersons}` of events named `name` that day, for each requested name
 *   (zeros included).
 * - `conversion` (when requested, `{from, to, windowDays}`): `entered` = distinct persons with at
 *   least one `from` event that day; `converted` = those of them with a `to` event (any day) whose
 *   timestamp t satisfies f ≤ t ≤ f + windowDays × 86 400 000 ms, f being their FIRST `from` event of
 *   that day (both ends inclusive; if `from` = `to`, the `from` event itself converts);
 *   `rate` = converted / entered, or null when entered = 0.
 * - `distinctIdDau`: distinct `distinct_id` with any event that day (what counting ids instead of
 *   persons would wrongly report).
 */
import { dayFromNumber, dayNumber, localDayNumber } from './calendar';
import type { Dataset } from './types';

export interface TruthOptions {
  customEvents?: string[];
  conversion?: { from: string; to: string; windowDays: number };
}

export interface TruthConversion {
  entered: number;
  converted: number;
  rate: number | null;
}

export interface TruthDay {
  day: string;
  dau: number;
  wau: number;
  mau: number;
  newUsers: number;
  events: number;
  pageviews: number;
  sessions: number;
  meanSessionDuration: number | null;
  flagEvaluations: Record<string, number>;
  flagEvaluationsTotal: number;
  activeFlags: number;
  exceptions: number;
  custom: Record<string, { count: number; uniquePersons: number }>;
  conversion?: TruthConversion;
  distinctIdDau: number;
}

const DAY_MS = 86_400_000;

export function computeTruth(dataset: Dataset, options: TruthOptions = {}): TruthDay[] {
  const tz = dataset.project.timezone;
  const first = dayNumber(dataset.firstDay);
  const last = dayNumber(dataset.lastDay);
  const n = last - first + 1;
  if (n <= 0) return [];
  const customNames = options.customEvents ?? [];
  const conversion = options.conversion;

  const events = new Array<number>(n).fill(0);
  const pageviews = new Array<number>(n).fill(0);
  const exceptions = new Array<number>(n).fill(0);
  const dauSets: Set<string>[] = Array.from({ length: n }, () => new Set<string>());
  const distinctSets: Set<string>[] = Array.from({ length: n }, () => new Set<string>());
  const flagCounts: Map<string, number>[] = Array.from({ length: n }, () => new Map<string, number>());
  const custom: Map<string, { count: number; persons: Set<string> }>[] = Array.from({ length: n }, () => {
    const m = new Map<string, { count: number; persons: Set<string> }>();
    for (const name of customNames) m.set(name, { count: 0, persons: new Set() });
    return m;
  });
  const firstSeen = new Map<string, number>();
  const sessions = new Map<string, { min: number; max: number }>();
  /** person → earliest `from` timestamp, per day index. */
  const firstFrom: Map<string, number>[] = conversion ? Array.from({ length: n }, () => new Map<string, number>()) : [];
  /** person → all `to` timestamps (any day). */
  const toTimes = new Map<string, number[]>();

  for (const e of dataset.events) {
    const ts = e.timestamp;
    const pid = e.person_id;
    const seen = firstSeen.get(pid);
    if (seen === undefined || ts < seen) firstSeen.set(pid, ts);

    const sid = e.properties.$session_id;
    if (typeof sid === 'string' && sid !== '') {
      const s = sessions.get(sid);
      if (s === undefined) sessions.set(sid, { min: ts, max: ts });
      else {
        if (ts < s.min) s.min = ts;
        if (ts > s.max) s.max = ts;
      }
    }
    if (conversion && e.event === conversion.to) {
      const list = toTimes.get(pid);
      if (list === undefined) toTimes.set(pid, [ts]);
      else list.push(ts);
    }

    const i = localDayNumber(ts, tz) - first;
    if (i < 0 || i >= n) continue;
    events[i] = (events[i] ?? 0) + 1;
    dauSets[i]?.add(pid);
    distinctSets[i]?.add(e.distinct_id);
    if (e.event === '$pageview') pageviews[i] = (pageviews[i] ?? 0) + 1;
    else if (e.event === '$exception') exceptions[i] = (exceptions[i] ?? 0) + 1;
    else if (e.event === '$feature_flag_called') {
      const key = e.properties.$feature_flag;
      if (typeof key === 'string') {
        const m = flagCounts[i];
        if (m) m.set(key, (m.get(key) ?? 0) + 1);
      }
    }
    const c = custom[i]?.get(e.event);
    if (c !== undefined) {
      c.count++;
      c.persons.add(pid);
    }
    if (conversion && e.event === conversion.from) {
      const m = firstFrom[i];
      if (m) {
        const f = m.get(pid);
        if (f === undefined || ts < f) m.set(pid, ts);
      }
    }
  }

  // New users: by the day of each person's earliest event.
  const newUsers = new Array<number>(n).fill(0);
  for (const ts of firstSeen.values()) {
    const i = localDayNumber(ts, tz) - first;
    if (i >= 0 && i < n) newUsers[i] = (newUsers[i] ?? 0) + 1;
  }

  // Sessions: by the day of each session's start, duration over the whole session.
  const sessionCount = new Array<number>(n).fill(0);
  const sessionSeconds = new Array<number>(n).fill(0);
  for (const s of sessions.values()) {
    const i = localDayNumber(s.min, tz) - first;
    if (i < 0 || i >= n) continue;
    sessionCount[i] = (sessionCount[i] ?? 0) + 1;
    sessionSeconds[i] = (sessionSeconds[i] ?? 0) + (s.max - s.min) / 1000;
  }

  // Rolling WAU / MAU: the active days of every person, then a union per window.
  const activeDays = new Map<string, number[]>();
  dauSets.forEach((set, i) => {
    for (const pid of set) {
      const list = activeDays.get(pid);
      if (list === undefined) activeDays.set(pid, [i]);
      else list.push(i); // ascending, each day once
    }
  });
  const rolling = (width: number): number[] => {
    const counts = new Array<number>(n).fill(0);
    for (const days of activeDays.values()) {
      let coveredUntil = -1; // last day index already counted for this person
      for (const a of days) {
        const from = Math.max(a, coveredUntil + 1);
        const to = Math.min(n - 1, a + width - 1);
        for (let d = from; d <= to; d++) counts[d] = (counts[d] ?? 0) + 1;
        if (to > coveredUntil) coveredUntil = to;
      }
    }
    return counts;
  };
  const wau = rolling(7);
  const mau = rolling(30);

  for (const list of toTimes.values()) list.sort((a, b) => a - b);
  const windowMs = (conversion?.windowDays ?? 0) * DAY_MS;

  const out: TruthDay[] = [];
  for (let i = 0; i < n; i++) {
    const flags = flagCounts[i] ?? new Map<string, number>();
    const flagEvaluations: Record<string, number> = {};
    let flagTotal = 0;
    for (const key of [...flags.keys()].sort()) {
      const count = flags.get(key) ?? 0;
      flagEvaluations[key] = count;
      flagTotal += count;
    }
    const customOut: Record<string, { count: number; uniquePersons: number }> = {};
    for (const name of customNames) {
      const c = custom[i]?.get(name);
      customOut[name] = { count: c?.count ?? 0, uniquePersons: c?.persons.size ?? 0 };
    }
    const count = sessionCount[i] ?? 0;
    const day: TruthDay = {
      day: dayFromNumber(first + i),
      dau: dauSets[i]?.size ?? 0,
      wau: wau[i] ?? 0,
      mau: mau[i] ?? 0,
      newUsers: newUsers[i] ?? 0,
      events: events[i] ?? 0,
      pageviews: pageviews[i] ?? 0,
      sessions: count,
      meanSessionDuration: count > 0 ? (sessionSeconds[i] ?? 0) / count : null,
      flagEvaluations,
      flagEvaluationsTotal: flagTotal,
      activeFlags: flags.size,
      exceptions: exceptions[i] ?? 0,
      custom: customOut,
      distinctIdDau: distinctSets[i]?.size ?? 0,
    };
    if (conversion) {
      let entered = 0;
      let converted = 0;
      for (const [pid, f] of firstFrom[i] ?? new Map<string, number>()) {
        entered++;
        const times = toTimes.get(pid);
        if (times === undefined) continue;
        // first `to` at or after f
        let lo = 0;
        let hi = times.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((times[mid] ?? Number.POSITIVE_INFINITY) < f) lo = mid + 1;
          else hi = mid;
        }
        const t = times[lo];
        if (t !== undefined && t - f <= windowMs) converted++;
      }
      day.conversion = { entered, converted, rate: entered > 0 ? converted / entered : null };
    }
    out.push(day);
  }
  return out;
}

/** The truth for one day (throws when the day is outside the series). */
export function truthFor(truth: readonly TruthDay[], day: string): TruthDay {
  const found = truth.find((t) => t.day === day);
  if (found === undefined) throw new RangeError(`no truth for ${day}`);
  return found;
}
