// @vitest-environment jsdom
// The Events & funnel view as a founder uses it: the event picker (debounced search of PostHog's event
// definitions), tracking several events at once, the funnel editor, and main's errors — against a fake
// main that validates every request with the contract's schemas.
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import { channels, type AppError, type EventDefinitionInfo, type Tracking } from '../../../shared/contract';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import { createApiClient } from '../../../src-renderer/api/client';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { TrackingView } from '../../../src-renderer/views/tracking/TrackingView';
import { closeDbs, connected, entry, newDb, NOW, seed, series, YESTERDAY } from '../dashboard/fixtures';

afterEach(() => {
  cleanup();
  closeDbs();
});

const HOUR = 60 * 60 * 1000;
const DEFINITIONS: EventDefinitionInfo[] = [
  { name: '$pageview', volume30Day: 982_113, lastSeenAt: new Date(NOW - 60_000).toISOString() },
  { name: 'signup', volume30Day: 12_345, lastSeenAt: new Date(NOW - 3 * HOUR).toISOString() },
  { name: 'signup_started', volume30Day: 20_001, lastSeenAt: new Date(NOW - 26 * HOUR).toISOString() },
  { name: 'signature_added', volume30Day: null, lastSeenAt: null },
  { name: 'purchase', volume30Day: 811, lastSeenAt: new Date(NOW - 5 * 60_000).toISOString() },
];

/**
 * A fake main: tracking.get / tracking.set (validated with the contract, answering like main: the funnel
 * gets an id, kept while its definition is unchanged) and events.definitions (matching by name).
 * `fail` makes a channel answer an error instead.
 */
