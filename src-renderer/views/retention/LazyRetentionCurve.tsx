/** The retention curve, loaded on first use (recharts stays out of the first paint, as for the dashboard's detail chart). */
import { lazy, Suspense, type ComponentProps } from 'react';
import type { RetentionCurve as Curve } from './RetentionCurve';

const RetentionCurve = lazy(async () => ({ default: (await import('./RetentionCurve')).RetentionCurve }));

export function LazyRetentionCurve(props: ComponentProps<typeof Curve>) {
  return (
    <Suspense fallback={<div className="retention-curve" aria-hidden="true" />}>
      <RetentionCurve {...props} />
    </Suspense>
  );
}
