import type { AlertTemplateView } from '../../state/alerts-store';

export interface TemplateListProps {
  templates: readonly AlertTemplateView[];
  busy: boolean;
  onEnable: (template: AlertTemplateView) => void;
  onCustomize: (template: AlertTemplateView) => void;
}

/** The ready-made rules: one click turns one on, or it opens in the editor to tune it first. */
export function TemplateList(props: TemplateListProps) {
  return (
    <ul className="template-list" data-testid="alert-templates">
      {props.templates.map((t) => (
        <li key={t.id} className="template" data-testid="alert-template" data-template={t.id} data-enabled={t.enabled}>
          <div className="template__text">
            <h4>{t.title}</h4>
            <p className="muted small">{t.description}</p>
          </div>
          <div className="template__actions">
            {t.enabled ? (
              <span className="status-badge status-badge--ok" data-testid="template-enabled">
                Enabled
              </span>
            ) : (
              <button type="button" className="button" disabled={props.busy} aria-label={`Enable ${t.title}`} onClick={() => props.onEnable(t)}>
                Enable
              </button>
            )}
            <button type="button" className="button button--secondary" disabled={props.busy} aria-label={`Customize ${t.title}`} onClick={() => props.onCustomize(t)}>
              Customize…
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
