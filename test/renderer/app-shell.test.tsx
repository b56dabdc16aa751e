// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SightlineBridge } from '../../shared/bridge';
import { addDays, localDay } from '../../shared/time';
import { createApiClient } from '../../src-renderer/api/client';
import { App } from '../../src-renderer/App';
import { openReplicaDb } from '../../src-renderer/db/replica-db';
import { createConnectionStore } from '../../src-renderer/state/connection-store';
import { createNetworkStore } from '../../src-renderer/state/network-store';
import { createPlanStore } from '../../src-renderer/state/plan-store';
import { createShellStore } from '../../src-renderer/state/shell-store';
import { createSyncStore } from '../../src-renderer/state/sync-store';

const notConnected = { ok: true, data: { state: 'not-connected' } };
const emptyWizard = { ok: true, data: { step: 'host', host: null, cloud: null, caLabel: null, keyHint: null, projects: [] } };

/** Answers app.info with `answer()` and connection.status with `connection()`. */
function fakeBridge(answer: () => unknown, connection: () => unknown = () => notConnected) {
  const listeners = new Set<(e: unknown) => void>();
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel) => {
      if (channel === 'connection.status') return connection();
      if (channel === 'connection.wizard') return emptyWizard;
      if (channel === 'sync.status') return { ok: true, data: { running: null, last: null } };
      if (channel === 'sync.log') return { ok: true, data: [] };
      return answer();
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  return { bridge, emit: (e: unknown) => listeners.forEach((l) => l(e)), listeners };
}

let apps = 0;
function renderApp(bridge: SightlineBridge, db = openReplicaDb(`app-shell-${(apps += 1)}`)) {
  const client = createApiClient(bridge);
  return render(
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
}

const electronInfo = {
  ok: true,
  data: { name: 'Sightline', version: '2.0.0', platform: 'darwin', arch: 'arm64', transport: 'electron', electronVersion: '45.4.1', browserModeReason: null },
};

describe('app shell', () => {
  afterEach(cleanup);

  it('shows which build answers, without a browser-mode notice inside Electron', async () => {
    renderApp(fakeBridge(() => electronInfo).bridge);
    expect(await screen.findByText('Sightline 2.0.0 · Electron 45.4.1 · darwin arm64')).toBeTruthy();
    expect(screen.queryByTestId('browser-mode-notice')).toBeNull();
  });

  it('names the connected project and host in the header, and says so when there is none', async () => {
    const demo = { ok: true, data: { state: 'connected', host: 'http://127.0.0.1:8010', projectId: 1, projectName: 'Acme Web', timezone: 'America/New_York', demo: true } };
    renderApp(fakeBridge(() => electronInfo, () => demo).bridge);
    const status = await screen.findByTestId('connection-status');
    await screen.findByText('Acme Web');
    expect(status.textContent).toContain('PostHog emulator (demo) · 127.0.0.1:8010 · America/New_York');
    cleanup();
    renderApp(fakeBridge(() => electronInfo).bridge);
    expect(await screen.findByText('No PostHog project connected')).toBeTruthy();
  });

  it('when main cannot say whether a project is connected, says why and offers to retry', async () => {
    let failing = true;
    const broken = { ok: false, error: { code: 'internal', message: 'The settings could not be read.', hint: 'Restart Sightline.' } };
    const notConnectedAnswer = { ok: true, data: { state: 'not-connected' } };
    renderApp(fakeBridge(() => electronInfo, () => (failing ? broken : notConnectedAnswer)).bridge);
    expect(await screen.findByText('The settings could not be read.')).toBeTruthy();
    failing = false;
    fireEvent.click(screen.getByRole('button', { name: /try again|retry/i }));
    expect(await screen.findByText('No PostHog project connected')).toBeTruthy();
    expect(screen.queryByText('The settings could not be read.')).toBeNull();
  });

  it('paints the connected dashboard from the replica it is given', async () => {
    const db = openReplicaDb(`app-shell-${(apps += 1)}`);
    const yesterday = addDays(localDay(Date.now(), 'America/New_York'), -1);
    await db.points.put({ metric: 'posthog_dau', key: '', day: yesterday, value: 4321, rev: 1 });
    const demo = { ok: true, data: { state: 'connected', host: 'http://127.0.0.1:8010', projectId: 1, projectName: 'Acme Web', timezone: 'America/New_York', demo: true } };
    renderApp(fakeBridge(() => electronInfo, () => demo).bridge, db);
    const card = await screen.findByTestId('metric-card-posthog_dau');
    await waitFor(() => expect(within(card).getByTestId('metric-value').textContent).toBe('4,321'));
    db.close();
  });

  it('explains a failure with its hint, and recovers on retry', async () => {
    let answer: unknown = { ok: false, error: { code: 'unavailable', message: 'Main is not answering.', hint: 'Restart Sightline.' } };
    renderApp(fakeBridge(() => answer).bridge);
    const notice = await screen.findByTestId('error-notice');
    expect(notice.textContent).toContain('Main is not answering.');
    expect(notice.textContent).toContain('Restart Sightline.');
    answer = electronInfo;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/Sightline 2\.0\.0/)).toBeTruthy();
    expect(screen.queryByTestId('error-notice')).toBeNull();
  });

  it('follows navigation from the sidebar and from main, and stops listening when unmounted', async () => {
    const fake = fakeBridge(() => electronInfo);
    const view = renderApp(fake.bridge);
    fireEvent.click(screen.getByRole('button', { name: 'Sync log' }));
    expect(screen.getByTestId('sync-log-empty')).toBeTruthy();
    act(() => fake.emit({ name: 'app.navigate', payload: { view: 'alerts' } }));
    expect(screen.getByTestId('alerts-empty')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Alerts' }).getAttribute('aria-current')).toBe('page');
    view.unmount();
    expect(fake.listeners.size).toBe(0);
  });
});
