import { useEffect, useMemo, useRef } from 'react';
import type { AppError } from '../../../shared/contract';
import { METRICS, type SeriesPoint } from '../../../shared/metrics';
import { formatDay, formatValue, NO_VALUE } from '../../format/format';
import type { CardSpec } from './cards';
import { cardComparison, cardPoints, describeChange, type CardComparison } from './comparisons';
import { Sparkline } from './Sparkline';

/** Enough recent points for the sparkline (30 days), the comparison (7 days back) and a few partial days. */
export const RECENT_POINTS = 40;
const NO_POINTS: readonly SeriesPoint[] = [];

const ARROW = { up: '▲', down: '▼', flat: '–' } as const;

function ChangeLine(props: { comparison: CardComparison; locale: string }) {
  const { change, label } = props.comparison;
  if (change === null) {
    return (
      <span className="metric-card__change metric-card__change--neutral" data-testid="metric-change" data-tone="none">
        {NO_VALUE} {label} (no data)
      </span>
    );
  }
  return (
    <span className={`metric-card__change metric-card__change--${change.tone}`} data-testid="metric-change" data-tone={change.tone}>
      <span aria-hidden="true">{ARROW[change.direction]}</span> {describeChange(change, props.locale)}
      {change.tone !== 'neutral' && <span className="visually-hidden">, {change.tone === 'good' ? 'better' : 'worse'},</span>} {label}
    </span>
  );
}

export interface MetricCardProps {
  /** The series' recent points (RECENT_POINTS), null while the overview's read is under way. */
  points: readonly SeriesPoint[] | null;
  /** Why the local copy could not be read, if it could not. */
  readError: Error | null;
  card: CardSpec;
  today: string;
  /** The first day whose value may be partial (today, or earlier when the last sync ran before today). */
  incompleteFrom: string;
  /** Why this metric failed in the newest sync; its cached values stay on the card. */
  error: AppError | null;
  locale: string;
  onOpen: (card: CardSpec) => void;
  /** Take the keyboard focus when shown (coming back from this card's detail). */
  focused?: boolean;
  /**
   * Days the values take to be final, when the series decides rather than the metric (a funnel: its
   * window and a day), and how its latest day is introduced ("Entries of Mon, Nov 2").
   */
  lagDays?: number;
  lagLabel?: string;
}

/**
 * One KPI: the latest complete day's value, its change against the same weekday a week before (or 7
 * days before, for WAU/MAU), today's partial value, and a sparkline. A button: it opens the detail.
 */
export function MetricCard(props: MetricCardProps) {
  const { card, locale } = props;
  const loading = props.points === null && props.readError === null;
  const points = props.points ?? NO_POINTS;
  const lagDays = props.lagDays ?? METRICS[card.metric].lagDays ?? 0;
  const lagLabel = props.lagLabel ?? 'Persons first seen';
  const { latest, today } = useMemo(() => cardPoints(points, props.today, props.incompleteFrom, lagDays), [points, props.today, props.incompleteFrom, lagDays]);
  const comparison = useMemo(() => (latest === null ? null : cardComparison(card.metric, latest, points, locale)), [card.metric, latest, points, locale]);
  const unit = METRICS[card.metric].unit;

  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.focused === true) button.current?.focus();
  }, [props.focused]);

  const state = props.error !== null ? 'error' : loading ? 'loading' : latest === null ? 'empty' : 'ok';
  return (
    <button
      ref={button}
      type="button"
      className="metric-card"
      data-testid={`metric-card-${card.metric}`}
      data-key={METRICS[card.metric].keyed === 'none' ? undefined : card.key}
      data-state={state}
      onClick={() => props.onOpen(card)}
    >
      {card.kicker !== null && <span className="metric-card__kicker">{card.kicker}</span>}
      <span className="metric-card__label">{card.label}</span>
      <span className="metric-card__value" data-testid="metric-value">
        {latest === null ? NO_VALUE : formatValue(latest.value, unit, locale)}
      </span>
      <span className="metric-card__day">
        {latest !== null
          ? lagDays > 0
            ? `${lagLabel} ${formatDay(latest.day, locale, 'medium')}`
            : formatDay(latest.day, locale, 'medium')
          : loading
            ? 'Loading…'
            : lagDays > 0
              ? `Nothing ${lagDays} days old yet`
              : 'No complete day yet'}
      </span>
      {comparison !== null && <ChangeLine comparison={comparison} locale={locale} />}
      {today !== null && (
        <span className="metric-card__today" data-testid="metric-today">
          {formatValue(today.value, unit, locale)} so far today
        </span>
      )}
      <Sparkline points={points} end={latest?.day ?? null} />
      {props.readError !== null && (
        <span className="metric-card__error" data-testid="metric-read-error">
          Sightline could not read its local copy of this metric ({props.readError.message}).
        </span>
      )}
      {props.error !== null && (
        <span className="metric-card__error" data-testid="metric-error">
          <strong>{props.error.message}</strong>
          {props.error.hint !== undefined && <span className="metric-card__hint"> {props.error.hint}</span>}
        </span>
      )}
    </button>
  );
}
