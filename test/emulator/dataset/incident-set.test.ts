/**
 * The labelled incident set really is in the data: each planted drop and spike shows in the ground
 * truth at about its size, the launch step raises the level from its day on, and the source dataset is
 * left as it was.
 */
import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/time';
import { generateDataset } from '../../posthog-emulator/dataset/generator';
import { computeTruth } from '../../posthog-emulator/dataset/ground-truth';
import { plantIncidents, STANDARD_PLAN } from '../../posthog-emulator/dataset/incident-set';

const source = generateDataset({ seed: 9, timezone: 'America/New_York', endDay: '2026-11-22', days: 90, targetDailyActive: 300 });
const untouched = computeTruth(source);
// The same step and holiday without the drops and spikes: what each incident day would have been.
const before = computeTruth(plantIncidents(source, { ...STANDARD_PLAN, drops: [], errorSpikes: [] }, 9).dataset);
const planted = plantIncidents(source, STANDARD_PLAN, 9);
const after = computeTruth(planted.dataset);
const on = (truth: typeof after, day: string) => truth.find((d) => d.day === day)!;

describe('the labelled incident set', () => {
  it('labels the generator’s own incidents and every planted one', () => {
    expect(planted.incidents.map((i) => `${i.metric} ${i.kind} ${i.size}`).sort()).toEqual(
      ['dau drop 0.15', 'dau drop 0.3', 'dau drop 0.3', 'dau drop 0.4', 'dau drop 0.6', 'errors spike 10', 'errors spike 3', 'errors spike 3'].sort(),
    );
    expect(planted.nonIncidents.map((n) => n.what).sort()).toEqual(['holiday', 'launch-step']);
  });

  it('a planted DAU drop removes about its share of the day’s persons', () => {
    for (const drop of planted.incidents.filter((i) => i.kind === 'drop' && i.size < 0.6)) {
      const ratio = on(after, drop.day).dau / on(before, drop.day).dau;
      // Persons leave independently with probability `size`: within 10 points on ~150–300 persons.
      expect(Math.abs(1 - ratio - drop.size)).toBeLessThan(0.1);
    }
  });

  it('a planted error spike multiplies that day’s $exception events exactly', () => {
    for (const spike of planted.incidents.filter((i) => i.kind === 'spike' && i.size === 3)) {
      expect(on(after, spike.day).exceptions).toBe(on(before, spike.day).exceptions * 3);
    }
  });

  it('the launch step raises DAU from its day on and not before; the source is untouched', () => {
    const step = planted.nonIncidents.find((n) => n.what === 'launch-step')!.day;
    expect(on(before, addDays(step, -1)).dau).toBe(on(untouched, addDays(step, -1)).dau);
    const ratio = on(before, addDays(step, 3)).dau / on(untouched, addDays(step, 3)).dau;
    expect(ratio).toBeGreaterThan(1.35);
    expect(ratio).toBeLessThan(1.65);
    expect(computeTruth(source)).toEqual(untouched);
  });
});
