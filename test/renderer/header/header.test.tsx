// @vitest-environment jsdom
// The dashboard header as a founder sees it: project and host, tier, how fresh the data is, when
// auto-sync runs next, Refresh with its progress and outcome, Ctrl+R, and the network banners.
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connected, entry, LOCALE, NOW, plan, renderHeader, starter } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const text = (testId: string): string => screen.getByTestId(testId).textContent ?? '';
const button = (testId: string): HTMLButtonElement => screen.getByTestId<HTMLButtonElement>(testId);
const localTime = (hours: number, minutes: number): string =>
  new Date(2026, 2, 4, hours, minutes).toLocaleTimeString(LOCALE, { hour: 'numeric', minute: '2-digit' });

describe('header: what is connected and how fresh it is', () => {
  it('shows the project and host, the tier, the last successful sync and the next auto-sync', async () => {
    await renderHeader({ log: [entry()] });
    expect(text('connection-status')).toBe('Acme Webeu.posthog.com · Europe/Berlin');
    expect(within(screen.getByTestId('connection-status')).getByText('Acme Web')).toBeTruthy();
    expect(text('header-tier')).toBe('Pro');
    expect(text('last-synced')).toBe('Last synced 3 minutes ago');
    expect(text('next-auto-sync')).toBe(`Next auto-sync ${localTime(14, 30)}`);
    expect(localTime(14, 30)).toBe('14:30');
  });

  it('says auto-sync needs Pro when the tier has none, and follows plan.changed', async () => {
    const view = await renderHeader({ plan: starter() });
    expect(text('header-tier')).toBe('Starter');
    expect(text('next-auto-sync')).toBe('Auto-sync needs Pro (every 3 hours) or Scale (every 30 minutes).');
    expect(screen.queryByText(/Next auto-sync/)).toBeNull();

    act(() => view.main.emit('plan.changed', plan({ tier: 'scale', tierLabel: 'Scale', nextAutoSyncAt: new Date(2026, 2, 4, 12, 30).toISOString() })));
    expect(text('header-tier')).toBe('Scale');
    expect(text('next-auto-sync')).toBe(`Next auto-sync ${localTime(12, 30)}`);
  });

  it('names the day when the next auto-sync is not today', async () => {
    await renderHeader({ plan: plan({ nextAutoSyncAt: new Date(2026, 2, 5, 0, 0).toISOString() }) });
    expect(text('next-auto-sync')).toBe(`Next auto-sync Thu ${new Date(2026, 2, 5, 0, 0).toLocaleTimeString(LOCALE, { hour: 'numeric', minute: '2-digit' })}`);
  });

  it('counts from the newest fully successful sync of this project, and keeps the time current every 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    let clock = NOW;
    const log = [
      entry({ status: 'failed', finishedAt: new Date(NOW - 60_000).toISOString() }),
      entry({ status: 'ok', projectId: 8, finishedAt: new Date(NOW - 2 * 60_000).toISOString() }),
      entry({ status: 'ok', finishedAt: new Date(NOW - 5 * 60_000).toISOString() }),
    ];
    await renderHeader({ log, now: () => clock });
    expect(text('last-synced')).toBe('Last synced 5 minutes ago');
    clock += 60 * 60_000;
    act(() => {
      vi.advanceTimersByTime(30_000);
    });
    expect(text('last-synced')).toBe('Last synced 1 hour ago');
  });

  it('says so when nothing was synced yet, and shows no sync controls without a project', async () => {
    await renderHeader({ log: [] });
    expect(text('last-synced')).toBe('Not synced yet');
    cleanup();
    await renderHeader({ connection: { state: 'not-connected' } });
    expect(text('connection-status')).toBe('No PostHog project connected');
    expect(screen.queryByTestId('refresh')).toBeNull();
    expect(screen.queryByTestId('last-synced')).toBeNull();
    expect(text('header-tier')).toBe('Pro');
  });
});

