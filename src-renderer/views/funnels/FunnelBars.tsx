import { describeFilter } from '../../../shared/funnels';
import { formatCount, formatDuration, formatPercent } from '../../format/format';
import type { FunnelTotals } from './funnel-model';

/** A conversion time: seconds to hours as usual, days beyond two. */
function timeToConvert(seconds: number, locale: string): string {
  if (seconds < 2 * 86_400) return formatDuration(seconds);
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(seconds / 86_400)} days`;
}

/** The funnel as bars: persons per step, the share kept and lost between steps, and the median time. */
export function FunnelBars(props: { totals: FunnelTotals; locale: string }) {
  const { bars } = props.totals;
  const { locale } = props;
  const entered = bars[0]?.persons ?? 0;
  return (
    <ol className="funnel-bars" data-testid="funnel-bars">
      {bars.map((bar) => (
        <li key={bar.step} className="funnel-bar" data-testid="funnel-bar" data-step={bar.step} data-persons={bar.persons}>
          <div className="funnel-bar__label">
            <span className="funnel-bar__step">{bar.step}</span> <code>{bar.definition.event}</code>
            {bar.definition.filter !== null && <span className="muted small"> where {describeFilter(bar.definition.filter)}</span>}
          </div>
          <div className="funnel-bar__track" aria-hidden="true">
            <div className="funnel-bar__fill" style={{ width: `${entered > 0 ? Math.max(0.5, (bar.persons / entered) * 100) : 0}%` }} />
          </div>
          <div className="funnel-bar__numbers">
            <strong>{formatCount(bar.persons, locale)}</strong> {bar.persons === 1 ? 'person' : 'persons'}
            {bar.fromFirst !== null && bar.step > 1 && <> · {formatPercent(bar.fromFirst, locale)} of entries</>}
            {bar.fromPrevious !== null && (
              <span className="muted">
                {' '}
                · {formatPercent(bar.fromPrevious, locale)} of step {bar.step - 1}, {formatCount(bar.dropped, locale)} dropped off
              </span>
            )}
            {bar.medianSeconds !== null && <span className="muted"> · median {timeToConvert(bar.medianSeconds, locale)} from step {bar.step - 1}</span>}
          </div>
        </li>
      ))}
    </ol>
  );
}
