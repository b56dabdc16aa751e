/**
 * `npm run eval:alerts`: how good the "unusual" detector is, measured on incidents with known dates.
 *
 * For each seed and volume, a 120-day emulator project (the seeded generator: growth, weekly seasonality,
 * its own −60 % DAU drop and ×10 error spike) gets the labelled incident set of
 * test/posthog-emulator/dataset/incident-set.ts (DAU drops of 15–40 %, ×3 error spikes, a launch-day
 * step and a holiday). The metric series come from the independent ground truth (plain TypeScript over
 * the events). Over the last 80 days (after the generator's ramp-up), each detector runs through the
 * real evaluator (evaluateDays + incidentsOf, the code main and the backtest run):
 * - "unusual" (drop for DAU, spike for errors) at low / medium / high sensitivity, with the templates'
 *   guards (errors: at least 10 that day);
 * - the naive rules: DAU "drop ≥ 20 % vs the previous day"; errors "rise ≥ 200 % vs the previous day"
 *   (at least 10 that day).
 * An alarm (an incident's first day) is a catch when it falls on a planted incident's day or the two
 * days after (delay 0–2); any other alarm is false, except on the labelled non-incidents — the holiday
 * and the launch day — counted apart (a launch really does double the errors).
 * "Visible" big incidents are those a perfect model could tell from the day's own sampling noise: the
 * change is at least 3 Poisson standard deviations of the counterfactual value (value ÷ (1 − drop) or
 * value ÷ factor). At 80 DAU most −30 % days are not: ~50 persons a day have a noise of ±7.
 * Prints a table and writes bench/results/alerts-eval-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { evaluateDays, incidentsOf } from '../shared/alerts/evaluate';
import type { Condition, EvaluationSettings } from '../shared/alerts/rule';
import { addDays, dayRange } from '../shared/time';
import { generateDataset } from '../test/posthog-emulator/dataset/generator';
import { computeTruth } from '../test/posthog-emulator/dataset/ground-truth';
import { plantIncidents, STANDARD_PLAN, type PlantedIncident } from '../test/posthog-emulator/dataset/incident-set';

const SEEDS = (process.env.EVAL_SEEDS ?? '1,2,3,4,5').split(',').map(Number);
const VOLUMES = (process.env.EVAL_VOLUMES ?? '80,300,1000').split(',').map(Number);
const DAYS = 120;
const EVALUATED_DAYS = 80;
const END_DAY = '2026-11-22';

type Metric = 'dau' | 'errors';
interface Detector {
  name: string;
  metric: Metric;
  condition: Condition;
  evaluation: EvaluationSettings;
}

const guard = (minVolume: number): EvaluationSettings => ({ consecutiveDays: 1, minVolume, includePartialDay: false });
const DETECTORS: Detector[] = [
  ...(['low', 'medium', 'high'] as const).flatMap((sensitivity): Detector[] => [
    { name: `unusual ${sensitivity}`, metric: 'dau', condition: { kind: 'unusual', direction: 'drop', sensitivity }, evaluation: guard(0) },
    { name: `unusual ${sensitivity}`, metric: 'errors', condition: { kind: 'unusual', direction: 'spike', sensitivity }, evaluation: guard(10) },
  ]),
  { name: 'naive: −20 % vs previous day', metric: 'dau', condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 20, baseline: 'previous_day' }, evaluation: guard(0) },
  { name: 'naive: +200 % vs previous day', metric: 'errors', condition: { kind: 'change', direction: 'rise', unit: 'percent', amount: 200, baseline: 'previous_day' }, evaluation: guard(10) },
];

interface Tally {
  incidents: number;
  caught: number;
  bigIncidents: number;
  bigCaughtOnDay: number;
  visible: number;
  visibleCaughtOnDay: number;
  delays: number[];
  falseAlarms: number;
  labelledAlarms: number;
  days: number;
  missed: string[];
}

const empty = (): Tally => ({ incidents: 0, caught: 0, bigIncidents: 0, bigCaughtOnDay: 0, visible: 0, visibleCaughtOnDay: 0, delays: [], falseAlarms: 0, labelledAlarms: 0, days: 0, missed: [] });
/** A drop of 30 % or more; for errors every spike counts as "big" (×3 or more). */
const big = (i: PlantedIncident): boolean => i.kind === 'spike' || i.size >= 0.3;

/** Whether a perfect model could tell the incident from the day's own sampling noise (≥ 3 σ, Poisson). */
function visible(i: PlantedIncident, value: number): boolean {
  const counterfactual = i.kind === 'drop' ? value / (1 - i.size) : value / i.size;
  return Math.abs(value - counterfactual) >= 3 * Math.sqrt(Math.max(counterfactual, 1));
}

