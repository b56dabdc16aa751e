/**
 * What a rule can watch, for the editor's metric picker: the project-wide metrics, every flag or one
 * flag, each tracked custom event, the funnel. Built from what the replica holds and what the project
 * tracks; a rule's current target stays on the list even when its series is gone (it says so).
 */
import { seriesLabel, type KeyNames } from '../../../shared/alerts/describe';
import type { AlertTarget } from '../../../shared/alerts/rule';
import { DAILY_METRIC_IDS, METRICS, type MetricId } from '../../../shared/metrics';

export interface TargetOption {
  /** The `<option>` value: the target, encoded. */
  value: string;
  label: string;
  target: AlertTarget;
}

export interface TargetGroup {
  label: string;
  options: TargetOption[];
}

export interface TargetSources {
  /** Flag keys the replica has evaluations for. */
  flagKeys: readonly string[];
  /** Custom events the project tracks (and any the replica still holds). */
  customEvents: readonly string[];
  /** The tracked funnels' ids. */
  funnelIds: readonly string[];
  names: KeyNames;
  /** The edited rule's target, kept even when nothing above offers it. */
  current?: AlertTarget;
}

/** A target as an `<option>` value, and back. */
export function encodeTarget(target: AlertTarget): string {
  return JSON.stringify([target.metric, target.key]);
}
export function decodeTarget(value: string): AlertTarget | null {
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [metric, key] = parsed as unknown[];
    if (typeof metric !== 'string' || !(metric in METRICS) || (key !== null && typeof key !== 'string')) return null;
    return { metric: metric as MetricId, key };
  } catch {
    return null;
  }
}

/** Project-wide series: every metric without sub-series, and the flag evaluations' total. */
const PROJECT_METRICS: readonly MetricId[] = DAILY_METRIC_IDS.filter((id) => METRICS[id].keyed === 'none' || METRICS[id].keyed === 'flag');

export function targetGroups(sources: TargetSources): TargetGroup[] {
  const option = (metric: MetricId, key: string | null, label?: string): TargetOption => {
    const target = { metric, key };
    return { value: encodeTarget(target), label: label ?? seriesLabel(metric, key, sources.names), target };
  };
  const groups: TargetGroup[] = [
    {
      label: 'Project',
      options: PROJECT_METRICS.map((metric) => option(metric, '', metric === 'posthog_flag_evaluations' ? 'Flag evaluations (all flags together)' : `${METRICS[metric].label}`)),
    },
    {
      label: 'Feature flags',
      options: [option('posthog_flag_evaluations', null, 'Every flag, each on its own'), ...[...sources.flagKeys].sort().map((key) => option('posthog_flag_evaluations', key))],
    },
  ];
  if (sources.customEvents.length > 0) {
    groups.push({
      label: 'Custom events',
      options: [
        option('posthog_custom_event_count', null, 'Every tracked event (count), each on its own'),
        ...sources.customEvents.flatMap((name) => [option('posthog_custom_event_count', name), option('posthog_custom_event_users', name)]),
      ],
    });
  }
  if (sources.funnelIds.length > 0) {
    groups.push({
      label: 'Funnels',
      options: sources.funnelIds.flatMap((id) => [option('posthog_conversion_rate', id), option('posthog_conversion_entered', id), option('posthog_conversion_converted', id)]),
    });
  }
  const current = sources.current;
  if (current !== undefined && !groups.some((g) => g.options.some((o) => o.value === encodeTarget(current)))) {
    groups.push({ label: 'No longer synced', options: [option(current.metric, current.key, `${seriesLabel(current.metric, current.key, sources.names)} (not synced any more)`)] });
  }
  return groups;
}
