import type { InfoState } from '../state/shell-store';

function transportLabel(state: InfoState): string {
  if (state.status === 'loading') return 'Contacting Sightline…';
  if (state.status === 'error') return 'Not connected to Sightline’s main process';
  const { info } = state;
  const where = info.transport === 'electron' ? `Electron ${info.electronVersion ?? ''}`.trim() : 'browser mode';
  return `Sightline ${info.version} · ${where} · ${info.platform} ${info.arch}`;
}

/** The status line at the bottom: which build answers, over which transport. */
export function RuntimeBar(props: { info: InfoState }) {
  return (
    <footer className="runtime-bar" data-testid="runtime-bar" data-status={props.info.status}>
      {transportLabel(props.info)}
    </footer>
  );
}
