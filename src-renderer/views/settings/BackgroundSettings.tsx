import { Fragment, useEffect, useState } from 'react';
import type { AppError, AppSettings, AppSettingsChange, PlanStatus } from '../../../shared/contract';
import type { ApiClient } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { pauseExplanation, planHasAutoSync } from './pause-text';

/**
 * Settings → Background and startup: keep running in the background, open at login, pause auto-sync,
 * each with what it does on this host (main explains the first two: macOS menu bar, Windows
 * notification area, Linux with or without a tray, or the browser host in its terminal).
 */
export function BackgroundSettings(props: { client: ApiClient }) {
  const { client } = props;
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [plan, setPlan] = useState<PlanStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void client.call('app.settings', {}).then((r) => live && (r.ok ? setSettings(r.data) : setError(r.error)));
    void client.call('plan.status', {}).then((r) => live && r.ok && setPlan(r.data));
    const offs = [client.on('app.settingsChanged', setSettings), client.on('plan.changed', setPlan)];
    return () => {
      live = false;
      offs.forEach((off) => off());
    };
  }, [client]);

  const change = async (next: AppSettingsChange): Promise<void> => {
    setBusy(true);
    const result = await client.call('app.setSettings', next);
    setBusy(false);
    if (result.ok) {
      setSettings(result.data);
      setError(null);
    } else setError(result.error);
  };

  if (settings === null) return error === null ? null : <ErrorNotice error={error} />;
  const { host } = settings;
  const rows: { id: string; label: string; checked: boolean; available: boolean; explanation: string; toggle: (on: boolean) => AppSettingsChange }[] = [
    {
      id: 'background',
      label: 'Keep running in the background',
      checked: settings.keepRunningInBackground && host.background.available,
      available: host.background.available,
      explanation: host.background.explanation,
      toggle: (on) => ({ keepRunningInBackground: on }),
    },
    {
      id: 'open-at-login',
      label: 'Open at login',
      checked: settings.openAtLogin,
      available: host.openAtLogin.available,
      explanation: host.openAtLogin.explanation,
      toggle: (on) => ({ openAtLogin: on }),
    },
    {
      id: 'pause-auto-sync',
      label: 'Pause auto-sync',
      checked: settings.autoSyncPaused,
      available: planHasAutoSync(plan),
      explanation: pauseExplanation(plan, settings.autoSyncPaused),
      toggle: (on) => ({ autoSyncPaused: on }),
    },
  ];
  return (
    <section className="panel" data-testid="background-settings">
      <h2>Background and startup</h2>
      <dl className="facts">
        {rows.map((row) => (
          <Fragment key={row.id}>
            <dt>
              <label>
                <input
                  type="checkbox"
                  data-testid={`setting-${row.id}`}
                  checked={row.checked}
                  disabled={busy || !row.available}
                  aria-describedby={`setting-${row.id}-explanation`}
                  onChange={(event) => void change(row.toggle(event.target.checked))}
                />{' '}
                {row.label}
              </label>
            </dt>
            <dd id={`setting-${row.id}-explanation`} className="muted" data-testid={`setting-${row.id}-explanation`}>
              {row.explanation}
            </dd>
          </Fragment>
        ))}
      </dl>
      {error !== null && <ErrorNotice error={error} />}
    </section>
  );
}
