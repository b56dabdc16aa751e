/**
 * The dashboard's speed in real Chromium (Debian's, through Playwright) with a year of cached data:
 * - first paint from cache: navigation start → every KPI card shows its value (the frame after the
 *   last card filled), on a reload with the IndexedDB replica already caught up, main idle and no
 *   network involved. Target ≤ 300 ms. Median of PAINT_RUNS reloads.
 * - detail range switch: a click on a range button → the chart's summary shows the new range (next
 *   frame). Target ≤ 100 ms. Median over RANGE_RUNS switches cycling 7 d / 30 d / 90 d / All.
 * Main is the real app (browser host) on a data folder seeded with a year of every series of
 * ./dexie-bench (project-wide metrics, 20 flags, 5 custom events, 1 funnel), with no PostHog behind it.
 * Needs the built renderer (dist/renderer): `npm run bench` builds it first.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { SeriesPoint } from '../shared/metrics';
import { addDays, dayRange, localDay } from '../shared/time';
import { createApp } from '../src-main/app';
import { startBrowserHost } from '../src-main/host/server';
import { browserRuntime } from '../src-main/runtime';
import { openSeriesStore } from '../src-main/store/series-store';
import { DEMO_SCALE_LICENSE } from '../test/support/license-test-key';
import { SERIES, valueFor } from './dexie-bench';

const CHROMIUM = process.env.SIGHTLINE_CHROMIUM ?? '/usr/bin/chromium';
// The real clock (the page's cannot be faked: Playwright's fake clock also fakes performance.now()).
const NOW = Date.now();
const TODAY = localDay(NOW, 'UTC');
const YEAR_DAYS = 366;
const PAINT_RUNS = 7;
const RANGE_RUNS = 12;
const PAINT_TARGET_MS = 300;
const RANGE_TARGET_MS = 100;

export interface PaintRow {
  case: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  targetMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const round1 = (ms: number): number => Math.round(ms * 10) / 10;
const row = (name: string, times: number[], targetMs: number): PaintRow => ({
  case: name,
  runs: times.length,
  medianMs: round1(median(times)),
  minMs: round1(Math.min(...times)),
  maxMs: round1(Math.max(...times)),
  targetMs,
});

/** A data folder as main leaves it after a year of syncs of a connected project. */
async function seededDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sightline-paint-'));
  writeFileSync(
    path.join(dir, 'settings.json'),
    JSON.stringify({
      v: 1,
      connection: {
        host: 'https://us.posthog.com',
        cloud: 'us',
        projectId: 1,
        projectName: 'Bench project',
        timezone: 'UTC',
        caPem: null,
        caLabel: null,
        keyHint: 'phx_…ench',
        scopes: [],
        connectedAt: new Date(NOW - 365 * 86_400_000).toISOString(),
        lastVerifiedAt: null,
        demo: false,
      },
      wizard: null,
      tracking: {},
    }),
  );
  const store = await openSeriesStore(dir, () => {});
  const from = addDays(TODAY, -(YEAR_DAYS - 1));
  const days = dayRange(from, TODAY);
  const metrics = [...new Set(SERIES.map(([metric]) => metric))];
  for (const metric of metrics) {
    const points: SeriesPoint[] = SERIES.flatMap(([m, key], s) => (m === metric ? days.map((day, d) => ({ metric, key, day, value: valueFor(metric, s, d) })) : []));
    await store.replaceWindow({ from, to: TODAY, metrics: [metric], points });
  }
  return dir;
}

/** Resolves (in the page) with performance.now() at the frame after every card shows a value. */
const WATCH_CARDS = `
window.__cardsPainted = new Promise((resolve) => {
  const filled = () => {
    const cards = document.querySelectorAll('[data-testid^="metric-card-"]');
    const values = document.querySelectorAll('[data-testid="metric-value"]');
    return cards.length >= 11 && values.length === cards.length && [...values].every((v) => /\\d/.test(v.textContent || ''));
  };
  const done = () => requestAnimationFrame(() => resolve(performance.now()));
  const start = () => {
    if (filled()) return done();
    const observer = new MutationObserver(() => { if (filled()) { observer.disconnect(); done(); } });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
});`;

