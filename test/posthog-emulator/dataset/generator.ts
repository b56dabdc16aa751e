/**
 * Deterministic seeded generator of a PostHog project's data (events, persons, flags) with planted
 * incidents, plus `extendDataset` for data that arrives after the emulator started.
 *
 * The product it simulates (per local day of the project's timezone):
 * - Acquisition grows over the window (new persons per day grow ×2.5 from the first to the last day);
 *   every person returns with a propensity of their own that decays with age (churn), so the active
 *   base grows; weekends are ~40 % lower; hours follow a diurnal curve in LOCAL time.
 * - Identity as PostHog merges it: a person browses anonymously (anonymous distinct_id) in their
 *   first session(s), signs up (`$identify` + `signed_up`, on their first day) and is identified by an
 *   email-like distinct_id from then on; 45 % own a second device (about a quarter of all persons use
 *   it within a 60-day window) whose own anonymous id appears until they log in there. Every event
 *   carries the merged `person_id`, so distinct_id DAU is ~1.2–1.4× person DAU.
 * - Sessions (`$session_id`) of seconds up to ~40 minutes with `$pageview`, `$autocapture`,
 *   `button_clicked`, `$pageleave`, `$feature_flag_called`, rare `$exception`, and
 *   `subscription_started` some days after signing up (the conversion target).
 * - Incidents: a DAU drop (−60 %) on `dauDropDay`, an `$exception` spike (×10) on `errorSpikeDay`,
 *   and a flag that is never evaluated from `flagStoppedDay` on while staying `active: true`.
 * - Awkward instants: sessions crossing local midnight (23:59:59.999 → 00:00:00.000), sessions starting
 *   exactly at local midnight, and events around each DST transition in the window (the last instant
 *   before a spring-forward gap, its first instant after, and both occurrences of a fall-back hour).
 *
 * The product launches on `firstDay` (no event before it; `created_at` is each person's first event),
 * so the first ~2 weeks ramp up. Incident days: with `days` ≥ 20, drop at endDay−9, spike at endDay−5,
 * flag stopped at endDay−12 (never in the first 30 days when `days` ≥ 60); shorter windows place them
 * at 60 % / 85 % / 35 % of the window. Below ~30 days the drop may not stand out against the launch
 * ramp of the week before. Expect ~9 events per active person-day: `targetDailyActive` 380 over 60
 * days gives ~100 k events, 3 800 gives ~1 M.
 */
import {
  dayFromNumber,
  dayNumber,
  dayStartUtc,
  HOUR_MS,
  localDayNumber,
  localToUtc,
  transitionsBetween,
} from './calendar';
import { Rng, unitHash } from './random';
import type { Dataset, EmulatedEvent, EmulatedFlag, EmulatedPerson, KnownIncidents } from './types';

export const DEFAULT_TARGET_DAU = 300;

export interface GenerateOptions {
  seed: number;
  /** IANA timezone of the project. */
  timezone: string;
  /** Last local day (inclusive), `YYYY-MM-DD`. */
  endDay: string;
  /** Number of days in the window (≥ 1). */
  days: number;
  /** Expected DAU on a weekday at the end of the window (default 300). */
  targetDailyActive?: number;
  projectId?: number;
  projectName?: string;
  /** The project's week start (0 Sunday, 1 Monday); default 0. */
  weekStartDay?: 0 | 1;
}

export interface ExtendOptions {
  seed: number;
  /** Late-arriving events per day for each of the last `lateDays` days (default 40). */
  lateEventsPerDay?: number;
  /** How many of the dataset's last days receive late events (default 2). */
  lateDays?: number;
  /** Days of fresh traffic after `lastDay` (default 1). */
  newDays?: number;
}

export interface DatasetExtension {
  /** Events to append, sorted by timestamp. */
  events: EmulatedEvent[];
  /** New persons, and existing persons whose record changed (full records, replace by id). */
  persons: EmulatedPerson[];
  /** The dataset's last day once the extension is applied. */
  lastDay: string;
}

// ---------------------------------------------------------------------------------------------
// Product model constants

const MINUTE_MS = 60_000;
const SESSION_CAP_MS = 40 * MINUTE_MS;
const SESSION_IDLE_MS = 30 * MINUTE_MS;
const WEEKEND_FACTOR = 0.6;
const DROP_FACTOR = 0.4;
const SPIKE_FACTOR = 10;
const BASE_EXCEPTION_RATE = 0.03;
const GROWTH = 2.5;
const SECOND_DEVICE_SHARE = 0.45;
const SUBSCRIBER_SHARE = 0.2;
const ORIGIN = 'https://app.example.com';

/** Local-hour weights of session starts. */
const HOUR_WEIGHTS = [0.3, 0.2, 0.15, 0.1, 0.1, 0.2, 0.5, 1, 1.8, 2.5, 2.8, 2.8, 2.4, 2.6, 2.8, 2.7, 2.4, 2, 1.6, 1.5, 1.5, 1.3, 0.9, 0.5];
const cumulative = (weights: readonly number[]): number[] => {
  let sum = 0;
  return weights.map((w) => (sum += w));
};
const HOUR_CDF = cumulative(HOUR_WEIGHTS);
/** Signup sessions start by 21:59 so `signed_up` always lands on the person's first day. */
const SIGNUP_HOUR_CDF = cumulative(HOUR_WEIGHTS.slice(0, 22));

