import { useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Funnel } from '../../../shared/contract';
import { convertingFrom, FUNNEL_TOTAL_RANGES, funnelTitle, MAX_FUNNELS, type FunnelTotalRange } from '../../../shared/funnels';
import { ProjectView, type ProjectViewProps } from '../../components/ProjectView';
import { ErrorNotice } from '../../components/ErrorNotice';
import { readMetric } from '../../db/read';
import type { ReplicaDb } from '../../db/replica-db';
import { useLiveQuery } from '../../db/use-live-query';
import { formatDay, userLocale } from '../../format/format';
import type { TrackingStore } from '../../state/tracking-store';
import { useProjectDays } from '../flags/useProjectDays';
import { SeriesTrend } from '../tracking/SeriesTrend';
import { FunnelBars } from './FunnelBars';
import { FunnelEditor } from './FunnelEditor';
import { funnelTotals } from './funnel-model';
import { useTracking } from '../tracking/useTracking';

export type FunnelsViewProps = ProjectViewProps;

/** Conversion funnels: the list, each one's bars and conversion trend, and the editor. */
export function FunnelsView(props: FunnelsViewProps) {
  return (
    <ProjectView
      connection={props.connection}
      title="Funnels"
      testId="funnels-view"
      className="funnels-view"
      invitation={{ title: 'See where people drop off', text: 'Once a PostHog project is connected, define the steps that lead to what matters (a pricing page, a signup, a purchase) and Sightline shows how many make it through each, daily.', testId: 'funnels-not-connected' }}
      onConnect={props.onConnect}
    >
      {(project) => <ConnectedFunnels {...props} projectId={project.projectId} timezone={project.timezone} now={props.now ?? Date.now} />}
    </ProjectView>
  );
}

function ConnectedFunnels(props: FunnelsViewProps & { projectId: number; timezone: string; now: () => number }) {
  const { client, db } = props;
  const { store, tracking, loadError, pending, error, added } = useTracking(client);
  const running = useStore(props.sync, (s) => s.running);
  const [editing, setEditing] = useState<string | null>(null);
  const locale = useMemo(userLocale, []);
  const { today, incompleteFrom } = useProjectDays(props.sync, props.projectId, props.timezone, props.now);
  const totals = useLiveQuery(() => readMetric(db, 'posthog_funnel_total'), [db]);
  const times = useLiveQuery(() => readMetric(db, 'posthog_funnel_time'), [db]);

  if (tracking === null) {
    if (loadError !== null) return <ErrorNotice error={loadError} onRetry={() => void store.getState().load()} />;
    return <p className="muted">Loading…</p>;
  }
  const saveError = error?.action === 'funnel' ? error.error : null;
  return (
    <>
      {tracking.funnels.length === 0 && <p className="muted" data-testid="funnels-none">No funnels yet: define the first one below.</p>}
      {tracking.funnels.map((funnel) =>
        editing === funnel.id ? (
          <section key={funnel.id} className="panel panel--wide" aria-label={`Edit ${funnel.name}`}>
            <h3>Edit “{funnel.name}”</h3>
            <FunnelEditor
              client={client}
              funnel={funnel}
              busy={pending === 'funnel'}
              error={saveError}
              onSave={async (request) => {
                const ok = await store.getState().saveFunnel(request);
                if (ok) setEditing(null);
                return ok;
              }}
              onCancel={() => setEditing(null)}
              locale={locale}
            />
          </section>
        ) : (
          <FunnelPanel
            key={funnel.id}
            funnel={funnel}
            db={db}
            store={store}
            totals={totals.status === 'ready' ? totals.value : null}
            times={times.status === 'ready' ? times.value : null}
            days={{ today, incompleteFrom, locale }}
            fetching={running !== null || added.includes(funnel.id)}
            onEdit={() => setEditing(funnel.id)}
          />
        ),
      )}
      {tracking.funnels.length < MAX_FUNNELS ? (
        <section className="panel panel--wide" aria-labelledby="funnel-new-title">
          <h3 id="funnel-new-title">New funnel</h3>
          <FunnelEditor client={client} funnel={null} busy={pending === 'funnel'} error={editing === null ? saveError : null} onSave={(request) => store.getState().saveFunnel(request)} locale={locale} />
        </section>
      ) : (
        <p className="muted">Sightline syncs at most {MAX_FUNNELS} funnels: remove one to add another.</p>
      )}
    </>
  );
}

