/**
 * A small trend line (KPI cards, table rows): plain SVG, no chart library, so a screen of them costs
 * almost nothing to draw — the overview paints before the charting code is even loaded. No axes, no
 * animation, hidden from screen readers (the card or row says it in words). Days without a value are
 * gaps in the line.
 */
import { useMemo } from 'react';

const WIDTH = 100;
const HEIGHT = 30;
const PAD = 2;

/** The line's segments as SVG point lists, split at missing values. */
export function trendSegments(values: ReadonlyArray<number | null>, zeroBased: boolean): string[] {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return [];
  const min = zeroBased ? Math.min(0, ...present) : Math.min(...present);
  const max = Math.max(...present);
  const span = max - min;
  const x = (i: number): number => (values.length === 1 ? WIDTH / 2 : (i / (values.length - 1)) * WIDTH);
  const y = (v: number): number => (span === 0 ? HEIGHT / 2 : PAD + (1 - (v - min) / span) * (HEIGHT - 2 * PAD));
  const segments: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    current.push(`${x(i).toFixed(2)},${y(v).toFixed(2)}`);
  });
  if (current.length > 0) segments.push(current.join(' '));
  // A lone point still shows: a tiny horizontal tick.
  return segments.map((s) => (s.includes(' ') ? s : `${s} ${s.replace(/^([\d.]+)/, (m) => (Number(m) + 0.8).toFixed(2))}`));
}

export function TrendLine(props: { values: ReadonlyArray<number | null>; zeroBased?: boolean }) {
  const segments = useMemo(() => trendSegments(props.values, props.zeroBased ?? false), [props.values, props.zeroBased]);
  if (segments.length === 0) return <span className="sparkline sparkline--empty" aria-hidden="true" />;
  return (
    <span className="sparkline" aria-hidden="true">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" width="100%" height="100%" focusable="false">
        {segments.map((points, i) => (
          <polyline key={i} points={points} fill="none" stroke="var(--chart-line)" strokeWidth={1.5} vectorEffect="non-scaling-stroke" strokeLinejoin="round" strokeLinecap="round" />
        ))}
      </svg>
    </span>
  );
}
