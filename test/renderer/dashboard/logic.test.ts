// The dashboard's pure logic: which day a card shows, what it is compared with, ranges, chart rows,
// summaries, and what the sync log says.
import { describe, expect, it } from 'vitest';
import type { SyncEntry } from '../../../shared/contract';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { isStale, lastSuccessfulSync, noEventsDays, overviewCards, projectEntries, syncFailures } from '../../../src-renderer/views/dashboard/cards';
import { chartRows, sparkValues, summarize, summaryText, valueAxisMax } from '../../../src-renderer/views/dashboard/chart-data';
import { cardComparison, cardPoints, compare, comparisonLabel, describeChange, firstIncompleteDay } from '../../../src-renderer/views/dashboard/comparisons';
import { rangeWindow, readStart } from '../../../src-renderer/views/dashboard/ranges';

const pts = (metric: MetricId, values: Record<string, number | null>): SeriesPoint[] =>
  Object.entries(values)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, value]) => ({ metric, key: '', day, value }));

describe('latest complete day and today', () => {
  it('today is partial; the latest complete day is the last one before it', () => {
    const points = pts('posthog_dau', { '2026-03-01': 5, '2026-03-02': 7, '2026-03-03': 1 });
    const { latest, today } = cardPoints(points, '2026-03-03', '2026-03-03');
    expect(latest?.day).toBe('2026-03-02');
    expect(today?.value).toBe(1);
  });

  it('a day the last sync ran on (before today) was still going on: not complete', () => {
    expect(firstIncompleteDay('2026-03-03', '2026-03-03')).toBe('2026-03-03');
    expect(firstIncompleteDay('2026-03-03', '2026-03-02')).toBe('2026-03-02');
    expect(firstIncompleteDay('2026-03-03', null)).toBe('2026-03-03');
    const points = pts('posthog_dau', { '2026-03-01': 5, '2026-03-02': 7 });
    expect(cardPoints(points, '2026-03-03', '2026-03-02').latest?.day).toBe('2026-03-01');
  });

  it('nothing complete yet, or no point today', () => {
    expect(cardPoints(pts('posthog_dau', { '2026-03-03': 1 }), '2026-03-03', '2026-03-03')).toEqual({ latest: null, today: { metric: 'posthog_dau', key: '', day: '2026-03-03', value: 1 } });
    expect(cardPoints([], '2026-03-03', '2026-03-03')).toEqual({ latest: null, today: null });
  });
});

describe('comparisons', () => {
  it('labels: same weekday last week; WAU and MAU are rolling, so 7 days before', () => {
    expect(comparisonLabel('posthog_dau', '2026-02-24', 'en-US')).toBe('vs Tue last week');
    expect(comparisonLabel('posthog_errors', '2026-02-22', 'en-US')).toBe('vs Sun last week');
    expect(comparisonLabel('posthog_wau', '2026-02-24', 'en-US')).toBe('vs 7 days before');
    expect(comparisonLabel('posthog_mau', '2026-02-24', 'en-US')).toBe('vs 7 days before');
  });

  it('compares with the point 7 days before', () => {
    const points = pts('posthog_dau', { '2026-02-23': 100, '2026-02-24': 80, '2026-03-02': 120, '2026-03-03': 10 });
    const latest = points[2]!;
    const c = cardComparison('posthog_dau', latest, points, 'en-US');
    expect(c).toMatchObject({ baselineDay: '2026-02-23', label: 'vs Mon last week', baseline: 100 });
    expect(c.change).toMatchObject({ kind: 'relative', direction: 'up', tone: 'good' });
    expect(describeChange(c.change!, 'en-US')).toBe('+20%');
  });

  it('tone follows whether up is good for the metric', () => {
    expect(compare('posthog_dau', 90, 100)).toMatchObject({ direction: 'down', tone: 'bad' });
    expect(compare('posthog_errors', 30, 10)).toMatchObject({ direction: 'up', tone: 'bad' });
    expect(compare('posthog_errors', 5, 10)).toMatchObject({ direction: 'down', tone: 'good' });
    expect(compare('posthog_dau', 100, 100)).toMatchObject({ direction: 'flat', tone: 'neutral' });
    // Rounds to 0.0%: no change.
    expect(compare('posthog_events', 100_004, 100_000)).toMatchObject({ direction: 'flat' });
  });

  it('zero, missing values, and ratios in percentage points', () => {
    expect(compare('posthog_dau', 0, 0)).toMatchObject({ direction: 'flat' });
    const fromZero = compare('posthog_errors', 3, 0)!;
    expect(fromZero).toMatchObject({ kind: 'from-zero', direction: 'up', tone: 'bad' });
    expect(describeChange(fromZero, 'en-US')).toBe('up from 0');
    expect(compare('posthog_dau', null, 3)).toBeNull();
    expect(compare('posthog_dau', 3, null)).toBeNull();
    const rate = compare('posthog_conversion_rate', 0.125, 0.1)!;
    expect(rate).toMatchObject({ kind: 'points', direction: 'up', tone: 'good' });
    expect(describeChange(rate, 'en-US')).toBe('+2.5 pts');
    expect(describeChange(compare('posthog_conversion_rate', 0.1, 0.1)!, 'en-US')).toBe('no change');
  });
});

