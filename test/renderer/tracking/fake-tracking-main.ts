// A fake main for the tracking and funnels views: tracking.get / tracking.set validated with the
// contract's schemas, events.definitions matching by name.
import type { SightlineBridge } from '../../../shared/bridge';
import { channels, type AppError, type EventDefinitionInfo, type Tracking } from '../../../shared/contract';
import { sameFunnelQuestion } from '../../../shared/funnels';
import { createApiClient } from '../../../src-renderer/api/client';
import { NOW } from '../dashboard/fixtures';

const HOUR = 60 * 60 * 1000;
export const DEFINITIONS: EventDefinitionInfo[] = [
  { name: '$pageview', volume30Day: 982_113, lastSeenAt: new Date(NOW - 60_000).toISOString() },
  { name: 'signup', volume30Day: 12_345, lastSeenAt: new Date(NOW - 3 * HOUR).toISOString() },
  { name: 'signup_started', volume30Day: 20_001, lastSeenAt: new Date(NOW - 26 * HOUR).toISOString() },
  { name: 'signature_added', volume30Day: null, lastSeenAt: null },
  { name: 'purchase', volume30Day: 811, lastSeenAt: new Date(NOW - 5 * 60_000).toISOString() },
];

/**
 * A fake main: tracking.get / tracking.set (validated with the contract, answering like main: a funnel
 * gets an id, kept while it asks the same question) and events.definitions (matching by name).
 * `fail` makes a channel answer an error instead.
 */
export function fakeMain(initial: Tracking = { customEvents: [], funnels: [] }) {
  let tracking = initial;
  let funnels = 0;
  const searches: string[] = [];
  const sets: unknown[] = [];
  const fail = new Map<string, AppError>();
  const listeners = new Set<(event: unknown) => void>();
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel, payload) => {
      const failure = fail.get(channel);
      if (failure !== undefined) return { ok: false, error: failure };
      if (channel === 'tracking.get') return { ok: true, data: tracking };
      if (channel === 'tracking.set') {
        sets.push(payload);
        const request = channels['tracking.set'].request.safeParse(payload);
        if (!request.success) return { ok: false, error: { code: 'bad_request', message: `Invalid tracking.set request: ${request.error.issues[0]?.message}` } };
        tracking = {
          customEvents: request.data.customEvents,
          funnels: request.data.funnels.map((f) => {
            const before = tracking.funnels.find((b) => b.id === f.id);
            return { ...f, id: before !== undefined && sameFunnelQuestion(before, f) ? before.id : `funnel-${(funnels += 1)}` };
          }),
        };
        return { ok: true, data: tracking };
      }
      if (channel === 'events.definitions') {
        const { search } = channels['events.definitions'].request.parse(payload);
        searches.push(search);
        return { ok: true, data: DEFINITIONS.filter((d) => d.name.includes(search)) };
      }
      return { ok: false, error: { code: 'unknown_channel', message: channel } };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client: createApiClient(bridge),
    searches,
    sets,
    fail,
    emit(name: string, payload: unknown): void {
      for (const listener of listeners) listener({ name, payload });
    },
  };
}

