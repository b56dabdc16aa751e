import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AlertRuleInput } from '../../../shared/alerts/rule';
import type { ConnectionStatus, NavigateFocus, Transport } from '../../../shared/contract';
import type { ApiClient } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { WebNotifications } from '../../components/web-notifications';
import type { ReplicaDb } from '../../db/replica-db';
import { userLocale } from '../../format/format';
import { ruleInputOf, type AlertsStore } from '../../state/alerts-store';
import type { SyncStore } from '../../state/sync-store';
import { createTrackingStore } from '../../state/tracking-store';
import { useHasData } from '../dashboard/useSeries';
import { useProjectDays } from '../flags/useProjectDays';
import { AlertHistory, HISTORY_PAGE } from './AlertHistory';
import { NotificationPermission } from './NotificationPermission';
import { NEW_RULE } from './rule-draft';
import { RuleEditor } from './RuleEditor';
import { RuleList } from './RuleList';
import { keyNamesOf } from './rule-text';
import { TemplateList } from './TemplateList';

export interface AlertsViewProps {
  client: ApiClient;
  connection: ConnectionStatus | null;
  db: ReplicaDb;
  sync: SyncStore;
  alerts: AlertsStore;
  transport: Transport;
  notifications: WebNotifications;
  onConnect: () => void;
  /** Opens a metric's detail at a day (a history entry). */
  onOpenMetric: (focus: NavigateFocus) => void;
  /** The clock (tests pin it). */
  now?: () => number;
}

/** Alert rules, the templates to start from, a rule editor with its backtest, and the history. */
export function AlertsView(props: AlertsViewProps) {
  const { connection } = props;
  let body: ReactNode;
  // Until main says (a first start without a cached status), the not-connected explanation stands: it is true of every new install.
  if (connection === null || connection.state !== 'connected') {
    body = (
      <EmptyState title="No alerts yet" testId="alerts-empty">
        <p>Alerts tell you when a metric moves: a drop in active users, a spike in errors, a feature flag that went quiet.</p>
        <p className="muted">They need a connected project and its first sync.</p>
        {connection !== null && (
          <button type="button" className="button" onClick={props.onConnect}>
            Connect PostHog
          </button>
        )}
      </EmptyState>
    );
  } else {
    body = <ConnectedAlerts key={connection.projectId} {...props} projectId={connection.projectId} timezone={connection.timezone} now={props.now ?? Date.now} />;
  }
  return (
    <section className="alerts-view" data-testid="alerts-view">
      {body}
    </section>
  );
}

type Mode = { kind: 'list' } | { kind: 'edit'; id: string | null; initial: AlertRuleInput; title: string };

