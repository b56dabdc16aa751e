// @vitest-environment jsdom
// Alerts on the metric detail: the days in the history marked (and listed in words) for that series
// only; a notification click (`app.navigate` with a focus) opens the metric at a range holding the day,
// the day highlighted.
import 'fake-indexeddb/auto';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import type { AlertEvent } from '../../../shared/alerts/status';
import { addDays } from '../../../shared/time';
import { createApiClient } from '../../../src-renderer/api/client';
import { App } from '../../../src-renderer/App';
import { createConnectionStore } from '../../../src-renderer/state/connection-store';
import { createNetworkStore } from '../../../src-renderer/state/network-store';
import { createPlanStore } from '../../../src-renderer/state/plan-store';
import { createShellStore } from '../../../src-renderer/state/shell-store';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { alertMarkers, chartRows } from '../../../src-renderer/views/dashboard/chart-data';
import { rangeContaining } from '../../../src-renderer/views/dashboard/focus';
import { rangeWindow } from '../../../src-renderer/views/dashboard/ranges';
import { closeDbs, connected, entry, newDb, NOW, seed, series, TODAY, YESTERDAY } from '../dashboard/fixtures';
import { alertEvent } from './fake-main';

afterEach(() => {
  cleanup();
  closeDbs();
});

const SPIKE = addDays(TODAY, -50);
const history: AlertEvent[] = [
  alertEvent({ id: 'e3', day: YESTERDAY, ruleName: 'DAU drop', metric: 'posthog_dau', text: 'DAU fell 40%' }),
  alertEvent({ id: 'e2', day: addDays(SPIKE, 1), kind: 'resolved', text: 'Error events is back to 1' }),
  alertEvent({ id: 'e1', day: SPIKE }),
];

describe('focus range and markers (pure)', () => {
  it('opens at the default range when it holds the day, wider when it does not', () => {
    expect(rangeContaining(YESTERDAY, TODAY, 'scale')).toBe('30d');
    expect(rangeContaining(SPIKE, TODAY, 'scale')).toBe('90d');
    expect(rangeContaining(addDays(TODAY, -200), TODAY, null)).toBe('all');
  });

  it('marks each day with alerts once, fired over resolved, at the day’s value', () => {
    const rows = chartRows(
      [
        { metric: 'posthog_errors', key: '', day: SPIKE, value: 7 },
        { metric: 'posthog_errors', key: '', day: addDays(SPIKE, 1), value: null },
      ],
      rangeWindow('90d', TODAY, null),
      { today: TODAY, incompleteFrom: TODAY, comparing: false },
    );
    const both = [...history, alertEvent({ id: 'e0', day: SPIKE, kind: 'resolved' })];
    expect(alertMarkers(both, rows).map((m) => [m.day, m.kind, m.value, m.events.length])).toEqual([
      [SPIKE, 'fired', 7, 2],
      [addDays(SPIKE, 1), 'resolved', 0, 1],
      [YESTERDAY, 'fired', 0, 1],
    ]);
    // Days outside the chart are left out.
    expect(alertMarkers(history, rows.slice(-10)).map((m) => m.day)).toEqual([YESTERDAY]);
  });
});

describe('app.navigate with a focus', () => {
  it('opens the metric’s detail at a range holding the day, with that series’ alerts marked and listed', async () => {
    const db = newDb();
    await seed(db, 'posthog_errors', '', { ...series(YESTERDAY, 100, () => 1), [SPIKE]: 7 });
    await seed(db, 'posthog_dau', '', series(YESTERDAY, 30, () => 30));
    const listeners = new Set<(e: unknown) => void>();
    const answers: Record<string, unknown> = {
      'app.info': { name: 'Sightline', version: '2.0.0', platform: 'darwin', arch: 'arm64', transport: 'electron', electronVersion: '45.4.1', browserModeReason: null },
      'connection.status': connected,
      'connection.wizard': { step: 'host', host: null, cloud: null, caLabel: null, keyHint: null, projects: [] },
      'sync.status': { running: null, last: null },
      'sync.log': [entry()],
      'plan.status': { tier: 'scale', tierLabel: 'Scale', license: { state: 'none' }, autoSync: '', retention: '', nextAutoSyncAt: null },
      'tracking.get': { customEvents: [], funnels: [] },
      'alerts.rules': [],
      'alerts.history': history,
      'alerts.templates': [],
    };
    const bridge: SightlineBridge = {
      transport: 'electron',
      invoke: async (channel) => (channel in answers ? { ok: true, data: answers[channel] } : { ok: false, error: { code: 'unknown_channel', message: channel } }),
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
    const client = createApiClient(bridge);
    const shell = createShellStore(client);
    shell.setState({ view: 'sync-log' });
    render(
      <App
        client={client}
        store={shell}
        connection={createConnectionStore(client)}
        sync={createSyncStore(client)}
        plan={createPlanStore(client)}
        network={createNetworkStore(client, window)}
        db={db}
        now={() => NOW}
      />,
    );
    await screen.findByTestId('connection-status');
    act(() => listeners.forEach((l) => l({ name: 'app.navigate', payload: { view: 'dashboard', focus: { metric: 'posthog_errors', key: '', day: SPIKE } } })));

    const detail = await screen.findByTestId('metric-detail');
    expect(detail.getAttribute('data-metric')).toBe('posthog_errors');
    expect(within(screen.getByRole('group', { name: 'Range' })).getByRole('button', { name: '90 d' }).getAttribute('aria-pressed')).toBe('true');
    // Only this series' alerts (not the DAU drop), the focused day first in its own right.
    await waitFor(() => expect(screen.getAllByTestId('detail-alert')).toHaveLength(2));
    const listed = screen.getAllByTestId('detail-alert');
    expect(listed.map((l) => l.getAttribute('data-focus'))).toEqual(['false', 'true']);
    expect(listed[1]?.textContent).toContain('Error spike fired: Error events rose 600%');
    expect(listed[0]?.textContent).toContain('Error spike resolved: Error events is back to 1');
  });
});
