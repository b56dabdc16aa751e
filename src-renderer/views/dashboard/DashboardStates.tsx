import { useStore } from 'zustand';
import type { SyncEntry } from '../../../shared/contract';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatAgo, formatInstant } from '../../format/format';
import type { SyncStore } from '../../state/sync-store';

/** Connected, nothing in the local copy yet, and the first sync is running. */
export function FirstSyncProgress(props: { sync: SyncStore; projectName: string }) {
  const running = useStore(props.sync, (s) => s.running);
  if (running === null) return null;
  const { step, total } = running;
  return (
    <EmptyState title="First sync in progress" testId="first-sync">
      <p>
        Sightline is reading {props.projectName}’s last 30 days from PostHog as daily totals. Your metrics appear here as
        soon as it is done, and open instantly from then on, offline included.
      </p>
      <div className="progress" data-testid="first-sync-progress">
        <progress max={Math.max(1, total)} value={step} aria-label="First sync progress" />
        <span className="muted">{total === 0 ? 'Starting…' : `${step} of ${total} queries`}</span>
      </div>
    </EmptyState>
  );
}

/** Connected, nothing in the local copy, no sync running: the first sync failed or has not run. */
export function NoDataYet(props: { newest: SyncEntry | undefined }) {
  const failed = props.newest !== undefined && props.newest.errors.length > 0;
  return (
    <EmptyState title={failed ? 'The first sync did not finish' : 'No metrics synced yet'} testId="dashboard-no-data">
      {failed ? (
        <>
          <p>Sightline could not read this project’s metrics from PostHog:</p>
          {props.newest?.errors.map((e) => <ErrorNotice key={e.queryId} error={e.error} />)}
        </>
      ) : (
        <p>Sightline syncs a project right after it is connected. Start a sync with Refresh to see your metrics here.</p>
      )}
    </EmptyState>
  );
}

/** Synced, and every day's event count is 0: most likely the wrong project, or events are not arriving. */
export function NoEvents(props: { days: number; projectName: string }) {
  const span = props.days === 1 ? 'the last day' : `the last ${props.days} days`;
  return (
    <EmptyState title={`No events in ${span}`} testId="dashboard-no-events">
      <p>PostHog reports no events at all for {props.projectName} in {span}. Sightline synced fine; there is nothing to count yet.</p>
      <ul className="hints">
        <li>
          <strong>Wrong project?</strong> Check in PostHog that {props.projectName} is the project your app sends to, or switch project in Settings → Connection.
        </li>
        <li>
          <strong>Are events arriving?</strong> Open the project’s activity (live events) in PostHog: if it is empty, check that your app loads PostHog with this project’s API key and host.
        </li>
        <li>
          <strong>Just set up?</strong> Send a test event, then Refresh: it shows up here with today’s partial numbers.
        </li>
      </ul>
    </EmptyState>
  );
}

/** The newest successful sync is more than a day old: the numbers may be out of date. */
export function StaleNotice(props: { lastSuccess: SyncEntry; nowMs: number; locale: string }) {
  const when = props.lastSuccess.finishedAt;
  return (
    <div className="notice" role="status" data-testid="stale-notice">
      <strong>These numbers may be out of date.</strong> They were last synced {formatAgo(props.nowMs - Date.parse(when), props.locale)} (
      {formatInstant(when, props.locale)}). Refresh to bring them up to date.
    </div>
  );
}
