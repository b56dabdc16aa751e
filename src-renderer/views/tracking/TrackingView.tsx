import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ConnectionStatus } from '../../../shared/contract';
import { MAX_CUSTOM_EVENTS } from '../../../shared/metrics';
import type { ApiClient } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { ReplicaDb } from '../../db/replica-db';
import { userLocale } from '../../format/format';
import type { SyncStore } from '../../state/sync-store';
import { createTrackingStore, type TrackingStore } from '../../state/tracking-store';
import { useProjectDays } from '../flags/useProjectDays';
import { EventPicker } from './EventPicker';
import { FunnelEditor } from './FunnelEditor';
import { TrackedTrends } from './TrackedTrends';

export interface TrackingViewProps {
  client: ApiClient;
  connection: ConnectionStatus | null;
  db: ReplicaDb;
  sync: SyncStore;
  onConnect: () => void;
  /** The clock (tests pin it). */
  now?: () => number;
}

/** Custom events and the conversion funnel: choose them, and see their last 30 days. */
export function TrackingView(props: TrackingViewProps) {
  const { connection } = props;
  let body: ReactNode;
  if (connection === null) body = <p className="muted">Loading…</p>;
  else if (connection.state !== 'connected') {
    body = (
      <EmptyState title="Track your own events" testId="tracking-not-connected">
        <p>Once a PostHog project is connected, choose the events that matter to you (a signup, a purchase) and a two-step funnel; Sightline syncs them daily with the rest.</p>
        <button type="button" className="button" onClick={props.onConnect}>
          Connect PostHog
        </button>
      </EmptyState>
    );
  } else {
    body = <ConnectedTracking key={connection.projectId} client={props.client} db={props.db} sync={props.sync} projectId={connection.projectId} timezone={connection.timezone} now={props.now ?? Date.now} />;
  }
  return (
    <section className="tracking-view" data-testid="tracking-view">
      <h2 className="view-title">Events &amp; funnel</h2>
      {body}
    </section>
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
  const [store] = useState(() => createTrackingStore(props.client));
  useEffect(() => store.getState().follow(), [store]);
  const tracking = useStore(store, (s) => s.tracking);
  const loadError = useStore(store, (s) => s.loadError);
  const pending = useStore(store, (s) => s.pending);
  const error = useStore(store, (s) => s.error);
  const added = useStore(store, (s) => s.added);
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
      <section className="panel panel--wide" aria-labelledby="funnel-title">
        <h3 id="funnel-title">Conversion funnel</h3>
        <p className="muted small">Of the persons who do the first event on a day, the share who do the second within the window.</p>
        <FunnelEditor
          key={tracking.conversion?.id ?? 'none'}
          client={props.client}
          conversion={tracking.conversion}
          busy={pending === 'funnel'}
          error={error?.action === 'funnel' ? error.error : null}
          onSave={(funnel) => store.getState().saveFunnel(funnel)}
          onRemove={() => store.getState().removeFunnel()}
          locale={locale}
        />
      </section>
      <TrackedTrends db={props.db} tracking={tracking} days={days} isFetching={(key) => running !== null || added.includes(key)} />
    </>
  );
}
