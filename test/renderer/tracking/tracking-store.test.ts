// The tracking store: what it sends main, and what it refuses to send.
import { describe, expect, it } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import type { Tracking } from '../../../shared/contract';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import { createApiClient } from '../../../src-renderer/api/client';
import { createTrackingStore } from '../../../src-renderer/state/tracking-store';

function fakeMain(initial: Tracking) {
  let tracking = initial;
  const calls: Array<{ channel: string; payload: unknown }> = [];
  const listeners = new Set<(event: unknown) => void>();
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      if (channel === 'tracking.get') return { ok: true, data: tracking };
      if (channel === 'tracking.set') {
        const request = payload as { customEvents: string[]; conversion: { from: string; to: string; windowDays: number } | null };
        const c = request.conversion;
        const kept = c !== null && tracking.conversion !== null && c.from === tracking.conversion.from && c.to === tracking.conversion.to && c.windowDays === tracking.conversion.windowDays;
        tracking = { customEvents: request.customEvents, conversion: c === null ? null : kept ? tracking.conversion : { id: 'funnel-new', ...c } };
        return { ok: true, data: tracking };
      }
      return { ok: false, error: { code: 'unknown_channel', message: channel } };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { client: createApiClient(bridge), calls, listeners };
}

describe('tracking store', () => {
  it('loads, follows tracking.changed, and stops following', async () => {
    const main = fakeMain({ customEvents: ['a'], conversion: null });
    const store = createTrackingStore(main.client);
    const stop = store.getState().follow();
    await expect.poll(() => store.getState().tracking).toEqual({ customEvents: ['a'], conversion: null });
    for (const l of main.listeners) l({ name: 'tracking.changed', payload: { customEvents: ['a', 'b'], conversion: null } });
    expect(store.getState().tracking?.customEvents).toEqual(['a', 'b']);
    stop();
    expect(main.listeners.size).toBe(0);
  });

  it('tracks the union (no duplicates), keeps the funnel, and remembers what was added', async () => {
    const main = fakeMain({ customEvents: ['a'], conversion: { id: 'f1', from: 'a', to: 'b', windowDays: 3 } });
    const store = createTrackingStore(main.client);
    await store.getState().load();
    expect(await store.getState().track(['a', 'b', 'b', 'c'])).toBe(true);
    expect(main.calls.at(-1)).toEqual({ channel: 'tracking.set', payload: { customEvents: ['a', 'b', 'c'], conversion: { from: 'a', to: 'b', windowDays: 3 } } });
    expect(store.getState().added).toEqual(['b', 'c']);
    expect(store.getState().pending).toBeNull();
    // A changed funnel gets a new id (new series): its history is on its way too.
    expect(await store.getState().saveFunnel({ from: 'a', to: 'c', windowDays: 3 })).toBe(true);
    expect(main.calls.at(-1)?.payload).toEqual({ customEvents: ['a', 'b', 'c'], conversion: { from: 'a', to: 'c', windowDays: 3 } });
    expect(store.getState().added).toEqual(['b', 'c', 'funnel-new']);
  });

  it('refuses more than the custom event limit with a message saying how many fit, without asking main', async () => {
    const tracked = Array.from({ length: MAX_CUSTOM_EVENTS - 2 }, (_, i) => `e${i}`);
    const main = fakeMain({ customEvents: tracked, conversion: null });
    const store = createTrackingStore(main.client);
    await store.getState().load();
    const before = main.calls.length;
    expect(await store.getState().track(['x', 'y', 'z'])).toBe(false);
    expect(main.calls.length).toBe(before);
    expect(store.getState().error).toEqual({
      action: 'events',
      error: {
        code: 'bad_request',
        message: `Sightline tracks at most ${MAX_CUSTOM_EVENTS} custom events. You track ${MAX_CUSTOM_EVENTS - 2} and chose 3 more.`,
        hint: 'Choose at most 2, or remove an event you no longer need.',
      },
    });
  });
});