/** `measured`, or a clear failure (with a screenshot to look at) when it takes more than 30 s. */
async function within30s(page: Page, what: string, measured: Promise<number>): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within 30 s`)), 30_000);
  });
  try {
    return await Promise.race([measured, timeout]);
  } catch (error) {
    const file = path.join(os.tmpdir(), 'sightline-paint-bench-failure.png');
    await page.screenshot({ path: file }).catch(() => undefined);
    throw new Error(`paint bench: ${(error as Error).message}; screenshot: ${file}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

function cardsPaintedMs(page: Page): Promise<number> {
  return within30s(page, 'every card showing its value', page.evaluate(() => (window as unknown as { __cardsPainted: Promise<number> }).__cardsPainted));
}

/** Clicks the range button `label` and resolves with the ms until the summary changed and the next frame. */
function switchRangeMs(page: Page, label: string): Promise<number> {
  return within30s(page, `the chart switching to ${label}`, page.evaluate(async (name) => {
    const detail = document.querySelector('[data-testid="metric-detail"]');
    const button = [...document.querySelectorAll('[data-testid="metric-detail"] button')].find((b) => b.textContent?.trim() === name);
    if (detail === null || !(button instanceof HTMLElement)) throw new Error(`no range button ${name}`);
    const summary = (): string => detail.querySelector('[data-testid="metric-summary"]')?.textContent ?? '';
    const before = summary();
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (summary() !== before) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(detail, { subtree: true, childList: true, characterData: true });
      button.click();
    });
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - t0;
  }, label));
}

export async function measurePaint(): Promise<PaintRow[]> {
  const dataDir = await seededDataDir();
  const app = await createApp({ runtime: browserRuntime('benchmark'), log: () => {}, dataDir, autoSync: false });
  // Scale keeps the whole year, so every range shows what it says.
  const licensed = await app.dispatch('plan.installLicense', { license: DEMO_SCALE_LICENSE });
  if (!licensed.ok) throw new Error(`paint bench: ${licensed.error.message}`);
  const host = await startBrowserHost({ app, rendererDir: path.resolve('dist/renderer') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    page.on('crash', () => process.stderr.write('paint bench: the page crashed\n'));
    page.on('pageerror', (error) => process.stderr.write(`paint bench: page error ${error.message}\n`));
    await page.addInitScript(WATCH_CARDS);
    // First visit: the replica catches up with the year (not measured), then the cards fill.
    await page.goto(host.pageUrl);
    await cardsPaintedMs(page);
    const paints: number[] = [];
    for (let i = 0; i < PAINT_RUNS; i += 1) {
      await page.reload();
      paints.push(await cardsPaintedMs(page));
    }
    await page.getByTestId('metric-card-posthog_dau').click();
    await page.getByTestId('metric-summary').waitFor();
    const labels = ['All', '7 d', '90 d', '30 d'];
    const switches: number[] = [];
    for (let i = 0; i < RANGE_RUNS; i += 1) switches.push(await switchRangeMs(page, labels[i % labels.length] ?? 'All'));
    return [
      row(`first paint from cache, ${SERIES.length} series × ${YEAR_DAYS} days (Chromium)`, paints, PAINT_TARGET_MS),
      row('detail chart range switch (7 d / 30 d / 90 d / All)', switches, RANGE_TARGET_MS),
    ];
  } finally {
    await browser.close();
    await host.close();
    await app.dispose();
  }
}

export function paintTable(rows: PaintRow[]): string {
  const header = ['case', 'runs', 'median ms', 'min', 'max', 'target ms'];
  const cells = rows.map((r) => [r.case, String(r.runs), String(r.medianMs), String(r.minMs), String(r.maxMs), `≤ ${r.targetMs}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]): string => c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join('  ');
  return `\nDashboard in Chromium (year of cached data)\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}\n${cells.map(line).join('\n')}\n`;
}

if (process.argv[1]?.includes('paint-bench') === true) {
  process.stdout.write(paintTable(await measurePaint()));
}