/** Person propensity mixture: [share, low, high]. */
const PROPENSITY: readonly (readonly [number, number, number])[] = [
  [0.5, 0.05, 0.2],
  [0.35, 0.25, 0.5],
  [0.15, 0.6, 0.9],
];
const MEAN_PROPENSITY = PROPENSITY.reduce((s, [share, lo, hi]) => s + (share * (lo + hi)) / 2, 0);
const retention = (ageDays: number): number => 0.2 + 0.8 * Math.exp(-ageDays / 6);

const MARKETING_PAGES = ['/', '/pricing', '/docs', '/blog', '/features'];
const APP_PAGES = ['/dashboard', '/dashboard', '/dashboard', '/insights', '/insights', '/reports', '/settings', '/integrations', '/docs', '/pricing'];
const BUTTONS = ['export', 'share', 'invite', 'save', 'upgrade', 'filter'];
const EXCEPTIONS: readonly (readonly [string, string])[] = [
  ['TypeError', "Cannot read properties of undefined (reading 'map')"],
  ['NetworkError', 'Failed to fetch'],
  ['ChunkLoadError', 'Loading chunk 42 failed.'],
];
const FIRST_NAMES = ['alex', 'sam', 'jordan', 'taylor', 'morgan', 'casey', 'riley', 'jamie', 'robin', 'noa', 'kim', 'lee', 'ana', 'li', 'omar', 'priya'];
const LAST_NAMES = ['smith', 'garcia', 'chen', 'muller', 'rossi', 'kowalski', 'nguyen', 'silva', 'okafor', 'haddad', 'sato', 'novak'];

interface Device {
  browser: string;
  os: string;
  deviceType: string;
}
const DESKTOPS: readonly Device[] = [
  { browser: 'Chrome', os: 'Mac OS X', deviceType: 'Desktop' },
  { browser: 'Chrome', os: 'Windows', deviceType: 'Desktop' },
  { browser: 'Safari', os: 'Mac OS X', deviceType: 'Desktop' },
  { browser: 'Firefox', os: 'Linux', deviceType: 'Desktop' },
  { browser: 'Microsoft Edge', os: 'Windows', deviceType: 'Desktop' },
];
const MOBILES: readonly Device[] = [
  { browser: 'Mobile Safari', os: 'iOS', deviceType: 'Mobile' },
  { browser: 'Chrome', os: 'Android', deviceType: 'Mobile' },
];

interface FlagDef {
  key: string;
  name: string;
  rollout: number;
  active: boolean;
  /** Chance that a session evaluates the flag. */
  evalProb: number;
  variants?: readonly string[];
  createdDaysBefore: number;
}
const FLAG_DEFS: readonly FlagDef[] = [
  { key: 'new-onboarding', name: 'New onboarding flow', rollout: 50, active: true, evalProb: 0.35, createdDaysBefore: 20 },
  { key: 'pricing-page-v2', name: 'Pricing page redesign', rollout: 100, active: true, evalProb: 0.25, variants: ['control', 'test'], createdDaysBefore: 12 },
  { key: 'dark-mode', name: 'Dark mode', rollout: 30, active: true, evalProb: 0.2, createdDaysBefore: 45 },
  { key: 'legacy-export', name: 'Legacy CSV export', rollout: 100, active: true, evalProb: 0.3, createdDaysBefore: 90 },
  { key: 'beta-dashboard', name: 'Beta dashboard', rollout: 10, active: false, evalProb: 0, createdDaysBefore: 5 },
];
/** The flag the generator stops evaluating (it stays `active: true`). */
export const STOPPED_FLAG_KEY = 'legacy-export';

interface FlagPlan {
  key: string;
  rollout: number;
  evalProb: number;
  variants: readonly string[] | undefined;
  /** No evaluation at or after this instant. */
  stopUtc: number;
}

// ---------------------------------------------------------------------------------------------
// Simulation state

interface SimPerson {
  id: string;
  anonId: string;
  email: string;
  anon2: string | null;
  /** Day number from which the second device is used (Infinity: never). */
  device2From: number;
  device2LoggedIn: boolean;
  identified: boolean;
  createdDay: number;
  /** Daily return propensity. */
  base: number;
  /** Whether the propensity decays with age (generator) or is already the observed rate (extension). */
  decays: boolean;
  /** Day number from which the person may subscribe (Infinity: never). */
  subscribeFrom: number;
  subscribed: boolean;
  plan: string;
  device1: Device;
  device2: Device;
  name: string;
  /** Earliest event emitted by this simulation (Infinity: none yet). */
  firstTs: number;
  /** Which ids this simulation used: 1 anonymous, 2 identified, 4 second device. */
  usedIds: number;
}

type SessionMode = 'normal' | 'anon-only' | 'signup' | 'late';

interface Sim {
  tz: string;
  rng: Rng;
  out: EmulatedEvent[];
  /** Events at or after this instant are dropped (end of the covered window). */
  endUtc: number;
  flags: FlagPlan[];
  exceptionRate: (day: number) => number;
  /** Evaluations of the stopped flag per day number (for the "day before" guarantee). */
  stoppedFlagKey: string;
  stoppedFlagEvals: Map<number, number>;
  /** First session per day number: where a guaranteed evaluation can be placed. */
  firstSession: Map<number, { person: SimPerson; distinctId: string; sessionId: string; start: number; device: Device }>;
}

