/**
 * Ground truth for ordered funnels, in plain TypeScript over `dataset.events` (no SQL, nothing of
 * Sightline's query), and a set of planted persons whose event sequences exercise every rule.
 *
 * Rules (PostHog's; shared/funnels.ts says where each comes from): every step-1 event on an entry day
 * is an attempt; each later step is the person's earliest matching event at or after the step before
 * (strictly after when it is the same event with no narrower filter) and at most `windowDays` × 24 h
 * after the attempt's step-1 event. A person counts once per entry day (and once per total range) at
 * the furthest step any attempt reached. Time between steps: whole-second boundaries crossed
 * (⌊b/1000⌋ − ⌊a/1000⌋), from the person's earliest attempt reaching the step; median over persons.
 * A property filter reads a missing property as ''; `icontains` ignores case.
 */
import { addDays, dayFromNumber, dayNumber, localDayNumber, localToUtc } from './calendar';
import type { Dataset, EmulatedEvent } from './types';

export interface TruthStep {
  event: string;
  filter: { key: string; operator: 'exact' | 'is_not' | 'icontains' | 'not_icontains'; value: string } | null;
}

export interface FunnelTruthOptions {
  steps: TruthStep[];
  windowDays: number;
  today: string;
  /** First entry day of the per-day figures. */
  dayFrom: string;
  ranges: readonly number[];
}

export interface FunnelTruth {
  /** Entry day → persons who reached at least step k (index k − 1). */
  days: Map<string, number[]>;
  /** Range → persons who reached at least step k (index k − 1), and the median seconds into step k (index k − 1; null for step 1 or nobody). */
  totals: Map<number, { reached: number[]; medianSeconds: (number | null)[] }>;
}

function matches(e: EmulatedEvent, step: TruthStep): boolean {
  if (e.event !== step.event) return false;
  const f = step.filter;
  if (f === null) return true;
  const raw = e.properties[f.key];
  const value = raw === undefined || raw === null ? '' : String(raw);
  switch (f.operator) {
    case 'exact':
      return value === f.value;
    case 'is_not':
      return value !== f.value;
    case 'icontains':
      return value.toLowerCase().includes(f.value.toLowerCase());
    case 'not_icontains':
      return !value.toLowerCase().includes(f.value.toLowerCase());
  }
}

function strictAfter(steps: readonly TruthStep[], i: number): boolean {
  const a = steps[i - 1];
  const b = steps[i];
  if (a === undefined || b === undefined || a.event !== b.event) return false;
  if (b.filter === null) return true;
  return a.filter !== null && a.filter.key === b.filter.key && a.filter.operator === b.filter.operator && a.filter.value === b.filter.value;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const lo = sorted[Math.floor((sorted.length + 1) / 2) - 1] as number;
  const hi = sorted[Math.floor((sorted.length + 2) / 2) - 1] as number;
  return (lo + hi) / 2;
}

interface Attempt {
  t0: number;
  day: number;
  reached: number;
  /** Seconds into step k + 2 (index k). */
  dts: number[];
}

export function computeFunnelTruth(dataset: Dataset, options: FunnelTruthOptions): FunnelTruth {
  const tz = dataset.project.timezone;
  const { steps, today } = options;
  const windowMs = options.windowDays * 24 * 3_600_000;
  const todayN = dayNumber(today);
  const longest = Math.max(...options.ranges);
  const entriesFromN = Math.min(dayNumber(options.dayFrom), todayN - longest + 1);
  const byPerson = new Map<string, EmulatedEvent[]>();
  for (const e of dataset.events) {
    let list = byPerson.get(e.person_id);
    if (list === undefined) byPerson.set(e.person_id, (list = []));
    list.push(e);
  }

  const days = new Map<string, number[]>();
  const rangeReached = new Map<number, number[]>(options.ranges.map((r) => [r, new Array<number>(steps.length).fill(0)]));
  const rangeTimes = new Map<number, number[][]>(options.ranges.map((r) => [r, steps.map(() => [])]));
  for (const events of byPerson.values()) {
    events.sort((a, b) => a.timestamp - b.timestamp);
    const attempts: Attempt[] = [];
    for (const e of events) {
      const day = localDayNumber(e.timestamp, tz);
      if (!matches(e, steps[0] as TruthStep) || day < entriesFromN || day > todayN) continue;
      const attempt: Attempt = { t0: e.timestamp, day, reached: 1, dts: [] };
      let last = e.timestamp;
      for (let i = 1; i < steps.length; i += 1) {
        const strict = strictAfter(steps, i);
        const next = events.find((x) => (strict ? x.timestamp > last : x.timestamp >= last) && x.timestamp <= e.timestamp + windowMs && matches(x, steps[i] as TruthStep));
        if (next === undefined) break;
        attempt.reached += 1;
        attempt.dts.push(Math.floor(next.timestamp / 1000) - Math.floor(last / 1000));
        last = next.timestamp;
      }
      attempts.push(attempt);
    }
    if (attempts.length === 0) continue;
    // Per entry day: the furthest step of the day's attempts.
    const perDay = new Map<number, number>();
    for (const a of attempts) perDay.set(a.day, Math.max(perDay.get(a.day) ?? 0, a.reached));
    for (const [dayN, furthest] of perDay) {
      const day = dayFromNumber(dayN);
      if (dayN < dayNumber(options.dayFrom)) continue;
      let counts = days.get(day);
      if (counts === undefined) days.set(day, (counts = new Array<number>(steps.length).fill(0)));
      for (let k = 0; k < furthest; k += 1) counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const range of options.ranges) {
      const inRange = attempts.filter((a) => a.day > todayN - range);
      if (inRange.length === 0) continue;
      const furthest = Math.max(...inRange.map((a) => a.reached));
      const reached = rangeReached.get(range) as number[];
      for (let k = 0; k < furthest; k += 1) reached[k] = (reached[k] ?? 0) + 1;
      const times = rangeTimes.get(range) as number[][];
      for (let k = 2; k <= furthest; k += 1) {
        // The earliest attempt that reached step k (attempts are in time order).
        const first = inRange.find((a) => a.reached >= k) as Attempt;
        times[k - 1]?.push(first.dts[k - 2] as number);
      }
    }
  }
  const totals = new Map<number, { reached: number[]; medianSeconds: (number | null)[] }>();
  for (const range of options.ranges) {
    const times = rangeTimes.get(range) as number[][];
    totals.set(range, { reached: rangeReached.get(range) as number[], medianSeconds: times.map((t, i) => (i === 0 ? null : median(t))) });
  }
  return { days, totals };
}

