import { useStore } from 'zustand';
import type { SyncProgressEvent } from '../../../shared/contract';
import type { SyncStore } from '../../state/sync-store';

/** A determinate bar while a sync runs (indeterminate until main knows how many queries there are). */
function SyncProgress(props: { running: SyncProgressEvent }) {
  const { step, total, kind } = props.running;
  const label = total === 0 ? 'Starting…' : `${step} of ${total}`;
  return (
    <span className="header__progress">
      {total === 0 ? (
        <progress data-testid="sync-progress" role="progressbar" aria-label="Sync progress" aria-valuetext={label} />
      ) : (
        <progress
          data-testid="sync-progress"
          role="progressbar"
          aria-label="Sync progress"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={step}
          aria-valuetext={`${label} queries`}
          max={total}
          value={step}
        />
      )}
      <span className="muted small" data-testid="sync-progress-label">
        {kind === 'initial' ? 'First sync' : 'Syncing'} · {label}
      </span>
    </span>
  );
}

/**
 * Refresh, and while any sync runs (a Refresh, the first sync, an auto-sync) its progress and Cancel.
 * The only header part that follows every progress event: nothing else re-renders for them.
 */
export function RefreshControl(props: { sync: SyncStore }) {
  const running = useStore(props.sync, (s) => s.running);
  const cancelling = useStore(props.sync, (s) => s.cancelling);
  return (
    <div className="header__refresh">
      {running !== null && <SyncProgress running={running} />}
      {running !== null && (
        <button type="button" className="button button--secondary" disabled={cancelling} onClick={() => void props.sync.getState().cancel()} data-testid="cancel-sync">
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      )}
      <button
        type="button"
        className="button"
        disabled={running !== null}
        onClick={() => void props.sync.getState().refresh()}
        title="Refresh the last 7 days (Ctrl+R / ⌘R)"
        data-testid="refresh"
      >
        {running !== null ? 'Syncing…' : 'Refresh'}
      </button>
    </div>
  );
}