function push(sim: Sim, event: string, distinctId: string, person: SimPerson, timestamp: number, properties: EmulatedEvent['properties']): boolean {
  if (timestamp >= sim.endUtc) return false;
  sim.out.push({ uuid: sim.rng.uuid(), event, distinct_id: distinctId, person_id: person.id, timestamp, properties });
  if (timestamp < person.firstTs) person.firstTs = timestamp;
  person.usedIds |= distinctId === person.email ? 2 : distinctId === person.anonId ? 1 : 4;
  return true;
}

const urls = new Map<string, string>();
/** Full URL of a path (interned: one flat string per path). */
function url(path: string): string {
  let u = urls.get(path);
  if (u === undefined) {
    u = ORIGIN + path;
    urls.set(path, u);
  }
  return u;
}

function pageProps(sessionId: string, path: string, device: Device): EmulatedEvent['properties'] {
  return {
    $session_id: sessionId,
    $current_url: url(path),
    $pathname: path,
    $browser: device.browser,
    $os: device.os,
    $device_type: device.deviceType,
  };
}

function flagResponse(flag: FlagPlan, personId: string): string | boolean {
  const inRollout = unitHash(`${flag.key}:${personId}`) * 100 < flag.rollout;
  if (!inRollout) return false;
  if (flag.variants === undefined) return true;
  return flag.variants[Math.floor(unitHash(`variant:${flag.key}:${personId}`) * flag.variants.length)] ?? true;
}

function dwell(rng: Rng, long: boolean): number {
  // Log-normal: median 35 s (long sessions: 110 s), between 1 s and 8 min.
  const median = long ? 110_000 : 35_000;
  return Math.min(8 * MINUTE_MS, Math.max(1000, Math.round(median * Math.exp(1.0 * rng.normal()))));
}

/** Emits one session; returns the timestamp of its last event. */
function emitSession(sim: Sim, p: SimPerson, start: number, day: number, mode: SessionMode, maxDurationMs = SESSION_CAP_MS): number {
  const { rng } = sim;
  const sessionId = rng.uuid();
  let device = p.device1;
  let distinctId = p.identified ? p.email : p.anonId;
  let pendingLogin = false;
  if (mode === 'signup' || mode === 'anon-only') {
    distinctId = p.anonId;
  } else if (mode === 'normal' && p.anon2 !== null && day >= p.device2From && rng.chance(0.5)) {
    device = p.device2;
    if (p.device2LoggedIn) distinctId = p.email;
    else {
      distinctId = p.anon2;
      pendingLogin = rng.chance(0.5);
    }
  }
  if (!sim.firstSession.has(day) && mode !== 'late') sim.firstSession.set(day, { person: p, distinctId, sessionId, start, device });

  const capEnd = start + maxDurationMs;
  let last = start;
  /** Events past the session cap are dropped (the signup itself never is: it happens early). */
  const emit = (event: string, t: number, properties: EmulatedEvent['properties'], id = distinctId): boolean => {
    if (t > capEnd && event !== '$identify' && event !== 'signed_up') return false;
    if (!push(sim, event, id, p, t, properties)) return false;
    if (t > last) last = t;
    return true;
  };

  // Flags are evaluated as the page loads.
  for (const flag of sim.flags) {
    if (!rng.chance(flag.evalProb)) continue;
    const t = start + 20 + rng.int(900);
    if (t >= flag.stopUtc) continue;
    emit('$feature_flag_called', t, { $session_id: sessionId, $feature_flag: flag.key, $feature_flag_response: flagResponse(flag, p.id) });
    if (flag.key === sim.stoppedFlagKey && t < sim.endUtc) {
      const d = localDayNumber(t, sim.tz);
      sim.stoppedFlagEvals.set(d, (sim.stoppedFlagEvals.get(d) ?? 0) + 1);
    }
  }

  const long = mode !== 'anon-only' && rng.chance(0.12);
  const pages: string[] = [];
  let signupAt = -1;
  /** When the session switched from an anonymous to the identified id (Infinity: it did not). */
  let identifiedAt = Number.POSITIVE_INFINITY;
  const anonymousId = distinctId;
  if (mode === 'signup') {
    const pre = 1 + rng.int(2);
    for (let i = 0; i < pre; i++) pages.push(rng.pick(MARKETING_PAGES));
    pages.push('/signup');
    signupAt = pages.length; // identify after the /signup page
    pages.push('/onboarding');
    const more = rng.geometric(1.5);
    for (let i = 0; i < more; i++) pages.push(rng.pick(APP_PAGES));
  } else if (mode === 'anon-only' || distinctId !== p.email) {
    const n = 1 + Math.min(4, rng.geometric(1.2));
    for (let i = 0; i < n; i++) pages.push(rng.pick(MARKETING_PAGES));
    if (pendingLogin) {
      signupAt = pages.length;
      const more = 1 + rng.geometric(1.2);
      for (let i = 0; i < more; i++) pages.push(rng.pick(APP_PAGES));
    }
  } else {
    const n = 1 + Math.min(long ? 24 : 11, rng.geometric(long ? 6 : 1.6));
    for (let i = 0; i < n; i++) pages.push(rng.pick(APP_PAGES));
  }
  const subscribeNow = mode === 'normal' && !p.subscribed && day >= p.subscribeFrom && rng.chance(0.6);
  const subscribeAt = subscribeNow ? 1 + rng.int(pages.length) : -1;

  let t = start + 1000 + rng.int(1000);
  let lastPage = start;
  for (let i = 0; i < pages.length && (t < capEnd || i <= signupAt); i++) {
    if (i === signupAt) {
      // Identify: the anonymous id is merged into the person; the email-like id is used from here on.
      const anon = distinctId;
      distinctId = p.email;
      const tId = t + 500 + rng.int(3000);
      identifiedAt = tId;
      if (mode === 'signup') {
        emit('$identify', tId, { $session_id: sessionId, $anon_distinct_id: anon });
        emit('signed_up', tId + 5, { $session_id: sessionId, plan: 'free', signup_method: rng.pick(['email', 'google', 'github']) });
        p.identified = true;
      } else {
        emit('$identify', tId, { $session_id: sessionId, $anon_distinct_id: anon });
        p.device2LoggedIn = true;
      }
      t = tId + 2000 + rng.int(5000);
    }
    if (i === subscribeAt && distinctId === p.email) {
      emit('$pageview', t, pageProps(sessionId, '/billing', device));
      const plan = rng.chance(0.7) ? 'pro' : 'team';
      const tSub = t + 15_000 + rng.int(60_000);
      if (emit('subscription_started', tSub, { $session_id: sessionId, plan, amount_usd: plan === 'pro' ? 49 : 199 })) {
        p.subscribed = true;
        p.plan = plan;
      }
      t = tSub + 3000 + rng.int(10_000);
    }
    const path = pages[i] ?? '/';
    emit('$pageview', t, pageProps(sessionId, path, device));
    lastPage = t;
    const d = dwell(rng, long);
    if (rng.chance(0.35)) emit('$autocapture', t + rng.int(d), { $session_id: sessionId, $current_url: url(path), $pathname: path, $event_type: 'click' });
    if (distinctId === p.email && rng.chance(0.12)) {
      emit('button_clicked', t + rng.int(d), { $session_id: sessionId, $current_url: url(path), $pathname: path, button: rng.pick(BUTTONS) });
    }
    t += d;
  }
  if (rng.chance(0.3)) {
    const tLeave = Math.min(capEnd, lastPage + 1000 + rng.int(20_000));
    emit('$pageleave', tLeave, { $session_id: sessionId, $current_url: url(pages[pages.length - 1] ?? '/') });
  }
  if (rng.chance(sim.exceptionRate(day))) {
    const [type, message] = rng.pick(EXCEPTIONS);
    const tEx = start + rng.int(Math.max(1, last - start + 1));
    const props = { $session_id: sessionId, $exception_type: type, $exception_message: message, $current_url: url(pages[0] ?? '/') };
    emit('$exception', tEx, props, tEx < identifiedAt ? anonymousId : distinctId);
  }
  return last;
}

