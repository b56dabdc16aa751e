import type { Tracking } from '../../../shared/contract';
import type { ReplicaDb } from '../../db/replica-db';
import { LatestFact, SeriesTrend, type TrendDays } from './SeriesTrend';

/** Each tracked event's last 30 days, from the replica. */
export function TrackedTrends(props: { db: ReplicaDb; tracking: Tracking; days: TrendDays; isFetching: (key: string) => boolean }) {
  const { db, tracking, days } = props;
  if (tracking.customEvents.length === 0) return null;
  return (
    <section className="tracking-trends" aria-label="Trends of tracked events">
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
    </section>
  );
}