function ConnectedAlerts(props: AlertsViewProps & { projectId: number; timezone: string; now: () => number }) {
  const { alerts, db } = props;
  const locale = useMemo(userLocale, []);
  const [tracking] = useState(() => createTrackingStore(props.client));
  useEffect(() => tracking.getState().follow(), [tracking]);
  const trackingNow = useStore(tracking, (s) => s.tracking);
  const names = useMemo(() => keyNamesOf(trackingNow), [trackingNow]);

  const rules = useStore(alerts, (s) => s.rules);
  const history = useStore(alerts, (s) => s.history);
  const templates = useStore(alerts, (s) => s.templates);
  const loadError = useStore(alerts, (s) => s.loadError);
  const pending = useStore(alerts, (s) => s.pending);
  const error = useStore(alerts, (s) => s.error);
  const syncing = useStore(props.sync, (s) => s.running !== null);
  const { nowMs, today } = useProjectDays(props.sync, props.projectId, props.timezone, props.now);
  const hasData = useHasData(db);
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const [historyShown, setHistoryShown] = useState(HISTORY_PAGE);
  /** The rule saved last from the editor: said so while it waits for its first evaluation. */
  const [saved, setSaved] = useState<string | null>(null);

  if (hasData.status === 'loading') return <p className="muted">Loading…</p>;
  if (hasData.status === 'error') {
    return <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of your metrics (${hasData.error.message}).`, hint: 'Reload the window.' }} />;
  }
  if (!hasData.value) {
    return (
      <EmptyState title="Alerts need a first sync" testId="alerts-no-data">
        <p>Rules watch your synced metrics, and their backtests run on the history Sightline keeps. {syncing ? 'The first sync is running: the templates appear here when it is done.' : 'Start a sync with Refresh; the templates appear here once there is data.'}</p>
      </EmptyState>
    );
  }

  const edit = (id: string | null, initial: AlertRuleInput, title: string): void => {
    alerts.getState().clearError();
    setSaved(null);
    setMode({ kind: 'edit', id, initial, title });
  };

  if (mode.kind === 'edit') {
    const saveError = error !== null && error.action === 'save' && error.id === mode.id ? error.error : null;
    return (
      <RuleEditor
        key={`${mode.id ?? 'new'}|${mode.title}`}
        db={db}
        id={mode.id}
        initial={mode.initial}
        title={mode.title}
        tracking={trackingNow}
        names={names}
        today={today}
        locale={locale}
        busy={pending?.action === 'save'}
        error={saveError}
        onSave={(rule) =>
          void alerts
            .getState()
            .save(mode.id, rule)
            .then((view) => {
              if (view === null) return;
              setSaved(view.rule.id);
              setMode({ kind: 'list' });
            })
        }
        onCancel={() => setMode({ kind: 'list' })}
      />
    );
  }

  const savedRule = saved === null ? undefined : rules?.find((r) => r.rule.id === saved);
  const templateError = error !== null && error.id === null ? error.error : null;
  return (
    <>
      <div className="alerts-view__header">
        <h2 className="view-title">Alerts</h2>
        <div className="actions">
          {props.transport === 'browser' && <NotificationPermission notifications={props.notifications} />}
          <button type="button" className="button" data-testid="new-rule" onClick={() => edit(null, NEW_RULE, 'New alert rule')}>
            New rule
          </button>
        </div>
      </div>
      {loadError !== null && <ErrorNotice error={loadError} onRetry={() => void alerts.getState().load()} />}
      {savedRule !== undefined && savedRule.state.status === 'pending' && (
        <p className="notice alerts-view__saved" role="status" data-testid="rule-saved">
          <strong>{savedRule.rule.name}</strong> is saved. It is checked after the next sync (Refresh to check it now).
        </p>
      )}
      <section className="panel panel--wide alerts-panel" aria-labelledby="alert-rules-title">
        <h3 id="alert-rules-title">Rules</h3>
        {rules === null ? (
          <p className="muted">Loading…</p>
        ) : rules.length === 0 ? (
          <p className="muted" data-testid="alerts-no-rules">
            No rules yet. Start from a template below (one click), or create your own with New rule.
          </p>
        ) : (
          <RuleList
            rules={rules}
            names={names}
            locale={locale}
            nowMs={nowMs}
            pending={pending}
            error={error}
            actions={{
              edit: (view) => edit(view.rule.id, ruleInputOf(view.rule), `Edit: ${view.rule.name}`),
              snooze: (id, duration) => void alerts.getState().snooze(id, duration),
              setEnabled: (id, enabled) => void alerts.getState().setEnabled(id, enabled),
              remove: (id) => void alerts.getState().remove(id),
            }}
          />
        )}
      </section>
      <section className="panel panel--wide alerts-panel" aria-labelledby="alert-templates-title">
        <h3 id="alert-templates-title">Templates</h3>
        <p className="muted small">Ready-made rules for what this project syncs, tuned to catch a real incident without firing on ordinary weeks.</p>
        {templates === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <TemplateList
            templates={templates}
            busy={pending !== null}
            onEnable={(t) => void alerts.getState().save(null, t.rule)}
            onCustomize={(t) => edit(null, t.rule, `Customize: ${t.title}`)}
          />
        )}
        {templateError !== null && <ErrorNotice error={templateError} />}
      </section>
      <section className="panel panel--wide alerts-panel" aria-labelledby="alert-history-title">
        <h3 id="alert-history-title">History</h3>
        {history === null ? (
          <p className="muted">Loading…</p>
        ) : history.length === 0 ? (
          <p className="muted" data-testid="alerts-no-history">
            Nothing has fired yet. Every firing and recovery is listed here, with its numbers, whether or not it was notified.
          </p>
        ) : (
          <AlertHistory history={history} locale={locale} shown={historyShown} onShowMore={() => setHistoryShown((n) => n + HISTORY_PAGE)} onOpen={props.onOpenMetric} />
        )}
      </section>
    </>
  );
}
