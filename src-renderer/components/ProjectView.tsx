import { Fragment, type ReactNode } from 'react';
import type { ConnectionStatus } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import type { ReplicaDb } from '../db/replica-db';
import type { SyncStore } from '../state/sync-store';
import { EmptyState } from './EmptyState';

/** What every project view is given by the shell. */
export interface ProjectViewProps {
  client: ApiClient;
  connection: ConnectionStatus | null;
  db: ReplicaDb;
  sync: SyncStore;
  onConnect: () => void;
  /** The clock (tests pin it). */
  now?: () => number;
}

/** What a project view needs of the connection once connected (the view is keyed by the project: switching starts it afresh). */
export interface ConnectedProject {
  projectId: number;
  timezone: string;
}

/**
 * The frame of a view about the connected project: its title, "Loading…" until the connection is
 * known, an invitation to connect when there is none, and the view itself otherwise.
 */
export function ProjectView(props: {
  connection: ConnectionStatus | null;
  title: string;
  testId: string;
  className: string;
  /** The invitation shown without a connection. */
  invitation: { title: string; text: string; testId: string };
  onConnect: () => void;
  children: (project: ConnectedProject) => ReactNode;
}) {
  const { connection } = props;
  let body: ReactNode;
  if (connection === null) body = <p className="muted">Loading…</p>;
  else if (connection.state !== 'connected') {
    body = (
      <EmptyState title={props.invitation.title} testId={props.invitation.testId}>
        <p>{props.invitation.text}</p>
        <button type="button" className="button" onClick={props.onConnect}>
          Connect PostHog
        </button>
      </EmptyState>
    );
  } else body = <Fragment key={connection.projectId}>{props.children({ projectId: connection.projectId, timezone: connection.timezone })}</Fragment>;
  return (
    <section className={props.className} data-testid={props.testId}>
      <h2 className="view-title">{props.title}</h2>
      {body}
    </section>
  );
}
