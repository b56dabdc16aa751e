// @vitest-environment jsdom
// The header inside the app: App loads the plan, follows main's events and the page's network, and
// the dashboard underneath keeps its data — without repainting its charts at every progress step.
import 'fake-indexeddb/auto';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { render } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addDays, localDay } from '../../../shared/time';
import { App } from '../../../src-renderer/App';
import { openReplicaDb } from '../../../src-renderer/db/replica-db';
import { createConnectionStore } from '../../../src-renderer/state/connection-store';
import { createNetworkStore } from '../../../src-renderer/state/network-store';
import { createPlanStore } from '../../../src-renderer/state/plan-store';
import { createShellStore } from '../../../src-renderer/state/shell-store';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import type { Sparkline as RealSparkline } from '../../../src-renderer/views/dashboard/Sparkline';
import { NOW, connected, entry, fakeMain, plan } from './fixtures';

/** Every render of a card's chart, counted. */
const charts = vi.hoisted(() => ({ renders: 0 }));
vi.mock('../../../src-renderer/views/dashboard/Sparkline', async (importOriginal) => {
  const real = await importOriginal<{ Sparkline: typeof RealSparkline }>();
  return {
    Sparkline: (props: ComponentProps<typeof RealSparkline>) => {
      charts.renders += 1;
      return <real.Sparkline {...props} />;
    },
  };
});

// The clock is pinned (only Date: timers stay real for waitFor): near midnight in the project's
// timezone, "a sync 3 minutes ago" falls on the day before, which then counts as partial.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

let dbs = 0;
async function renderConnectedApp() {
  const db = openReplicaDb(`header-app-${(dbs += 1)}`);
  const today = localDay(Date.now(), connected.state === 'connected' ? connected.timezone : 'UTC');
  for (let i = 1; i <= 10; i += 1) await db.points.put({ metric: 'posthog_dau', key: '', day: addDays(today, -i), value: 4000 + i, rev: 1 });
  const finished = new Date(Date.now() - 3 * 60_000).toISOString();
  const main = fakeMain({ plan: plan(), log: [entry({ finishedAt: finished, startedAt: finished })] });
  // The fake main of the header tests, plus what the rest of the shell asks.
  const client = {
    ...main.client,
    call: ((channel, request) => {
      if (channel === 'connection.status') return Promise.resolve({ ok: true, data: connected });
      if (channel === 'connection.wizard') return Promise.resolve({ ok: true, data: { step: 'host', host: null, cloud: null, caLabel: null, keyHint: null, projects: [] } });
      return main.client.call(channel, request);
    }) as typeof main.client.call,
  };
  const view = render(
    <App
      client={client}
      store={createShellStore(client)}
      connection={createConnectionStore(client)}
      sync={createSyncStore(client)}
      plan={createPlanStore(client)}
      network={createNetworkStore(client, window)}
      db={db}
    />,
  );
  return { ...view, main, db };
}

describe('the header in the app', () => {
  it('loads the tier, tells main the network state at start, and follows sync progress and plan changes', async () => {
    const app = await renderConnectedApp();
    expect(await screen.findByTestId('header-tier')).toBeTruthy();
    expect(screen.getByTestId('header-tier').textContent).toBe('Pro');
    await waitFor(() => expect(screen.getByTestId('last-synced').textContent).toBe('Last synced 3 minutes ago'));
    expect(app.main.callsTo('app.network').map((c) => c.request)).toContainEqual({ online: true });

    act(() => app.main.emit('sync.progress', { kind: 'refresh', step: 1, total: 3, queryId: 'activity' }));
    expect(screen.getByTestId('sync-progress').getAttribute('aria-valuenow')).toBe('1');
    act(() => app.main.emit('plan.changed', plan({ tier: 'scale', tierLabel: 'Scale' })));
    expect(screen.getByTestId('header-tier').textContent).toBe('Scale');
    app.db.close();
  });

  it('offline: the banner shows above the dashboard, whose data stays visible', async () => {
    const app = await renderConnectedApp();
    const card = await screen.findByTestId('metric-card-posthog_dau');
    await waitFor(() => expect(within(card).getByTestId('metric-value').textContent).toBe('4,001'));
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(screen.getByTestId('offline-banner').textContent).toMatch(/^You’re offline — showing the data synced 3 minutes ago/);
    expect(app.main.callsTo('app.network').at(-1)?.request).toEqual({ online: false });
    expect(within(screen.getByTestId('metric-card-posthog_dau')).getByTestId('metric-value').textContent).toBe('4,001');
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    expect(screen.queryByTestId('offline-banner')).toBeNull();
    app.db.close();
  });

  it('progress events repaint the header’s bar, not the dashboard’s charts', async () => {
    const app = await renderConnectedApp();
    const card = await screen.findByTestId('metric-card-posthog_dau');
    await waitFor(() => expect(within(card).getByTestId('metric-value').textContent).toBe('4,001'));
    act(() => app.main.emit('sync.progress', { kind: 'refresh', step: 0, total: 0, queryId: null }));
    // Settle: the first event of a sync may change what the dashboard shows (a sync is running).
    await act(async () => new Promise((resolve) => setTimeout(resolve, 50)));
    const before = charts.renders;
    expect(before).toBeGreaterThan(0);
    for (let step = 1; step <= 5; step += 1) {
      act(() => app.main.emit('sync.progress', { kind: 'refresh', step, total: 5, queryId: `q${step}` }));
      expect(screen.getByTestId('sync-progress').getAttribute('aria-valuenow')).toBe(String(step));
    }
    expect(charts.renders).toBe(before);
    app.db.close();
  });
});
