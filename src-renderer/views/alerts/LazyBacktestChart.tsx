/** The backtest chart, loaded with the charting library on first use (see dashboard/LazyDetailChart). */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { BacktestChart as Chart } from './BacktestChart';

const BacktestChart = lazy(async () => ({ default: (await import('./BacktestChart')).BacktestChart }));

export function LazyBacktestChart(props: ComponentProps<typeof Chart>) {
  return (
    <Suspense fallback={<div className="detail-chart backtest-chart" aria-hidden="true" data-testid="chart-loading" />}>
      <BacktestChart {...props} />
    </Suspense>
  );
}
