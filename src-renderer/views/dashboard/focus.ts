/**
 * Opening a metric at a day (an alert's notification or history entry): which card that is, and the
 * detail range that shows the day — never narrower than the default, so the day has context.
 */
import type { NavigateFocus } from '../../../shared/contract';
import { METRICS } from '../../../shared/metrics';
import type { Tier } from '../../../shared/tiers';
import type { CardSpec, SeriesRef } from './cards';
import { DEFAULT_RANGE, rangeWindow, type RangeId } from './ranges';

export type MetricFocus = NavigateFocus;

/** The card of any series, named as the overview names it (funnels by their steps when known). */
export function cardFor(ref: SeriesRef, funnelNames: ReadonlyMap<string, string>): CardSpec {
  const info = METRICS[ref.metric];
  if (ref.key === '') return { metric: ref.metric, key: '', label: info.label, kicker: null };
  if (ref.metric === 'posthog_custom_event_count') return { ...ref, label: ref.key, kicker: 'Custom event' };
  if (info.keyed === 'funnel') return { ...ref, label: funnelNames.get(ref.key) ?? ref.key, kicker: info.label };
  return { ...ref, label: ref.key, kicker: info.label };
}

const WIDENING: readonly RangeId[] = [DEFAULT_RANGE, '90d', 'all'];

/** The narrowest range, from the default up, whose window holds `day`. */
export function rangeContaining(day: string, today: string, tier: Tier | null): RangeId {
  for (const range of WIDENING) {
    const from = rangeWindow(range, today, tier).from;
    if (from === null || from <= day) return range;
  }
  return 'all';
}
