import type { AlertEvent } from '../../shared/alerts/status';
import type { ConnectionStatus } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import type { ReplicaDb } from '../db/replica-db';
import type { SyncStore } from '../state/sync-store';
import { ConnectedDashboard } from './dashboard/ConnectedDashboard';
import type { MetricFocus } from './dashboard/focus';

export interface DashboardViewProps {
  connection: ConnectionStatus | null;
  onConnect: () => void;
  db: ReplicaDb;
  client: ApiClient;
  sync: SyncStore;
  /** The clock (tests pin it); the project's "today" follows from it. */
  now?: () => number;
  /** The alert history (markers on a metric's detail). */
  alertHistory?: readonly AlertEvent[];
  /** Open a metric at a day (an alert's), then say it was shown. */
  focus?: MetricFocus | null;
  onFocusShown?: () => void;
}

export function DashboardView(props: DashboardViewProps) {
  const { connection } = props;
  if (connection === null) return <p className="muted">Loading…</p>;
  if (connection.state === 'connected') {
    return (
      <ConnectedDashboard
        key={connection.projectId}
        db={props.db}
        client={props.client}
        sync={props.sync}
        projectId={connection.projectId}
        projectName={connection.projectName}
        timezone={connection.timezone}
        now={props.now ?? Date.now}
        alertHistory={props.alertHistory}
        focus={props.focus}
        onFocusShown={props.onFocusShown}
      />
    );
  }
  return (
    <EmptyState title="Your metrics will live here" testId="dashboard-empty">
      <p>
        Once a PostHog project is connected, Sightline shows daily, weekly and monthly active users, new users,
        pageviews, sessions, feature flags and your own events — from a local copy, so this screen opens instantly,
        even offline.
      </p>
      <button type="button" className="button" onClick={props.onConnect} data-testid="start-connect">
        Connect PostHog
      </button>
    </EmptyState>
  );
}
