import { useMemo } from 'react';
import { seriesKey, type OverviewRead } from '../../db/read';
import { METRICS } from '../../../shared/metrics';
import { overviewCards, sameSeries, type CardSpec, type SeriesRef, type SyncFailures } from './cards';
import { MetricCard } from './MetricCard';

const NONE: string[] = [];

/**
 * The grid of KPI cards: the project-wide metrics, then each custom event and funnel in the replica.
 * Its data comes from one read of the replica (readOverview, done by the dashboard).
 */
export function Overview(props: {
  data: OverviewRead | null;
  readError: Error | null;
  today: string;
  incompleteFrom: string;
  failures: SyncFailures;
  locale: string;
  onOpen: (card: CardSpec) => void;
  /** The card to give the focus back to (the one whose detail was just closed). */
  focus: SeriesRef | null;
  funnelNames: ReadonlyMap<string, string>;
  /** Funnel id → days its rate takes to be final (recent entries still convert). */
  funnelLags?: ReadonlyMap<string, number>;
}) {
  const customEvents = props.data?.keys.get('posthog_custom_event_count') ?? NONE;
  const funnels = props.data?.keys.get('posthog_conversion_rate') ?? NONE;
  const cards = useMemo(() => overviewCards(customEvents, funnels, props.funnelNames), [customEvents, funnels, props.funnelNames]);
  return (
    <div className="metric-grid" data-testid="metric-grid">
      {cards.map((card) => (
        <MetricCard
          key={`${card.metric}|${card.key}`}
          points={props.data === null ? null : (props.data.series.get(seriesKey(card.metric, card.key)) ?? [])}
          readError={props.readError}
          card={card}
          today={props.today}
          incompleteFrom={props.incompleteFrom}
          error={props.failures.byMetric.get(card.metric) ?? null}
          locale={props.locale}
          onOpen={props.onOpen}
          focused={props.focus !== null && sameSeries(props.focus, card)}
          {...(METRICS[card.metric].keyed === 'funnel' ? { lagDays: props.funnelLags?.get(card.key) ?? 0, lagLabel: 'Entries of' } : {})}
        />
      ))}
    </div>
  );
}
