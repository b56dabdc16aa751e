// @vitest-environment jsdom
// The dashboard's overview as a founder sees it, painted from a seeded replica (Dexie on fake-indexeddb).
// fake-indexeddb first: Dexie's liveQuery only runs where a global indexedDB existed when Dexie loaded.
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/time';
import { closeDbs, entry, newDb, NOW, renderDashboard, seed, series, TODAY, YESTERDAY } from './fixtures';

afterEach(() => {
  cleanup();
  closeDbs();
});

const card = (testId: string): HTMLElement => screen.getByTestId(testId);
const valueOf = (el: HTMLElement): string => within(el).getByTestId('metric-value').textContent ?? '';
const changeOf = (el: HTMLElement): HTMLElement => within(el).getByTestId('metric-change');

describe('dashboard overview', () => {
  it('shows the latest complete day (in the project’s timezone) and today’s partial value separately', async () => {
    const db = newDb();
    // Last week's Monday 1 000, this Monday 1 234, today (Tuesday, partial) 80.
    await seed(db, 'posthog_dau', '', { ...series(YESTERDAY, 30, () => 1_000), [YESTERDAY]: 1_234, [TODAY]: 80 });
    renderDashboard({ db });

    const dau = await screen.findByRole('button', { name: /Daily active users/ });
    await waitFor(() => expect(valueOf(dau)).toBe('1,234'));
    expect(dau.getAttribute('data-testid')).toBe('metric-card-posthog_dau');
    expect(dau.textContent).toContain('Mon, Mar 2');
    expect(within(dau).getByTestId('metric-today').textContent).toBe('80 so far today');
    expect(screen.getByTestId('dashboard-connected').textContent).toContain('Acme Web is connected');
  });

  it('compares with the same weekday last week, WAU/MAU with 7 days before, coloured by whether up is good', async () => {
    const db = newDb();
    const lastWeek = addDays(YESTERDAY, -7);
    await seed(db, 'posthog_dau', '', { [lastWeek]: 1_000, [YESTERDAY]: 1_200, [TODAY]: 50 });
    await seed(db, 'posthog_new_users', '', { [lastWeek]: 40, [YESTERDAY]: 30 });
    await seed(db, 'posthog_errors', '', { [lastWeek]: 10, [YESTERDAY]: 30 });
    await seed(db, 'posthog_wau', '', { [lastWeek]: 2_000, [YESTERDAY]: 2_000 });
    await seed(db, 'posthog_mau', '', { [YESTERDAY]: 9_000 });
    renderDashboard({ db });

    await waitFor(() => expect(valueOf(card('metric-card-posthog_errors'))).toBe('30'));
    const dau = changeOf(card('metric-card-posthog_dau'));
    expect(dau.textContent).toBe('▲ +20%, better, vs Mon last week');
    expect(dau.getAttribute('data-tone')).toBe('good');

    const newUsers = changeOf(card('metric-card-posthog_new_users'));
    expect(newUsers.textContent).toBe('▼ -25%, worse, vs Mon last week');
    expect(newUsers.getAttribute('data-tone')).toBe('bad');

    // More errors is bad news.
    const errors = changeOf(card('metric-card-posthog_errors'));
    expect(errors.textContent).toBe('▲ +200%, worse, vs Mon last week');
    expect(errors.getAttribute('data-tone')).toBe('bad');

    const wau = changeOf(card('metric-card-posthog_wau'));
    expect(wau.textContent).toBe('– no change vs 7 days before');
    expect(wau.getAttribute('data-tone')).toBe('neutral');
    // Nothing stored a week before: says so rather than inventing a change.
    expect(changeOf(card('metric-card-posthog_mau')).textContent).toBe('— vs 7 days before (no data)');
  });

  it('formats durations, ratios, and adds a card per custom event and funnel in the replica', async () => {
    const db = newDb();
    await seed(db, 'posthog_session_duration', '', { [YESTERDAY]: 252.4 });
    await seed(db, 'posthog_custom_event_count', 'signup', { [addDays(YESTERDAY, -7)]: 10, [YESTERDAY]: 12 });
    await seed(db, 'posthog_custom_event_count', 'checkout', { [YESTERDAY]: 5 });
    // A 7-day funnel: entries of the last 8 days may still convert (yesterday's 1 % is not final).
    const finalDay = addDays(YESTERDAY, -8);
    await seed(db, 'posthog_conversion_rate', 'f1', { [addDays(finalDay, -7)]: 0.1, [finalDay]: 0.125, [YESTERDAY]: 0.01 });
    await seed(db, 'posthog_flag_evaluations', '', { [YESTERDAY]: 4_321 });
    await seed(db, 'posthog_flag_evaluations', 'new-nav', { [YESTERDAY]: 4_000 });
    renderDashboard({ db, funnel: { id: 'f1', from: 'signup', to: 'purchase' } });

    await waitFor(() => expect(valueOf(card('metric-card-posthog_session_duration'))).toBe('4m 12s'));
    const custom = await screen.findAllByTestId('metric-card-posthog_custom_event_count');
    expect(custom.map((c) => c.getAttribute('data-key'))).toEqual(['checkout', 'signup']);
    expect(custom[1]?.textContent).toContain('Custom event');
    await waitFor(() => expect(valueOf(custom[1]!)).toBe('12'));

    const funnel = await screen.findByTestId('metric-card-posthog_conversion_rate');
    expect(funnel.getAttribute('data-key')).toBe('f1');
    await screen.findByRole('button', { name: /signup → purchase/ });
    await waitFor(() => expect(valueOf(funnel)).toBe('12.5%'));
    expect(changeOf(funnel).textContent).toContain('+2.5 pts');
    expect(funnel.textContent).toContain('Entries of');
    expect(funnel.textContent).not.toContain('so far today');

    // The flag evaluations card is the total (key ''), not one flag.
    const flags = card('metric-card-posthog_flag_evaluations');
    expect(flags.getAttribute('data-key')).toBe('');
    expect(valueOf(flags)).toBe('4,321');
  });

  it('shows a failed metric’s error (message and hint) on its card, keeping its cached value; other cards stay clean', async () => {
    const db = newDb();
    await seed(db, 'posthog_dau', '', { [YESTERDAY]: 321 });
    await seed(db, 'posthog_wau', '', { [YESTERDAY]: 900 });
    const failed = entry({
      status: 'partial',
      errors: [
        {
          queryId: 'activity',
          metrics: ['posthog_dau', 'posthog_events', 'posthog_pageviews', 'posthog_errors'],
          error: { code: 'timeout', message: 'PostHog did not answer in time.', hint: 'Try again in a minute.' },
        },
      ],
    });
    renderDashboard({ db, log: [failed, entry({ finishedAt: new Date(NOW - 7_200_000).toISOString() })] });

    const dau = await screen.findByRole('button', { name: /Daily active users/ });
    await waitFor(() => expect(valueOf(dau)).toBe('321'));
    const error = within(dau).getByTestId('metric-error');
    expect(error.textContent).toContain('PostHog did not answer in time.');
    expect(error.textContent).toContain('Try again in a minute.');
    for (const id of ['posthog_pageviews', 'posthog_events', 'posthog_errors']) {
      expect(within(card(`metric-card-${id}`)).getByTestId('metric-error').textContent).toContain('PostHog did not answer in time.');
    }
    const wau = card('metric-card-posthog_wau');
    expect(valueOf(wau)).toBe('900');
    expect(within(wau).queryByTestId('metric-error')).toBeNull();
    expect(within(card('metric-card-posthog_sessions')).queryByTestId('metric-error')).toBeNull();
  });

  it('repaints when the replicator writes new points (live query), without asking main for data', async () => {
    const db = newDb();
    await seed(db, 'posthog_dau', '', { [YESTERDAY]: 100 });
    const { calls } = renderDashboard({ db });
    const dau = await screen.findByTestId('metric-card-posthog_dau');
    await waitFor(() => expect(valueOf(dau)).toBe('100'));
    await act(async () => {
      await seed(db, 'posthog_dau', '', { [YESTERDAY]: 150, [TODAY]: 9 });
    });
    await waitFor(() => expect(valueOf(dau)).toBe('150'));
    expect(within(dau).getByTestId('metric-today').textContent).toBe('9 so far today');
    // A newly tracked custom event gets its card as soon as its points arrive.
    expect(screen.queryByTestId('metric-card-posthog_custom_event_count')).toBeNull();
    await act(async () => {
      await seed(db, 'posthog_custom_event_count', 'invite_sent', { [YESTERDAY]: 7 });
    });
    const invite = await screen.findByTestId('metric-card-posthog_custom_event_count');
    expect(invite.getAttribute('data-key')).toBe('invite_sent');
    await waitFor(() => expect(valueOf(invite)).toBe('7'));
    // Main was asked for the plan and the funnel's name only; the numbers came from the replica.
    expect(calls.every((c) => c === 'plan.status' || c === 'tracking.get')).toBe(true);
  });

  it('does not count a day that was still going on at the last sync as complete', async () => {
    const db = newDb();
    await seed(db, 'posthog_dau', '', { [addDays(YESTERDAY, -1)]: 500, [YESTERDAY]: 120 });
    // The last sync ran yesterday at noon (New York): yesterday's 120 is only half a day.
    renderDashboard({ db, log: [entry({ finishedAt: '2026-03-02T17:00:00Z' })] });
    const dau = await screen.findByTestId('metric-card-posthog_dau');
    await waitFor(() => expect(valueOf(dau)).toBe('500'));
    expect(dau.textContent).toContain('Sun, Mar 1');
  });

  it('opens the detail from a card with the keyboard-reachable button, and comes back to the same card', async () => {
    const db = newDb();
    await seed(db, 'posthog_dau', '', series(TODAY, 10, (_d, i) => 100 + i));
    renderDashboard({ db });
    const dau = await screen.findByRole('button', { name: /Daily active users/ });
    fireEvent.click(dau);
    const detail = await screen.findByTestId('metric-detail');
    expect(within(detail).getByRole('heading', { name: 'Daily active users' })).toBeTruthy();
    fireEvent.click(within(detail).getByRole('button', { name: '← All metrics' }));
    const again = await screen.findByTestId('metric-card-posthog_dau');
    await waitFor(() => expect(document.activeElement).toBe(again));
  });
});
