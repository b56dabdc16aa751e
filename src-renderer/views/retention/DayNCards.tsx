import { useMemo } from 'react';
import { DAY_N, type DayN } from '../../../shared/retention';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import type { ReplicaDb } from '../../db/replica-db';
import { formatCount, formatDay, formatValue, NO_VALUE } from '../../format/format';
import { cardPoints } from '../dashboard/comparisons';
import { RECENT_POINTS } from '../dashboard/MetricCard';
import { useRecentSeries, useSeriesRange } from '../dashboard/useSeries';

const NO_POINTS: readonly SeriesPoint[] = [];
const METRIC: Record<DayN, MetricId> = { 1: 'posthog_retention_d1', 7: 'posthog_retention_d7', 30: 'posthog_retention_d30' };

/** D1, D7 and D30: the latest cohort old enough to have its value, and how many persons it holds. */
export function DayNCards(props: { db: ReplicaDb; today: string; incompleteFrom: string; locale: string }) {
  return (
    <section className="dayn-cards" aria-label="Day-N retention">
      {DAY_N.map((n) => (
        <DayNCard key={n} n={n} {...props} />
      ))}
    </section>
  );
}

function DayNCard(props: { db: ReplicaDb; n: DayN; today: string; incompleteFrom: string; locale: string }) {
  const { n, locale } = props;
  const live = useRecentSeries(props.db, METRIC[n], '', RECENT_POINTS);
  const points = live.status === 'ready' ? live.value : NO_POINTS;
  // The latest final rate; a day nobody was first seen on has none, so the latest final day that has one.
  const { latest: final } = useMemo(() => cardPoints(points, props.today, props.incompleteFrom, n), [points, props.today, props.incompleteFrom, n]);
  const latest = useMemo(() => (final === null ? null : ([...points].reverse().find((p) => p.day <= final.day && p.value !== null) ?? null)), [points, final]);
  const cohort = useSeriesRange(props.db, 'posthog_retention_day_cohort', '', latest?.day ?? '\uffff', latest?.day ?? '');
  const size = cohort.status === 'ready' ? (cohort.value[0]?.value ?? null) : null;

  let detail: string;
  if (live.status === 'loading') detail = 'Loading…';
  else if (latest === null) detail = `No cohort old enough yet: D${n} needs persons first seen at least ${n + 1} days ago.`;
  else detail = `of ${size === null ? NO_VALUE : formatCount(size, locale)} persons first seen ${formatDay(latest.day, locale, 'medium')}`;
  return (
    <article className="panel dayn-card" data-testid={`dayn-card-${n}`} data-state={latest === null ? 'empty' : 'ok'}>
      <h3 className="dayn-card__label">D{n} retention</h3>
      <p className="dayn-card__value" data-testid="dayn-value">
        {latest === null ? NO_VALUE : formatValue(latest.value, 'ratio', locale)}
      </p>
      <p className="muted small" data-testid="dayn-detail">
        {detail}
      </p>
    </article>
  );
}
