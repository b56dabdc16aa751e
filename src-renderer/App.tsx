import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { ViewId } from '../shared/contract';
import type { ApiClient } from './api/client';
import type { ReplicaDb } from './db/replica-db';
import { ErrorNotice } from './components/ErrorNotice';
import { Header } from './components/Header';
import { RuntimeBar } from './components/RuntimeBar';
import { Sidebar } from './components/Sidebar';
import type { ConnectionStore } from './state/connection-store';
import type { NetworkStore } from './state/network-store';
import type { PlanStore } from './state/plan-store';
import type { ShellStore } from './state/shell-store';
import type { SyncStore } from './state/sync-store';
import { AlertsView } from './views/AlertsView';
import { ConnectView } from './views/ConnectView';
import { DashboardView } from './views/DashboardView';
import { FlagsView } from './views/flags/FlagsView';
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
}) {
  const { client, store, connection, sync, plan, network, db } = props;
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
    const offs = [
      client.on('app.navigate', ({ view: next }) => store.getState().showView(next)),
      client.on('connection.changed', (next) => connection.setState({ status: next })),
      client.on('sync.progress', (progress) => sync.getState().onProgress(progress)),
      client.on('sync.finished', (entry) => sync.getState().onFinished(entry)),
      client.on('plan.changed', (next) => plan.getState().onChanged(next)),
      stopNetwork,
    ];
    return () => offs.forEach((off) => off());
  }, [client, store, connection, sync, plan, network]);

  const show = (next: ViewId): void => store.getState().showView(next);
  const replaceKey = (host: string): void => {
    void connection
      .getState()
      .setHost(host, null)
      .then(() => show('connect'));
  };
  const browserReason = info.status === 'ready' ? info.info.browserModeReason : null;
  return (
    <div className="shell" data-testid="app-shell" data-view={view}>
      <Header connection={status} sync={sync} plan={plan} network={network} now={props.now} />
      <Sidebar current={view} onSelect={show} />
      <main className="content">
        {browserReason !== null && (
          <div className="notice" data-testid="browser-mode-notice">
            <strong>Browser mode.</strong> {browserReason}
          </div>
        )}
        {info.status === 'error' && <ErrorNotice error={info.error} onRetry={() => void store.getState().loadInfo()} />}
        {status === null && connectionError !== null && info.status !== 'error' && <ErrorNotice error={connectionError} onRetry={() => void connection.getState().load()} />}
        {view === 'dashboard' && <DashboardView connection={status} onConnect={() => show('connect')} db={db} client={client} sync={sync} now={props.now} />}
        {view === 'flags' && <FlagsView connection={status} db={db} sync={sync} onConnect={() => show('connect')} now={props.now} />}
        {view === 'tracking' && <TrackingView client={client} connection={status} db={db} sync={sync} onConnect={() => show('connect')} now={props.now} />}
        {view === 'connect' && <ConnectView store={connection} onConnected={() => show('dashboard')} />}
        {view === 'alerts' && <AlertsView />}
        {view === 'sync-log' && <SyncLogView store={sync} connected={status?.state === 'connected'} />}
        {view === 'settings' && <SettingsView client={client} info={info} connection={connection} onConnect={() => show('connect')} onReplaceKey={replaceKey} />}
      </main>
      <RuntimeBar info={info} />
    </div>
  );
}
