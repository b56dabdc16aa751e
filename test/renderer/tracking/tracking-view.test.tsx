// @vitest-environment jsdom
// The Custom events view as a founder uses it: the event picker (debounced search of PostHog's event
// definitions), tracking several events at once, and main's errors — against a fake main that
// validates every request with the contract's schemas.
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { TrackingView } from '../../../src-renderer/views/tracking/TrackingView';
import { closeDbs, connected, entry, newDb, NOW, seed, series, YESTERDAY } from '../dashboard/fixtures';
import { DEFINITIONS, fakeMain } from './fake-tracking-main';

afterEach(() => {
  cleanup();
  closeDbs();
});

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
    const main = fakeMain({ customEvents: ['purchase'], funnels: [] });
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
    const funnel = { id: 'funnel-a', name: 'Paid', steps: [{ event: 'signup', filter: null }, { event: 'purchase', filter: null }], windowDays: 14 };
    const main = fakeMain({ customEvents: ['purchase'], funnels: [funnel] });
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
    expect(main.sets).toEqual([{ customEvents: ['purchase', 'signup', '$pageview'], funnels: [funnel] }]);
    expect(checkbox('signup').disabled).toBe(true);
    expect(screen.getByTestId('tracked-count').textContent).toBe(`3 of ${MAX_CUSTOM_EVENTS}`);
    // Their history is on its way: each new event says so until its points are in the replica.
    const trend = screen.getAllByTestId('event-trend').find((t) => t.getAttribute('data-name') === 'signup');
    expect((await within(trend!).findByTestId('trend-waiting')).textContent).toBe('Fetching the last 30 days…');
  });

  it('does not let the choice go past the custom event limit, and says why', async () => {
    const tracked = Array.from({ length: MAX_CUSTOM_EVENTS - 1 }, (_, i) => `event_${i}`);
    const main = fakeMain({ customEvents: tracked, funnels: [] });
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
    const main = fakeMain({ customEvents: ['signup', 'purchase'], funnels: [] });
    renderTracking(main);
    await waitFor(() => expect(trackedNames()).toEqual(['signup', 'purchase']));
    fireEvent.click(screen.getByRole('button', { name: 'Stop tracking signup' }));
    await waitFor(() => expect(trackedNames()).toEqual(['purchase']));
    expect(main.sets).toEqual([{ customEvents: ['purchase'], funnels: [] }]);
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

describe('trends of the tracked events', () => {
  it('charts what the replica holds, and follows tracking.changed from another window', async () => {
    const db = newDb();
    await seed(db, 'posthog_custom_event_count', 'signup', series(YESTERDAY, 30, (_d, i) => 100 + i));
    await seed(db, 'posthog_custom_event_users', 'signup', series(YESTERDAY, 30, () => 42));
    await seed(db, 'posthog_custom_event_count', 'purchase', series(YESTERDAY, 30, () => 7));
    const main = fakeMain({ customEvents: ['signup'], funnels: [] });
    renderTracking(main, db);

    const signup = await screen.findByTestId('event-trend');
    await waitFor(() => expect(within(signup).getByTestId('trend-summary').textContent).toContain('latest complete day 129 on Mon, Mar 2'));
    const facts = within(signup).getAllByTestId('latest-fact').map((f) => f.textContent);
    expect(facts).toEqual(['Events: 129 on Mon, Mar 2', 'Unique users: 42 on Mon, Mar 2']);

    // Another window tracks an event: this one shows it at once, with its data from the replica.
    act(() => main.emit('tracking.changed', { customEvents: ['signup', 'purchase'], funnels: [] }));
    await waitFor(() => expect(screen.getAllByTestId('event-trend').map((t) => t.getAttribute('data-name'))).toEqual(['signup', 'purchase']));
  });

  it('says the data is not synced yet (rather than fetching) when nothing is on its way', async () => {
    const main = fakeMain({ customEvents: ['signup'], funnels: [] });
    renderTracking(main);
    const trend = await screen.findByTestId('event-trend');
    expect((await within(trend).findByTestId('trend-waiting')).textContent).toBe('Nothing synced yet: the last 30 days are fetched with the next sync.');
  });
});
