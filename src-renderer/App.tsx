import { useCallback, useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { NavigateFocus, ViewId } from '../shared/contract';
import type { ApiClient } from './api/client';
import type { ReplicaDb } from './db/replica-db';
import { AlertNotifications } from './components/AlertNotifications';
import { ErrorNotice } from './components/ErrorNotice';
import { Header } from './components/Header';
import { RuntimeBar } from './components/RuntimeBar';
import { Sidebar } from './components/Sidebar';
import { browserNotifications, type WebNotifications } from './components/web-notifications';
import { createAlertsStore, type AlertsStore } from './state/alerts-store';
import type { ConnectionStore } from './state/connection-store';
import type { NetworkStore } from './state/network-store';
import type { PlanStore } from './state/plan-store';
import type { ShellStore } from './state/shell-store';
import type { SyncStore } from './state/sync-store';
import { AlertsView } from './views/AlertsView';
import { ConnectView } from './views/ConnectView';
import { DashboardView } from './views/DashboardView';
import { FlagsView } from './views/flags/FlagsView';
import { FunnelsView } from './views/funnels/FunnelsView';
import { RetentionView } from './views/retention/RetentionView';
import { SettingsView } from './views/SettingsView';
import { SyncLogView } from './views/SyncLogView';
import { TrackingView } from './views/tracking/TrackingView';

/** The app shell. `db` is the IndexedDB replica the views read from (kept in step by the replicator in main.tsx). */
export function App(props: {
  client: ApiClient;
  store: ShellStore;
  connection: ConnectionStore;
  sync: SyncStore;
  /** The plan (tier, next auto-sync) and the network state, both shown by the header. */
  plan: PlanStore;
  network: NetworkStore;
  db: ReplicaDb;
  now?: () => number;
  /** Alert rules and history (created here unless a test brings its own). */
  alerts?: AlertsStore;
  /** The page's Web Notifications (browser host only; tests bring a fake). */
  notifications?: WebNotifications;
}) {
  const { client, store, connection, sync, plan, network, db } = props;
  const [alerts] = useState(() => props.alerts ?? createAlertsStore(client));
  const notifications = useMemo(() => props.notifications ?? browserNotifications(window), [props.notifications]);
  const alertHistory = useStore(alerts, (s) => s.history);
  const firing = useStore(alerts, (s) => s.rules?.filter((r) => r.state.status === 'firing').length ?? 0);
  // A metric to open at a day (an alert's): the dashboard shows it, then hands it back.
  const [focus, setFocus] = useState<NavigateFocus | null>(null);
  const view = useStore(store, (s) => s.view);
  const info = useStore(store, (s) => s.info);
  const status = useStore(connection, (s) => s.status);
  const connectionError = useStore(connection, (s) => s.error);

  useEffect(() => {
    void store.getState().loadInfo();
    void connection.getState().load();
    void sync.getState().load();
    void plan.getState().load();
    // Tells main the network state now and at every change (auto-sync pauses while offline).
    const stopNetwork = network.getState().start();
    const stopAlerts = alerts.getState().follow();
    const offs = [
      client.on('app.navigate', ({ view: next, focus: at }) => {
        if (at !== undefined) setFocus(at);
        store.getState().showView(at === undefined ? next : 'dashboard');
      }),
      client.on('connection.changed', (next) => connection.setState({ status: next })),
      client.on('sync.progress', (progress) => sync.getState().onProgress(progress)),
      client.on('sync.finished', (entry) => sync.getState().onFinished(entry)),
      client.on('plan.changed', (next) => plan.getState().onChanged(next)),
      stopNetwork,
      stopAlerts,
    ];
    return () => offs.forEach((off) => off());
  }, [client, store, connection, sync, plan, network, alerts]);

  const show = (next: ViewId): void => store.getState().showView(next);
  const openMetric = useCallback(
    (at: NavigateFocus): void => {
      setFocus(at);
      store.getState().showView('dashboard');
    },
    [store],
  );
  const focusShown = useCallback(() => setFocus(null), []);
  const replaceKey = (host: string): void => {
    void connection
      .getState()
      .setHost(host, null)
      .then(() => show('connect'));
  };
  const browserReason = info.status === 'ready' ? info.info.browserModeReason : null;
  const transport = info.status === 'ready' ? info.info.transport : client.transport;
  return (
    <div className="shell" data-testid="app-shell" data-view={view}>
      <Header connection={status} sync={sync} plan={plan} network={network} now={props.now} />
      <Sidebar current={view} onSelect={show} firing={firing} />
      <main className="content">
        {browserReason !== null && (
          <div className="notice" data-testid="browser-mode-notice">
            <strong>Browser mode.</strong> {browserReason}
          </div>
        )}
        {info.status === 'error' && <ErrorNotice error={info.error} onRetry={() => void store.getState().loadInfo()} />}
        {status === null && connectionError !== null && info.status !== 'error' && <ErrorNotice error={connectionError} onRetry={() => void connection.getState().load()} />}
        {view === 'dashboard' && (
          <DashboardView
            connection={status}
            onConnect={() => show('connect')}
            db={db}
            client={client}
            sync={sync}
            now={props.now}
            alertHistory={alertHistory ?? undefined}
            focus={focus}
            onFocusShown={focusShown}
          />
        )}
        {view === 'retention' && <RetentionView client={client} connection={status} db={db} sync={sync} plan={plan} onConnect={() => show('connect')} now={props.now} />}
        {view === 'funnels' && <FunnelsView client={client} connection={status} db={db} sync={sync} onConnect={() => show('connect')} now={props.now} />}
        {view === 'flags' && <FlagsView connection={status} db={db} sync={sync} onConnect={() => show('connect')} now={props.now} />}
        {view === 'tracking' && <TrackingView client={client} connection={status} db={db} sync={sync} onConnect={() => show('connect')} now={props.now} />}
        {view === 'connect' && <ConnectView store={connection} onConnected={() => show('dashboard')} />}
        {view === 'alerts' && (
          <AlertsView
            client={client}
            connection={status}
            db={db}
            sync={sync}
            alerts={alerts}
            transport={transport}
            notifications={notifications}
            onConnect={() => show('connect')}
            onOpenMetric={openMetric}
            now={props.now}
          />
        )}
        {view === 'sync-log' && <SyncLogView store={sync} connected={status?.state === 'connected'} />}
        {view === 'settings' && <SettingsView client={client} info={info} connection={connection} onConnect={() => show('connect')} onReplaceKey={replaceKey} />}
      </main>
      <RuntimeBar info={info} />
      <AlertNotifications client={client} transport={transport} notifications={notifications} onOpen={openMetric} />
    </div>
  );
}
