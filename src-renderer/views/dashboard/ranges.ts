/**
 * The detail chart's ranges, bounded by what the plan keeps. A range of N days is the last N local
 * days including today, the same way a tier's retention counts them (shared/tiers.ts), so Basic's
 * "30 days" range fits Basic's 30 days of history exactly.
 */
import { addDays } from '../../../shared/time';
import { retentionCutoff, TIER_SPECS, type Tier } from '../../../shared/tiers';

export type RangeId = '7d' | '30d' | '90d' | 'all';

export const RANGES: ReadonlyArray<{ id: RangeId; label: string; days: number | null }> = [
  { id: '7d', label: '7 d', days: 7 },
  { id: '30d', label: '30 d', days: 30 },
  { id: '90d', label: '90 d', days: 90 },
  { id: 'all', label: 'All', days: null },
];

export const DEFAULT_RANGE: RangeId = '30d';

export interface RangeWindow {
  /** First day shown, or null for "from the first day there is". */
  from: string | null;
  /** Last day shown: today. */
  to: string;
  /** The range's length in days (the offset of the previous period), or null for All. */
  days: number | null;
  /** Set when the plan's retention cut the start of the range. */
  cut: { tier: Tier; retentionDays: number; cutoff: string } | null;
  /**
   * The previous period, aligned day by day at `days` before; null for All, and when the plan keeps
   * none of it (`previousNotKept`).
   */
  previous: { from: string; to: string } | null;
  previousNotKept: boolean;
}

/** The days a range covers on `today` for a tier (null while the plan is not known yet: no cut). */
export function rangeWindow(range: RangeId, today: string, tier: Tier | null): RangeWindow {
  const days = RANGES.find((r) => r.id === range)?.days ?? null;
  if (days === null) return { from: null, to: today, days: null, cut: null, previous: null, previousNotKept: false };
  const start = addDays(today, -(days - 1));
  const cutoff = tier === null ? null : retentionCutoff(tier, today);
  const retentionDays = tier === null ? null : TIER_SPECS[tier].retentionDays;
  const cut = tier !== null && cutoff !== null && retentionDays !== null && start < cutoff ? { tier, retentionDays, cutoff } : null;
  const previous = { from: addDays(start, -days), to: addDays(start, -1) };
  const previousNotKept = cutoff !== null && previous.to < cutoff;
  return { from: cut?.cutoff ?? start, to: today, days, cut, previous: previousNotKept ? null : previous, previousNotKept };
}

/** The first day a window needs read: its own start, or its previous period's when comparing. */
export function readStart(window: RangeWindow, comparing: boolean): string | null {
  if (window.from === null) return null;
  return comparing && window.previous !== null ? window.previous.from : window.from;
}