/** Session starts for one person-day, sequential (≥ 30 min apart), inside the day. */
function sessionStarts(rng: Rng, hourStarts: readonly number[], dayEnd: number, count: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < count; i++) {
    const h = rng.weighted(HOUR_CDF);
    starts.push((hourStarts[h] ?? 0) + rng.int(HOUR_MS));
  }
  starts.sort((a, b) => a - b);
  return starts.filter((s) => s < dayEnd);
}

function hourStartsOf(dayN: number, tz: string): number[] {
  const day = dayFromNumber(dayN);
  const out: number[] = [];
  for (let h = 0; h < 24; h++) out.push(localToUtc(day, h, 0, 0, tz));
  return out;
}

function newSimPerson(rng: Rng, index: number, createdDay: number): SimPerson {
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const mix = rng.next();
  let base = 0.3;
  let acc = 0;
  for (const [share, lo, hi] of PROPENSITY) {
    acc += share;
    if (mix < acc) {
      base = rng.uniform(lo, hi);
      break;
    }
  }
  const hasDevice2 = rng.chance(SECOND_DEVICE_SHARE);
  return {
    id: rng.uuid(),
    anonId: rng.uuid(),
    email: `${first}.${last}${index}@example.com`,
    anon2: hasDevice2 ? rng.uuid() : null,
    device2From: hasDevice2 ? createdDay + 1 + rng.int(5) : Number.POSITIVE_INFINITY,
    device2LoggedIn: false,
    identified: false,
    createdDay,
    base,
    decays: true,
    subscribeFrom: rng.chance(SUBSCRIBER_SHARE) ? createdDay + 1 + rng.geometric(5) : Number.POSITIVE_INFINITY,
    subscribed: false,
    plan: 'free',
    device1: rng.chance(0.85) ? rng.pick(DESKTOPS) : rng.pick(MOBILES),
    device2: rng.pick(MOBILES),
    name: `${first.charAt(0).toUpperCase()}${first.slice(1)} ${last.charAt(0).toUpperCase()}${last.slice(1)}`,
    firstTs: Number.POSITIVE_INFINITY,
    usedIds: 0,
  };
}

