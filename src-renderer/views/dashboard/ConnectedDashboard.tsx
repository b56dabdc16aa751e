import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AlertEvent } from '../../../shared/alerts/status';
import { METRICS } from '../../../shared/metrics';
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
import { cardFor, type MetricFocus } from './focus';
import { MetricDetail } from './MetricDetail';
import { Overview } from './Overview';
import { useFunnelFacts, usePlanTier } from './useMainFacts';
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
  /** Every alert fired or resolved (newest first): a detail marks those of its series. */
  alertHistory?: readonly AlertEvent[];
  /** Open this metric at this day (an alert's View, a notification click); handed back once shown. */
  focus?: MetricFocus | null;
  onFocusShown?: () => void;
}

const NO_HISTORY: readonly AlertEvent[] = [];

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
  const { names: funnelNames, lags: funnelLags } = useFunnelFacts(props.client);

  // One live read for every card (and whether there is any data at all): the overview paints after one round.
  const overview = useLiveQuery(() => readOverview(db, OVERVIEW_METRICS, KEYED_OVERVIEW_METRICS, RECENT_POINTS), [db]);
  const hasData: Live<boolean> = overview.status === 'ready' ? { status: 'ready', value: overview.value.any } : overview;
  const events = useSeriesRange(db, 'posthog_events', '', addDays(today, -NO_EVENTS_WINDOW), today);
  const emptyDays = events.status === 'ready' ? noEventsDays(events.value, failures.byMetric.has('posthog_events')) : null;

  const focus = props.focus ?? null;
  const [selected, setSelected] = useState<CardSpec | null>(() => (focus === null ? null : cardFor(focus, funnelNames)));
  const [returnTo, setReturnTo] = useState<SeriesRef | null>(null);
  // The day an alert opened the detail at, and how many times one did (a new one re-opens the detail at its day).
  const [focused, setFocused] = useState<{ day: string; n: number } | null>(() => (focus === null ? null : { day: focus.day, n: 1 }));
  const { onFocusShown } = props;
  // The focus applied so far (the first one by the initial state above); a new one re-opens the detail at its day.
  const applied = useRef(focus);
  useEffect(() => {
    if (focus === null) return;
    if (focus !== applied.current) {
      applied.current = focus;
      setSelected(cardFor(focus, funnelNames));
      setFocused((f) => ({ day: focus.day, n: (f?.n ?? 0) + 1 }));
    }
    onFocusShown?.();
    // Only a new focus moves the detail (not the funnel's name loading).
  }, [focus, onFocusShown]);
  // A funnel's name arrives from main after the detail may have opened: re-derived, never stale.
  const shown = selected !== null && METRICS[selected.metric].keyed === 'funnel' ? cardFor(selected, funnelNames) : selected;
  const history = props.alertHistory ?? NO_HISTORY;
  const selectedEvents = useMemo(() => (selected === null ? NO_HISTORY : history.filter((e) => e.metric === selected.metric && e.key === selected.key)), [history, selected]);

  let body: ReactNode = null;
  if (hasData.status === 'error') {
    body = <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of your metrics (${hasData.error.message}).`, hint: 'Reload the window.' }} />;
  } else if (hasData.status === 'ready' && !hasData.value) {
    body = syncing ? <FirstSyncProgress sync={props.sync} projectName={projectName} /> : <NoDataYet newest={entries[0]} />;
  } else if (emptyDays !== null) {
    body = <NoEvents days={Math.min(NO_EVENTS_WINDOW, emptyDays)} projectName={projectName} />;
  } else if (shown !== null) {
    body = (
      <MetricDetail
        key={`${shown.metric}|${shown.key}|${focused?.n ?? 0}`}
        db={db}
        card={shown}
        today={today}
        incompleteFrom={lagOf(shown, funnelLags) > 0 ? addDays(incompleteFrom, -lagOf(shown, funnelLags)) : incompleteFrom}
        tier={tier}
        error={failures.byMetric.get(shown.metric) ?? null}
        locale={locale}
        alertEvents={selectedEvents}
        focusDay={focused?.day ?? null}
        onBack={() => {
          setReturnTo(selected);
          setSelected(null);
          setFocused(null);
        }}
      />
    );
  } else if (hasData.status === 'ready') {
    body = (
      <Overview
        data={overview.status === 'ready' ? overview.value : null}
        readError={null}
        today={today}
        incompleteFrom={incompleteFrom}
        failures={failures}
        locale={locale}
        onOpen={(card) => {
          setFocused(null);
          setSelected(card);
        }}
        focus={returnTo}
        funnelNames={funnelNames}
        funnelLags={funnelLags}
      />
    );
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

/** Days a card's values take to be final: a Day-N rate's N, a funnel's window and a day (recent entries still convert). */
function lagOf(card: SeriesRef, funnelLags: ReadonlyMap<string, number>): number {
  return METRICS[card.metric].keyed === 'funnel' ? (funnelLags.get(card.key) ?? 0) : (METRICS[card.metric].lagDays ?? 0);
}