describe('ranges', () => {
  const today = '2026-03-03';
  it('N days including today; the previous period just before, same length', () => {
    expect(rangeWindow('7d', today, 'scale')).toEqual({
      from: '2026-02-25',
      to: today,
      days: 7,
      cut: null,
      previous: { from: '2026-02-18', to: '2026-02-24' },
      previousNotKept: false,
    });
    expect(rangeWindow('all', today, 'scale')).toMatchObject({ from: null, days: null, previous: null, cut: null });
  });

  it('cut by the tier’s retention, which also decides whether the previous period is kept', () => {
    const starter = rangeWindow('30d', today, 'starter');
    expect(starter).toMatchObject({ from: '2026-03-01', cut: { tier: 'starter', retentionDays: 3, cutoff: '2026-03-01' }, previous: null, previousNotKept: true });
    // Basic keeps 30 days: the 30-day range fits, its previous period does not.
    expect(rangeWindow('30d', today, 'basic')).toMatchObject({ from: '2026-02-02', cut: null, previous: null, previousNotKept: true });
    expect(rangeWindow('7d', today, 'basic')).toMatchObject({ cut: null, previous: { from: '2026-02-18', to: '2026-02-24' } });
    expect(rangeWindow('90d', today, 'basic').cut).toMatchObject({ retentionDays: 30 });
    // Plan not known yet: nothing cut.
    expect(rangeWindow('90d', today, null).cut).toBeNull();
  });

  it('reads from the previous period’s start only when comparing', () => {
    const w = rangeWindow('7d', today, 'pro');
    expect(readStart(w, false)).toBe('2026-02-25');
    expect(readStart(w, true)).toBe('2026-02-18');
    expect(readStart(rangeWindow('all', today, 'pro'), true)).toBeNull();
  });
});

