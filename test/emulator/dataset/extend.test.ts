import { describe, expect, it } from 'vitest';
import { addDays, dayRange, localDay } from '../../posthog-emulator/dataset/calendar';
import { applyExtension, extendDataset, generateDataset } from '../../posthog-emulator/dataset/generator';
import { computeTruth, truthFor } from '../../posthog-emulator/dataset/ground-truth';

const NY = 'America/New_York';
const BASE = generateDataset({ seed: 3, timezone: NY, endDay: '2026-03-20', days: 30, targetDailyActive: 150 });
const SNAPSHOT = JSON.stringify(BASE);
const OPTIONS = { seed: 11, lateEventsPerDay: 37, lateDays: 2, newDays: 3 };
const EXT = extendDataset(BASE, OPTIONS);
const NEXT = applyExtension(BASE, EXT);
const custom = { customEvents: ['signed_up'] };
const BEFORE = computeTruth(BASE, custom);
const AFTER = computeTruth(NEXT, custom);

describe('extendDataset', () => {
  it('does not mutate the dataset (nor does applyExtension)', () => {
    expect(JSON.stringify(BASE)).toBe(SNAPSHOT);
    expect(NEXT).not.toBe(BASE);
    expect(NEXT.events).not.toBe(BASE.events);
    expect(NEXT.persons).not.toBe(BASE.persons);
  });

  it('adds exactly lateEventsPerDay late events on each of the last lateDays days, then new days', () => {
    const byDay = new Map<string, number>();
    for (const e of EXT.events) byDay.set(localDay(e.timestamp, NY), (byDay.get(localDay(e.timestamp, NY)) ?? 0) + 1);
    expect([...byDay.keys()].sort()).toEqual(['2026-03-19', '2026-03-20', '2026-03-21', '2026-03-22', '2026-03-23']);
    expect(byDay.get('2026-03-19')).toBe(37);
    expect(byDay.get('2026-03-20')).toBe(37);
    for (const d of ['2026-03-21', '2026-03-22', '2026-03-23']) expect(byDay.get(d) ?? 0).toBeGreaterThan(500);
    expect(EXT.lastDay).toBe('2026-03-23');
    expect(EXT.events.every((e, i) => i === 0 || (EXT.events[i - 1]?.timestamp ?? 0) <= e.timestamp)).toBe(true);
  });

  it('uses new uuids, and late events come from persons who existed before that day', () => {
    const old = new Set(BASE.events.map((e) => e.uuid));
    expect(EXT.events.every((e) => !old.has(e.uuid))).toBe(true);
    expect(new Set(EXT.events.map((e) => e.uuid)).size).toBe(EXT.events.length);
    const created = new Map(BASE.persons.map((p) => [p.id, localDay(p.created_at, NY)]));
    for (const e of EXT.events.filter((x) => localDay(x.timestamp, NY) <= BASE.lastDay)) {
      expect(created.get(e.person_id)! < localDay(e.timestamp, NY)).toBe(true);
    }
  });

  it('applyExtension merges in order, upserts persons and advances lastDay', () => {
    expect(NEXT.events).toHaveLength(BASE.events.length + EXT.events.length);
    expect(NEXT.events.every((e, i) => i === 0 || (NEXT.events[i - 1]?.timestamp ?? 0) <= e.timestamp)).toBe(true);
    expect(NEXT.lastDay).toBe('2026-03-23');
    expect(NEXT.firstDay).toBe(BASE.firstDay);
    const newPersons = EXT.persons.filter((p) => !BASE.persons.some((q) => q.id === p.id));
    expect(newPersons.length).toBeGreaterThan(20);
    expect(NEXT.persons).toHaveLength(BASE.persons.length + newPersons.length);
    // Every event's distinct_id belongs to its person; created_at is still the first event.
    const personOf = new Map<string, string>();
    for (const p of NEXT.persons) for (const id of p.distinct_ids) personOf.set(id, p.id);
    expect(NEXT.events.every((e) => personOf.get(e.distinct_id) === e.person_id)).toBe(true);
    const first = new Map<string, number>();
    for (const e of NEXT.events) if (!first.has(e.person_id)) first.set(e.person_id, e.timestamp);
    expect(NEXT.persons.every((p) => first.get(p.id) === p.created_at)).toBe(true);
    const before = new Map(BASE.persons.map((p) => [p.id, p.created_at]));
    expect(EXT.persons.filter((p) => before.has(p.id)).every((p) => before.get(p.id) === p.created_at)).toBe(true);
  });

  it('changes the truth only where it should', () => {
    const untouched = dayRange(BASE.firstDay, addDays(BASE.lastDay, -2));
    for (const d of untouched) expect(truthFor(AFTER, d)).toEqual(truthFor(BEFORE, d));
    for (const d of ['2026-03-19', '2026-03-20']) {
      expect(truthFor(AFTER, d).events).toBe(truthFor(BEFORE, d).events + 37);
      expect(truthFor(AFTER, d).dau).toBeGreaterThanOrEqual(truthFor(BEFORE, d).dau);
      expect(truthFor(AFTER, d).sessions).toBeGreaterThan(truthFor(BEFORE, d).sessions);
      expect(truthFor(AFTER, d).newUsers).toBe(truthFor(BEFORE, d).newUsers);
    }
    expect(AFTER).toHaveLength(BEFORE.length + 3);
    for (const d of ['2026-03-21', '2026-03-22', '2026-03-23']) {
      const t = truthFor(AFTER, d);
      expect(t.dau).toBeGreaterThan(50);
      expect(t.newUsers).toBeGreaterThan(0);
      expect(t.newUsers).toBe(t.custom.signed_up?.count);
      expect(t.flagEvaluations[BASE.incidents.flagStoppedKey]).toBeUndefined();
      expect(t.activeFlags).toBe(3);
      expect(t.distinctIdDau).toBeGreaterThan(t.dau);
    }
  });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(extendDataset(BASE, OPTIONS)).toEqual(EXT);
    const other = extendDataset(BASE, { ...OPTIONS, seed: 12 });
    expect(other.events[0]?.uuid).not.toBe(EXT.events[0]?.uuid);
  });

  it('adds nothing when asked for nothing', () => {
    const none = extendDataset(BASE, { seed: 1, lateEventsPerDay: 0, newDays: 0 });
    expect(none).toEqual({ events: [], persons: [], lastDay: BASE.lastDay });
    const lateOnly = extendDataset(BASE, { seed: 1, lateEventsPerDay: 5, lateDays: 1, newDays: 0 });
    expect(lateOnly.events).toHaveLength(5);
    expect(lateOnly.lastDay).toBe(BASE.lastDay);
    expect(applyExtension(BASE, lateOnly).lastDay).toBe(BASE.lastDay);
  });

  it('chains: an extension of an extended dataset keeps persons consistent', () => {
    const again = applyExtension(NEXT, extendDataset(NEXT, { seed: 99, newDays: 1, lateDays: 1, lateEventsPerDay: 10 }));
    expect(again.lastDay).toBe('2026-03-24');
    const ids = again.persons.flatMap((p) => p.distinct_ids);
    expect(new Set(ids).size).toBe(ids.length);
    const personOf = new Map<string, string>();
    for (const p of again.persons) for (const id of p.distinct_ids) personOf.set(id, p.id);
    expect(again.events.every((e) => personOf.get(e.distinct_id) === e.person_id)).toBe(true);
  });
});
