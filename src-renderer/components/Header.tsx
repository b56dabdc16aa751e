export function Header() {
  return (
    <header className="header">
      <div className="header__brand">
        <span className="header__logo" aria-hidden="true" />
        <span className="header__name">Sightline</span>
      </div>
      <div className="header__status" data-testid="connection-status">
        <span className="status-dot status-dot--idle" aria-hidden="true" />
        No PostHog project connected
      </div>
    </header>
  );
}
