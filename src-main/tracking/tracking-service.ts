/**
 * What the founder tracks beyond the built-in metrics, per project: custom events (each synced as a
 * daily count and unique persons), conversion funnels (2–5 steps each) and the retention definition. Kept in main's settings under
 * the project's key, so switching projects back and forth keeps each one's choice.
 *
 * Changing the choice keeps the history consistent: series of events no longer tracked are removed
 * (from main's store, and so from every replica), a funnel whose steps or window changed gets a new id
 * (its series start anew: old values would answer another question), and newly added things are
 * fetched at once (the caller runs a 30-day sync).
 */
import { randomUUID } from 'node:crypto';
import type { Tracking, TrackingRequestSchema } from '../../shared/contract';
import type { z } from 'zod';
import { AppFailure } from '../contract/failure';
import { sameFunnelQuestion, type FunnelDefinition } from '../../shared/funnels';
import { METRIC_IDS, METRICS } from '../../shared/metrics';
import { DEFAULT_RETENTION, sameRetention, type RetentionDefinition } from '../../shared/retention';
import type { SeriesStore } from '../store/series-store';
import { trackingKey, type SavedConnection, type SettingsStore } from '../store/settings-store';

export const NO_TRACKING: Tracking = { customEvents: [], funnels: [] };

export interface TrackingChange {
  tracking: Tracking;
  /** Whether something new must be fetched (an event added, a funnel defined or changed). */
  needsSync: boolean;
}

export interface TrackingServiceDeps {
  settings: SettingsStore;
  series: Pick<SeriesStore, 'dropSeries'>;
  newId?: () => string;
}

const KEYED_BY_EVENT = new Set(['posthog_custom_event_count', 'posthog_custom_event_users']);
const KEYED_BY_FUNNEL: ReadonlySet<string> = new Set(METRIC_IDS.filter((id) => METRICS[id].keyed === 'funnel' || METRICS[id].keyed === 'funnel-step'));

/** The funnel a series key belongs to: the key itself, or the part before `:range:step`. */
function funnelOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon === -1 ? key : key.slice(0, colon);
}
const RETENTION_METRICS: ReadonlySet<string> = new Set(METRIC_IDS.filter((id) => id.startsWith('posthog_retention_')));

/** The retention definition in effect: the stored one, or the default. */
export function retentionOf(tracking: Tracking): RetentionDefinition {
  return tracking.retention ?? DEFAULT_RETENTION;
}

export function createTrackingService(deps: TrackingServiceDeps) {
  const newId = deps.newId ?? (() => `funnel-${randomUUID().slice(0, 8)}`);
  const connected = (): SavedConnection => {
    const connection = deps.settings.read().connection;
    if (connection === null) throw new AppFailure('not_connected', 'No PostHog project is connected.', 'Connect a project first, then choose the events to track.');
    return connection;
  };

  return {
    /** The connected project's tracking; nothing when none is connected. */
    current(): Tracking {
      const connection = deps.settings.read().connection;
      return connection === null ? NO_TRACKING : (deps.settings.read().tracking[trackingKey(connection)] ?? NO_TRACKING);
    },

    async set(request: z.output<typeof TrackingRequestSchema>): Promise<TrackingChange> {
      const key = trackingKey(connected());
      const before = deps.settings.read().tracking[key] ?? NO_TRACKING;
      // A funnel keeps its id (and so its history and alert rules) while it asks the same question; a
      // renamed one too. Changed steps, filters or window: a new id, its series start anew.
      const funnels: FunnelDefinition[] = request.funnels.map((f) => {
        const previous = f.id === null ? undefined : before.funnels.find((b) => b.id === f.id);
        const id = previous !== undefined && sameFunnelQuestion(previous, f) ? previous.id : newId();
        return { id, name: f.name, steps: f.steps.map((s) => ({ event: s.event, filter: s.filter === null ? null : { ...s.filter } })), windowDays: f.windowDays };
      });
      const retention = request.retention ?? before.retention;
      const tracking: Tracking = { customEvents: [...request.customEvents], funnels, ...(retention === undefined ? {} : { retention: { ...retention } }) };
      await deps.settings.update((s) => ({ ...s, tracking: { ...s.tracking, [key]: tracking } }));

      const kept = new Set(tracking.customEvents);
      const keptFunnels = new Set(funnels.map((f) => f.id));
      // Another retention definition answers another question: its old table and Day-N series go.
      const retentionChanged = !sameRetention(retentionOf(before), retentionOf(tracking));
      await deps.series.dropSeries(
        (metric, seriesKey) =>
          (KEYED_BY_EVENT.has(metric) && !kept.has(seriesKey)) ||
          (KEYED_BY_FUNNEL.has(metric) && !keptFunnels.has(funnelOfKey(seriesKey))) ||
          (retentionChanged && RETENTION_METRICS.has(metric)),
      );
      const added = tracking.customEvents.some((name) => !before.customEvents.includes(name));
      const newFunnel = funnels.some((f) => !before.funnels.some((b) => b.id === f.id));
      return { tracking, needsSync: added || newFunnel || retentionChanged };
    },
  };
}

export type TrackingService = ReturnType<typeof createTrackingService>;
