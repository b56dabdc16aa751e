import { useMemo } from 'react';
import type { SeriesPoint } from '../../../shared/metrics';
import { TrendLine } from '../../components/TrendLine';
import { sparkValues } from './chart-data';

const SPARK_DAYS = 30;

/** The last 30 complete days of a series as a small line (see TrendLine). */
export function Sparkline(props: { points: readonly SeriesPoint[]; end: string | null }) {
  const values = useMemo(() => sparkValues(props.points, props.end, SPARK_DAYS).map((d) => d.value), [props.points, props.end]);
  return <TrendLine values={values} />;
}
