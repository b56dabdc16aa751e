import { EmptyState } from '../components/EmptyState';

export function AlertsView() {
  return (
    <EmptyState title="No alerts yet" testId="alerts-empty">
      <p>Alerts tell you when a metric moves: a drop in active users, a spike in errors, a feature flag that went quiet.</p>
      <p className="muted">They need a connected project and its first sync.</p>
    </EmptyState>
  );
}
