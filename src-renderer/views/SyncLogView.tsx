import { useStore } from 'zustand';
import type { SyncEntry } from '../../shared/contract';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import type { SyncStore } from '../state/sync-store';

function duration(entry: SyncEntry): string {
  const ms = Date.parse(entry.finishedAt) - Date.parse(entry.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const OUTCOME: Record<SyncEntry['status'], string> = { ok: 'OK', partial: 'Partly failed', failed: 'Failed', cancelled: 'Cancelled' };

/** The audit log of syncs, with Refresh and its progress. */
export function SyncLogView(props: { store: SyncStore; connected: boolean }) {
  const running = useStore(props.store, (s) => s.running);
  const log = useStore(props.store, (s) => s.log);
  const error = useStore(props.store, (s) => s.error);
  return (
    <section className="panel panel--wide" data-testid="sync-log">
      <div className="panel__header">
        <h2>Sync log</h2>
        <button type="button" className="button" disabled={running !== null || !props.connected} onClick={() => void props.store.getState().refresh()} data-testid="sync-log-refresh">
          {running !== null ? 'Syncing…' : 'Refresh'}
        </button>
      </div>
      {running !== null && (
        <div className="progress" data-testid="sync-log-progress">
          <progress max={Math.max(1, running.total)} value={running.step} />
          <span className="muted">
            {running.kind === 'initial' ? 'First sync' : 'Refresh'}: {running.total === 0 ? 'starting…' : `${running.step} of ${running.total} queries`}
          </span>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
      {log.length === 0 ? (
        <EmptyState title="Nothing synced yet" testId="sync-log-empty">
          <p>Every sync with PostHog is listed here: when it ran, what it fetched, how long it took, and any error.</p>
        </EmptyState>
      ) : (
        <table className="table" data-testid="sync-log-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Kind</th>
              <th>Days</th>
              <th>Requests</th>
              <th>Values</th>
              <th>Took</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {log.map((entry) => (
              <tr key={entry.id} data-status={entry.status}>
                <td>{new Date(entry.startedAt).toLocaleString()}</td>
                <td>{entry.kind === 'initial' ? 'First sync' : 'Refresh'}</td>
                <td>{entry.window === null ? '—' : `${entry.window.from} → ${entry.window.to}`}</td>
                <td>{entry.requests}</td>
                <td>{Object.values(entry.rows).reduce((a, b) => a + b, 0).toLocaleString()}</td>
                <td>{duration(entry)}</td>
                <td>
                  {OUTCOME[entry.status]}
                  {entry.errors.map((e) => (
                    <div key={e.queryId} className="muted small">
                      {e.error.message}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
