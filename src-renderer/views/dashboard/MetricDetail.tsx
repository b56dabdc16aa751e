import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { RangeButtons } from '../../components/RangeButtons';
import type { AlertEvent } from '../../../shared/alerts/status';
import type { AppError } from '../../../shared/contract';
import { METRICS, type SeriesPoint } from '../../../shared/metrics';
import { tierLabel, type Tier } from '../../../shared/tiers';
import { ErrorNotice } from '../../components/ErrorNotice';
import { formatDay } from '../../format/format';
import type { ReplicaDb } from '../../db/replica-db';
import { fullLabel, type CardSpec } from './cards';
import { alertMarkers, chartRows, summarize, summaryText } from './chart-data';
import { rangeContaining } from './focus';
import { LazyDetailChart as DetailChart } from './LazyDetailChart';
import { DEFAULT_RANGE, RANGES, rangeWindow, readStart, type RangeId, type RangeWindow } from './ranges';
import { useSeriesRange, useWidestStart } from './useSeries';

const NO_POINTS: readonly SeriesPoint[] = [];

function RetentionNote(props: { span: RangeWindow; locale: string }) {
  const { cut } = props.span;
  if (cut === null) return null;
  return (
    <p className="notice" data-testid="retention-cut">
      Your {tierLabel(cut.tier)} plan keeps {cut.retentionDays} days of history, so this range starts on {formatDay(cut.cutoff, props.locale, 'medium')}. A higher plan keeps more.
    </p>
  );
}

function compareUnavailable(span: RangeWindow): string | null {
  if (span.days === null) return 'All history has no previous period to compare with.';
  if (span.previousNotKept) return 'Your plan does not keep the previous period.';
  return null;
}

export interface MetricDetailProps {
  db: ReplicaDb;
  card: CardSpec;
  today: string;
  incompleteFrom: string;
  /** The plan's tier (null until main answers): bounds the ranges by its retention. */
  tier: Tier | null;
  error: AppError | null;
  locale: string;
  onBack: () => void;
  /** The alert history of this series (fired, resolved): marked on the chart and listed under it. */
  alertEvents?: readonly AlertEvent[];
  /** Open at this day (an alert's): a range that holds it, the day highlighted. */
  focusDay?: string | null;
}

const NO_EVENTS: readonly AlertEvent[] = [];

/** The alerts of the days on the chart, in words (the chart itself is hidden from screen readers). */
function AlertsOnChart(props: { events: readonly AlertEvent[]; from: string; focusDay: string | null; locale: string }) {
  const shown = props.events.filter((e) => e.day >= props.from);
  if (shown.length === 0) return null;
  return (
    <ul className="detail-alerts" data-testid="detail-alerts" aria-label="Alerts on this chart">
      {shown.map((e) => (
        <li key={e.id} className={`detail-alerts__item detail-alerts__item--${e.kind}`} data-focus={e.day === props.focusDay} data-testid="detail-alert">
          <strong>{formatDay(e.day, props.locale, 'medium')}</strong> · {e.kind === 'fired' ? `${e.ruleName} fired` : `${e.ruleName} resolved`}: {e.text}
        </li>
      ))}
    </ul>
  );
}

/**
 * One metric in full: a large chart over 7 / 30 / 90 days or all history (bounded by the plan's
 * retention), the previous period overlaid on demand, today's partial value marked, and the range
 * summarised in words. A range switch reads nothing new unless it widens what was already read.
 */
export function MetricDetail(props: MetricDetailProps) {
  const { card, today, locale } = props;
  const info = METRICS[card.metric];
  const label = fullLabel(card);
  const focusDay = props.focusDay ?? null;
  const alertEvents = props.alertEvents ?? NO_EVENTS;
  const [range, setRange] = useState<RangeId>(() => (focusDay === null ? DEFAULT_RANGE : rangeContaining(focusDay, today, props.tier)));
  const [comparing, setComparing] = useState(false);

  const span = useMemo(() => rangeWindow(range, today, props.tier), [range, today, props.tier]);
  const unavailable = compareUnavailable(span);
  const compareOn = comparing && unavailable === null;
  const readFrom = useWidestStart(readStart(span, compareOn));
  const live = useSeriesRange(props.db, card.metric, card.key, readFrom ?? undefined);
  const points = live.status === 'ready' ? live.value : NO_POINTS;
  const rows = useMemo(
    () => chartRows(points, span, { today, incompleteFrom: props.incompleteFrom, comparing: compareOn }),
    [points, span, today, props.incompleteFrom, compareOn],
  );
  const markers = useMemo(() => alertMarkers(alertEvents, rows), [alertEvents, rows]);
  const summary = useMemo(() => summaryText(summarize(rows, today), card.metric, label, locale), [rows, today, card.metric, label, locale]);

  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const headingId = useId();
  const compareId = useId();

  return (
    <section className="panel metric-detail" data-testid="metric-detail" data-metric={card.metric} data-key={card.key} aria-labelledby={headingId}>
      <button type="button" className="link-button metric-detail__back" onClick={props.onBack} data-testid="detail-back">
        ← All metrics
      </button>
      <h2 id={headingId} ref={heading} tabIndex={-1}>
        {label}
      </h2>
      <p className="muted">{info.description}</p>
      {props.error !== null && <ErrorNotice error={props.error} />}
      <div className="detail-controls">
        <RangeButtons ranges={RANGES} value={range} onChange={setRange} />
        <label className="toggle" htmlFor={compareId}>
          <input id={compareId} type="checkbox" checked={compareOn} disabled={unavailable !== null} onChange={(e) => setComparing(e.target.checked)} />
          Compare to previous period
        </label>
        {unavailable !== null && <span className="muted small">{unavailable}</span>}
      </div>
      <RetentionNote span={span} locale={locale} />
      {live.status === 'error' && (
        <ErrorNotice error={{ code: 'internal', message: `Sightline could not read its local copy of this metric (${live.error.message}).`, hint: 'Reload the window.' }} />
      )}
      <figure className="metric-detail__figure">
        <DetailChart rows={rows} today={today} label={label} unit={info.unit} comparing={compareOn} locale={locale} markers={markers} highlightDay={focusDay} />
        <ul className="chart-legend" aria-hidden="true">
          <li className="chart-legend__item chart-legend__item--value">{label}</li>
          <li className="chart-legend__item chart-legend__item--partial">Partial (today so far)</li>
          {compareOn && <li className="chart-legend__item chart-legend__item--previous">Previous period</li>}
          {markers.some((m) => m.kind === 'fired') && <li className="chart-legend__item chart-legend__item--fired">Alert fired</li>}
          {markers.some((m) => m.kind === 'resolved') && <li className="chart-legend__item chart-legend__item--resolved">Alert resolved</li>}
          {focusDay !== null && rows.some((r) => r.day === focusDay) && <li className="chart-legend__item chart-legend__item--focus">{formatDay(focusDay, locale, 'medium')}: the alert’s day</li>}
        </ul>
        <figcaption className="small muted" data-testid="metric-summary">
          {summary}
        </figcaption>
        <AlertsOnChart events={alertEvents} from={rows[0]?.day ?? today} focusDay={focusDay} locale={locale} />
      </figure>
    </section>
  );
}
