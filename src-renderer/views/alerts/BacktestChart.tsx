import { useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricUnit } from '../../../shared/metrics';
import { formatDay, formatExactValue, formatTick } from '../../format/format';
import { valueAxisMax } from '../dashboard/chart-data';
import type { BacktestRow } from './backtest-view';

export interface BacktestChartProps {
  rows: readonly BacktestRow[];
  unit: MetricUnit;
  locale: string;
  label: string;
  /** What the dotted line is: "Baseline", "Threshold", "Level before the stop". */
  referenceLabel: string;
}

function BacktestTooltip(props: { row: BacktestRow | undefined } & Omit<BacktestChartProps, 'rows'>) {
  const { row, unit, locale } = props;
  if (row === undefined) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip__day">{formatDay(row.day, locale, 'long')}</div>
      <div>
        {props.label}: <strong>{formatExactValue(row.value, unit, locale)}</strong>
      </div>
      {row.band !== null && (
        <div className="chart-tooltip__previous">
          Expected range: {formatExactValue(row.band[0], unit, locale)} – {formatExactValue(row.band[1], unit, locale)}
        </div>
      )}
      {row.reference !== null && (
        <div className="chart-tooltip__previous">
          {props.referenceLabel}: {formatExactValue(row.reference, unit, locale)}
        </div>
      )}
      {row.fired && <div className="backtest-tooltip__fired">Would have fired</div>}
      {!row.fired && row.breach && <div className="backtest-tooltip__fired">Still breaching</div>}
    </div>
  );
}

/**
 * The series a rule watches over the backtest's window: its values, what each day was compared with
 * (dotted; for `unusual` the expected value inside a shaded expected range), a marker on every day the rule would have fired and a small dot on the days it kept
 * breaching. Loaded lazily with the charting library.
 */
export function BacktestChart(props: BacktestChartProps) {
  const { rows, unit, locale } = props;
  const byDay = useMemo(() => new Map(rows.map((r) => [r.day, r])), [rows]);
  const data = useMemo(() => [...rows], [rows]);
  return (
    <div className="detail-chart backtest-chart" aria-hidden="true" data-testid="backtest-chart">
      <ComposedChart responsive style={{ width: '100%', height: '100%' }} data={data} margin={{ top: 22, right: 32, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
        <XAxis dataKey="day" tickFormatter={(day: string) => formatDay(day, locale, 'short')} minTickGap={28} stroke="var(--muted)" tick={{ fontSize: 12 }} />
        <YAxis domain={[0, valueAxisMax]} tickFormatter={(v: number) => formatTick(v, unit, locale)} width={60} stroke="var(--muted)" tick={{ fontSize: 12 }} />
        <Tooltip isAnimationActive={false} content={(p) => <BacktestTooltip row={typeof p.label === 'string' ? byDay.get(p.label) : undefined} {...props} />} />
        {rows.some((r) => r.band !== null) && (
          <Area dataKey="band" name="Expected range" stroke="none" fill="var(--chart-band)" fillOpacity={1} isAnimationActive={false} connectNulls={false} data-testid="backtest-band" />
        )}
        <Line dataKey="reference" name={props.referenceLabel} stroke="var(--chart-previous)" strokeWidth={1.5} strokeDasharray="2 3" dot={false} isAnimationActive={false} connectNulls={false} />
        <Line dataKey="value" name={props.label} stroke="var(--chart-line)" strokeWidth={2} dot={false} isAnimationActive={false} connectNulls={false} />
        {rows.map((row) =>
          row.value === null || !row.breach ? null : row.fired ? (
            <ReferenceDot
              key={row.day}
              x={row.day}
              y={row.value}
              r={6}
              fill="var(--alert-fired)"
              stroke="var(--surface)"
              strokeWidth={2}
              className="backtest-marker"
              label={{ value: 'fired', position: 'top', fill: 'var(--alert-fired)', fontSize: 11, fontWeight: 600 }}
            />
          ) : (
            <ReferenceDot key={row.day} x={row.day} y={row.value} r={3} fill="var(--alert-fired)" stroke="none" />
          ),
        )}
      </ComposedChart>
    </div>
  );
}
