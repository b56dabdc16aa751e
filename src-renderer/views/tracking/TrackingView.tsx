import { useMemo } from 'react';
import { useStore } from 'zustand';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import type { ApiClient } from '../../api/client';
import { ProjectView, type ProjectViewProps } from '../../components/ProjectView';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { ReplicaDb } from '../../db/replica-db';
import { userLocale } from '../../format/format';
import type { SyncStore } from '../../state/sync-store';
import type { TrackingStore } from '../../state/tracking-store';
import { useProjectDays } from '../flags/useProjectDays';
import { EventPicker } from './EventPicker';
import { TrackedTrends } from './TrackedTrends';
import { useTracking } from './useTracking';

export type TrackingViewProps = ProjectViewProps;

/** Custom events: choose them, and see their last 30 days. (Funnels have their own view.) */
export function TrackingView(props: TrackingViewProps) {
  return (
    <ProjectView
      connection={props.connection}
      title="Custom events"
      testId="tracking-view"
      className="tracking-view"
      invitation={{ title: 'Track your own events', text: 'Once a PostHog project is connected, choose the events that matter to you (a signup, a purchase); Sightline syncs them daily with the rest.', testId: 'tracking-not-connected' }}
      onConnect={props.onConnect}
    >
      {(project) => <ConnectedTracking client={props.client} db={props.db} sync={props.sync} projectId={project.projectId} timezone={project.timezone} now={props.now ?? Date.now} />}
    </ProjectView>
  );
}

function TrackedList(props: { store: TrackingStore; events: readonly string[]; busy: boolean }) {
  if (props.events.length === 0) return <p className="muted">No custom events tracked yet: find them below.</p>;
  return (
    <ul className="tracked-events">
      {props.events.map((name) => (
        <li key={name} data-testid="tracked-event" data-name={name}>
          <code>{name}</code>
          <button type="button" className="link-button" aria-label={`Stop tracking ${name}`} disabled={props.busy} onClick={() => void props.store.getState().untrack(name)}>
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}

function ConnectedTracking(props: { client: ApiClient; db: ReplicaDb; sync: SyncStore; projectId: number; timezone: string; now: () => number }) {
  const { store, tracking, loadError, pending, error, added } = useTracking(props.client);
  const running = useStore(props.sync, (s) => s.running);
  const locale = useMemo(userLocale, []);
  const { nowMs, today, incompleteFrom } = useProjectDays(props.sync, props.projectId, props.timezone, props.now);
  const days = useMemo(() => ({ today, incompleteFrom, locale }), [today, incompleteFrom, locale]);

  if (tracking === null) {
    if (loadError !== null) return <ErrorNotice error={loadError} onRetry={() => void store.getState().load()} />;
    return <p className="muted">Loading…</p>;
  }
  return (
    <>
      <section className="panel panel--wide" aria-labelledby="tracked-events-title">
        <div className="panel__header">
          <h3 id="tracked-events-title">Custom events</h3>
          <span className="muted small" data-testid="tracked-count">
            {tracking.customEvents.length} of {MAX_CUSTOM_EVENTS}
          </span>
        </div>
        <p className="muted small">Each is synced as a daily count and unique users. Removing one deletes its synced history; tracking it again fetches its last 30 days.</p>
        <TrackedList store={store} events={tracking.customEvents} busy={pending !== null} />
        {error?.action === 'events' && <ErrorNotice error={error.error} />}
        <EventPicker client={props.client} tracked={tracking.customEvents} busy={pending === 'events'} onTrack={(names) => store.getState().track(names)} nowMs={nowMs} locale={locale} />
      </section>
      <TrackedTrends db={props.db} tracking={tracking} days={days} isFetching={(key) => running !== null || added.includes(key)} />
    </>
  );
}
