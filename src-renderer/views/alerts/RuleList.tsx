import { useState } from 'react';
import type { KeyNames } from '../../../shared/alerts/describe';
import type { SnoozeDuration } from '../../../shared/alerts/rule';
import type { AlertRuleView } from '../../../shared/alerts/status';
import type { AppError } from '../../../shared/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { AlertAction } from '../../state/alerts-store';
import { conditionText, evaluationText, snoozeText, statusWords, watchesText } from './rule-text';

const SNOOZES: ReadonlyArray<{ duration: SnoozeDuration; label: string; long: string }> = [
  { duration: '1h', label: '1 h', long: '1 hour' },
  { duration: '1d', label: '1 day', long: '1 day' },
  { duration: '1w', label: '1 week', long: '1 week' },
];

export interface RuleActions {
  edit(view: AlertRuleView): void;
  snooze(id: string, duration: SnoozeDuration | null): void;
  setEnabled(id: string, enabled: boolean): void;
  remove(id: string): void;
}

export interface RuleListProps {
  rules: readonly AlertRuleView[];
  names: KeyNames;
  locale: string;
  nowMs: number;
  pending: { action: AlertAction; id: string | null } | null;
  error: { action: AlertAction; id: string | null; error: AppError } | null;
  actions: RuleActions;
}

/** A rule's status: a badge, and what it means in this case. */
export function RuleStatusBadge(props: { view: AlertRuleView; locale: string }) {
  const words = statusWords(props.view, props.locale);
  return (
    <div className="rule-status" data-testid="rule-status" data-status={words.status}>
      <span className={`status-badge status-badge--${words.tone}`}>{words.label}</span>
      {words.detail !== null && <span className="rule-status__detail">{words.detail}</span>}
    </div>
  );
}

function RuleItem(props: { view: AlertRuleView } & Omit<RuleListProps, 'rules'>) {
  const { view, locale, actions } = props;
  const { rule } = view;
  const [confirming, setConfirming] = useState(false);
  const busy = props.pending !== null && props.pending.id === rule.id;
  const snoozed = snoozeText(rule, props.nowMs, locale);
  const error = props.error !== null && props.error.id === rule.id ? props.error.error : null;
  return (
    <li className="rule" data-testid="alert-rule" data-rule-id={rule.id} data-status={view.state.status} aria-busy={busy}>
      <div className="rule__main">
        <div className="rule__title">
          <h4>{rule.name}</h4>
          <span className={`severity severity--${rule.severity}`}>{rule.severity}</span>
        </div>
        <p className="rule__what" data-testid="rule-what">
          <strong>{watchesText(rule, props.names)}</strong> {conditionText(rule.condition, rule.target.metric, locale)}
        </p>
        <p className="rule__how muted small">{evaluationText(rule, locale)}</p>
        <RuleStatusBadge view={view} locale={locale} />
        {snoozed !== null && (
          <p className="rule__snoozed small" data-testid="rule-snoozed">
            {snoozed}: notifications are held, the history is still recorded.
          </p>
        )}
      </div>
      <div className="rule__actions">
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => actions.edit(view)}>
          Edit
        </button>
        <button type="button" className="button button--secondary" disabled={busy} data-testid="rule-toggle" onClick={() => actions.setEnabled(rule.id, !rule.enabled)}>
          {rule.enabled ? 'Disable' : 'Enable'}
        </button>
        {snoozed === null ? (
          <div className="segmented rule__snooze" role="group" aria-label={`Snooze ${rule.name}`}>
            <span className="segmented__label">Snooze</span>
            {SNOOZES.map((s) => (
              <button key={s.duration} type="button" className="segmented__item" disabled={busy} aria-label={`Snooze ${rule.name} for ${s.long}`} onClick={() => actions.snooze(rule.id, s.duration)}>
                {s.label}
              </button>
            ))}
          </div>
        ) : (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => actions.snooze(rule.id, null)}>
            Un-snooze
          </button>
        )}
        <button type="button" className="link-button rule__delete" disabled={busy} onClick={() => setConfirming(true)}>
          Delete
        </button>
      </div>
      {confirming && (
        <div className="confirm rule__confirm" role="alertdialog" aria-label={`Delete ${rule.name}?`} data-testid="rule-delete-confirm">
          <p>
            Delete <strong>{rule.name}</strong>? Its history stays.
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => {
                setConfirming(false);
                actions.remove(rule.id);
              }}
            >
              Delete rule
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {error !== null && <ErrorNotice error={error} />}
    </li>
  );
}

/** Every rule with its status and what can be done with it. */
export function RuleList(props: RuleListProps) {
  return (
    <ul className="rule-list" data-testid="alert-rules">
      {props.rules.map((view) => (
        <RuleItem key={view.rule.id} view={view} {...props} />
      ))}
    </ul>
  );
}