function fakeMain(initial: Tracking = { customEvents: [], conversion: null }) {
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
        const c = request.data.conversion;
        const same = c !== null && tracking.conversion !== null && c.from === tracking.conversion.from && c.to === tracking.conversion.to && c.windowDays === tracking.conversion.windowDays;
        tracking = { customEvents: request.data.customEvents, conversion: c === null ? null : same ? tracking.conversion : { id: `funnel-${(funnels += 1)}`, ...c } };
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

function renderTracking(main: ReturnType<typeof fakeMain>, db: ReplicaDb = newDb()) {
  const sync = createSyncStore(main.client);
  sync.setState({ log: [entry()], running: null });
  render(<TrackingView client={main.client} connection={connected} db={db} sync={sync} onConnect={() => {}} now={() => NOW} />);
  return { sync, db };
}

const option = (name: string): HTMLElement => {
  const found = screen.getAllByTestId('event-option').find((o) => o.getAttribute('data-name') === name);
  if (found === undefined) throw new Error(`no option ${name}`);
  return found;
};
const checkbox = (name: string): HTMLInputElement => within(option(name)).getByRole<HTMLInputElement>('checkbox');
const optionNames = (): Array<string | null> => screen.queryAllByTestId('event-option').map((o) => o.getAttribute('data-name'));
const trackedNames = (): Array<string | null> => screen.queryAllByTestId('tracked-event').map((o) => o.getAttribute('data-name'));

describe('event picker', () => {
  it('searches PostHog’s events with what was typed once typing pauses, and shows volume and last seen', async () => {
    const main = fakeMain({ customEvents: ['purchase'], conversion: null });
    renderTracking(main);
    expect(screen.getByTestId('tracking-view')).toBeTruthy();
    // Opening the picker lists the busiest events (an empty search).
    await waitFor(() => expect(optionNames()).toHaveLength(DEFINITIONS.length));
    expect(main.searches).toEqual(['']);

    const search = screen.getByTestId('event-search');
    fireEvent.change(search, { target: { value: 's' } });
    fireEvent.change(search, { target: { value: 'si' } });
    fireEvent.change(search, { target: { value: 'sig' } });
    expect(main.searches).toEqual(['']);
    await waitFor(() => expect(optionNames()).toEqual(['signup', 'signup_started', 'signature_added']));
    // One request for the pause, with the whole text; none for the keystrokes in between.
    expect(main.searches).toEqual(['', 'sig']);

    expect(option('signup').textContent).toContain('12,345 in 30 days');
    expect(option('signup').textContent).toContain('last seen 3 hours ago');
    expect(option('signup_started').textContent).toContain('last seen yesterday');
    expect(option('signature_added').textContent).toContain('30-day volume unknown');

    fireEvent.change(search, { target: { value: 'nothing-like-this' } });
    await waitFor(() => expect(screen.getByTestId('event-search-status').textContent).toBe('No event matches “nothing-like-this”.'));
  });

  it('tracks several selected events at once, keeping the tracked ones and the funnel', async () => {
    const funnel = { id: 'funnel-a', from: 'signup', to: 'purchase', windowDays: 14 };
    const main = fakeMain({ customEvents: ['purchase'], conversion: funnel });
    renderTracking(main);
    await waitFor(() => expect(optionNames()).toHaveLength(DEFINITIONS.length));
    expect(trackedNames()).toEqual(['purchase']);
    // Already tracked: ticked and disabled.
    expect(checkbox('purchase').checked).toBe(true);
    expect(checkbox('purchase').disabled).toBe(true);
    expect(option('purchase').textContent).toContain('tracked');

    const track = screen.getByTestId('track-selected');
    expect((track as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(checkbox('signup'));
    fireEvent.click(checkbox('$pageview'));
    expect(track.textContent).toBe('Track selected (2)');
    fireEvent.click(track);

    await waitFor(() => expect(trackedNames()).toEqual(['purchase', 'signup', '$pageview']));
    expect(main.sets).toEqual([{ customEvents: ['purchase', 'signup', '$pageview'], conversion: { from: 'signup', to: 'purchase', windowDays: 14 } }]);
    expect(checkbox('signup').disabled).toBe(true);
    expect(screen.getByTestId('tracked-count').textContent).toBe(`3 of ${MAX_CUSTOM_EVENTS}`);
    // Their history is on its way: each new event says so until its points are in the replica.
    const trend = screen.getAllByTestId('event-trend').find((t) => t.getAttribute('data-name') === 'signup');
    expect((await within(trend!).findByTestId('trend-waiting')).textContent).toBe('Fetching the last 30 days…');
  });

  it('does not let the choice go past the custom event limit, and says why', async () => {
    const tracked = Array.from({ length: MAX_CUSTOM_EVENTS - 1 }, (_, i) => `event_${i}`);
    const main = fakeMain({ customEvents: tracked, conversion: null });
    renderTracking(main);
    await waitFor(() => expect(optionNames()).toHaveLength(DEFINITIONS.length));
    fireEvent.click(checkbox('signup'));
    expect(checkbox('purchase').disabled).toBe(true);
    expect(screen.getByTestId('event-limit').textContent).toBe(`Sightline syncs at most ${MAX_CUSTOM_EVENTS} custom events. You track ${MAX_CUSTOM_EVENTS - 1}, so only 1 more can be added.`);
    fireEvent.click(screen.getByTestId('track-selected'));
    await waitFor(() => expect(trackedNames()).toHaveLength(MAX_CUSTOM_EVENTS));
    expect(screen.getByTestId('event-limit').textContent).toContain('Remove one to track another');
    expect(checkbox('purchase').disabled).toBe(true);
  });

  it('removes a tracked event', async () => {
    const main = fakeMain({ customEvents: ['signup', 'purchase'], conversion: null });
    renderTracking(main);
    await waitFor(() => expect(trackedNames()).toEqual(['signup', 'purchase']));
    fireEvent.click(screen.getByRole('button', { name: 'Stop tracking signup' }));
    await waitFor(() => expect(trackedNames()).toEqual(['purchase']));
    expect(main.sets).toEqual([{ customEvents: ['purchase'], conversion: null }]);
  });

  it('shows main’s errors with their hint: a search without a connection, a failed save', async () => {
    const main = fakeMain();
    main.fail.set('events.definitions', { code: 'not_connected', message: 'No PostHog project is connected.', hint: 'Connect a project first, then choose the events to track.' });
    renderTracking(main);
    const picker = await screen.findByTestId('event-picker');
    const notice = await within(picker).findByTestId('error-notice');
    expect(notice.getAttribute('data-code')).toBe('not_connected');
    expect(notice.textContent).toContain('No PostHog project is connected.');
    expect(notice.textContent).toContain('Connect a project first, then choose the events to track.');

    // It works again: Try again searches once more.
    main.fail.delete('events.definitions');
    fireEvent.click(within(notice).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(optionNames()).toHaveLength(DEFINITIONS.length));
    expect(within(picker).queryByTestId('error-notice')).toBeNull();

    main.fail.set('tracking.set', { code: 'offline', message: 'This computer is offline.', hint: 'Connect to the internet and try again.' });
    fireEvent.click(checkbox('signup'));
    fireEvent.click(screen.getByTestId('track-selected'));
    const failed = await screen.findByText('This computer is offline.');
    expect(failed.closest('[role="alert"]')?.textContent).toContain('Connect to the internet and try again.');
    expect(trackedNames()).toEqual([]);
    // The choice is kept, to try again.
    expect(checkbox('signup').checked).toBe(true);
  });
});

describe('funnel editor', () => {
  it('saves from, to and the window, keeping the tracked events; then shows it and can remove it', async () => {
    const main = fakeMain({ customEvents: ['signup'], conversion: null });
    renderTracking(main);
    const from = await screen.findByTestId('funnel-from');
    expect(screen.getByTestId<HTMLInputElement>('funnel-window').value).toBe('7');
    fireEvent.change(from, { target: { value: 'signup' } });
    fireEvent.change(screen.getByTestId('funnel-to'), { target: { value: 'purchase' } });
    fireEvent.change(screen.getByTestId('funnel-window'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('funnel-save'));

    await waitFor(() => expect(screen.getByTestId('funnel-current').textContent).toBe('Tracking signup → purchase within 3 days.'));
    expect(main.sets).toEqual([{ customEvents: ['signup'], conversion: { from: 'signup', to: 'purchase', windowDays: 3 } }]);
    const trend = screen.getByTestId('funnel-trend');
    expect(trend.getAttribute('data-key')).toBe('funnel-1');
    expect((await within(trend).findByTestId('trend-waiting')).textContent).toBe('Fetching the last 30 days…');

    fireEvent.click(screen.getByTestId('funnel-remove'));
    await waitFor(() => expect(screen.queryByTestId('funnel-current')).toBeNull());
    expect(main.sets[1]).toEqual({ customEvents: ['signup'], conversion: null });
    expect(screen.queryByTestId('funnel-trend')).toBeNull();
  });

  it('explains a window out of range without asking main, and shows main’s validation message', async () => {
    const main = fakeMain();
    renderTracking(main);
    fireEvent.change(await screen.findByTestId('funnel-from'), { target: { value: 'signup' } });
    fireEvent.change(screen.getByTestId('funnel-to'), { target: { value: 'purchase' } });
    fireEvent.change(screen.getByTestId('funnel-window'), { target: { value: '400' } });
    fireEvent.click(screen.getByTestId('funnel-save'));
    expect(screen.getByTestId('funnel-invalid').textContent).toBe('The window is a whole number of days, from 1 to 365.');
    expect(main.sets).toEqual([]);

    // An empty step: main's contract says what is wrong.
    fireEvent.change(screen.getByTestId('funnel-window'), { target: { value: '7' } });
    fireEvent.change(screen.getByTestId('funnel-to'), { target: { value: '  ' } });
    fireEvent.click(screen.getByTestId('funnel-save'));
    const editor = screen.getByTestId('funnel-editor');
    const notice = await within(editor).findByTestId('error-notice');
    expect(notice.getAttribute('data-code')).toBe('bad_request');
    expect(notice.textContent).toContain('an event name cannot be empty');
    expect(screen.queryByTestId('funnel-invalid')).toBeNull();
    expect(main.sets).toEqual([{ customEvents: [], conversion: { from: 'signup', to: '', windowDays: 7 } }]);
  });
});

describe('trends of the tracked events and funnel', () => {
  it('charts what the replica holds, and follows tracking.changed from another window', async () => {
    const db = newDb();
    await seed(db, 'posthog_custom_event_count', 'signup', series(YESTERDAY, 30, (_d, i) => 100 + i));
    await seed(db, 'posthog_custom_event_users', 'signup', series(YESTERDAY, 30, () => 42));
    await seed(db, 'posthog_conversion_rate', 'funnel-x', { [YESTERDAY]: 0.25 });
    await seed(db, 'posthog_conversion_entered', 'funnel-x', { [YESTERDAY]: 40 });
    await seed(db, 'posthog_conversion_converted', 'funnel-x', { [YESTERDAY]: 10 });
    const main = fakeMain({ customEvents: ['signup'], conversion: null });
    renderTracking(main, db);

    const signup = await screen.findByTestId('event-trend');
    await waitFor(() => expect(within(signup).getByTestId('trend-summary').textContent).toContain('latest complete day 129 on Mon, Mar 2'));
    const facts = within(signup).getAllByTestId('latest-fact').map((f) => f.textContent);
    expect(facts).toEqual(['Events: 129 on Mon, Mar 2', 'Unique users: 42 on Mon, Mar 2']);

    // Another window defines the funnel: this one shows it at once, with its data from the replica.
    act(() => main.emit('tracking.changed', { customEvents: ['signup'], conversion: { id: 'funnel-x', from: 'signup', to: 'purchase', windowDays: 7 } }));
    const funnel = await screen.findByTestId('funnel-trend');
    await waitFor(() => expect(within(funnel).getAllByTestId('latest-fact').map((f) => f.textContent)).toEqual(['Conversion rate: 25% on Mon, Mar 2', 'Entered: 40 on Mon, Mar 2', 'Converted: 10 on Mon, Mar 2']));
    expect(screen.getByTestId('funnel-current').textContent).toBe('Tracking signup → purchase within 7 days.');
    expect(screen.getByTestId<HTMLInputElement>('funnel-from').value).toBe('signup');
  });

  it('says the data is not synced yet (rather than fetching) when nothing is on its way', async () => {
    const main = fakeMain({ customEvents: ['signup'], conversion: null });
    renderTracking(main);
    const trend = await screen.findByTestId('event-trend');
    expect((await within(trend).findByTestId('trend-waiting')).textContent).toBe('Nothing synced yet: the last 30 days are fetched with the next sync.');
  });
});
