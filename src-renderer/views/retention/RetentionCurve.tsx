import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatPercent } from '../../format/format';
import { offsetLabel, type RetentionModel } from './retention-table';

/**
 * The average retention curve: per period after the cohort's, the persons back over the persons in
 * the cohorts that have completed that period (a period still under way is left out: it would drag
 * the curve down). Said in words below, for those who do not read charts.
 */
export function RetentionCurve(props: { model: RetentionModel; locale: string }) {
  const { model, locale } = props;
  const data = model.curve.map((p) => ({ label: offsetLabel(model.period, p.offset), share: p.share, cohorts: p.cohorts }));
  const known = model.curve.filter((p) => p.offset > 0 && p.share !== null);
  const first = known[0];
  const last = known[known.length - 1];
  const summary =
    first === undefined || last === undefined
      ? `No cohort has completed a ${model.period} after its own yet.`
      : `On average ${formatPercent(first.share ?? 0, locale)} come back in ${offsetLabel(model.period, first.offset).toLowerCase()}` +
        (last.offset === first.offset ? '.' : `, ${formatPercent(last.share ?? 0, locale)} in ${offsetLabel(model.period, last.offset).toLowerCase()} (${last.cohorts} ${last.cohorts === 1 ? 'cohort' : 'cohorts'} that old).`);
  return (
    <figure className="retention-curve-figure" data-testid="retention-curve">
      <div className="retention-curve" role="img" aria-label={`Average retention curve. ${summary}`}>
        <LineChart responsive style={{ width: '100%', height: '100%' }} data={data} margin={{ top: 12, right: 24, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid stroke="var(--chart-grid)" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis domain={[0, 1]} tickFormatter={(v: number) => formatPercent(v, locale, 0)} tick={{ fontSize: 11 }} width={44} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? formatPercent(value, locale) : '—')} />
          <Line type="monotone" dataKey="share" name="Back" stroke="var(--chart-line)" strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </div>
      <figcaption className="small muted" data-testid="retention-curve-summary">
        {summary}
      </figcaption>
    </figure>
  );
}
