import type { ViewId } from '../../shared/contract';

export const VIEWS: ReadonlyArray<{ id: ViewId; label: string }> = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'flags', label: 'Feature flags' },
  { id: 'tracking', label: 'Events & funnel' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'sync-log', label: 'Sync log' },
  { id: 'settings', label: 'Settings' },
];

export function Sidebar(props: { current: ViewId; onSelect: (view: ViewId) => void }) {
  return (
    <nav className="sidebar" aria-label="Views">
      <ul>
        {VIEWS.map((view) => (
          <li key={view.id}>
            <button
              type="button"
              className="sidebar__item"
              aria-current={props.current === view.id ? 'page' : undefined}
              onClick={() => props.onSelect(view.id)}
            >
              {view.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