describe('header: Refresh, its progress and its outcome', () => {
  it('refreshes, shows a determinate bar from sync.progress with Refresh disabled, then what was updated', async () => {
    const view = await renderHeader({ log: [entry()] });
    const refresh = screen.getByTestId('refresh');
    expect(refresh.textContent).toBe('Refresh');
    fireEvent.click(refresh);
    expect(view.main.callsTo('sync.refresh')).toHaveLength(1);
    expect(button('refresh').disabled).toBe(true);
    expect(refresh.textContent).toBe('Syncing…');

    act(() => view.main.emit('sync.progress', { kind: 'refresh', step: 0, total: 0, queryId: null }));
    expect(screen.getByRole('progressbar', { name: 'Sync progress' }).getAttribute('aria-valuenow')).toBeNull();

    act(() => view.main.emit('sync.progress', { kind: 'refresh', step: 2, total: 5, queryId: 'sessions' }));
    const bar = screen.getByTestId('sync-progress');
    expect(bar.getAttribute('role')).toBe('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('2');
    expect(bar.getAttribute('aria-valuemax')).toBe('5');
    expect(text('sync-progress-label')).toBe('Syncing · 2 of 5');
    expect(button('refresh').disabled).toBe(true);

    const done = entry({ rows: { posthog_dau: 8, posthog_wau: 8, posthog_events: 396, 'flag-list': 12 }, finishedAt: new Date(NOW).toISOString() });
    act(() => view.main.emit('sync.finished', done));
    await act(async () => view.main.answerRefresh({ ok: true, data: done }));
    expect(screen.queryByTestId('sync-progress')).toBeNull();
    expect(button('refresh').disabled).toBe(false);
    expect(text('sync-outcome')).toContain('Updated 412 values · 12 feature flags');
    expect(text('last-synced')).toBe('Last synced just now');
  });

  it('shows the progress of a sync main started by itself (an auto-sync) and disables Refresh', async () => {
    const view = await renderHeader({ log: [entry()] });
    act(() => view.main.emit('sync.progress', { kind: 'refresh', step: 1, total: 4, queryId: 'activity' }));
    expect(screen.getByTestId('sync-progress').getAttribute('aria-valuenow')).toBe('1');
    expect(button('refresh').disabled).toBe(true);
    act(() => view.main.emit('sync.progress', { kind: 'refresh', step: 4, total: 4, queryId: 'breakdowns' }));
    expect(screen.getByTestId('sync-progress').getAttribute('aria-valuenow')).toBe('4');
  });

  it('labels the first sync as such', async () => {
    const view = await renderHeader({ log: [] });
    act(() => view.main.emit('sync.progress', { kind: 'initial', step: 3, total: 6, queryId: 'activity' }));
    expect(text('sync-progress-label')).toBe('First sync · 3 of 6');
  });

  it('Cancel asks main to stop the sync; the outcome says it was cancelled', async () => {
    const view = await renderHeader({ log: [entry()] });
    act(() => view.main.emit('sync.progress', { kind: 'refresh', step: 1, total: 5, queryId: 'activity' }));
    fireEvent.click(screen.getByTestId('cancel-sync'));
    expect(view.main.callsTo('sync.cancel')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('cancel-sync').textContent).toBe('Cancelling…'));
    expect(button('cancel-sync').disabled).toBe(true);
    act(() => view.main.emit('sync.finished', entry({ status: 'cancelled', rows: { posthog_dau: 8 } })));
    expect(screen.queryByTestId('cancel-sync')).toBeNull();
    expect(text('sync-outcome')).toContain('Cancelled');
    expect(screen.getByTestId('sync-outcome').getAttribute('data-tone')).toBe('neutral');
  });

  it('a partial sync names the failed query and its metrics, with the error and its hint', async () => {
    const view = await renderHeader({ log: [entry()] });
    const partial = entry({
      status: 'partial',
      rows: { posthog_wau: 8, posthog_mau: 8 },
      errors: [
        {
          queryId: 'activity',
          metrics: ['posthog_dau', 'posthog_events', 'posthog_pageviews', 'posthog_errors', 'posthog_sessions'],
          error: { code: 'posthog_unavailable', message: 'PostHog answered with an error (500).', hint: 'PostHog may be having trouble; try again in a few minutes.' },
        },
      ],
    });
    act(() => view.main.emit('sync.finished', partial));
    const outcome = screen.getByTestId('sync-outcome');
    expect(outcome.textContent).toContain('Partly updated: the activity query (Daily active users, Events and 3 more) failed — PostHog answered with an error (500).');
    expect(outcome.textContent).toContain('PostHog may be having trouble; try again in a few minutes.');
    expect(outcome.getAttribute('data-tone')).toBe('warn');
  });

  it('a failed sync says why and how to fix it; so does a Refresh main could not even start', async () => {
    const view = await renderHeader({ log: [entry()] });
    const failed = entry({
      status: 'failed',
      rows: {},
      errors: [{ queryId: 'activity', metrics: ['posthog_dau'], error: { code: 'invalid_key', message: 'PostHog does not accept the stored key.', hint: 'Create a new personal API key and connect again.' } }],
    });
    act(() => view.main.emit('sync.finished', failed));
    expect(text('sync-outcome')).toBe('Failed: PostHog does not accept the stored key.Create a new personal API key and connect again.×');
    expect(screen.getByTestId('sync-outcome').getAttribute('data-tone')).toBe('error');

    fireEvent.click(screen.getByTestId('refresh'));
    expect(screen.queryByTestId('sync-outcome')).toBeNull();
    await act(async () => view.main.answerRefresh({ ok: false, error: { code: 'unavailable', message: 'Sightline’s main process is not answering.', hint: 'Restart Sightline.' } }));
    expect(text('sync-outcome')).toContain('Failed: Sightline’s main process is not answering.');
    expect(text('sync-outcome')).toContain('Restart Sightline.');
    expect(button('refresh').disabled).toBe(false);
  });

  it('the outcome clears after a while, on the next sync, or when dismissed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    const view = await renderHeader({ log: [entry()], timeouts: { okMs: 5_000, problemMs: 20_000 } });
    act(() => view.main.emit('sync.finished', entry()));
    expect(screen.getByTestId('sync-outcome')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(4_900);
    });
    expect(screen.getByTestId('sync-outcome')).toBeTruthy();
    act(() => {
      vi.advanceTimersByTime(200);
    });
    expect(screen.queryByTestId('sync-outcome')).toBeNull();

    act(() => view.main.emit('sync.finished', entry({ status: 'cancelled' })));
    expect(text('sync-outcome')).toContain('Cancelled');
    act(() => view.main.emit('sync.progress', { kind: 'refresh', step: 0, total: 0, queryId: null }));
    expect(screen.queryByTestId('sync-outcome')).toBeNull();

    act(() => view.main.emit('sync.finished', entry({ status: 'failed', errors: [{ queryId: 'connection', metrics: [], error: { code: 'not_connected', message: 'No project is connected.' } }] })));
    act(() => {
      vi.advanceTimersByTime(10_000);
    });
    expect(text('sync-outcome')).toContain('Failed: No project is connected.');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByTestId('sync-outcome')).toBeNull();
  });
});

