/**
 * A labelled incident set on top of a generated dataset, for measuring alert detectors: planted drops
 * and spikes of known sizes, plus labelled non-incidents that fool naive rules. Operates on the
 * generated events (the ground truth then recomputes every metric from them, independently):
 * - a DAU drop of `size` on a day: that share of the persons active that day lose every event of it
 *   (an outage that kept them away);
 * - an error spike ×`size`: every `$exception` of that day happens `size` times (copies, new uuids);
 * - a launch-day step (non-incident): from a day on, a share of each day's active persons is joined by
 *   a twin (a new person with the same behaviour) — the level steps up and stays;
 * - a holiday (non-incident, "expected"): half the persons stay away; a detector may flag it, and the
 *   evaluation counts that separately.
 * Weekend dips and steady growth come from the generator itself. Deterministic for a seed.
 */
import { addDays } from '../../../shared/time';
import { localDay } from './calendar';
import { Rng } from './random';
import type { Dataset, EmulatedEvent, EmulatedPerson } from './types';

export interface PlantedIncident {
  day: string;
  metric: 'dau' | 'errors';
  kind: 'drop' | 'spike';
  /** Drops: the share removed (0.4 = −40 %); spikes: the factor (3 = ×3). */
  size: number;
}

export interface NonIncident {
  day: string;
  what: 'launch-step' | 'holiday';
}

export interface IncidentPlan {
  drops: Array<{ offset: number; size: number }>;
  errorSpikes: Array<{ offset: number; factor: number }>;
  /** Days before the last day; the step lasts to the end. */
  launchStep?: { offset: number; share: number };
  holiday?: { offset: number };
}

export interface LabelledDataset {
  dataset: Dataset;
  incidents: PlantedIncident[];
  nonIncidents: NonIncident[];
}

/**
 * The standard plan (offsets are days before the dataset's last day): drops of 15, 30, 40 and 60 %
 * (the generator's own −60 % at −9), error spikes ×3 and ×10 (the generator's own at −5), on weekdays
 * and weekends; a launch step at −40 and a holiday at −55. Offsets avoid each other's baselines' days
 * being the same weekday within a week.
 */
export const STANDARD_PLAN: IncidentPlan = {
  drops: [
    { offset: 16, size: 0.15 },
    { offset: 23, size: 0.3 },
    { offset: 31, size: 0.4 },
    { offset: 47, size: 0.3 },
  ],
  errorSpikes: [
    { offset: 19, factor: 3 },
    { offset: 34, factor: 3 },
  ],
  launchStep: { offset: 40, share: 0.5 },
  holiday: { offset: 55 },
};

export function plantIncidents(source: Dataset, plan: IncidentPlan, seed: number): LabelledDataset {
  // One random stream per planted thing, so leaving one out of a plan does not change the others.
  const rngFor = (what: string): Rng => new Rng(seed, `incident-set:${what}`);
  const tz = source.project.timezone;
  const dayOf = (offset: number): string => addDays(source.lastDay, -offset);
  let events: EmulatedEvent[] = source.events;
  const persons: EmulatedPerson[] = [...source.persons];
  const incidents: PlantedIncident[] = [
    { day: source.incidents.dauDropDay, metric: 'dau', kind: 'drop', size: 0.6 },
    { day: source.incidents.errorSpikeDay, metric: 'errors', kind: 'spike', size: 10 },
  ];
  const nonIncidents: NonIncident[] = [];

  /** Removes every event of `share` of the persons active on `day`. */
  const keepAway = (day: string, share: number): void => {
    const rng = rngFor(`away:${day}`);
    const active = [...new Set(events.filter((e) => localDay(e.timestamp, tz) === day).map((e) => e.person_id))].sort();
    const away = new Set(active.filter(() => rng.next() < share));
    events = events.filter((e) => !(away.has(e.person_id) && localDay(e.timestamp, tz) === day));
  };

  for (const drop of plan.drops) {
    const day = dayOf(drop.offset);
    keepAway(day, drop.size);
    incidents.push({ day, metric: 'dau', kind: 'drop', size: drop.size });
  }
  for (const spike of plan.errorSpikes) {
    const day = dayOf(spike.offset);
    const copies: EmulatedEvent[] = [];
    for (const e of events) {
      if (e.event !== '$exception' || localDay(e.timestamp, tz) !== day) continue;
      for (let i = 1; i < spike.factor; i += 1) copies.push({ ...e, uuid: `${e.uuid.slice(0, 24)}${String(copies.length).padStart(12, '0')}`, timestamp: e.timestamp + i * 1000 });
    }
    events = [...events, ...copies];
    incidents.push({ day, metric: 'errors', kind: 'spike', size: spike.factor });
  }
  if (plan.holiday !== undefined) {
    const day = dayOf(plan.holiday.offset);
    keepAway(day, 0.5);
    nonIncidents.push({ day, what: 'holiday' });
  }
  if (plan.launchStep !== undefined) {
    const from = dayOf(plan.launchStep.offset);
    const share = plan.launchStep.share;
    const rng = rngFor('launch-step');
    const twins = new Map<string, boolean>();
    const added: EmulatedEvent[] = [];
    for (const e of events) {
      if (localDay(e.timestamp, tz) < from) continue;
      let twin = twins.get(e.person_id);
      if (twin === undefined) twins.set(e.person_id, (twin = rng.next() < share));
      if (twin) added.push({ ...e, uuid: `${e.uuid.slice(0, 24)}${'f'.repeat(12)}`, person_id: `${e.person_id}-twin`, distinct_id: `${e.distinct_id}-twin` });
    }
    for (const p of source.persons) if (twins.get(p.id) === true) persons.push({ ...p, id: `${p.id}-twin`, distinct_ids: p.distinct_ids.map((d) => `${d}-twin`) });
    events = [...events, ...added];
    nonIncidents.push({ day: from, what: 'launch-step' });
  }
  events = [...events].sort((a, b) => a.timestamp - b.timestamp);
  return { dataset: { ...source, events, persons }, incidents: incidents.sort((a, b) => (a.day < b.day ? -1 : 1)), nonIncidents };
}