function FunnelPanel(props: {
  funnel: Funnel;
  db: ReplicaDb;
  store: TrackingStore;
  totals: Parameters<typeof funnelTotals>[2] | null;
  times: Parameters<typeof funnelTotals>[3] | null;
  days: { today: string; incompleteFrom: string; locale: string };
  fetching: boolean;
  onEdit: () => void;
}) {
  const { funnel, days } = props;
  const [range, setRange] = useState<FunnelTotalRange>(30);
  const total = useMemo(() => (props.totals === null || props.times === null ? null : funnelTotals(funnel, range, props.totals, props.times)), [funnel, range, props.totals, props.times]);
  // Recent entry days can still convert: the trend shows them like a partial day.
  const converting = convertingFrom(days.today, funnel.windowDays);
  const trendDays = useMemo(() => ({ ...days, incompleteFrom: converting < days.incompleteFrom ? converting : days.incompleteFrom }), [days, converting]);
  let bars: ReactNode;
  if (total === null) bars = <p className="muted small">Loading…</p>;
  else if (total.asOf === null) bars = <p className="muted" data-testid="funnel-waiting">{props.fetching ? 'Fetching this funnel…' : 'Not synced yet: it is fetched with the next sync.'}</p>;
  else if ((total.bars[0]?.persons ?? 0) === 0) {
    bars = (
      <p className="muted" data-testid="funnel-no-entries">
        Nobody did “{funnel.steps[0]?.event}” in the last {range} days, so nobody entered this funnel (as of {formatDay(total.asOf, days.locale, 'medium')}).
      </p>
    );
  } else bars = <FunnelBars totals={total} locale={days.locale} />;
  return (
    <article className="panel panel--full funnel-panel" data-testid="funnel-panel" data-key={funnel.id}>
      <div className="panel__header">
        <h3>{funnel.name}</h3>
        <div className="funnel-panel__actions">
          <div className="segmented" role="group" aria-label="Range">
            {FUNNEL_TOTAL_RANGES.map((r) => (
              <button key={r} type="button" className="segmented__item" aria-pressed={range === r} data-testid={`funnel-range-${r}`} onClick={() => setRange(r)}>
                {r} days
              </button>
            ))}
          </div>
          <button type="button" className="link-button" onClick={props.onEdit}>
            Edit
          </button>
          <button type="button" className="link-button" data-testid="funnel-remove" onClick={() => void props.store.getState().removeFunnel(funnel.id)}>
            Remove
          </button>
        </div>
      </div>
      <p className="muted small">
        {funnelTitle(funnel.steps)} · within {funnel.windowDays} {funnel.windowDays === 1 ? 'day' : 'days'} · entries of the last {range} days
        {total?.asOf !== null && total?.asOf !== undefined ? `, as of ${formatDay(total.asOf, days.locale, 'medium')}` : ''}
      </p>
      {bars}
      {total !== null && total.asOf !== null && (total.bars[0]?.persons ?? 0) > 0 && (
        <p className="muted small" data-testid="funnel-still-converting">
          Still converting: persons who entered since {formatDay(converting, days.locale, 'medium')} have time left in their {funnel.windowDays}-day window, so the later steps can still grow.
        </p>
      )}
      <h4 className="funnel-panel__trend-title">Conversion rate by day of entry</h4>
      <SeriesTrend db={props.db} metric="posthog_conversion_rate" seriesKey={funnel.id} label={`${funnel.name}: conversion rate`} days={trendDays} fetching={props.fetching} />
    </article>
  );
}
