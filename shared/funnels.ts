/**
 * Multi-step conversion funnels, ordered as PostHog's funnel insight orders them. The rules, read from
 * posthog/hogql_queries/insights/funnels/ (base.py `_get_sorting_condition`, funnel.py, funnel_trends.py)
 * — facts, not code:
 *
 * - Entry: a person enters at each step-1 event inside the date range (every one is an attempt).
 * - Order: step i must happen at or after step i − 1 (`latest_{i-1} <= latest_i`); strictly after when
 *   step i is the same event as step i − 1 with no narrower filter ("duplicate event": `<`).
 * - Window: every step of an attempt at or before entry + the conversion window
 *   (`latest_i <= latest_0 + INTERVAL window`), both ends inclusive; the window counts from the entry,
 *   not from the previous step. Other events in between do not matter (ordered, not strict).
 * - Each attempt follows the earliest matching event of each step in turn (what PostHog's levels of
 *   `min(...)` over later rows compute); a person counts once, at the furthest step any of their
 *   attempts reached (`max(steps)` per person) — per day of entry for the trend (funnel_trends.py groups
 *   by person and entrance period), and over the whole range for the totals.
 * - Time between steps: from the step before, in whole seconds (`dateDiff('second', …)`), taken from
 *   the person's earliest attempt that reached the step; the median over persons.
 */
import { addDays } from './time';

/** How a step's property filter compares (PostHog's operator names). */
export const PROPERTY_OPERATORS = ['exact', 'is_not', 'icontains', 'not_icontains'] as const;
export type PropertyOperator = (typeof PROPERTY_OPERATORS)[number];

export const OPERATOR_LABELS: Readonly<Record<PropertyOperator, string>> = {
  exact: 'equals',
  is_not: 'does not equal',
  icontains: 'contains',
  not_icontains: 'does not contain',
};

/** A simple event-property filter: `$current_url` contains `/pricing`. A missing property is the empty string. */
export interface StepFilter {
  key: string;
  operator: PropertyOperator;
  value: string;
}

export interface FunnelStep {
  event: string;
  filter: StepFilter | null;
}

export interface FunnelDefinition {
  id: string;
  name: string;
  steps: FunnelStep[];
  /** Conversion window in days (PostHog's default is 14). */
  windowDays: number;
}

/** Funnels per project: each is one query of every sync. */
export const MAX_FUNNELS = 10;
export const MIN_FUNNEL_STEPS = 2;
export const MAX_FUNNEL_STEPS = 5;
export const DEFAULT_FUNNEL_WINDOW_DAYS = 14;
/** Ranges the funnel totals are computed for, in days ending today. */
export const FUNNEL_TOTAL_RANGES = [7, 30] as const;
export type FunnelTotalRange = (typeof FUNNEL_TOTAL_RANGES)[number];

function sameFilter(a: StepFilter | null, b: StepFilter | null): boolean {
  return a === null || b === null ? a === b : a.key === b.key && a.operator === b.operator && a.value === b.value;
}

/**
 * Whether step `i` must come strictly after step `i − 1`: it is the same event and matches every event
 * the step before matches (no filter, or the same one) — so one event cannot be both steps.
 */
export function strictlyAfterPrevious(steps: readonly FunnelStep[], i: number): boolean {
  const step = steps[i];
  const previous = steps[i - 1];
  if (step === undefined || previous === undefined) return false;
  return step.event === previous.event && (step.filter === null || sameFilter(step.filter, previous.filter));
}

/** Whether two definitions ask the same question (same steps, filters and window; the name aside). */
export function sameFunnelQuestion(a: Omit<FunnelDefinition, 'id' | 'name'>, b: Omit<FunnelDefinition, 'id' | 'name'>): boolean {
  return a.windowDays === b.windowDays && a.steps.length === b.steps.length && a.steps.every((s, i) => s.event === b.steps[i]?.event && sameFilter(s.filter, b.steps[i]?.filter ?? null));
}

/**
 * The first entry day whose conversions may still grow on `today`: the last entry of a day (just
 * before its end) has until `windowDays` later, and a DST change can stretch that by an hour — so a
 * day's conversions are final once the day `day + windowDays + 1` is over. Entry days from this one
 * on are "still converting"; alerts judge a funnel's rate on the days before it (conversionLagDays).
 */
export function convertingFrom(today: string, windowDays: number): string {
  return addDays(today, -(windowDays + 1));
}

/**
 * Days a funnel's per-day figures take to be final (its window and a day of margin), for the funnel
 * a series key names; for every funnel (key null), the longest. Undefined for other metrics.
 */
export function conversionLagDays(funnels: ReadonlyArray<Pick<FunnelDefinition, 'id' | 'windowDays'>>, metric: string, key: string | null): number | undefined {
  if (!metric.startsWith('posthog_conversion_')) return undefined;
  const windows = funnels.filter((f) => key === null || f.id === key).map((f) => f.windowDays);
  return windows.length === 0 ? undefined : Math.max(...windows) + 1;
}

/** "`signed_up` → `subscription_started`", for titles. */
export function funnelTitle(steps: readonly FunnelStep[]): string {
  return steps.map((s) => s.event).join(' → ');
}

/** A step's filter in words: `$current_url contains "/pricing"`. */
export function describeFilter(filter: StepFilter): string {
  return `${filter.key} ${OPERATOR_LABELS[filter.operator]} “${filter.value}”`;
}
