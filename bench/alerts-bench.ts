/**
 * Backtest speed: every alert template (and a 3-days-in-a-row rule) run by the pure evaluator over a
 * year of daily data of a busy project — the series of ./dexie-bench (every project-wide metric, 20
 * flags, 5 custom events, 1 funnel), with weekly seasonality and noise. Target: < 50 ms per rule for a
 * year (the rule editor re-runs it on every change). Measured in Node; the renderer runs the same
 * code on points it has already read from Dexie (the 365-day read is ./dexie-bench's last row).
 * Median of 20 runs per rule, after 3 warm-up runs.
 */
import { backtest } from '../shared/alerts/backtest';
import type { AlertRuleInput } from '../shared/alerts/rule';
import { groupPoints } from '../shared/alerts/series';
import { alertTemplates } from '../shared/alerts/templates';
import { METRICS, type SeriesPoint } from '../shared/metrics';
import { addDays, dayRange } from '../shared/time';
import { SERIES } from './dexie-bench';

const TODAY = '2026-11-23';
const DAYS = 366;
const RUNS = 20;
const WARMUP = 3;
export const BACKTEST_TARGET_MS = 50;

export interface AlertBenchRow {
  rule: string;
  series: number;
  days: number;
  firings: number;
  medianMs: number;
  maxMs: number;
  targetMs: number;
}

/** Deterministic noise in [0, 1). */
function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

function yearOfPoints(): SeriesPoint[] {
  const days = dayRange(addDays(TODAY, -(DAYS - 1)), TODAY);
  const points: SeriesPoint[] = [];
  SERIES.forEach(([metric, key], s) => {
    days.forEach((day, i) => {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      // Rolling counts (WAU, MAU) have no weekly dip; daily ones do.
      const rolling = metric === 'posthog_wau' || metric === 'posthog_mau';
      const season = !rolling && (weekday === 0 || weekday === 6) ? 0.55 : 1;
      const level = (200 + i) * season * (rolling ? 1 : 0.9 + 0.2 * noise(s * 1000 + i));
      const value = METRICS[metric].unit === 'ratio' ? 0.2 + 0.05 * noise(i) : Math.round(level);
      points.push({ metric, key, day, value });
    });
  });
  return points;
}

export function measureAlerts(): AlertBenchRow[] {
  const grouped = groupPoints(yearOfPoints());
  const pointsOf = (metric: Parameters<typeof grouped.get>[0]) => grouped.get(metric);
  const rules: Array<[string, AlertRuleInput]> = alertTemplates({
    customEvents: [],
    funnels: [{ id: 'signup-to-subscription', name: 'signed_up → subscription_started', title: 'signed_up → subscription_started', windowDays: 7, recentRates: [0.2] }],
  }).map((t) => [t.id, t.rule]);
  const dau = rules.find(([id]) => id === 'dau-drop')?.[1];
  if (dau !== undefined) rules.push(['dau-drop, 3 days in a row', { ...dau, evaluation: { ...dau.evaluation, consecutiveDays: 3 } }]);
  return rules.map(([id, rule]) => {
    const times: number[] = [];
    let result = backtest(rule, pointsOf, { today: TODAY, days: DAYS, locale: 'en-US' });
    for (let i = 0; i < WARMUP + RUNS; i += 1) {
      const t = performance.now();
      result = backtest(rule, pointsOf, { today: TODAY, days: DAYS, locale: 'en-US' });
      if (i >= WARMUP) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const round = (ms: number): number => Math.round(ms * 100) / 100;
    return {
      rule: id,
      series: result.days.size,
      days: DAYS,
      firings: result.firings.length,
      medianMs: round(times[Math.floor(times.length / 2)] ?? Number.NaN),
      maxMs: round(times.at(-1) ?? Number.NaN),
      targetMs: BACKTEST_TARGET_MS,
    };
  });
}

export function alertsTable(rows: AlertBenchRow[]): string {
  const header = ['rule', 'series', 'days', 'firings', 'median ms', 'max ms', 'target ms', 'verdict'];
  const table = rows.map((r) => [r.rule, String(r.series), String(r.days), String(r.firings), String(r.medianMs), String(r.maxMs), `< ${r.targetMs}`, r.medianMs < r.targetMs ? 'ok' : 'OVER']);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return `\nAlert backtests: a year of daily data per rule (pure evaluator, Node)\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${table.map(line).join('\n')}\n`;
}