/** A new person's first day: optional anonymous browsing, the signup session, maybe one more. */
function simulateNewPerson(sim: Sim, p: SimPerson, day: number, hourStarts: readonly number[], dayEnd: number): void {
  const { rng } = sim;
  const h = rng.weighted(SIGNUP_HOUR_CDF);
  const signupStart = (hourStarts[h] ?? 0) + rng.int(HOUR_MS);
  if (rng.chance(0.3)) {
    const anonStart = signupStart - SESSION_IDLE_MS - 15 * MINUTE_MS - rng.int(3 * HOUR_MS);
    if (anonStart >= (hourStarts[0] ?? 0)) emitSession(sim, p, anonStart, day, 'anon-only', 10 * MINUTE_MS);
  }
  const end = emitSession(sim, p, signupStart, day, 'signup');
  if (rng.chance(0.2)) {
    const next = end + SESSION_IDLE_MS + rng.int(4 * HOUR_MS);
    if (next < dayEnd) emitSession(sim, p, next, day, 'normal');
  }
}

function simulateReturningDay(sim: Sim, p: SimPerson, day: number, hourStarts: readonly number[], dayEnd: number, mode: SessionMode): void {
  const { rng } = sim;
  const starts = sessionStarts(rng, hourStarts, dayEnd, 1 + rng.poisson(0.45));
  let free = Number.NEGATIVE_INFINITY;
  for (const s of starts) {
    const start = Math.max(s, free);
    if (start >= dayEnd) break;
    const end = emitSession(sim, p, start, day, mode);
    free = end + SESSION_IDLE_MS + 1000 + rng.int(HOUR_MS);
  }
}

