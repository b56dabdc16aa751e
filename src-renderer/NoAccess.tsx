/** Shown when the page was opened without the browser host's token (e.g. a bookmark of a past run). */
export function NoAccess() {
  return (
    <div className="no-access" role="alert" data-testid="no-access">
      <h1>Sightline needs its access link</h1>
      <p>
        This page was opened without the one-time token that lets it talk to Sightline. Open the link that
        <code>npm start</code> printed in your terminal (it ends in <code>#token=…</code>). If Sightline was restarted,
        its old links no longer work.
      </p>
    </div>
  );
}
