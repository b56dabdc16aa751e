import { useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { DEFAULT_RETENTION, type RetentionPeriod } from '../../../shared/retention';
import { TIER_SPECS } from '../../../shared/tiers';
import { ProjectView, type ProjectViewProps } from '../../components/ProjectView';
import { ErrorNotice } from '../../components/ErrorNotice';
import { readMetric } from '../../db/read';
import { useLiveQuery } from '../../db/use-live-query';
import { userLocale } from '../../format/format';
import type { PlanState, PlanStore } from '../../state/plan-store';
import { useProjectDays } from '../flags/useProjectDays';
import { DayNCards } from './DayNCards';
import { LazyRetentionCurve } from './LazyRetentionCurve';
import { RetentionHeatmap } from './RetentionHeatmap';
import { RetentionSettings } from './RetentionSettings';
import { retentionModel } from './retention-table';
import { useTracking } from '../tracking/useTracking';

export interface RetentionViewProps extends ProjectViewProps {
  /** The plan: a tier that keeps little history cuts the table short, and the view says so. */
  plan?: PlanStore;
}

/** Cohort retention (the table and its curve) and the Day-N retention cards, from the replica. */
export function RetentionView(props: RetentionViewProps) {
  return (
    <ProjectView
      connection={props.connection}
      title="Retention"
      testId="retention-view"
      className="retention-view"
      invitation={{ title: 'See who comes back', text: 'Once a PostHog project is connected, Sightline shows how many of each week’s new persons come back in the weeks after, and D1, D7 and D30 retention.', testId: 'retention-not-connected' }}
      onConnect={props.onConnect}
    >
      {(project) => <ConnectedRetention {...props} projectId={project.projectId} timezone={project.timezone} now={props.now ?? Date.now} />}
    </ProjectView>
  );
}

/** Days the table reaches back: 30 days, 8 weeks, 6 months (and D30 needs 31). */
const RETENTION_SPAN_DAYS: Record<RetentionPeriod, number> = { day: 31, week: 56, month: 183 };
const NO_PLAN = createStore<Pick<PlanState, 'plan'>>()(() => ({ plan: null }));

function ConnectedRetention(props: RetentionViewProps & { projectId: number; timezone: string; now: () => number }) {
  const { client, db } = props;
  const { store, tracking, loadError, pending, error } = useTracking(client);
  const running = useStore(props.sync, (s) => s.running);
  const locale = useMemo(userLocale, []);
  const { today, incompleteFrom } = useProjectDays(props.sync, props.projectId, props.timezone, props.now);
  const definition = tracking?.retention ?? DEFAULT_RETENTION;
  const tier = useStore(props.plan ?? NO_PLAN, (s) => s.plan?.tier ?? null);
  const kept = tier === null ? null : TIER_SPECS[tier].retentionDays;
  const spans = RETENTION_SPAN_DAYS[definition.period];

  const cohorts = useLiveQuery(() => readMetric(db, 'posthog_retention_cohort'), [db]);
  const returned = useLiveQuery(() => readMetric(db, 'posthog_retention_returned'), [db]);
  const model = useMemo(
    () => (cohorts.status === 'ready' && returned.status === 'ready' ? retentionModel(cohorts.value, returned.value, definition.period, today) : null),
    [cohorts, returned, definition.period, today],
  );

  if (tracking === null) {
    if (loadError !== null) return <ErrorNotice error={loadError} onRetry={() => void store.getState().load()} />;
    return <p className="muted">Loading…</p>;
  }
  const readError = cohorts.status === 'error' ? cohorts.error : returned.status === 'error' ? returned.error : null;
  let table: ReactNode;
  if (readError !== null) {
    table = <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of the retention table (${readError.message}).`, hint: 'Reload the window.' }} />;
  } else if (model === null) {
    table = <p className="muted small">Loading…</p>;
  } else if (model.rows.length === 0) {
    table = (
      <p className="muted" data-testid="retention-waiting">
        {running !== null || pending === 'retention' ? 'Fetching the retention table…' : 'No retention table yet: it is fetched with the next sync.'}
      </p>
    );
  } else {
    table = (
      <>
        <RetentionHeatmap model={model} locale={locale} />
        <LazyRetentionCurve model={model} locale={locale} />
      </>
    );
  }

  return (
    <>
      <RetentionSettings
        key={JSON.stringify(definition)}
        client={client}
        definition={definition}
        busy={pending === 'retention'}
        error={error?.action === 'retention' ? error.error : null}
        onSave={(next) => store.getState().saveRetention(next)}
        locale={locale}
      />
      {kept !== null && tier !== null && kept < spans && (
        <p className="notice" data-testid="retention-plan-notice">
          Your {TIER_SPECS[tier].label} plan keeps {kept} days of history: the table reaches back {spans} days and D30 needs 31, so older cohorts and Day-N values are
          removed after each sync. A higher plan keeps them.
        </p>
      )}
      <DayNCards db={db} today={today} incompleteFrom={incompleteFrom} locale={locale} />
      <section className="panel panel--full" aria-labelledby="retention-table-title">
        <h3 id="retention-table-title">Cohorts</h3>
        {table}
      </section>
    </>
  );
}