function pickPersonCreatedBefore(rng: Rng, persons: readonly SimPerson[], day: number): SimPerson | undefined {
  // persons are in creation order
  let lo = 0;
  let hi = persons.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((persons[mid]?.createdDay ?? Number.POSITIVE_INFINITY) < day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : persons[rng.int(lo)];
}

/** Sessions at awkward instants: across local midnight, exactly at midnight, around DST changes. */
function emitAwkward(sim: Sim, persons: readonly SimPerson[], firstN: number, lastN: number): void {
  const { rng, tz } = sim;
  const single = (p: SimPerson, times: readonly number[]): void => {
    const sessionId = rng.uuid();
    for (const t of times) push(sim, '$pageview', p.email, p, t, pageProps(sessionId, rng.pick(APP_PAGES), p.device1));
  };
  for (let n = firstN + 1; n <= lastN; n++) {
    const midnight = dayStartUtc(n, tz);
    const x = pickPersonCreatedBefore(rng, persons, n - 1);
    if (x !== undefined) single(x, [midnight - 1, midnight]);
    const y = pickPersonCreatedBefore(rng, persons, n);
    if (y !== undefined) single(y, [midnight]);
  }
  const windowStart = dayStartUtc(firstN, tz);
  for (const tr of transitionsBetween(windowStart, sim.endUtc, tz)) {
    const day = localDayNumber(tr.at, tz);
    const z = pickPersonCreatedBefore(rng, persons, day);
    if (z === undefined) continue;
    single(z, [tr.at - 1000, tr.at - 1, tr.at, tr.at + 30 * MINUTE_MS]);
    if (tr.offsetAfterMs < tr.offsetBeforeMs) {
      // Fall back: the same wall time happens twice; one session in each occurrence.
      const wallMid = tr.at + tr.offsetAfterMs + (tr.offsetBeforeMs - tr.offsetAfterMs) / 2;
      const a = pickPersonCreatedBefore(rng, persons, day);
      const b = pickPersonCreatedBefore(rng, persons, day);
      if (a !== undefined) single(a, [wallMid - tr.offsetBeforeMs]);
      if (b !== undefined) single(b, [wallMid - tr.offsetAfterMs]);
    }
  }
}

/** Makes sure the stopped flag has evaluations on the day before it stopped. */
function guaranteeStoppedFlag(sim: Sim, day: number): void {
  if ((sim.stoppedFlagEvals.get(day) ?? 0) > 0) return;
  const s = sim.firstSession.get(day);
  const flag = sim.flags.find((f) => f.key === sim.stoppedFlagKey);
  if (s === undefined || flag === undefined) return;
  const t = s.start + 10;
  if (t >= flag.stopUtc || t >= sim.endUtc) return;
  push(sim, '$feature_flag_called', s.distinctId, s.person, t, { $session_id: s.sessionId, $feature_flag: flag.key, $feature_flag_response: flagResponse(flag, s.person.id) });
  sim.stoppedFlagEvals.set(day, 1);
}

function sortEvents(events: EmulatedEvent[]): EmulatedEvent[] {
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/** The ids a simulation used for a person, in merge order (anonymous, identified, second device). */
function usedIdList(p: SimPerson): string[] {
  const ids: string[] = [];
  if ((p.usedIds & 1) !== 0) ids.push(p.anonId);
  if ((p.usedIds & 2) !== 0 && p.email !== p.anonId) ids.push(p.email);
  if ((p.usedIds & 4) !== 0 && p.anon2 !== null) ids.push(p.anon2);
  return ids;
}

function personRecord(p: SimPerson): EmulatedPerson {
  return {
    id: p.id,
    created_at: p.firstTs,
    distinct_ids: usedIdList(p),
    properties: {
      email: p.email,
      name: p.name,
      plan: p.plan,
      $initial_browser: p.device1.browser,
      $initial_os: p.device1.os,
      $initial_device_type: p.device1.deviceType,
    },
  };
}

/** Incident days as day numbers. */
function incidentDays(firstN: number, days: number): { drop: number; spike: number; flagStop: number } {
  const lastN = firstN + days - 1;
  if (days >= 20) return { drop: lastN - 9, spike: lastN - 5, flagStop: lastN - 12 };
  const at = (fraction: number): number => firstN + Math.min(days - 1, Math.max(1, Math.floor(days * fraction)));
  return { drop: at(0.6), spike: at(0.85), flagStop: at(0.35) };
}

// ---------------------------------------------------------------------------------------------

export function generateDataset(options: GenerateOptions): Dataset {
  const { seed, timezone: tz, endDay, days } = options;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const target = options.targetDailyActive ?? DEFAULT_TARGET_DAU;
  const lastN = dayNumber(endDay);
  const firstN = lastN - days + 1;
  const rng = new Rng(seed, 'generate');
  const incidents = incidentDays(firstN, days);

  // Acquisition: λ_k = A · e^(r·k) · season · incident; A calibrated so the expected weekday DAU on
  // the last day is `target` (new persons that day plus expected returning ones).
  const r = days > 1 ? Math.log(GROWTH) / (days - 1) : 0;
  const seasonAvg = (5 + 2 * WEEKEND_FACTOR) / 7;
  let unitDau = Math.exp(r * (days - 1));
  for (let c = 0; c < days - 1; c++) unitDau += Math.exp(r * c) * seasonAvg * MEAN_PROPENSITY * retention(days - 1 - c);
  const scale = target / unitDau;

  const flagStopUtc = dayStartUtc(incidents.flagStop, tz);
  const flags: FlagPlan[] = FLAG_DEFS.filter((f) => f.active && f.evalProb > 0).map((f) => ({
    key: f.key,
    rollout: f.rollout,
    evalProb: f.evalProb,
    variants: f.variants,
    stopUtc: f.key === STOPPED_FLAG_KEY ? flagStopUtc : Number.POSITIVE_INFINITY,
  }));
  const sim: Sim = {
    tz,
    rng,
    out: [],
    endUtc: dayStartUtc(lastN + 1, tz),
    flags,
    exceptionRate: (day) => (day === incidents.spike ? BASE_EXCEPTION_RATE * SPIKE_FACTOR : BASE_EXCEPTION_RATE),
    stoppedFlagKey: STOPPED_FLAG_KEY,
    stoppedFlagEvals: new Map(),
    firstSession: new Map(),
  };

  const persons: SimPerson[] = [];
  for (let n = firstN; n <= lastN; n++) {
    const k = n - firstN;
    const wd = new Date(n * 86_400_000).getUTCDay();
    const season = wd === 0 || wd === 6 ? WEEKEND_FACTOR : 1;
    const incident = n === incidents.drop ? DROP_FACTOR : 1;
    const hourStarts = hourStartsOf(n, tz);
    const dayEnd = dayStartUtc(n + 1, tz);
    const existing = persons.length;
    for (let i = 0; i < existing; i++) {
      const p = persons[i];
      if (p === undefined) continue;
      const prob = Math.min(0.95, p.base * retention(n - p.createdDay)) * season * incident;
      if (rng.next() < prob) simulateReturningDay(sim, p, n, hourStarts, dayEnd, 'normal');
    }
    const newCount = rng.poisson(scale * Math.exp(r * k) * season * incident);
    for (let i = 0; i < newCount; i++) {
      const p = newSimPerson(rng, persons.length + 1, n);
      persons.push(p);
      simulateNewPerson(sim, p, n, hourStarts, dayEnd);
    }
  }
  if (incidents.flagStop - 1 >= firstN) guaranteeStoppedFlag(sim, incidents.flagStop - 1);
  emitAwkward(sim, persons, firstN, lastN);

  const events = sortEvents(sim.out);
  const personRecords = persons.filter((p) => p.usedIds !== 0).map(personRecord);

  const windowStart = dayStartUtc(firstN, tz);
  const emulatedFlags: EmulatedFlag[] = FLAG_DEFS.map((f, i) => ({
    id: i + 1,
    key: f.key,
    name: f.name,
    active: f.active,
    created_at: windowStart - f.createdDaysBefore * 86_400_000 + rng.int(HOUR_MS * 8),
    rollout_percentage: f.rollout,
  }));
  const knownIncidents: KnownIncidents = {
    dauDropDay: dayFromNumber(incidents.drop),
    errorSpikeDay: dayFromNumber(incidents.spike),
    flagStoppedKey: STOPPED_FLAG_KEY,
    flagStoppedDay: dayFromNumber(incidents.flagStop),
  };
  return {
    project: {
      id: options.projectId ?? 1,
      name: options.projectName ?? 'Sightline Demo',
      timezone: tz,
      api_token: `phc_${rng.token(32)}`,
      organization_id: rng.uuid(),
      ...(options.weekStartDay === undefined ? {} : { week_start_day: options.weekStartDay }),
    },
    events,
    persons: personRecords,
    flags: emulatedFlags,
    incidents: knownIncidents,
    firstDay: dayFromNumber(firstN),
    lastDay: endDay,
  };
}

// ---------------------------------------------------------------------------------------------
// Extension: late events and new days

interface Observed {
  activeDays: Set<number>;
  subscribed: boolean;
}

function deviceFromProperties(props: EmulatedPerson['properties'], fallback: Device): Device {
  const browser = props.$initial_browser;
  const os = props.$initial_os;
  const deviceType = props.$initial_device_type;
  if (typeof browser === 'string' && typeof os === 'string' && typeof deviceType === 'string') return { browser, os, deviceType };
  return fallback;
}

/**
 * Events to append to `dataset` (which is not modified): `lateEventsPerDay` late-arriving events on
 * each of the last `lateDays` days (new sessions of persons created before that day, so persons do
 * not change), and `newDays` days of fresh traffic after `lastDay` (returning persons at their
 * observed rate, new persons at the recent acquisition rate, second devices, subscriptions). The
 * stopped flag stays stopped; no incident is planted.
 */
export function extendDataset(dataset: Dataset, options: ExtendOptions): DatasetExtension {
  const tz = dataset.project.timezone;
  const rng = new Rng(options.seed, 'extend');
  const lateEventsPerDay = options.lateEventsPerDay ?? 40;
  const lateDays = options.lateDays ?? 2;
  const newDays = options.newDays ?? 1;
  const firstN = dayNumber(dataset.firstDay);
  const lastN = dayNumber(dataset.lastDay);

  // What the data says about each person.
  const observed = new Map<string, Observed>();
  const anon2Identified = new Set<string>();
  const flagSeen = new Set<string>();
  for (const e of dataset.events) {
    let o = observed.get(e.person_id);
    if (o === undefined) {
      o = { activeDays: new Set(), subscribed: false };
      observed.set(e.person_id, o);
    }
    const d = localDayNumber(e.timestamp, tz);
    if (d > lastN - 15) o.activeDays.add(d);
    if (e.event === 'subscription_started') o.subscribed = true;
    if (e.event === '$identify' && typeof e.properties.$anon_distinct_id === 'string') anon2Identified.add(e.properties.$anon_distinct_id);
    if (e.event === '$feature_flag_called' && d > lastN - 3 && typeof e.properties.$feature_flag === 'string') flagSeen.add(e.properties.$feature_flag);
  }
  const usedIds = new Set<string>();
  for (const p of dataset.persons) for (const id of p.distinct_ids) usedIds.add(id);

  const sims: SimPerson[] = [];
  const original = new Map<string, EmulatedPerson>();
  const seasonAvg = (5 + 2 * WEEKEND_FACTOR) / 7;
  const sortedPersons = [...dataset.persons].sort((a, b) => a.created_at - b.created_at);
  for (const person of sortedPersons) {
    original.set(person.id, person);
    const o = observed.get(person.id);
    const email = typeof person.properties.email === 'string' && person.distinct_ids.includes(person.properties.email)
      ? person.properties.email
      : (person.distinct_ids.find((id) => id.includes('@')) ?? person.distinct_ids[0] ?? person.id);
    const anons = person.distinct_ids.filter((id) => id !== email);
    const anon2 = anons[1] ?? null;
    const hasDevice2 = anon2 !== null || rng.chance(SECOND_DEVICE_SHARE / 4);
    const createdDay = localDayNumber(person.created_at, tz);
    // Return rate: active days after the creation day within the last 14 days, shrunk towards a
    // prior (2 pseudo-days at 0.1) so that a person seen once yesterday is not assumed to be daily.
    const from = Math.max(createdDay, lastN - 14);
    let active = 0;
    for (const d of o?.activeDays ?? []) if (d > from) active++;
    const base = Math.min(0.9, Math.max(0.01, (active + 0.2) / (lastN - from + 2) / seasonAvg));
    sims.push({
      id: person.id,
      anonId: anons[0] ?? email,
      email,
      anon2: hasDevice2 ? (anon2 ?? rng.uuid()) : null,
      device2From: hasDevice2 ? lastN + 1 : Number.POSITIVE_INFINITY,
      device2LoggedIn: anon2 !== null && anon2Identified.has(anon2),
      identified: true,
      createdDay,
      base,
      decays: false,
      subscribeFrom: o?.subscribed === true ? Number.POSITIVE_INFINITY : rng.chance(0.1) ? lastN + 1 : Number.POSITIVE_INFINITY,
      subscribed: o?.subscribed ?? false,
      plan: typeof person.properties.plan === 'string' ? person.properties.plan : 'free',
      device1: deviceFromProperties(person.properties, DESKTOPS[0] ?? { browser: 'Chrome', os: 'Mac OS X', deviceType: 'Desktop' }),
      device2: rng.pick(MOBILES),
      name: typeof person.properties.name === 'string' ? person.properties.name : email,
      firstTs: Number.POSITIVE_INFINITY,
      usedIds: 0,
    });
  }

  const flags: FlagPlan[] = [];
  for (const f of dataset.flags) {
    if (!f.active || f.key === dataset.incidents.flagStoppedKey || !flagSeen.has(f.key)) continue;
    const def = FLAG_DEFS.find((d) => d.key === f.key);
    flags.push({ key: f.key, rollout: f.rollout_percentage, evalProb: def?.evalProb ?? 0.25, variants: def?.variants, stopUtc: Number.POSITIVE_INFINITY });
  }
  const sim = (endUtc: number): Sim => ({
    tz,
    rng,
    out: [],
    endUtc,
    flags,
    exceptionRate: () => BASE_EXCEPTION_RATE,
    stoppedFlagKey: dataset.incidents.flagStoppedKey,
    stoppedFlagEvals: new Map(),
    firstSession: new Map(),
  });

  const out: EmulatedEvent[] = [];
  // Late events: exactly `lateEventsPerDay` on each of the last `lateDays` days.
  for (let n = Math.max(firstN, lastN - lateDays + 1); n <= lastN && lateEventsPerDay > 0; n++) {
    const eligible = sims.filter((p) => p.createdDay < n);
    if (eligible.length === 0) continue;
    const dayEnd = dayStartUtc(n + 1, tz);
    const s = sim(dayEnd);
    const hourStarts = hourStartsOf(n, tz);
    for (let guard = 0; s.out.length < lateEventsPerDay && guard < lateEventsPerDay * 20; guard++) {
      const p = rng.pick(eligible);
      const h = rng.weighted(HOUR_CDF);
      emitSession(s, p, (hourStarts[h] ?? 0) + rng.int(HOUR_MS), n, 'late');
    }
    out.push(...s.out.slice(0, lateEventsPerDay));
  }

  // New days.
  const newLastN = lastN + newDays;
  if (newDays > 0) {
    let recentNew = 0;
    let recentDays = 0;
    for (let n = Math.max(firstN, lastN - 6); n <= lastN; n++) recentDays++;
    for (const p of sims) if (p.createdDay > lastN - 7) recentNew++;
    const newRate = recentDays > 0 ? recentNew / recentDays / seasonAvg : 0;
    const s = sim(dayStartUtc(newLastN + 1, tz));
    const existing = sims.length;
    let index = dataset.persons.length;
    for (let n = lastN + 1; n <= newLastN; n++) {
      const wd = new Date(n * 86_400_000).getUTCDay();
      const season = wd === 0 || wd === 6 ? WEEKEND_FACTOR : 1;
      const hourStarts = hourStartsOf(n, tz);
      const dayEnd = dayStartUtc(n + 1, tz);
      for (let i = 0; i < sims.length; i++) {
        const p = sims[i];
        if (p === undefined || p.createdDay >= n) continue;
        const prob = Math.min(0.95, p.decays ? p.base * retention(n - p.createdDay) : p.base) * season;
        if (rng.next() < prob) simulateReturningDay(s, p, n, hourStarts, dayEnd, 'normal');
      }
      const count = rng.poisson(newRate * season);
      for (let i = 0; i < count; i++) {
        let p = newSimPerson(rng, ++index, n);
        while (usedIds.has(p.email)) p = newSimPerson(rng, ++index, n);
        usedIds.add(p.email);
        sims.push(p);
        simulateNewPerson(s, p, n, hourStarts, dayEnd);
      }
    }
    out.push(...s.out);
    // Persons: new ones, and existing ones whose distinct_ids or plan changed.
    const changed: EmulatedPerson[] = [];
    for (let i = 0; i < sims.length; i++) {
      const p = sims[i];
      if (p === undefined) continue;
      const before = original.get(p.id);
      if (i >= existing) {
        if (p.usedIds !== 0) changed.push(personRecord(p));
        continue;
      }
      if (before === undefined) continue;
      const ids = [...before.distinct_ids];
      for (const id of usedIdList(p)) if (!ids.includes(id)) ids.push(id);
      const planChanged = before.properties.plan !== p.plan;
      if (ids.length !== before.distinct_ids.length || planChanged) {
        changed.push({ id: before.id, created_at: before.created_at, distinct_ids: ids, properties: { ...before.properties, plan: p.plan } });
      }
    }
    return { events: sortEvents(out), persons: changed, lastDay: dayFromNumber(newLastN) };
  }
  return { events: sortEvents(out), persons: [], lastDay: dataset.lastDay };
}

/** A new Dataset with the extension applied: events merged in timestamp order, persons upserted, lastDay advanced. */
export function applyExtension(dataset: Dataset, ext: DatasetExtension): Dataset {
  const a = dataset.events;
  const b = [...ext.events].sort((x, y) => x.timestamp - y.timestamp);
  const events: EmulatedEvent[] = new Array<EmulatedEvent>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.timestamp <= y.timestamp)) {
      if (x !== undefined) events[k++] = x;
      i++;
    } else {
      events[k++] = y;
      j++;
    }
  }
  const updates = new Map(ext.persons.map((p) => [p.id, p]));
  const persons = dataset.persons.map((p) => updates.get(p.id) ?? p);
  const known = new Set(dataset.persons.map((p) => p.id));
  for (const p of ext.persons) if (!known.has(p.id)) persons.push(p);
  const lastDay = dayNumber(ext.lastDay) > dayNumber(dataset.lastDay) ? ext.lastDay : dataset.lastDay;
  return { ...dataset, events, persons, lastDay };
}
