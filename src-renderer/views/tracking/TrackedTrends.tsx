import type { Tracking } from '../../../shared/contract';
import type { ReplicaDb } from '../../db/replica-db';
import { LatestFact, SeriesTrend, type TrendDays } from './SeriesTrend';

/** Each tracked event's and the funnel's last 30 days, from the replica. */
export function TrackedTrends(props: { db: ReplicaDb; tracking: Tracking; days: TrendDays; isFetching: (key: string) => boolean }) {
  const { db, tracking, days } = props;
  const funnel = tracking.conversion;
  if (tracking.customEvents.length === 0 && funnel === null) return null;
  return (
    <section className="tracking-trends" aria-label="Trends of tracked events and funnel">
      {tracking.customEvents.map((name) => (
        <article key={name} className="panel tracking-trend" data-testid="event-trend" data-name={name}>
          <h3>{name}</h3>
          <ul className="tracking-trend__facts">
            <LatestFact db={db} metric="posthog_custom_event_count" seriesKey={name} label="Events" days={days} />
            <LatestFact db={db} metric="posthog_custom_event_users" seriesKey={name} label="Unique users" days={days} />
          </ul>
          <SeriesTrend db={db} metric="posthog_custom_event_count" seriesKey={name} label={`${name}: events`} days={days} fetching={props.isFetching(name)} />
        </article>
      ))}
      {funnel !== null && (
        <article className="panel tracking-trend" data-testid="funnel-trend" data-key={funnel.id}>
          <h3>
            Conversion: {funnel.from} → {funnel.to} <span className="muted small">within {funnel.windowDays} {funnel.windowDays === 1 ? 'day' : 'days'}</span>
          </h3>
          <ul className="tracking-trend__facts">
            <LatestFact db={db} metric="posthog_conversion_rate" seriesKey={funnel.id} label="Conversion rate" days={days} />
            <LatestFact db={db} metric="posthog_conversion_entered" seriesKey={funnel.id} label="Entered" days={days} />
            <LatestFact db={db} metric="posthog_conversion_converted" seriesKey={funnel.id} label="Converted" days={days} />
          </ul>
          <SeriesTrend db={db} metric="posthog_conversion_rate" seriesKey={funnel.id} label={`${funnel.from} → ${funnel.to}: conversion rate`} days={days} fetching={props.isFetching(funnel.id)} />
        </article>
      )}
    </section>
  );
}
