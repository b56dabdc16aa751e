// The tracking store: what it sends main, and what it refuses to send.
import { describe, expect, it } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import type { FunnelRequest, Tracking } from '../../../shared/contract';
import { sameFunnelQuestion } from '../../../shared/funnels';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import { createApiClient } from '../../../src-renderer/api/client';
import { createTrackingStore } from '../../../src-renderer/state/tracking-store';

function fakeMain(initial: Tracking) {
  let tracking = initial;
  let made = 0;
  const calls: Array<{ channel: string; payload: unknown }> = [];
  const listeners = new Set<(event: unknown) => void>();
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel, payload) => {
      calls.push({ channel, payload });
      if (channel === 'tracking.get') return { ok: true, data: tracking };
      if (channel === 'tracking.set') {
        // As main does: a funnel keeps its id while it asks the same question.
        const request = payload as { customEvents: string[]; funnels: FunnelRequest[] };
        const funnels = request.funnels.map((f) => {
          const before = tracking.funnels.find((b) => b.id === f.id);
          return { ...f, id: before !== undefined && sameFunnelQuestion(before, f) ? before.id : `funnel-new${(made += 1) === 1 ? '' : `-${made}`}` };
        });
        tracking = { customEvents: request.customEvents, funnels };
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

const step = (event: string) => ({ event, filter: null });

describe('tracking store', () => {
  it('loads, follows tracking.changed, and stops following', async () => {
    const main = fakeMain({ customEvents: ['a'], funnels: [] });
    const store = createTrackingStore(main.client);
    const stop = store.getState().follow();
    await expect.poll(() => store.getState().tracking).toEqual({ customEvents: ['a'], funnels: [] });
    for (const l of main.listeners) l({ name: 'tracking.changed', payload: { customEvents: ['a', 'b'], funnels: [] } });
    expect(store.getState().tracking?.customEvents).toEqual(['a', 'b']);
    stop();
    expect(main.listeners.size).toBe(0);
  });

  it('tracks the union (no duplicates), keeps the funnels, and remembers what was added', async () => {
    const f1 = { id: 'f1', name: 'F', steps: [step('a'), step('b')], windowDays: 3 };
    const main = fakeMain({ customEvents: ['a'], funnels: [f1] });
    const store = createTrackingStore(main.client);
    await store.getState().load();
    expect(await store.getState().track(['a', 'b', 'b', 'c'])).toBe(true);
    expect(main.calls.at(-1)).toEqual({ channel: 'tracking.set', payload: { customEvents: ['a', 'b', 'c'], funnels: [f1] } });
    expect(store.getState().added).toEqual(['b', 'c']);
    expect(store.getState().pending).toBeNull();
    // A changed funnel gets a new id (new series): its history is on its way too.
    expect(await store.getState().saveFunnel({ ...f1, steps: [step('a'), step('c')] })).toBe(true);
    expect(main.calls.at(-1)?.payload).toEqual({ customEvents: ['a', 'b', 'c'], funnels: [{ ...f1, steps: [step('a'), step('c')] }] });
    expect(store.getState().added).toEqual(['b', 'c', 'funnel-new']);
    // A new funnel is added beside; removing one leaves the others.
    expect(await store.getState().saveFunnel({ id: null, name: 'G', steps: [step('x'), step('y')], windowDays: 14 })).toBe(true);
    expect(store.getState().tracking?.funnels.map((f) => f.id)).toEqual(['funnel-new', 'funnel-new-2']);
    expect(await store.getState().removeFunnel('funnel-new')).toBe(true);
    expect(store.getState().tracking?.funnels.map((f) => f.name)).toEqual(['G']);
  });

  it('refuses more than the custom event limit with a message saying how many fit, without asking main', async () => {
    const tracked = Array.from({ length: MAX_CUSTOM_EVENTS - 2 }, (_, i) => `e${i}`);
    const main = fakeMain({ customEvents: tracked, funnels: [] });
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
