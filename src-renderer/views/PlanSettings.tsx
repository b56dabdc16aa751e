import { useEffect, useState } from 'react';
import type { AppError, PlanStatus } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';

/** Settings → Plan: the tier (from a license verified offline), what it allows, and the license key. */
export function PlanSettings(props: { client: ApiClient }) {
  const { client } = props;
  const [plan, setPlan] = useState<PlanStatus | null>(null);
  const [license, setLicense] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void client.call('plan.status', {}).then((r) => (r.ok ? setPlan(r.data) : setError(r.error)));
  }, [client]);

  const apply = async (call: () => ReturnType<ApiClient['call']>): Promise<void> => {
    setBusy(true);
    const result = await call();
    setBusy(false);
    if (result.ok) {
      setPlan(result.data as PlanStatus);
      setError(null);
      setLicense('');
    } else setError(result.error);
  };

  if (plan === null) return error === null ? null : <ErrorNotice error={error} />;
  return (
    <section className="panel" data-testid="plan-settings">
      <h2>Plan</h2>
      <dl className="facts">
        <dt>Plan</dt>
        <dd data-testid="plan-tier">
          {plan.tierLabel}
          {plan.license.state === 'licensed' && <span className="muted"> · licensed to {plan.license.licensee}</span>}
        </dd>
        <dt>Auto-sync</dt>
        <dd data-testid="plan-auto-sync">
          {plan.autoSync}
          {plan.nextAutoSyncAt !== null && <span className="muted"> Next at {new Date(plan.nextAutoSyncAt).toLocaleTimeString()}.</span>}
        </dd>
        <dt>History</dt>
        <dd>{plan.retention}</dd>
      </dl>
      {plan.license.state === 'invalid' && <ErrorNotice error={{ code: 'license_invalid', message: plan.license.message, hint: plan.license.hint }} />}
      {error !== null && <ErrorNotice error={error} />}
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void apply(() => client.call('plan.installLicense', { license }));
        }}
      >
        <label className="field">
          <span>License key</span>
          <input value={license} onChange={(e) => setLicense(e.target.value)} placeholder="SL1.…" spellCheck={false} data-testid="license-input" />
        </label>
        <div className="actions">
          <button type="submit" className="button" disabled={busy || license.trim() === ''} data-testid="install-license">
            Apply license
          </button>
          {plan.license.state !== 'none' && (
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void apply(() => client.call('plan.removeLicense', {}))}>
              Remove license
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
