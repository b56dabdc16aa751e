import { createStore } from 'zustand/vanilla';
import type { AppError, FunnelRequest, Tracking } from '../../shared/contract';
import { MAX_CUSTOM_EVENTS } from '../../shared/metrics';
import type { RetentionDefinition } from '../../shared/retention';
import type { ApiClient } from '../api/client';

export type { FunnelRequest } from '../../shared/contract';

/** Which part of the view a save belongs to (its button shows busy, its error shows next to it). */
export type TrackingAction = 'events' | 'funnel' | 'retention';

export interface TrackingState {
  /** The project's tracked events and funnel, as main last said (null until loaded). */
  tracking: Tracking | null;
  /** Why they could not be loaded. */
  loadError: AppError | null;
  pending: TrackingAction | null;
  /** The last failed save, with the part of the view it belongs to (cleared by the next save). */
  error: { action: TrackingAction; error: AppError } | null;
  /** Series keys (event names, funnel ids) added from this window: their first 30 days are on their way. */
  added: readonly string[];
  load(): Promise<void>;
  /** `tracking.changed` from main (a save in this window or another). */
  onChanged(tracking: Tracking): void;
  /** Loads now and follows `tracking.changed`. Returns the function that stops following. */
  follow(): () => void;
  /** Tracks these events too (the union with what is tracked), keeping the funnel. */
  track(names: readonly string[]): Promise<boolean>;
  untrack(name: string): Promise<boolean>;
  /** Adds a funnel (`id` null) or changes one, keeping everything else. */
  saveFunnel(funnel: FunnelRequest): Promise<boolean>;
  removeFunnel(id: string): Promise<boolean>;
  /** Changes what retention measures (main drops the old table and fetches the new one). */
  saveRetention(retention: RetentionDefinition): Promise<boolean>;
  clearError(): void;
}

function tooMany(tracked: number, chosen: number): AppError {
  return {
    code: 'bad_request',
    message: `Sightline tracks at most ${MAX_CUSTOM_EVENTS} custom events. You track ${tracked} and chose ${chosen} more.`,
    hint: tracked >= MAX_CUSTOM_EVENTS ? 'Remove an event you no longer need first.' : `Choose at most ${MAX_CUSTOM_EVENTS - tracked}, or remove an event you no longer need.`,
  };
}

const notLoaded: AppError = { code: 'unavailable', message: 'Sightline does not know yet which events this project tracks.', hint: 'Wait a moment, or reload the window.' };

/** The tracked custom events and funnel of the connected project, and the state of changing them. */
export function createTrackingStore(client: ApiClient) {
  return createStore<TrackingState>()((set, get) => {
    const funnelsOf = (tracking: Tracking): FunnelRequest[] => tracking.funnels.map((f) => ({ id: f.id, name: f.name, steps: f.steps, windowDays: f.windowDays }));

    /** Sends the whole new choice (main replaces it) and records the outcome. */
    const save = async (action: TrackingAction, customEvents: string[], funnels: FunnelRequest[], retention?: RetentionDefinition): Promise<boolean> => {
      set({ pending: action, error: null });
      const before = get().tracking;
      const result = await client.call('tracking.set', retention === undefined ? { customEvents, funnels } : { customEvents, funnels, retention });
      if (!result.ok) {
        set({ pending: null, error: { action, error: result.error } });
        return false;
      }
      const next = result.data;
      const newKeys = [
        ...next.customEvents.filter((name) => !(before?.customEvents.includes(name) ?? false)),
        ...next.funnels.filter((f) => !(before?.funnels.some((b) => b.id === f.id) ?? false)).map((f) => f.id),
      ];
      set((s) => ({ tracking: next, pending: null, added: [...s.added.filter((k) => !newKeys.includes(k)), ...newKeys] }));
      return true;
    };

    const current = (action: TrackingAction): Tracking | null => {
      const tracking = get().tracking;
      if (tracking === null) set({ error: { action, error: notLoaded } });
      return tracking;
    };

    return {
      tracking: null,
      loadError: null,
      pending: null,
      error: null,
      added: [],
      load: async () => {
        const result = await client.call('tracking.get', {});
        set(result.ok ? { tracking: result.data, loadError: null } : { loadError: result.error });
      },
      onChanged: (tracking) => set({ tracking, loadError: null }),
      follow: () => {
        const off = client.on('tracking.changed', (tracking) => get().onChanged(tracking));
        void get().load();
        return off;
      },
      track: async (names) => {
        const tracking = current('events');
        if (tracking === null) return false;
        const fresh = [...new Set(names)].filter((name) => !tracking.customEvents.includes(name));
        if (fresh.length === 0) return true;
        if (tracking.customEvents.length + fresh.length > MAX_CUSTOM_EVENTS) {
          set({ error: { action: 'events', error: tooMany(tracking.customEvents.length, fresh.length) } });
          return false;
        }
        return save('events', [...tracking.customEvents, ...fresh], funnelsOf(tracking));
      },
      untrack: async (name) => {
        const tracking = current('events');
        if (tracking === null) return false;
        return save(
          'events',
          tracking.customEvents.filter((n) => n !== name),
          funnelsOf(tracking),
        );
      },
      saveFunnel: async (funnel) => {
        const tracking = current('funnel');
        if (tracking === null) return false;
        const funnels = funnelsOf(tracking);
        const at = funnel.id === null ? -1 : funnels.findIndex((f) => f.id === funnel.id);
        return save('funnel', [...tracking.customEvents], at === -1 ? [...funnels, funnel] : funnels.map((f, i) => (i === at ? funnel : f)));
      },
      removeFunnel: async (id) => {
        const tracking = current('funnel');
        if (tracking === null) return false;
        return save(
          'funnel',
          [...tracking.customEvents],
          funnelsOf(tracking).filter((f) => f.id !== id),
        );
      },
      saveRetention: async (retention) => {
        const tracking = current('retention');
        if (tracking === null) return false;
        return save('retention', [...tracking.customEvents], funnelsOf(tracking), retention);
      },
      clearError: () => set({ error: null }),
    };
  });
}

export type TrackingStore = ReturnType<typeof createTrackingStore>;