describe('chart rows and summary', () => {
  const today = '2026-03-03';
  const points = pts('posthog_dau', { '2026-02-18': 1, '2026-02-19': 2, '2026-02-25': 10, '2026-02-26': 30, '2026-03-01': 20, '2026-03-02': 25, '2026-03-03': 4 });

  it('one row per day, gaps kept, today on the dashed segment joined to the last complete day', () => {
    const rows = chartRows(points, rangeWindow('7d', today, 'pro'), { today, incompleteFrom: today, comparing: false });
    expect(rows.map((r) => r.day)).toEqual(['2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
    expect(rows.map((r) => r.value)).toEqual([10, 30, null, null, 20, 25, null]);
    expect(rows.map((r) => r.partial)).toEqual([null, null, null, null, null, 25, 4]);
    expect(rows.map((r) => r.isPartial)).toEqual([false, false, false, false, false, false, true]);
    expect(rows.every((r) => r.previous === null && r.previousDay === null)).toBe(true);
  });

  it('aligns the previous period by offset', () => {
    const rows = chartRows(points, rangeWindow('7d', today, 'pro'), { today, incompleteFrom: today, comparing: true });
    expect(rows[0]).toMatchObject({ day: '2026-02-25', previousDay: '2026-02-18', previous: 1 });
    expect(rows[1]).toMatchObject({ previousDay: '2026-02-19', previous: 2 });
    expect(rows[2]).toMatchObject({ previous: null });
  });

  it('summarises complete days only, today apart', () => {
    const rows = chartRows(points, rangeWindow('7d', today, 'pro'), { today, incompleteFrom: today, comparing: false });
    const s = summarize(rows, today);
    expect(s).toEqual({ min: { day: '2026-02-25', value: 10 }, max: { day: '2026-02-26', value: 30 }, latest: { day: '2026-03-02', value: 25 }, today: 4, from: '2026-02-25', to: today });
    expect(summaryText(s, 'posthog_dau', 'Daily active users', 'en-US')).toBe(
      'Daily active users, Feb 25 to Mar 3: lowest 10 on Wed, Feb 25, highest 30 on Thu, Feb 26, latest complete day 25 on Mon, Mar 2. So far today: 4 (partial).',
    );
    const empty = summarize(chartRows([], rangeWindow('7d', today, 'pro'), { today, incompleteFrom: today, comparing: false }), today);
    expect(summaryText(empty, 'posthog_session_duration', 'Session duration', 'en-US')).toBe('Session duration, Feb 25 to Mar 3: no complete day with a value.');
  });

  it('All starts at the first point; a day synced while going on is drawn as partial', () => {
    const rows = chartRows(points, rangeWindow('all', today, 'pro'), { today, incompleteFrom: '2026-03-02', comparing: false });
    expect(rows[0]?.day).toBe('2026-02-18');
    expect(rows.at(-2)).toMatchObject({ day: '2026-03-02', isPartial: true, value: null, partial: 25 });
    expect(rows.at(-3)).toMatchObject({ day: '2026-03-01', value: 20, partial: 20 });
    expect(summarize(rows, today).latest).toEqual({ day: '2026-03-01', value: 20 });
  });

  it('sparkline: the 30 days ending at the latest complete day, gaps as null', () => {
    const values = sparkValues(points, '2026-03-02', 30);
    expect(values).toHaveLength(30);
    expect(values[0]?.day).toBe('2026-02-01');
    expect(values.at(-1)).toEqual({ day: '2026-03-02', value: 25 });
    expect(sparkValues(points, null, 30)).toEqual([]);
  });
});

describe('cards and the sync log', () => {
  const base: SyncEntry = {
    id: 'a', kind: 'refresh', projectId: 7, window: null, startedAt: '2026-03-03T10:00:00.000Z', finishedAt: '2026-03-03T10:00:05.000Z',
    requests: 4, rows: {}, status: 'ok', errors: [], revision: 3,
  };

  it('the fixed cards, then custom events and funnels (named when main knows the funnel)', () => {
    const cards = overviewCards(['signup'], ['f1', 'f2'], new Map([['f1', 'signup → purchase']]));
    expect(cards.slice(0, 3).map((c) => c.metric)).toEqual(['posthog_dau', 'posthog_wau', 'posthog_mau']);
    expect(cards.find((c) => c.metric === 'posthog_flag_evaluations')).toMatchObject({ key: '', label: 'Flag evaluations' });
    expect(cards.slice(-3)).toEqual([
      { metric: 'posthog_custom_event_count', key: 'signup', label: 'signup', kicker: 'Custom event' },
      { metric: 'posthog_conversion_rate', key: 'f1', label: 'signup → purchase', kicker: 'Conversion rate' },
      { metric: 'posthog_conversion_rate', key: 'f2', label: 'f2', kicker: 'Conversion rate' },
    ]);
  });

  it('failures by metric from the newest entry; sync-wide ones apart', () => {
    const timeout = { code: 'timeout' as const, message: 'Too slow.' };
    const offline = { code: 'offline' as const, message: 'Offline.' };
    const f = syncFailures({ ...base, status: 'partial', errors: [{ queryId: 'sessions', metrics: ['posthog_sessions', 'posthog_session_duration', 'not_a_metric'], error: timeout }, { queryId: 'connection', metrics: [], error: offline }] });
    expect([...f.byMetric.keys()]).toEqual(['posthog_sessions', 'posthog_session_duration']);
    expect(f.byMetric.get('posthog_sessions')).toBe(timeout);
    expect(f.general).toEqual([offline]);
    expect(syncFailures(undefined).byMetric.size).toBe(0);
  });

  it('when the whole sync failed, its cause is said once, not on every card', () => {
    const refused = { code: 'connection_refused' as const, message: 'Nothing accepts connections.' };
    const errors = ['activity', 'active-users', 'breakdowns', 'flag-list'].map((queryId) => ({ queryId, metrics: queryId === 'flag-list' ? [] : ['posthog_dau'], error: refused }));
    const f = syncFailures({ ...base, status: 'failed', errors });
    expect(f.byMetric.size).toBe(0);
    expect(f.general).toEqual([refused]);
  });

  it('the last successful sync of this project, and when it is stale', () => {
    const entries = projectEntries(
      [
        { ...base, id: 'other', projectId: 9 },
        { ...base, id: 'failed', status: 'failed' },
        { ...base, id: 'cancelled', status: 'cancelled' },
        { ...base, id: 'partial', status: 'partial' },
        { ...base, id: 'ok' },
      ],
      7,
    );
    expect(entries.map((e) => e.id)).toEqual(['failed', 'cancelled', 'partial', 'ok']);
    const last = lastSuccessfulSync(entries);
    expect(last?.id).toBe('partial');
    const finished = Date.parse(base.finishedAt);
    expect(isStale(last, finished + 23 * 3_600_000)).toBe(false);
    expect(isStale(last, finished + 25 * 3_600_000)).toBe(true);
    expect(isStale(null, finished + 99 * 86_400_000)).toBe(false);
  });

  it('no events: every synced day is 0 (unknown when the events query failed or nothing is synced)', () => {
    const zeros = pts('posthog_events', { '2026-03-01': 0, '2026-03-02': 0, '2026-03-03': 0 });
    expect(noEventsDays(zeros, false)).toBe(3);
    expect(noEventsDays(zeros, true)).toBeNull();
    expect(noEventsDays([], false)).toBeNull();
    expect(noEventsDays([...zeros, { metric: 'posthog_events', key: '', day: '2026-02-28', value: 2 }], false)).toBeNull();
  });
});

describe('the value axis', () => {
  it('reaches the highest value, or 1 (100 % for a share) when the series never rose above 0', () => {
    expect(valueAxisMax(0.42)).toBe(0.42);
    expect(valueAxisMax(1250)).toBe(1250);
    expect(valueAxisMax(0)).toBe(1);
    expect(valueAxisMax(Number.NEGATIVE_INFINITY)).toBe(1);
  });
});