describe('header: Ctrl/Cmd+R', () => {
  it('refreshes instead of reloading the page, once per press, not while a sync runs', async () => {
    const view = await renderHeader({ log: [entry()] });
    const press = (init: KeyboardEventInit): boolean => fireEvent.keyDown(window, { key: 'r', ...init });
    expect(press({ ctrlKey: true })).toBe(false); // false: the default (a reload) was prevented
    expect(view.main.callsTo('sync.refresh')).toHaveLength(1);
    expect(button('refresh').disabled).toBe(true);
    expect(press({ ctrlKey: true })).toBe(false);
    expect(view.main.callsTo('sync.refresh')).toHaveLength(1);

    await act(async () => view.main.answerRefresh({ ok: true, data: entry() }));
    expect(press({ metaKey: true, key: 'R' })).toBe(false);
    expect(view.main.callsTo('sync.refresh')).toHaveLength(2);
    await act(async () => view.main.answerRefresh({ ok: true, data: entry() }));

    expect(press({ key: 'r' })).toBe(true);
    expect(press({ ctrlKey: true, shiftKey: true })).toBe(true);
    expect(view.main.callsTo('sync.refresh')).toHaveLength(2);
  });

  it('does not sync, nor reload, when no project is connected', async () => {
    const view = await renderHeader({ connection: { state: 'not-connected' } });
    expect(fireEvent.keyDown(window, { key: 'r', ctrlKey: true })).toBe(false);
    expect(view.main.callsTo('sync.refresh')).toHaveLength(0);
  });
});

