import { useMemo } from 'react';
import { METRICS, type MetricId, type SeriesPoint } from '../../../shared/metrics';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { ReplicaDb } from '../../db/replica-db';
import { formatDay, formatValue } from '../../format/format';
import { chartRows, summarize, summaryText } from '../dashboard/chart-data';
import { cardPoints } from '../dashboard/comparisons';
import { LazyDetailChart as DetailChart } from '../dashboard/LazyDetailChart';
import { rangeWindow } from '../dashboard/ranges';
import { useRecentSeries, useSeriesRange } from '../dashboard/useSeries';

const NO_POINTS: readonly SeriesPoint[] = [];
/** Enough recent points to find the latest complete day past a few partial ones. */
const RECENT_POINTS = 5;

export interface TrendDays {
  today: string;
  incompleteFrom: string;
  locale: string;
}

/**
 * One series' last 30 days as a compact chart (the dashboard's chart, smaller), with its summary in
 * words; or, while nothing is in the replica yet, that it is being fetched.
 */
export function SeriesTrend(props: { db: ReplicaDb; metric: MetricId; seriesKey: string; label: string; days: TrendDays; fetching: boolean }) {
  const { today, incompleteFrom, locale } = props.days;
  const span = useMemo(() => rangeWindow('30d', today, null), [today]);
  const live = useSeriesRange(props.db, props.metric, props.seriesKey, span.from ?? undefined, today);
  const points = live.status === 'ready' ? live.value : NO_POINTS;
  const rows = useMemo(() => chartRows(points, span, { today, incompleteFrom, comparing: false }), [points, span, today, incompleteFrom]);
  const summary = useMemo(() => summaryText(summarize(rows, today), props.metric, props.label, locale), [rows, today, props.metric, props.label, locale]);

  if (live.status === 'error') {
    return <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of ${props.label} (${live.error.message}).`, hint: 'Reload the window.' }} />;
  }
  if (live.status === 'loading') return <p className="muted small">Loading…</p>;
  if (points.length === 0) {
    return (
      <p className="tracking-trend__waiting muted" data-testid="trend-waiting">
        {props.fetching ? 'Fetching the last 30 days…' : 'Nothing synced yet: the last 30 days are fetched with the next sync.'}
      </p>
    );
  }
  return (
    <figure className="tracking-chart">
      <DetailChart rows={rows} today={today} label={props.label} unit={METRICS[props.metric].unit} comparing={false} locale={locale} />
      <figcaption className="small muted" data-testid="trend-summary">
        {summary}
      </figcaption>
    </figure>
  );
}

/** A series' latest complete day as one fact: "Unique users: 42 on Mon, Mar 2". */
export function LatestFact(props: { db: ReplicaDb; metric: MetricId; seriesKey: string; label: string; days: TrendDays }) {
  const { today, incompleteFrom, locale } = props.days;
  const live = useRecentSeries(props.db, props.metric, props.seriesKey, RECENT_POINTS);
  const points = live.status === 'ready' ? live.value : NO_POINTS;
  const { latest } = useMemo(() => cardPoints(points, today, incompleteFrom), [points, today, incompleteFrom]);
  if (latest === null) return null;
  return (
    <li data-testid="latest-fact" data-metric={props.metric}>
      {props.label}: <strong>{formatValue(latest.value, METRICS[props.metric].unit, locale)}</strong> <span className="muted">on {formatDay(latest.day, locale, 'medium')}</span>
    </li>
  );
}
