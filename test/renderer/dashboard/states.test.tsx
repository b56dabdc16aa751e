// @vitest-environment jsdom
// The dashboard's states: not connected, first sync, nothing synced, a project without events, stale data.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/time';
import { closeDbs, entry, newDb, NOW, renderDashboard, seed, series, TODAY, YESTERDAY } from './fixtures';

afterEach(() => {
  cleanup();
  closeDbs();
});

describe('dashboard states', () => {
  it('not connected: the empty state with its Connect button', async () => {
    const view = renderDashboard({ db: newDb(), connection: { state: 'not-connected' } });
    expect(screen.getByTestId('dashboard-empty').textContent).toContain('Your metrics will live here');
    fireEvent.click(screen.getByTestId('start-connect'));
    expect(screen.getByRole('button', { name: 'Connect PostHog' })).toBeTruthy();
    expect(view.connects()).toBe(1);
  });

  it('connected with an empty replica while the first sync runs: its progress', async () => {
    renderDashboard({ db: newDb(), log: [], running: { kind: 'initial', step: 2, total: 5, queryId: 'sessions' } });
    const state = await screen.findByTestId('first-sync');
    expect(state.textContent).toContain('First sync in progress');
    expect(state.textContent).toContain('2 of 5 queries');
    const bar = screen.getByRole('progressbar', { name: 'First sync progress' });
    expect(bar.getAttribute('value')).toBe('2');
    expect(bar.getAttribute('max')).toBe('5');
  });

  it('connected, nothing synced and nothing running: the first sync’s error, if it failed', async () => {
    const failed = entry({ status: 'failed', errors: [{ queryId: 'connection', metrics: [], error: { code: 'offline', message: 'This computer is offline.', hint: 'Connect to the internet, then Refresh.' } }] });
    renderDashboard({ db: newDb(), log: [failed] });
    const state = await screen.findByTestId('dashboard-no-data');
    expect(state.textContent).toContain('The first sync did not finish');
    expect(state.textContent).toContain('This computer is offline.');
    expect(state.textContent).toContain('Connect to the internet, then Refresh.');
  });

  it('synced, and every day has 0 events: says so, with what to check', async () => {
    const db = newDb();
    await seed(db, 'posthog_events', '', series(TODAY, 31, () => 0));
    await seed(db, 'posthog_dau', '', series(TODAY, 31, () => 0));
    renderDashboard({ db });
    const state = await screen.findByTestId('dashboard-no-events');
    expect(screen.getByRole('heading', { name: 'No events in the last 30 days' })).toBeTruthy();
    expect(state.textContent).toContain('Wrong project?');
    expect(state.textContent).toContain('Are events arriving?');
    expect(state.textContent).toContain('Acme Web');
    expect(screen.queryByTestId('metric-card-posthog_dau')).toBeNull();
  });

  it('one event is enough for the overview', async () => {
    const db = newDb();
    await seed(db, 'posthog_events', '', { ...series(TODAY, 31, () => 0), [addDays(TODAY, -12)]: 1 });
    renderDashboard({ db });
    expect(await screen.findByTestId('metric-card-posthog_events')).toBeTruthy();
    expect(screen.queryByTestId('dashboard-no-events')).toBeNull();
  });

  it('warns when the newest successful sync is more than a day old, and not otherwise', async () => {
    const db = newDb();
    await seed(db, 'posthog_dau', '', { [addDays(YESTERDAY, -3)]: 10 });
    const old = entry({ finishedAt: new Date(NOW - 3 * 86_400_000).toISOString() });
    const failedSince = entry({ status: 'failed', errors: [{ queryId: 'connection', metrics: [], error: { code: 'offline', message: 'This computer is offline.' } }] });
    renderDashboard({ db, log: [failedSince, old] });
    const notice = await screen.findByTestId('stale-notice');
    expect(notice.textContent).toContain('These numbers may be out of date.');
    expect(notice.textContent).toContain('3 days ago');
    // The sync-wide failure is said once, above the cards.
    await waitFor(() => expect(screen.getAllByText('This computer is offline.')).toHaveLength(1));
    cleanup();

    renderDashboard({ db, log: [entry()] });
    await screen.findByTestId('metric-card-posthog_dau');
    expect(screen.queryByTestId('stale-notice')).toBeNull();
  });
});