const tallies = new Map<string, Tally>();
const tallyOf = (key: string): Tally => {
  let t = tallies.get(key);
  if (t === undefined) tallies.set(key, (t = empty()));
  return t;
};

for (const volume of VOLUMES) {
  for (const seed of SEEDS) {
    const generated = generateDataset({ seed, timezone: 'America/New_York', endDay: END_DAY, days: DAYS, targetDailyActive: volume });
    const { dataset, incidents, nonIncidents } = plantIncidents(generated, STANDARD_PLAN, seed);
    const truth = computeTruth(dataset);
    const series: Record<Metric, Map<string, number>> = {
      dau: new Map(truth.map((d) => [d.day, d.dau])),
      errors: new Map(truth.map((d) => [d.day, d.exceptions])),
    };
    const days = dayRange(addDays(END_DAY, -(EVALUATED_DAYS - 1)), END_DAY);
    const expectedDays = new Set(nonIncidents.map((n) => n.day));
    for (const detector of DETECTORS) {
      const planted = incidents.filter((i) => i.metric === detector.metric && i.day >= (days[0] ?? ''));
      const alarms = incidentsOf(evaluateDays({ values: series[detector.metric], noise: 'count' }, detector, days)).map((i) => i.start);
      for (const key of [`${detector.metric}|${detector.name}|${volume}`, `${detector.metric}|${detector.name}|all`]) {
        const t = tallyOf(key);
        t.days += days.length;
        t.incidents += planted.length;
        t.bigIncidents += planted.filter(big).length;
        const matched = new Set<string>();
        for (const incident of planted) {
          const seen = visible(incident, series[detector.metric].get(incident.day) ?? 0);
          if (big(incident) && seen) t.visible += 1;
          const hit = alarms.find((a) => a >= incident.day && a <= addDays(incident.day, 2));
          if (hit === undefined) {
            if (key.endsWith('|all')) t.missed.push(`${volume}/${seed} ${incident.day} ${incident.kind} ${incident.size}`);
            continue;
          }
          matched.add(hit);
          t.caught += 1;
          const delay = dayRange(incident.day, hit).length - 1;
          t.delays.push(delay);
          if (big(incident) && delay === 0) t.bigCaughtOnDay += 1;
          if (big(incident) && seen && delay === 0) t.visibleCaughtOnDay += 1;
        }
        for (const a of alarms) {
          if (matched.has(a)) continue;
          if (expectedDays.has(a)) t.labelledAlarms += 1;
          else t.falseAlarms += 1;
        }
      }
    }
  }
}

const rows = [...tallies].map(([key, t]) => {
  const [metric, detector, volume] = key.split('|');
  const mean = t.delays.length === 0 ? null : t.delays.reduce((a, b) => a + b, 0) / t.delays.length;
  return {
    metric,
    detector,
    volume,
    recall: t.incidents === 0 ? null : t.caught / t.incidents,
    bigCaughtOnDay: `${t.bigCaughtOnDay}/${t.bigIncidents}`,
    visibleCaughtOnDay: `${t.visibleCaughtOnDay}/${t.visible}`,
    falseAlarmsPer90Days: (t.falseAlarms * 90) / t.days,
    labelledAlarms: t.labelledAlarms,
    meanDelayDays: mean,
    missed: t.missed,
  };
});

const header = ['metric', 'detector', 'DAU', 'recall', '≥30 % on its day', 'visible ones on their day', 'false alarms / 90 d', 'on holiday/launch day', 'mean delay d'];
const table = rows.map((r) => [
  r.metric ?? '',
  r.detector ?? '',
  r.volume ?? '',
  r.recall === null ? '-' : `${Math.round(r.recall * 100)} %`,
  r.bigCaughtOnDay,
  r.visibleCaughtOnDay,
  r.falseAlarmsPer90Days.toFixed(2),
  String(r.labelledAlarms),
  r.meanDelayDays === null ? '-' : r.meanDelayDays.toFixed(2),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((c) => (c[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
process.stdout.write(
  `\nAlert detectors on the labelled incident set (${SEEDS.length} seeds × DAU ${VOLUMES.join(', ')}; ${EVALUATED_DAYS} days each; false alarms per metric)\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`,
);
for (const r of rows.filter((x) => x.volume === 'all' && x.missed.length > 0)) process.stdout.write(`missed by ${r.detector} (${r.metric}): ${r.missed.join('; ')}\n`);

const outDir = path.join('bench', 'results');
mkdirSync(outDir, { recursive: true });
const file = path.join(outDir, `alerts-eval-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ benchmark: 'alerts-eval', at: new Date().toISOString(), seeds: SEEDS, volumes: VOLUMES, days: DAYS, evaluatedDays: EVALUATED_DAYS, plan: STANDARD_PLAN, rows }, null, 2)}\n`);
process.stdout.write(`\nwrote ${file}\n`);
