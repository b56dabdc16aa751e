import { useState } from 'react';
import { useStore } from 'zustand';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ConnectionStore } from '../state/connection-store';

function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return 'never';
  return new Date(iso).toLocaleString();
}

/** Settings → Connection: what Sightline reads, how the key is kept, and what to do with it. */
export function ConnectionSettings(props: { store: ConnectionStore; onConnect: () => void; onReplaceKey: (host: string) => void }) {
  const { store } = props;
  const status = useStore(store, (s) => s.status);
  const projects = useStore(store, (s) => s.projects);
  const busy = useStore(store, (s) => s.busy);
  const error = useStore(store, (s) => s.error);
  const [confirming, setConfirming] = useState(false);
  const [switchTo, setSwitchTo] = useState<number | null>(null);

  if (status === null) return null;
  const protection = status.keyProtection;

  return (
    <section className="panel" data-testid="connection-settings">
      <h2>Connection</h2>
      {protection !== undefined && protection.warning !== null && (
        <div className="notice" role="status" data-testid="key-protection-warning">
          <strong>Key protected by file permissions only.</strong> {protection.warning}
        </div>
      )}
      {status.state === 'not-connected' ? (
        <>
          <p className="muted">No PostHog project is connected.</p>
          <button type="button" className="button" onClick={props.onConnect}>
            Connect PostHog
          </button>
        </>
      ) : (
        <>
          {status.problem !== undefined && status.problem !== null && <ErrorNotice error={status.problem} />}
          <dl className="facts" data-testid="connection-facts">
            <dt>PostHog</dt>
            <dd>
              {status.host}
              {status.caLabel !== undefined && status.caLabel !== null && <span className="muted"> (trusting {status.caLabel})</span>}
            </dd>
            <dt>Project</dt>
            <dd>
              {status.projectName} <span className="muted">· id {status.projectId} · {status.timezone}</span>
            </dd>
            <dt>Key</dt>
            <dd data-testid="key-hint">
              <code>{status.keyHint ?? '—'}</code>
              <span className="muted"> {protection?.kind === 'os-keychain' ? 'sealed, data key in the system keychain' : 'sealed, data key in a protected file'}</span>
            </dd>
            <dt>Scopes found</dt>
            <dd>{(status.scopes ?? []).join(', ') || '—'}</dd>
            <dt>Last verified</dt>
            <dd data-testid="last-verified">{when(status.lastVerifiedAt)}</dd>
          </dl>
          {error !== null && <ErrorNotice error={error} />}
          <div className="actions">
            <button type="button" className="button" disabled={busy !== null} onClick={() => void store.getState().retest()} data-testid="retest">
              {busy === 'retest' ? 'Testing…' : 'Re-test'}
            </button>
            <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => props.onReplaceKey(status.host)}>
              Replace key
            </button>
            <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void store.getState().loadProjects()} data-testid="switch-project">
              Switch project
            </button>
            <button type="button" className="button button--danger" disabled={busy !== null} onClick={() => setConfirming(true)} data-testid="disconnect">
              Disconnect
            </button>
          </div>
          {projects !== null && (
            <form
              className="form"
              onSubmit={(event) => {
                event.preventDefault();
                if (switchTo !== null) void store.getState().switchProject(switchTo);
              }}
            >
              <fieldset className="choices">
                <legend>Switch to</legend>
                {projects.map((p) => (
                  <label key={p.id} className="choice">
                    <input type="radio" name="switch" checked={switchTo === p.id} onChange={() => setSwitchTo(p.id)} disabled={p.id === status.projectId} />
                    <span>
                      <strong>{p.name}</strong>
                      <span className="muted">
                        {' '}
                        id {p.id} · {p.timezone}
                        {p.id === status.projectId ? ' (current)' : ''}
                      </span>
                    </span>
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="button" disabled={switchTo === null || busy !== null}>
                Switch
              </button>
            </form>
          )}
          {confirming && (
            <div className="confirm" role="dialog" aria-label="Disconnect PostHog" data-testid="disconnect-confirm">
              <p>
                <strong>Disconnect {status.projectName}?</strong> Sightline deletes the stored key and stops syncing. The metrics
                already synced stay on this computer (kept as long as your plan’s retention allows), and you can connect again
                at any time.
              </p>
              <div className="actions">
                <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
                  Keep connected
                </button>
                <button
                  type="button"
                  className="button button--danger"
                  data-testid="disconnect-confirmed"
                  onClick={() => {
                    setConfirming(false);
                    void store.getState().disconnect();
                  }}
                >
                  Disconnect
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