describe('header: the network', () => {
  it('offline: tells main, shows the banner with how old the data is, and hides it when back online', async () => {
    const view = await renderHeader({ log: [entry()] });
    expect(view.main.callsTo('app.network').map((c) => c.request)).toEqual([{ online: true }]);
    expect(screen.queryByTestId('offline-banner')).toBeNull();

    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    const banner = screen.getByTestId('offline-banner');
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toBe('You’re offline — showing the data synced 3 minutes ago; Sightline will sync when the connection is back.');
    expect(view.main.callsTo('app.network').map((c) => c.request)).toEqual([{ online: true }, { online: false }]);
    expect(text('next-auto-sync')).toBe('Auto-sync paused while offline');

    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    expect(view.main.callsTo('app.network').map((c) => c.request)).toEqual([{ online: true }, { online: false }, { online: true }]);
  });

  it('on a tier without auto-sync, it does not promise a sync by itself', async () => {
    await renderHeader({ log: [entry()], plan: starter() });
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(text('offline-banner')).toBe('You’re offline — showing the data synced 3 minutes ago; refresh when the connection is back.');
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
  });

  it('when the newest sync could not reach PostHog, says so; other failures are not a network banner', async () => {
    const unreachable = entry({
      status: 'failed',
      errors: [{ queryId: 'activity', metrics: ['posthog_dau'], error: { code: 'dns_failure', message: 'Sightline could not find eu.posthog.com.', hint: 'Check the address.' } }],
    });
    const view = await renderHeader({ log: [unreachable, entry()] });
    const banner = screen.getByTestId('offline-banner');
    expect(banner.textContent).toBe('PostHog can’t be reached (Sightline could not find eu.posthog.com) — showing cached data.');
    expect(banner.getAttribute('data-code')).toBe('dns_failure');

    // Offline wins over the older news.
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(text('offline-banner')).toMatch(/^You’re offline/);
    act(() => {
      window.dispatchEvent(new Event('online'));
    });

    // A sync that works again takes the banner away.
    act(() => view.main.emit('sync.finished', entry({ finishedAt: new Date(NOW).toISOString() })));
    expect(screen.queryByTestId('offline-banner')).toBeNull();

    // A key problem is not a network problem.
    act(() =>
      view.main.emit('sync.finished', entry({ status: 'failed', errors: [{ queryId: 'activity', metrics: [], error: { code: 'invalid_key', message: 'The key was revoked.' } }] })),
    );
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });

  it('uses the connection facts it is given: a different project’s failures do not count', async () => {
    const other = entry({ projectId: 8, status: 'failed', errors: [{ queryId: 'activity', metrics: [], error: { code: 'timeout', message: 'PostHog did not answer in time.' } }] });
    await renderHeader({ log: [other, entry()], connection: connected });
    expect(screen.queryByTestId('offline-banner')).toBeNull();
  });
});
