import { EmptyState } from '../components/EmptyState';

export function SyncLogView() {
  return (
    <EmptyState title="Nothing synced yet" testId="sync-log-empty">
      <p>Every sync with PostHog will be listed here: when it ran, what it fetched, how long it took, and any error.</p>
    </EmptyState>
  );
}
