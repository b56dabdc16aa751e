/**
 * The detail chart, loaded on first use: the charting library (recharts) is most of the renderer's
 * code and the overview does not need it, so it stays out of the first paint. Same props as
 * DetailChart; an empty frame of the chart's size holds its place while it loads.
 */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { DetailChart as Chart } from './DetailChart';

const DetailChart = lazy(async () => ({ default: (await import('./DetailChart')).DetailChart }));

export function LazyDetailChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<div className="detail-chart" aria-hidden="true" data-testid="chart-loading" />}>
      <DetailChart {...props} />
    </Suspense>
  );
}
