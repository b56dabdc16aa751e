import type { ConnectionStore } from '../state/connection-store';
import type { InfoState } from '../state/shell-store';
import type { ApiClient } from '../api/client';
import { ConnectionSettings } from './ConnectionSettings';
import { PlanSettings } from './PlanSettings';
import { BackgroundSettings } from './settings/BackgroundSettings';

/** Settings: the connection, the plan, background and startup, and "About this build" (from main's `app.info`). */
export function SettingsView(props: { client: ApiClient; info: InfoState; connection: ConnectionStore; onConnect: () => void; onReplaceKey: (host: string) => void }) {
  const { info } = props;
  return (
    <>
    <ConnectionSettings store={props.connection} onConnect={props.onConnect} onReplaceKey={props.onReplaceKey} />
    <PlanSettings client={props.client} />
    <BackgroundSettings client={props.client} />
    <section className="panel" data-testid="settings-view">
      <h2>About this build</h2>
      {info.status === 'loading' && <p className="muted">Asking Sightline’s main process…</p>}
      {info.status === 'error' && <p className="muted">Unavailable: Sightline’s main process did not answer (see above).</p>}
      {info.status === 'ready' && (
        <dl className="facts" data-testid="app-info">
          <dt>Version</dt>
          <dd data-testid="app-version">{info.info.version}</dd>
          <dt>Runs as</dt>
          <dd data-testid="app-transport">
            {info.info.transport === 'electron' ? `Electron ${info.info.electronVersion ?? ''}` : 'Browser mode (browser host on 127.0.0.1)'}
          </dd>
          <dt>Platform</dt>
          <dd>
            {info.info.platform} ({info.info.arch})
          </dd>
          {info.info.browserModeReason !== null && (
            <>
              <dt>Why browser mode</dt>
              <dd>{info.info.browserModeReason}</dd>
            </>
          )}
        </dl>
      )}
    </section>
    </>
  );
}
