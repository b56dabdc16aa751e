/**
 * Ground truth for cohort retention and Day-N retention, computed from `dataset.events` in plain
 * TypeScript (loops, Maps, Sets), independently of Sightline's HogQL and of its period arithmetic
 * (weeks and months are worked out here on day numbers and calendar fields). Definitions, after
 * PostHog's retention insight:
 *
 * - An event's day is its local day in the project's timezone; events after `today` do not exist yet.
 * - Periods: a day; a week starting on `weekStartDay` (0 Sunday, 1 Monday); a calendar month.
 * - The table holds the `periods` periods ending with the one containing `today`.
 * - `first_time`: a person's cohort is the period of their earliest start event over ALL events;
 *   persons whose cohort is older than the table are in no cohort. `recurring`: a person is in the
 *   cohort of every period of the table in which they did a start event.
 * - `returned[k]` of a cohort (k ≥ 1): its persons with a return event in the k-th period after it
 *   (only periods up to today's exist). Null start/return event = any event.
 * - Day-N: `firstSeen[X]` = persons whose earliest start event is on day X; `dayReturned[X][N]` = those
 *   of them with a return event on day X + N (N = 1, 7, 30).
 */
import { dayFromNumber, dayNumber, localDayNumber } from './calendar';
import type { Dataset } from './types';

export interface RetentionTruthOptions {
  period: 'day' | 'week' | 'month';
  startEvent: string | null;
  returnEvent: string | null;
  mode: 'first_time' | 'recurring';
  weekStartDay: 0 | 1;
  /** The last day with data (the sync's today). */
  today: string;
  /** Periods in the table (30 days, 8 weeks, 6 months by default). */
  periods: number;
}

export interface RetentionTruthCohort {
  /** First day of the cohort's period. */
  start: string;
  size: number;
  /** `returned[k]` for k = 1 … (periods up to today's); index 0 is the size again. */
  returned: number[];
}

export interface RetentionTruth {
  cohorts: RetentionTruthCohort[];
  firstSeen: Map<string, number>;
  /** `${day} ${n}` → persons first seen on `day` with a return event on day + n. */
  dayReturned: Map<string, number>;
}

/** A period as a comparable index: the day number, the week's first day number, or year × 12 + month. */
function periodIndex(dayN: number, options: RetentionTruthOptions): number {
  if (options.period === 'day') return dayN;
  if (options.period === 'week') {
    // 1970-01-01 (day 0) was a Thursday (weekday 4).
    const weekdayN = (((dayN + 4) % 7) + 7) % 7;
    return dayN - ((weekdayN - options.weekStartDay + 7) % 7);
  }
  const day = dayFromNumber(dayN);
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
}

function periodStep(options: RetentionTruthOptions): number {
  return options.period === 'week' ? 7 : 1;
}

function periodStartDay(index: number, options: RetentionTruthOptions): string {
  if (options.period !== 'month') return dayFromNumber(index);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

export function computeRetentionTruth(dataset: Dataset, options: RetentionTruthOptions): RetentionTruth {
  const tz = dataset.project.timezone;
  const todayN = dayNumber(options.today);
  const firstStartDay = new Map<string, number>();
  const startPeriods = new Map<string, Set<number>>();
  const returnDays = new Map<string, Set<number>>();
  for (const e of dataset.events) {
    const d = localDayNumber(e.timestamp, tz);
    if (d > todayN) continue;
    if (options.startEvent === null || e.event === options.startEvent) {
      const first = firstStartDay.get(e.person_id);
      if (first === undefined || d < first) firstStartDay.set(e.person_id, d);
      let periods = startPeriods.get(e.person_id);
      if (periods === undefined) startPeriods.set(e.person_id, (periods = new Set()));
      periods.add(periodIndex(d, options));
    }
    if (options.returnEvent === null || e.event === options.returnEvent) {
      let days = returnDays.get(e.person_id);
      if (days === undefined) returnDays.set(e.person_id, (days = new Set()));
      days.add(d);
    }
  }

  const step = periodStep(options);
  const current = periodIndex(todayN, options);
  const oldest = current - (options.periods - 1) * step;
  const members = new Map<number, string[]>();
  for (let p = oldest; p <= current; p += step) members.set(p, []);
  if (options.mode === 'first_time') {
    for (const [person, day] of firstStartDay) members.get(periodIndex(day, options))?.push(person);
  } else {
    for (const [person, periods] of startPeriods) for (const p of periods) members.get(p)?.push(person);
  }

  const returnPeriods = new Map<string, Set<number>>();
  for (const [person, days] of returnDays) returnPeriods.set(person, new Set([...days].map((d) => periodIndex(d, options))));

  const cohorts: RetentionTruthCohort[] = [];
  for (const [p, persons] of members) {
    const returned = [persons.length];
    for (let later = p + step; later <= current; later += step) {
      returned.push(persons.filter((person) => returnPeriods.get(person)?.has(later) === true).length);
    }
    cohorts.push({ start: periodStartDay(p, options), size: persons.length, returned });
  }

  const firstSeen = new Map<string, number>();
  const dayReturned = new Map<string, number>();
  for (const [person, day] of firstStartDay) {
    const key = dayFromNumber(day);
    firstSeen.set(key, (firstSeen.get(key) ?? 0) + 1);
    for (const n of [1, 7, 30]) {
      if (returnDays.get(person)?.has(day + n) === true) dayReturned.set(`${key} ${n}`, (dayReturned.get(`${key} ${n}`) ?? 0) + 1);
    }
  }
  return { cohorts, firstSeen, dayReturned };
}
