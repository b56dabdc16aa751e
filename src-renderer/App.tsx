import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from './api/client';
import { ErrorNotice } from './components/ErrorNotice';
import { Header } from './components/Header';
import { RuntimeBar } from './components/RuntimeBar';
import { Sidebar } from './components/Sidebar';
import type { ShellStore } from './state/shell-store';
import { AlertsView } from './views/AlertsView';
import { DashboardView } from './views/DashboardView';
import { SettingsView } from './views/SettingsView';
import { SyncLogView } from './views/SyncLogView';

export function App(props: { client: ApiClient; store: ShellStore }) {
  const { client, store } = props;
  const view = useStore(store, (s) => s.view);
  const info = useStore(store, (s) => s.info);
  const connection = useStore(store, (s) => s.connection);

  useEffect(() => {
    void store.getState().loadInfo();
    return client.on('app.navigate', ({ view: next }) => store.getState().showView(next));
  }, [client, store]);

  const browserReason = info.status === 'ready' ? info.info.browserModeReason : null;
  return (
    <div className="shell" data-testid="app-shell" data-view={view}>
      <Header connection={connection} />
      <Sidebar current={view} onSelect={(next) => store.getState().showView(next)} />
      <main className="content">
        {browserReason !== null && (
          <div className="notice" data-testid="browser-mode-notice">
            <strong>Browser mode.</strong> {browserReason}
          </div>
        )}
        {info.status === 'error' && <ErrorNotice error={info.error} onRetry={() => void store.getState().loadInfo()} />}
        {view === 'dashboard' && <DashboardView connection={connection} />}
        {view === 'alerts' && <AlertsView />}
        {view === 'sync-log' && <SyncLogView />}
        {view === 'settings' && <SettingsView info={info} />}
      </main>
      <RuntimeBar info={info} />
    </div>
  );
}
