import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connect } from './api/connect';
import { App } from './App';
import { openReplicaDb } from './db/replica-db';
import { createReplicator, type ReplicatorOptions } from './db/replicate';
import { NoAccess } from './NoAccess';
import { createConnectionStore } from './state/connection-store';
import { localStatusCache } from './state/status-cache';
import { createNetworkStore } from './state/network-store';
import { createPlanStore } from './state/plan-store';
import { createShellStore } from './state/shell-store';
import { createSyncStore } from './state/sync-store';
import './styles.css';

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root element');

const connection = connect(window);
// The IndexedDB replica of main's series: catches up now, then after every series.changed.
// The views read the same database, so they repaint as the replicator applies changes.
const db = connection.ok ? openReplicaDb() : null;
if (connection.ok && db !== null) {
  const onResult: ReplicatorOptions['onResult'] = (r) => {
    if (!r.ok) console.warn(`replica: ${r.error.message}`);
  };
  createReplicator(connection.client, db, { onResult }).start();
}
createRoot(rootElement).render(
  <StrictMode>
    {connection.ok && db !== null ? (
      <App
        client={connection.client}
        store={createShellStore(connection.client)}
        connection={createConnectionStore(connection.client, localStatusCache(window.localStorage))}
        sync={createSyncStore(connection.client)}
        plan={createPlanStore(connection.client)}
        network={createNetworkStore(connection.client, window)}
        db={db}
      />
    ) : (
      <NoAccess />
    )}
  </StrictMode>,
);
