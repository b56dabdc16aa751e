import type { ConnectionStatus } from '../../../shared/contract';

/** The connected project and its host (the e2e tests read the project name here), or that there is none. */
export function ConnectionLabel(props: { connection: ConnectionStatus | null }) {
  const { connection } = props;
  if (connection === null) return <>Checking connection…</>;
  if (connection.state === 'not-connected') {
    return (
      <>
        <span className="status-dot status-dot--idle" aria-hidden="true" />
        No PostHog project connected
      </>
    );
  }
  const host = new URL(connection.host).host;
  return (
    <>
      <span className="status-dot status-dot--ok" aria-hidden="true" />
      <span className="header__project">{connection.projectName}</span>
      <span className="muted">
        {connection.demo ? `PostHog emulator (demo) · ${host}` : host} · {connection.timezone}
      </span>
    </>
  );
}
