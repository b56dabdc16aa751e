import { useMemo } from 'react';
import { METRICS, type SeriesPoint } from '../../../shared/metrics';
import { formatCount, formatDay, NO_VALUE } from '../../format/format';
import type { ReplicaDb } from '../../db/replica-db';
import { cardPoints } from '../dashboard/comparisons';
import { Sparkline } from '../dashboard/Sparkline';
import { useRecentSeries } from '../dashboard/useSeries';

/** Enough recent points for a 30-day sparkline and a few partial days. */
const RECENT_POINTS = 40;
const NO_POINTS: readonly SeriesPoint[] = [];

/**
 * The context above the table: how many flags were evaluated at least once on the latest complete day
 * (posthog_feature_flags, with its 30-day sparkline), and all flag evaluations over the range.
 */
export function ActiveFlagsSummary(props: { db: ReplicaDb; today: string; incompleteFrom: string; totalEvaluations: number; rangeText: string; locale: string }) {
  const { locale } = props;
  const live = useRecentSeries(props.db, 'posthog_feature_flags', '', RECENT_POINTS);
  const points = live.status === 'ready' ? live.value : NO_POINTS;
  const { latest, today } = useMemo(() => cardPoints(points, props.today, props.incompleteFrom), [points, props.today, props.incompleteFrom]);
  return (
    <div className="flags-summary" data-testid="active-flags">
      <div className="flags-summary__item">
        <span className="flags-summary__label">{METRICS.posthog_feature_flags.label}</span>
        <span className="flags-summary__value" data-testid="active-flags-value">
          {latest?.value === null || latest === null ? NO_VALUE : formatCount(latest.value, locale)}
        </span>
        <span className="muted small">
          {latest === null ? 'No complete day synced yet' : `evaluated at least once on ${formatDay(latest.day, locale, 'medium')}`}
          {today?.value !== null && today !== null && ` · ${formatCount(today.value, locale)} so far today`}
        </span>
        <Sparkline points={points} end={latest?.day ?? null} />
      </div>
      <div className="flags-summary__item">
        <span className="flags-summary__label">{METRICS.posthog_flag_evaluations.label}</span>
        <span className="flags-summary__value" data-testid="total-evaluations">
          {formatCount(props.totalEvaluations, locale)}
        </span>
        <span className="muted small">all flags, {props.rangeText}</span>
      </div>
    </div>
  );
}
