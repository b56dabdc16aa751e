import { useMemo, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { addDays, localDay } from '../../../shared/time';
import type { ApiClient } from '../../api/client';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatAgo, userLocale } from '../../format/format';
import type { ReplicaDb } from '../../db/replica-db';
import type { SyncStore } from '../../state/sync-store';
import { isStale, lastSuccessfulSync, noEventsDays, projectEntries, syncFailures, type CardSpec, type SeriesRef } from './cards';
import { firstIncompleteDay } from './comparisons';
import { FirstSyncProgress, NoDataYet, NoEvents, StaleNotice } from './DashboardStates';
import { MetricDetail } from './MetricDetail';
import { Overview } from './Overview';
import { useFunnelNames, usePlanTier } from './useMainFacts';
import { useNow, useSeriesRange } from './useSeries';
import { readOverview } from '../../db/read';
import { useLiveQuery, type Live } from '../../db/use-live-query';
import { KEYED_OVERVIEW_METRICS, OVERVIEW_METRICS } from './cards';
import { RECENT_POINTS } from './MetricCard';

/** How many days back the "no events at all" check looks (the initial sync's window). */
const NO_EVENTS_WINDOW = 30;

export interface ConnectedDashboardProps {
  db: ReplicaDb;
  client: ApiClient;
  sync: SyncStore;
  projectId: number;
  projectName: string;
  timezone: string;
  now: () => number;
}

/**
 * The dashboard of a connected project. It paints from the local replica at once; the sync log (from
 * main) only refines it: which metrics failed, how fresh the data is, which days were still going on.
 */
export function ConnectedDashboard(props: ConnectedDashboardProps) {
  const { db, timezone, projectName } = props;
  const locale = useMemo(userLocale, []);
  const nowMs = useNow(props.now);
  const today = localDay(nowMs, timezone);

  // Only whether a sync runs: its progress is followed by FirstSyncProgress (and the header), so the charts don't repaint at every step.
  const syncing = useStore(props.sync, (s) => s.running !== null);
  const log = useStore(props.sync, (s) => s.log);
  const entries = useMemo(() => projectEntries(log, props.projectId), [log, props.projectId]);
  const failures = useMemo(() => syncFailures(entries[0]), [entries]);
  const lastSuccess = useMemo(() => lastSuccessfulSync(entries), [entries]);
  const incompleteFrom = firstIncompleteDay(today, lastSuccess === null ? null : localDay(Date.parse(lastSuccess.finishedAt), timezone));
  const tier = usePlanTier(props.client);
  const funnelNames = useFunnelNames(props.client);

  // One live read for every card (and whether there is any data at all): the overview paints after one round.
  const overview = useLiveQuery(() => readOverview(db, OVERVIEW_METRICS, KEYED_OVERVIEW_METRICS, RECENT_POINTS), [db]);
  const hasData: Live<boolean> = overview.status === 'ready' ? { status: 'ready', value: overview.value.any } : overview;
  const events = useSeriesRange(db, 'posthog_events', '', addDays(today, -NO_EVENTS_WINDOW), today);
  const emptyDays = events.status === 'ready' ? noEventsDays(events.value, failures.byMetric.has('posthog_events')) : null;

  const [selected, setSelected] = useState<CardSpec | null>(null);
  const [returnTo, setReturnTo] = useState<SeriesRef | null>(null);

  let body: ReactNode = null;
  if (hasData.status === 'error') {
    body = <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of your metrics (${hasData.error.message}).`, hint: 'Reload the window.' }} />;
  } else if (hasData.status === 'ready' && !hasData.value) {
    body = syncing ? <FirstSyncProgress sync={props.sync} projectName={projectName} /> : <NoDataYet newest={entries[0]} />;
  } else if (emptyDays !== null) {
    body = <NoEvents days={Math.min(NO_EVENTS_WINDOW, emptyDays)} projectName={projectName} />;
  } else if (selected !== null) {
    body = (
      <MetricDetail
        key={`${selected.metric}|${selected.key}`}
        db={db}
        card={selected}
        today={today}
        incompleteFrom={incompleteFrom}
        tier={tier}
        error={failures.byMetric.get(selected.metric) ?? null}
        locale={locale}
        onBack={() => {
          setReturnTo(selected);
          setSelected(null);
        }}
      />
    );
  } else if (hasData.status === 'ready') {
    body = <Overview data={overview.status === 'ready' ? overview.value : null} readError={null} today={today} incompleteFrom={incompleteFrom} failures={failures} locale={locale} onOpen={setSelected} focus={returnTo} funnelNames={funnelNames} />;
  }

  return (
    <section className="dashboard" data-testid="dashboard-connected">
      <p className="dashboard__meta muted small">
        {projectName} is connected · days in {timezone}
        {lastSuccess !== null && ` · last synced ${formatAgo(nowMs - Date.parse(lastSuccess.finishedAt), locale)}`}
      </p>
      {isStale(lastSuccess, nowMs) && lastSuccess !== null && <StaleNotice lastSuccess={lastSuccess} nowMs={nowMs} locale={locale} />}
      {hasData.status === 'ready' && hasData.value && failures.general.map((error, i) => <ErrorNotice key={i} error={error} />)}
      {body}
    </section>
  );
}