/** What a planted person shows, for the test's own checks. */
export interface PlantedCase {
  label: string;
  personId: string;
  /** Entry day → the furthest step that day (for the 3-step pricing funnel). */
  expected: Record<string, number>;
}

export const PRICING_FUNNEL: TruthStep[] = [
  { event: '$pageview', filter: { key: '$current_url', operator: 'icontains', value: '/PRICING' } },
  { event: 'signed_up', filter: null },
  { event: 'subscription_started', filter: null },
];

/**
 * Adds persons whose events exercise each rule of the 3-step pricing funnel (window 14 days) on a
 * dataset ending `today` (America/New_York with the 2026-11-01 DST change in the window, ideally):
 * in order; out of order; a failed attempt then a converting one; the last step exactly at the window's
 * end and 1 ms past it; a window across the DST change; two steps at the same millisecond; a
 * non-pricing page (no entry). Returns their labels and expected furthest steps.
 */
export function plantFunnelCases(dataset: Dataset, today: string): PlantedCase[] {
  const tz = dataset.project.timezone;
  const W = 14 * 24 * 3_600_000;
  const at = (day: string, hour: number, minute = 0): number => localToUtc(day, hour, minute, 0, tz);
  const cases: PlantedCase[] = [];
  const events: EmulatedEvent[] = [];
  let n = 0;
  const person = (label: string, sequence: Array<[string, number, string?]>, expected: Record<string, number>): void => {
    n += 1;
    const personId = `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const distinct = `funnel-case-${n}`;
    for (const [event, timestamp, path] of sequence) {
      events.push({
        uuid: `f1000000-0000-4000-8000-${String(events.length + 1).padStart(12, '0')}`,
        event,
        distinct_id: distinct,
        person_id: personId,
        timestamp,
        properties: path === undefined ? {} : { $current_url: `https://acme.example${path}` },
      });
    }
    dataset.persons.push({ id: personId, created_at: Math.min(...sequence.map((s) => s[1])), distinct_ids: [distinct], properties: {} });
    cases.push({ label, personId, expected });
  };
  const d = (offset: number): string => addDays(today, offset);
  const t1 = at(d(-10), 10);
  person('in order', [['$pageview', t1, '/pricing'], ['signed_up', t1 + 300_000], ['subscription_started', t1 + 3 * 86_400_000]], { [d(-10)]: 3 });
  const t2 = at(d(-9), 11);
  person('out of order', [['subscription_started', t2 - 7_200_000], ['signed_up', t2 - 3_600_000], ['$pageview', t2, '/pricing']], { [d(-9)]: 1 });
  const t3 = at(d(-28), 9);
  const t3b = at(d(-6), 9);
  person(
    'a failed attempt, then a converting one',
    [['$pageview', t3, '/Pricing?plan=pro'], ['signed_up', t3 + 60_000], ['subscription_started', t3 + W + 86_400_000], ['$pageview', t3b, '/pricing'], ['signed_up', t3b + 60_000], ['subscription_started', t3b + 120_000]],
    { [d(-28)]: 2, [d(-6)]: 3 },
  );
  const t4 = at(d(-20), 15);
  person('last step exactly at the window’s end', [['$pageview', t4, '/pricing'], ['signed_up', t4 + 1000], ['subscription_started', t4 + W]], { [d(-20)]: 3 });
  const t5 = at(d(-20), 16);
  person('last step 1 ms past the window', [['$pageview', t5, '/pricing'], ['signed_up', t5 + 1000], ['subscription_started', t5 + W + 1]], { [d(-20)]: 2 });
  // 14 × 24 h from noon before the fall-back change ends at 11:00 local: 11:30 local is outside, 10:30 inside.
  const dst = '2026-10-25';
  const t6 = at(dst, 12);
  person('a window across the DST change, inside by hours', [['$pageview', t6, '/pricing'], ['signed_up', t6 + 1000], ['subscription_started', at(addDays(dst, 14), 10, 30)]], { [dst]: 3 });
  const t7 = at(dst, 12, 30);
  person('a window across the DST change, outside by hours', [['$pageview', t7, '/pricing'], ['signed_up', t7 + 1000], ['subscription_started', at(addDays(dst, 14), 12, 0)]], { [dst]: 2 });
  const t8 = at(d(-4), 13);
  person('two steps at the same millisecond', [['$pageview', t8, '/pricing'], ['signed_up', t8], ['subscription_started', t8 + 1500]], { [d(-4)]: 3 });
  const t9 = at(d(-3), 13);
  person('a page that is not pricing', [['$pageview', t9, '/docs'], ['signed_up', t9 + 1000], ['subscription_started', t9 + 2000]], {});
  dataset.events.push(...events);
  dataset.events.sort((a, b) => a.timestamp - b.timestamp);
  return cases;
}
