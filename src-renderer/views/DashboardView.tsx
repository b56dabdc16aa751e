import { EmptyState } from '../components/EmptyState';
import type { ConnectionStatus } from '../../shared/contract';

export function DashboardView(props: { connection: ConnectionStatus | null; onConnect: () => void }) {
  const { connection } = props;
  if (connection !== null && connection.state === 'connected') {
    return (
      <EmptyState title={`${connection.projectName} is connected`} testId="dashboard-connected">
        <p>
          Sightline reads this project’s metrics from PostHog as daily aggregates. Syncing and charts are not part of this
          build yet, so there is nothing to show here so far.
        </p>
      </EmptyState>
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
