import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connect';
import { App } from './App';
import { openReplicaDb } from './db/replica-db';
import { createReplicator, type ReplicatorOptions } from './db/replicate';
import { NoAccess } from './NoAccess';
import { createConnectionStore } from './state/connection-store';
import { createShellStore } from './state/shell-store';
import { createSyncStore } from './state/sync-store';
import './styles.css';

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root element');

const connection = connect(window);
// The IndexedDB replica of main's series: catches up now, then after every series.changed.
if (connection.ok) {
  const onResult: ReplicatorOptions['onResult'] = (r) => {
    if (!r.ok) console.warn(`replica: ${r.error.message}`);
  };
  createReplicator(connection.client, openReplicaDb(), { onResult }).start();
}
createRoot(rootElement).render(
  <StrictMode>
    {connection.ok ? (
      <App client={connection.client} store={createShellStore(connection.client)} connection={createConnectionStore(connection.client)} sync={createSyncStore(connection.client)} />
    ) : (
      <NoAccess />
    )}
  </StrictMode>,
);
