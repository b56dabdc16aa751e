import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { AppError } from '../../shared/contract';
import { keyKind, POSTHOG_CLOUDS, REQUIRED_SCOPES, type CloudRegion } from '../../shared/posthog-hosts';
import { CaFilePicker, type CaFile } from '../components/CaFilePicker';
import { ErrorNotice } from '../components/ErrorNotice';
import type { ConnectionStore } from '../state/connection-store';

type Where = CloudRegion | 'self-hosted';

const STEPS = [
  { id: 'host', label: 'Where is your PostHog?' },
  { id: 'key', label: 'Personal API key' },
  { id: 'project', label: 'Project' },
] as const;

const TLS_CODES = new Set(['tls_self_signed', 'tls_untrusted_ca', 'tls_expired', 'tls_hostname_mismatch', 'tls_error']);
const REGION_LABEL: Record<CloudRegion, string> = { us: 'US cloud', eu: 'EU cloud' };

function StepIndicator(props: { current: string }) {
  const index = STEPS.findIndex((s) => s.id === props.current);
  return (
    <ol className="steps" data-testid="wizard-steps">
      {STEPS.map((step, i) => (
        <li key={step.id} className={i === index ? 'steps__item steps__item--current' : i < index ? 'steps__item steps__item--done' : 'steps__item'} aria-current={i === index ? 'step' : undefined}>
          <span className="steps__number">{i + 1}</span> {step.label}
        </li>
      ))}
    </ol>
  );
}

