import type { ViewId } from '../../shared/contract';

export const VIEWS: ReadonlyArray<{ id: ViewId; label: string }> = [
  { id: 'dashboard', label: 'Dashboard' },
  { id: 'retention', label: 'Retention' },
  { id: 'funnels', label: 'Funnels' },
  { id: 'flags', label: 'Feature flags' },
  { id: 'tracking', label: 'Custom events' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'sync-log', label: 'Sync log' },
  { id: 'settings', label: 'Settings' },
];

export interface SidebarProps {
  current: ViewId;
  onSelect: (view: ViewId) => void;
  /** Alert rules firing now: a count next to Alerts. */
  firing?: number;
}

export function Sidebar(props: SidebarProps) {
  const firing = props.firing ?? 0;
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
              {view.id === 'alerts' && firing > 0 && (
                <>
                  <span className="sidebar__badge" data-testid="alerts-firing-count" aria-hidden="true">
                    {firing}
                  </span>
                  <span className="visually-hidden">, {firing} firing</span>
                </>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
