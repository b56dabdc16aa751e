import type { ConnectionStatus } from '../../shared/contract';

type ConnectionState = ConnectionStatus | null;

function ConnectionLabel(props: { connection: ConnectionState }) {
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

export function Header(props: { connection: ConnectionState }) {
  return (
    <header className="header">
      <div className="header__brand">
        <span className="header__logo" aria-hidden="true" />
        <span className="header__name">Sightline</span>
      </div>
      <div className="header__status" data-testid="connection-status">
        <ConnectionLabel connection={props.connection} />
      </div>
    </header>
  );
}
