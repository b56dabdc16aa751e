import { EmptyState } from '../components/EmptyState';

export function DashboardView() {
  return (
    <EmptyState title="Your metrics will live here" testId="dashboard-empty">
      <p>
        Once a PostHog project is connected, Sightline shows daily, weekly and monthly active users, new users,
        pageviews, sessions, feature flags and your own events — from a local copy, so this screen opens instantly,
        even offline.
      </p>
      <p className="muted">Connecting a project is not available in this build yet.</p>
    </EmptyState>
  );
}
