import type { Dataset } from './types';

/**
 * The dataset as it stands at `atMs`: the generator fills whole days, but a live-looking demo whose
 * data ends "today" must not hold events from later today. Persons not yet seen by then are dropped.
 */
export function truncateAt(dataset: Dataset, atMs: number): Dataset {
  const events = dataset.events.filter((e) => e.timestamp <= atMs);
  const seen = new Set(events.map((e) => e.person_id));
  return { ...dataset, events, persons: dataset.persons.filter((p) => seen.has(p.id)) };
}