/** The connect wizard: where PostHog is, a personal key tested by main, then the project. */
export function ConnectView(props: { store: ConnectionStore; onConnected: () => void }) {
  const { store } = props;
  const wizard = useStore(store, (s) => s.wizard);
  const error = useStore(store, (s) => s.error);
  const busy = useStore(store, (s) => s.busy);

  const [where, setWhere] = useState<Where>('us');
  const [selfUrl, setSelfUrl] = useState('');
  const [ca, setCa] = useState<CaFile | null>(null);
  const [localError, setLocalError] = useState<AppError | null>(null);
  const [apiKey, setApiKey] = useState('');
  const [projectId, setProjectId] = useState<number | null>(null);

  // Resume where the wizard stopped (main remembers it, without the key).
  useEffect(() => {
    if (wizard === null || wizard.host === null) return;
    if (wizard.cloud !== null) setWhere(wizard.cloud);
    else {
      setWhere('self-hosted');
      setSelfUrl(wizard.host);
    }
  }, [wizard?.host, wizard?.cloud]);

  useEffect(() => {
    if (wizard?.step === 'project' && wizard.projects.length === 1) setProjectId(wizard.projects[0]?.id ?? null);
  }, [wizard?.step, wizard?.projects]);

  if (wizard === null) return <p className="muted">Loading…</p>;

  const hostUrl = where === 'self-hosted' ? selfUrl : POSTHOG_CLOUDS[where];
  const kind = keyKind(apiKey);
  const shownError = localError ?? error;

  const testKey = async (host: string): Promise<void> => {
    setLocalError(null);
    if (await store.getState().test(host, apiKey, ca)) setApiKey('');
  };

  return (
    <section className="panel panel--wide" data-testid="connect-view" data-step={wizard.step}>
      <h2>Connect a PostHog project</h2>
      <StepIndicator current={wizard.step} />

      {wizard.step === 'host' && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            setLocalError(null);
            void store.getState().setHost(hostUrl, where === 'self-hosted' ? ca : null);
          }}
        >
          <fieldset className="choices">
            <legend>Where is your PostHog?</legend>
            {(['us', 'eu', 'self-hosted'] as const).map((option) => (
              <label key={option} className="choice">
                <input type="radio" name="where" value={option} checked={where === option} onChange={() => setWhere(option)} />
                <span>
                  <strong>{option === 'self-hosted' ? 'Self-hosted' : REGION_LABEL[option]}</strong>
                  <span className="muted">{option === 'self-hosted' ? ' your own PostHog instance' : ` ${POSTHOG_CLOUDS[option].replace('https://', '')}`}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {where === 'self-hosted' && (
            <>
              <label className="field">
                <span>Address of your PostHog</span>
                <input type="url" placeholder="https://posthog.example.com" value={selfUrl} onChange={(e) => setSelfUrl(e.target.value)} data-testid="self-hosted-url" />
              </label>
              <CaFilePicker value={ca} onChange={setCa} onError={(message) => setLocalError({ code: 'bad_request', message })} />
            </>
          )}
          {shownError !== null && <ErrorNotice error={shownError} />}
          <button type="submit" className="button" disabled={busy !== null}>
            Continue
          </button>
        </form>
      )}

      {wizard.step === 'key' && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            void testKey(wizard.host ?? hostUrl);
          }}
        >
          <p className="muted">
            PostHog at <strong data-testid="wizard-host">{wizard.host}</strong>{' '}
            <button type="button" className="link-button" onClick={() => void store.getState().resetWizard()}>
              Change
            </button>
          </p>
          <label className="field">
            <span>Personal API key</span>
            <input
              type="password"
              autoComplete="off"
              spellCheck={false}
              placeholder="phx_…"
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              data-testid="api-key"
            />
          </label>
          <p className="muted small">
            Create one in PostHog under Settings → Personal API keys, with the read scopes{' '}
            {REQUIRED_SCOPES.map((s, i) => (
              <span key={s}>
                <code>{s}</code>
                {i < REQUIRED_SCOPES.length - 1 ? ', ' : '.'}
              </span>
            ))}{' '}
            Sightline keeps it encrypted on this computer and never shows it again.
          </p>
          {kind === 'project' && (
            <div className="notice" data-testid="project-key-warning">
              This is a project API key (<code>phc_…</code>): it can only send events to PostHog, not read them. Create a
              personal API key (<code>phx_…</code>) with the scopes above instead.
            </div>
          )}
          {wizard.cloud === null && wizard.caLabel === null && shownError !== null && TLS_CODES.has(shownError.code) && (
            <CaFilePicker value={ca} onChange={setCa} onError={(message) => setLocalError({ code: 'bad_request', message })} />
          )}
          {shownError !== null && (
            <ErrorNotice error={shownError}>
              {shownError.code === 'wrong_region' && shownError.details?.suggestedHost !== undefined && (
                <button
                  type="button"
                  className="button button--secondary"
                  data-testid="switch-region"
                  onClick={() => {
                    const suggested = shownError.details?.suggestedHost ?? '';
                    void store
                      .getState()
                      .setHost(suggested, null)
                      .then((ok) => (ok ? testKey(suggested) : undefined));
                  }}
                >
                  Use {shownError.details.suggestedRegion === 'eu' ? 'EU' : 'US'} cloud instead
                </button>
              )}
            </ErrorNotice>
          )}
          <button type="submit" className="button" disabled={busy !== null || kind !== 'personal'} data-testid="test-connection">
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
        </form>
      )}

      {wizard.step === 'project' && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            if (projectId === null) return;
            void store
              .getState()
              .save(projectId)
              .then((ok) => (ok ? props.onConnected() : undefined));
          }}
        >
          <p className="success" data-testid="key-accepted">
            Key <code>{wizard.keyHint}</code> works with {wizard.host}.
          </p>
          <fieldset className="choices" data-testid="project-list">
            <legend>Which project?</legend>
            {wizard.projects.map((p) => (
              <label key={p.id} className="choice">
                <input type="radio" name="project" value={p.id} checked={projectId === p.id} onChange={() => setProjectId(p.id)} />
                <span>
                  <strong>{p.name}</strong>
                  <span className="muted">
                    {' '}
                    id {p.id} · {p.timezone}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
          {shownError !== null && <ErrorNotice error={shownError} />}
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={() => void store.getState().resetWizard()}>
              Start over
            </button>
            <button type="submit" className="button" disabled={busy !== null || projectId === null} data-testid="connect-project">
              {busy === 'save' ? 'Connecting…' : 'Connect'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
