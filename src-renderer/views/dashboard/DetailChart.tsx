import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricUnit } from '../../../shared/metrics';
import { formatDay, formatExactValue, formatTick } from '../../format/format';
import { valueAxisMax, type AlertMarker, type ChartRow } from './chart-data';

function ChartTooltip(props: { row: ChartRow | undefined; today: string; label: string; unit: MetricUnit; comparing: boolean; locale: string; marker: AlertMarker | undefined }) {
  const { row, unit, locale } = props;
  if (row === undefined) return null;
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      {/* The day string is already the project's day: formatted as a calendar date, never shifted. */}
      <div className="chart-tooltip__day">{formatDay(row.day, locale, 'long')}</div>
      <div>
        {props.label}: <strong>{formatExactValue(row.own, unit, locale)}</strong>
        {row.isPartial && <span className="muted"> {row.day === props.today ? '(partial: so far today)' : '(partial: synced before the day ended)'}</span>}
      </div>
      {props.comparing && row.previousDay !== null && (
        <div className="chart-tooltip__previous">
          {formatDay(row.previousDay, locale, 'medium')}: <strong>{formatExactValue(row.previous, unit, locale)}</strong>
        </div>
      )}
      {props.marker?.events.map((e) => (
        <div key={e.id} className={`chart-tooltip__alert chart-tooltip__alert--${e.kind}`}>
          {e.kind === 'fired' ? 'Alert' : 'Resolved'}: {e.text}
        </div>
      ))}
    </div>
  );
}

const NO_MARKERS: readonly AlertMarker[] = [];

/**
 * The detail's large chart: complete days as a solid line, partial days as a dashed segment ending
 * in a hollow dot marked "partial", the previous period (aligned by offset) as a faint dotted line,
 * the days of alerts (fired, resolved) as markers, and the day an alert opened the chart at as a band.
 */
export function DetailChart(props: {
  rows: readonly ChartRow[];
  today: string;
  label: string;
  unit: MetricUnit;
  comparing: boolean;
  locale: string;
  markers?: readonly AlertMarker[];
  /** The day to highlight (an alert opened the chart there). */
  highlightDay?: string | null;
}) {
  const { rows, unit, locale } = props;
  const markers = props.markers ?? NO_MARKERS;
  const byDay = useMemo(() => new Map(rows.map((r) => [r.day, r])), [rows]);
  const markerByDay = useMemo(() => new Map(markers.map((m) => [m.day, m])), [markers]);
  const highlight = props.highlightDay !== undefined && props.highlightDay !== null && byDay.has(props.highlightDay) ? props.highlightDay : null;
  const todayRow = byDay.get(props.today);
  const data = useMemo(() => [...rows], [rows]);
  return (
    <div className="detail-chart" aria-hidden="true">
      <LineChart responsive style={{ width: '100%', height: '100%' }} data={data} margin={{ top: 18, right: 32, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(day: string) => formatDay(day, locale, 'short')} minTickGap={28} stroke="var(--muted)" tick={{ fontSize: 12 }} />
        <YAxis domain={[0, valueAxisMax]} tickFormatter={(v: number) => formatTick(v, unit, locale)} width={60} stroke="var(--muted)" tick={{ fontSize: 12 }} />
        <Tooltip
          isAnimationActive={false}
          content={(p) => (
            <ChartTooltip
              row={typeof p.label === 'string' ? byDay.get(p.label) : undefined}
              marker={typeof p.label === 'string' ? markerByDay.get(p.label) : undefined}
              today={props.today}
              label={props.label}
              unit={unit}
              comparing={props.comparing}
              locale={locale}
            />
          )}
        />
        {highlight !== null && <ReferenceLine x={highlight} stroke="var(--accent)" strokeOpacity={0.18} strokeWidth={14} className="detail-chart__highlight" />}
        {props.comparing && (
          <Line dataKey="previous" name="Previous period" stroke="var(--chart-previous)" strokeWidth={1.5} strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls={false} />
        )}
        <Line dataKey="value" name={props.label} stroke="var(--chart-line)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        <Line dataKey="partial" name="Partial" stroke="var(--chart-line)" strokeWidth={2} strokeDasharray="5 4" dot={false} isAnimationActive={false} connectNulls={false} />
        {todayRow !== undefined && todayRow.own !== null && (
          <ReferenceDot
            x={props.today}
            y={todayRow.own}
            r={4}
            fill="var(--surface)"
            stroke="var(--chart-line)"
            strokeWidth={2}
            label={{ value: 'partial', position: 'top', fill: 'var(--muted)', fontSize: 11 }}
          />
        )}
        {markers.map((m) => (
          <ReferenceDot
            key={m.day}
            x={m.day}
            y={m.value}
            r={m.kind === 'fired' ? 6 : 5}
            fill={m.kind === 'fired' ? 'var(--alert-fired)' : 'var(--alert-resolved)'}
            stroke="var(--surface)"
            strokeWidth={2}
            className={`alert-marker alert-marker--${m.kind}`}
            label={{ value: m.kind === 'fired' ? 'alert' : 'resolved', position: 'top', fill: m.kind === 'fired' ? 'var(--alert-fired)' : 'var(--alert-resolved)', fontSize: 11, fontWeight: 600 }}
          />
        ))}
      </LineChart>
    </div>
  );
}
