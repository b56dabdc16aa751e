import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { MetricId, SeriesPoint } from '../../../shared/metrics';
import { addDays, dayRange } from '../../../shared/time';
import { SERIES_FILE, openSeriesStore, type SeriesStoreOptions } from '../../../src-main/store/series-store';
import { writeFileAtomic } from '../../../src-main/vault/atomic-file';
import { Replica, pt, recordingLog, series, tempDir } from './series-fixtures';

const NOW = 1_780_000_000_000;
const clock = (): number => NOW;

/** A store in a fresh dir, with a write counter. */
async function fresh(options: SeriesStoreOptions = {}) {
  const dir = tempDir();
  const log = recordingLog();
  const writes = vi.fn(writeFileAtomic);
  const store = await openSeriesStore(dir, log, clock, { writeFile: writes, ...options });
  return { dir, log, writes, store, file: path.join(dir, SERIES_FILE), reopen: () => openSeriesStore(dir, log, clock, options) };
}

const D30 = { from: '2026-01-01', to: '2026-01-30' };

describe('series store: replaceWindow and points', () => {
  it('round-trips a window, and a restart gives the same points, revision and epoch', async () => {
    const { store, reopen, file } = await fresh();
    expect(store.revision).toBe(0);
    expect(store.points()).toEqual([]);
    const points = series([['posthog_dau', ''], ['posthog_flag_evaluations', 'beta "quoted" ✓'], ['posthog_flag_evaluations', '']], D30.from, D30.to);
    points[3] = pt('posthog_dau', '2026-01-04', null);
    const result = await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: [...points].reverse() });
    expect(result).toEqual({ revision: 1, changed: 90 });
    expect(store.revision).toBe(1);

    // Sorted by metric, key, day whatever the input order; the '' key sorts before the flag key.
    const stored = store.points();
    expect(stored).toHaveLength(90);
    expect(stored.slice(0, 2)).toEqual([pt('posthog_dau', '2026-01-01', 0), pt('posthog_dau', '2026-01-02', 1)]);
    expect(stored[30]).toEqual(pt('posthog_flag_evaluations', '2026-01-01', 2000, ''));
    expect(stored[60]).toEqual(pt('posthog_flag_evaluations', '2026-01-01', 1000, 'beta "quoted" ✓'));
    expect(stored).toContainEqual(pt('posthog_dau', '2026-01-04', null));
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = await reopen();
    expect(again.points()).toEqual(stored);
    expect(again.revision).toBe(1);
    expect(again.epoch).toBe(store.epoch);
  });

  it('answers queries by metric, key and inclusive day range, and hands out copies', async () => {
    const { store } = await fresh();
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_custom_event_count'], points: series([['posthog_dau', ''], ['posthog_custom_event_count', 'signup'], ['posthog_custom_event_count', 'purchase']], D30.from, D30.to) });
    expect(store.points({ metric: 'posthog_custom_event_count' })).toHaveLength(60);
    expect(store.points({ metric: 'posthog_custom_event_count', key: 'signup' }).every((p) => p.key === 'signup')).toBe(true);
    expect(store.points({ key: '' }).map((p) => p.metric)).toEqual(Array(30).fill('posthog_dau'));
    expect(store.points({ metric: 'posthog_dau', from: '2026-01-10', to: '2026-01-12' }).map((p) => p.day)).toEqual(['2026-01-10', '2026-01-11', '2026-01-12']);
    expect(store.points({ metric: 'posthog_wau' })).toEqual([]);
    const [first] = store.points();
    first!.value = 999_999;
    expect(store.points()[0]!.value).not.toBe(999_999);
  });

  it('a refresh replaces only its window and its metrics: late data in the last 7 days, older days intact', async () => {
    const { store } = await fresh();
    const initial = series([['posthog_dau', ''], ['posthog_events', ''], ['posthog_flag_evaluations', 'a'], ['posthog_flag_evaluations', 'b']], D30.from, D30.to);
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_events', 'posthog_flag_evaluations'], points: initial });
    const before = store.points();

    // Refresh the last 7 days + today for dau and flags: dau's last 3 days grew, flag b vanished, a is unchanged.
    const refresh = { from: '2026-01-23', to: '2026-01-30' };
    const dau = before.filter((p) => p.metric === 'posthog_dau' && p.day >= refresh.from).map((p) => (p.day >= '2026-01-28' ? { ...p, value: (p.value ?? 0) + 5 } : p));
    const flagA = before.filter((p) => p.metric === 'posthog_flag_evaluations' && p.key === 'a' && p.day >= refresh.from);
    const result = await store.replaceWindow({ ...refresh, metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: [...dau, ...flagA] });
    expect(result).toEqual({ revision: 2, changed: 3 + 8 });

    const after = store.points();
    const outside = (p: SeriesPoint): boolean => p.metric === 'posthog_events' || p.day < refresh.from;
    expect(after.filter(outside)).toEqual(before.filter(outside));
    expect(store.points({ metric: 'posthog_dau', from: refresh.from })).toEqual(dau);
    expect(store.points({ metric: 'posthog_flag_evaluations', key: 'b' }).map((p) => p.day)).toEqual(dayRange('2026-01-01', '2026-01-22'));
    expect(store.points({ metric: 'posthog_flag_evaluations', key: 'a' })).toHaveLength(30);

    // Only what changed carries the new revision.
    const changes = store.changesSince(1);
    expect(changes.upserts.map((u) => `${u.metric} ${u.day}`)).toEqual(['posthog_dau 2026-01-28', 'posthog_dau 2026-01-29', 'posthog_dau 2026-01-30']);
    expect(changes.upserts.every((u) => u.rev === 2)).toBe(true);
    expect(changes.deletions).toEqual(dayRange(refresh.from, refresh.to).map((day) => ({ metric: 'posthog_flag_evaluations', key: 'b', day, rev: 2 })));
  });

  it('does not move the revision, nor write, when nothing changed', async () => {
    const { store, writes, file } = await fresh();
    const points = series([['posthog_dau', ''], ['posthog_wau', '']], D30.from, D30.to);
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_wau'], points });
    const text = readFileSync(file, 'utf8');
    expect(writes).toHaveBeenCalledTimes(1);
    expect(await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_wau'], points: [...points].reverse() })).toEqual({ revision: 1, changed: 0 });
    expect(await store.replaceWindow({ from: '2025-01-01', to: '2025-12-31', metrics: ['posthog_dau'], points: [] })).toEqual({ revision: 1, changed: 0 });
    expect(await store.pruneBefore('2026-01-01')).toEqual({ revision: 1, removed: 0 });
    expect(writes).toHaveBeenCalledTimes(1);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(store.changesSince(1)).toMatchObject({ reset: false, revision: 1, upserts: [], deletions: [] });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['an unknown metric', { metric: 'posthog_nope', key: '', day: '2026-01-05', value: 1 }, /unknown metric/],
    ['a metric the change does not replace', pt('posthog_wau', '2026-01-05', 1), /not among the metrics/],
    ['a day that is not YYYY-MM-DD', pt('posthog_dau', '2026-1-5', 1), /not a calendar day/],
    ['a day that is not on the calendar', pt('posthog_dau', '2026-02-30', 1), /not a calendar day/],
    ['a day before the window', pt('posthog_dau', '2025-12-31', 1), /outside the window 2026-01-01\.\.2026-01-30/],
    ['a day after the window', pt('posthog_dau', '2026-01-31', 1), /outside the window/],
    ['NaN', pt('posthog_dau', '2026-01-05', Number.NaN), /value is not a finite number/],
    ['Infinity', pt('posthog_dau', '2026-01-05', Number.POSITIVE_INFINITY), /value is not a finite number/],
    ['a string value', { metric: 'posthog_dau', key: '', day: '2026-01-05', value: '3' }, /value is not a finite number/],
    ['a missing value', { metric: 'posthog_dau', key: '', day: '2026-01-05' }, /value is not a finite number/],
    ['a key on a project-wide metric', pt('posthog_dau', '2026-01-05', 1, 'x'), /project-wide/],
    ['a key that is not a string', { metric: 'posthog_flag_evaluations', key: 7, day: '2026-01-05', value: 1 }, /key is not a string/],
    ['the same point twice', pt('posthog_dau', '2026-01-02', 1), /appears twice/],
    ['not an object', null, /not a point/],
  ];
  it.each(bad)('refuses a whole change holding %s, naming the point, and writes nothing', async (_, badPoint, why) => {
    const { store, writes, file } = await fresh();
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: series([['posthog_dau', '']], D30.from, D30.to) });
    const text = readFileSync(file, 'utf8');
    const before = store.points();
    const good = series([['posthog_dau', ''], ['posthog_flag_evaluations', 'f']], D30.from, D30.to, 500);
    const points = [...good.slice(0, 40), badPoint as SeriesPoint, ...good.slice(40)];
    const refused = store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_flag_evaluations'], points });
    await expect(refused).rejects.toThrow(why);
    await expect(refused).rejects.toThrow(/point #40 \(/);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(store.points()).toEqual(before);
    expect(store.revision).toBe(1);
  });

  it('refuses a malformed window or metric list, and a bad retention cutoff', async () => {
    const { store, writes } = await fresh();
    await expect(store.replaceWindow({ from: '2026-01-30', to: '2026-01-01', metrics: ['posthog_dau'], points: [] })).rejects.toThrow(/window/);
    await expect(store.replaceWindow({ from: '2026-01-01', to: 'today', metrics: ['posthog_dau'], points: [] })).rejects.toThrow(/window/);
    await expect(store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'nope' as MetricId], points: [] })).rejects.toThrow(/unknown metric "nope"/);
    await expect(store.pruneBefore('2026-13-01')).rejects.toThrow(/retention cutoff/);
    expect(writes).not.toHaveBeenCalled();
  });

  it('does not let the caller change a queued change by reusing its array', async () => {
    const { store } = await fresh();
    const points = series([['posthog_dau', '']], D30.from, D30.to);
    const pending = store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points });
    points[0]!.value = 12345;
    points.length = 0;
    await pending;
    expect(store.points()).toHaveLength(30);
    expect(store.points()[0]!.value).toBe(0);
  });

  it('serialises concurrent changes: both applied, two revisions, also after a restart', async () => {
    const { store, reopen } = await fresh();
    const dau = series([['posthog_dau', '']], D30.from, D30.to, 1);
    const events = series([['posthog_events', '']], D30.from, D30.to, 2);
    const [a, b] = await Promise.all([
      store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: dau }),
      store.replaceWindow({ ...D30, metrics: ['posthog_events'], points: events }),
    ]);
    expect([a.revision, b.revision]).toEqual([1, 2]);
    expect(store.revision).toBe(2);
    expect(store.points()).toEqual([...dau, ...events]);
    const again = await reopen();
    expect(again.revision).toBe(2);
    expect(again.points()).toEqual([...dau, ...events]);

    // The same metric twice at once: applied in call order, the later call wins.
    const first = series([['posthog_dau', '']], D30.from, D30.to, 100);
    const second = series([['posthog_dau', '']], '2026-01-20', D30.to, 200);
    await Promise.all([
      store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: first }),
      store.replaceWindow({ from: '2026-01-20', to: D30.to, metrics: ['posthog_dau'], points: second }),
    ]);
    expect(store.revision).toBe(4);
    expect(store.points({ metric: 'posthog_dau' })).toEqual([...first.filter((p) => p.day < '2026-01-20'), ...second]);
  });

  it('a refused change in the queue does not block the next one', async () => {
    const { store } = await fresh();
    const results = await Promise.allSettled([
      store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2027-01-01', 1)] }),
      store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2026-01-01', 1)] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(store.revision).toBe(1);
  });
});

describe('series store: replication by revision', () => {
  async function threeRevisions() {
    const ctx = await fresh();
    const { store } = ctx;
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: series([['posthog_dau', ''], ['posthog_flag_evaluations', 'x']], D30.from, D30.to) }); // rev 1: 60 points
    await store.replaceWindow({ from: '2026-01-29', to: '2026-01-30', metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: [pt('posthog_dau', '2026-01-29', 7), pt('posthog_dau', '2026-01-30', 8)] }); // rev 2: 2 changed, 2 deleted
    await store.replaceWindow({ from: '2026-01-30', to: '2026-01-31', metrics: ['posthog_flag_evaluations'], points: [pt('posthog_flag_evaluations', '2026-01-30', 3, 'x'), pt('posthog_flag_evaluations', '2026-01-31', 4, 'x')] }); // rev 3: one re-added, one new
    return ctx;
  }

  it('from 0 gives every point (and the deletions), from the middle what changed after it, from now nothing', async () => {
    const { store } = await threeRevisions();
    expect(store.revision).toBe(3);

    const all = store.changesSince(0);
    expect(all.reset).toBe(false);
    expect(all.revision).toBe(3);
    expect(all.epoch).toBe(store.epoch);
    expect(all.upserts.map(({ rev: _, ...p }) => p)).toEqual(store.points());
    expect(all.deletions).toEqual([{ metric: 'posthog_flag_evaluations', key: 'x', day: '2026-01-29', rev: 2 }]);

    const mid = store.changesSince(1);
    expect(mid.upserts).toEqual([
      { ...pt('posthog_dau', '2026-01-29', 7), rev: 2 },
      { ...pt('posthog_dau', '2026-01-30', 8), rev: 2 },
      { ...pt('posthog_flag_evaluations', '2026-01-30', 3, 'x'), rev: 3 },
      { ...pt('posthog_flag_evaluations', '2026-01-31', 4, 'x'), rev: 3 },
    ]);
    // 01-30 was deleted at 2 and re-added at 3: a replica gets the upsert only, never a stale delete.
    expect(mid.deletions).toEqual([{ metric: 'posthog_flag_evaluations', key: 'x', day: '2026-01-29', rev: 2 }]);

    expect(store.changesSince(2)).toMatchObject({ reset: false, deletions: [], upserts: [{ day: '2026-01-30', rev: 3 }, { day: '2026-01-31', rev: 3 }] });
    expect(store.changesSince(3)).toEqual({ reset: false, epoch: store.epoch, revision: 3, upserts: [], deletions: [] });
  });

  it('tombstones survive a restart', async () => {
    const { reopen, store } = await threeRevisions();
    const again = await reopen();
    expect(again.changesSince(1)).toEqual(store.changesSince(1));
  });

  it('a replica that applies every answer mirrors the store, whatever it missed', async () => {
    const { store } = await fresh({ keepRevisions: 4 });
    const replicas = [new Replica(), new Replica(), new Replica()];
    let seed = 1;
    const rand = (n: number): number => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const keys: Array<[MetricId, string]> = [['posthog_dau', ''], ['posthog_errors', ''], ['posthog_custom_event_count', 'a'], ['posthog_custom_event_count', 'b']];
    for (let step = 0; step < 40; step += 1) {
      const to = addDays('2026-01-01', 20 + step);
      const from = addDays(to, -rand(10));
      const chosen = keys.filter(() => rand(3) > 0);
      const points = series(chosen, from, to, rand(4)).filter(() => rand(5) > 0);
      if (step % 9 === 8) await store.pruneBefore(addDays(to, -25));
      else await store.replaceWindow({ from, to, metrics: [...new Set(chosen.map(([m]) => m))], points });
      // Replica 0 syncs every step, replica 1 every 3rd, replica 2 every 11th (it falls behind the tombstones).
      replicas.forEach((replica, i) => {
        if (step % [1, 3, 11][i]! === 0) replica.apply(store.changesSince(replica.revision, replica.epoch));
      });
    }
    for (const replica of replicas) {
      replica.apply(store.changesSince(replica.revision, replica.epoch));
      expect(replica.revision).toBe(store.revision);
      expect(replica.sorted()).toEqual(store.points());
    }
    // The first replica followed incrementally all along; the last fell behind the kept tombstones and had to reset.
    expect(replicas[0]!.resets).toBe(0);
    expect(replicas[2]!.resets).toBeGreaterThan(1);
  });

  it('resets a replica that is too far behind the kept tombstones', async () => {
    const { store, reopen } = await fresh({ keepRevisions: 2 });
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: series([['posthog_dau', '']], D30.from, D30.to) }); // 1
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: series([['posthog_dau', '']], D30.from, '2026-01-29') }); // 2: deletes 01-30
    expect(store.changesSince(1).reset).toBe(false);
    await store.replaceWindow({ ...D30, metrics: ['posthog_events'], points: [pt('posthog_events', '2026-01-01', 1)] }); // 3
    await store.replaceWindow({ ...D30, metrics: ['posthog_events'], points: [pt('posthog_events', '2026-01-01', 2)] }); // 4: forgets rev 2's tombstone

    const behind = store.changesSince(1);
    expect(behind.reset).toBe(true);
    expect(behind.revision).toBe(4);
    expect(behind.deletions).toEqual([]);
    expect(behind.upserts.map(({ rev: _, ...p }) => p)).toEqual(store.points());
    // Revision 2 saw the deletion itself: still caught up incrementally.
    expect(store.changesSince(2)).toMatchObject({ reset: false, upserts: [{ metric: 'posthog_events', rev: 4 }], deletions: [] });
    // The floor is persisted.
    expect((await reopen()).changesSince(1).reset).toBe(true);
  });

  it('forgets whole revisions of tombstones beyond maxTombstones', async () => {
    const { store } = await fresh({ maxTombstones: 25 });
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: series([['posthog_dau', '']], D30.from, D30.to) }); // 1
    await store.pruneBefore('2026-01-11'); // 2: 10 tombstones
    await store.pruneBefore('2026-01-21'); // 3: 10 more (20)
    expect(store.changesSince(1)).toMatchObject({ reset: false });
    expect(store.changesSince(1).deletions).toHaveLength(20);
    await store.pruneBefore('2026-01-29'); // 4: 8 more (28 > 25): revision 2's ten go
    expect(store.changesSince(1).reset).toBe(true);
    expect(store.changesSince(2).deletions).toHaveLength(18);
  });

  it('resets a replica from another epoch or from the future', async () => {
    const { store } = await threeRevisions();
    expect(store.changesSince(1, store.epoch).reset).toBe(false);
    expect(store.changesSince(1, 'another-store').reset).toBe(true);
    expect(store.changesSince(99).reset).toBe(true);
    expect(store.changesSince(-1).reset).toBe(true);
    expect(store.changesSince(1.5).reset).toBe(true);
  });
});

describe('series store: retention', () => {
  it('pruneBefore removes older points of every metric, records the deletions and persists', async () => {
    const { store, reopen } = await fresh();
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: series([['posthog_dau', ''], ['posthog_flag_evaluations', 'f']], D30.from, D30.to) });
    expect(await store.pruneBefore('2026-01-28')).toEqual({ revision: 2, removed: 54 });
    expect(store.points().map((p) => p.day)).toEqual(['2026-01-28', '2026-01-29', '2026-01-30', '2026-01-28', '2026-01-29', '2026-01-30']);
    const changes = store.changesSince(1);
    expect(changes.upserts).toEqual([]);
    expect(changes.deletions).toHaveLength(54);
    expect(changes.deletions.every((d) => d.day < '2026-01-28' && d.rev === 2)).toBe(true);
    const again = await reopen();
    expect(again.points()).toEqual(store.points());
    expect(again.revision).toBe(2);
  });
});

describe('series store: damaged files', () => {
  async function openOver(text: string) {
    const dir = tempDir();
    const file = path.join(dir, SERIES_FILE);
    writeFileSync(file, text);
    const log = recordingLog();
    const store = await openSeriesStore(dir, log, clock);
    return { dir, file, log, store, aside: `${file}.corrupt-${NOW}` };
  }

  it('sets a corrupt file aside (kept, renamed), logs it and opens empty; the next write works', async () => {
    const { store, file, log, aside, dir } = await openOver('{"v":1,"revision":3,"series":[{"metric":"posthog_dau"');
    expect(store.revision).toBe(0);
    expect(store.points()).toEqual([]);
    expect(readFileSync(aside, 'utf8')).toBe('{"v":1,"revision":3,"series":[{"metric":"posthog_dau"');
    expect(existsSync(file)).toBe(false);
    expect(log.messages).toEqual([`series.json was unreadable (not JSON); kept it as series.json.corrupt-${NOW} and started with no stored series`]);
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2026-01-02', 4)] });
    expect((await openSeriesStore(dir, log, clock)).points()).toEqual([pt('posthog_dau', '2026-01-02', 4)]);
  });

  it('never overwrites a file set aside earlier', async () => {
    const { dir, file, aside, log } = await openOver('first bad');
    writeFileSync(file, 'second bad');
    await openSeriesStore(dir, log, clock);
    expect(readFileSync(aside, 'utf8')).toBe('first bad');
    expect(readFileSync(`${aside}-2`, 'utf8')).toBe('second bad');
  });

  it('sets aside a file of an unknown version, saying so', async () => {
    const { store, log, aside } = await openOver('{"v":2,"revision":9,"everything":"different"}');
    expect(store.revision).toBe(0);
    expect(existsSync(aside)).toBe(true);
    expect(log.messages[0]).toMatch(/unknown format version 2/);
  });

  const header = '{"v":1,"epoch":"e","revision":2,"tombstoneFloor":0,';
  const broken: Array<[string, string, RegExp]> = [
    ['a value that is not a number', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-01"],"values":["7"],"revs":[1]}],"deletions":[]}`, /series\.0\.values: expected an array of finite numbers or null/],
    ['an unknown metric', `${header}"series":[{"metric":"posthog_gone","key":"","days":[],"values":[],"revs":[]}],"deletions":[]}`, /series\.0\.metric/],
    ['an impossible day', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-02-30"],"values":[1],"revs":[1]}],"deletions":[]}`, /series\.0\.days: expected an array of calendar days/],
    ['a revision from the future', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-01"],"values":[1],"revs":[3]}],"deletions":[]}`, /past the file's 2/],
    ['a point stored twice', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-01","2026-01-01"],"values":[1,2],"revs":[1,1]}],"deletions":[]}`, /2026-01-01 is repeated or out of order/],
    ['days out of order', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-02","2026-01-01"],"values":[1,2],"revs":[1,1]}],"deletions":[]}`, /out of order/],
    ['a series stored twice', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-01"],"values":[1],"revs":[1]},{"metric":"posthog_dau","key":"","days":["2026-01-02"],"values":[1],"revs":[1]}],"deletions":[]}`, /stored twice/],
    ['a deletion of a live point', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-01"],"values":[1],"revs":[1]}],"deletions":[["posthog_dau","","2026-01-01",2]]}`, /contradicts/],
    ['columns of different lengths', `${header}"series":[{"metric":"posthog_dau","key":"","days":["2026-01-01","2026-01-02"],"values":[1],"revs":[1,1]}],"deletions":[]}`, /differ in length/],
    ['a deletion on an impossible day', `${header}"series":[],"deletions":[["posthog_dau","","2026-02-30",1]]}`, /deletions\.0\.2: not a calendar day/],
    ['an unexpected field', `${header}"series":[],"deletions":[],"extra":1}`, /extra/i],
    ['not an object', '[]', /expected object/],
  ];
  it.each(broken)('sets aside a file with %s', async (_, text, reason) => {
    const { store, log, aside } = await openOver(text);
    expect(store.points()).toEqual([]);
    expect(readFileSync(aside, 'utf8')).toBe(text);
    expect(log.messages[0]).toMatch(reason);
  });

  it('a replica of the lost history is reset by the new epoch', async () => {
    const { store, reopen, file } = await fresh();
    await store.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: series([['posthog_dau', '']], D30.from, D30.to) });
    const replica = new Replica();
    replica.apply(store.changesSince(0));
    writeFileSync(file, 'garbage');
    const after = await reopen();
    await after.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2026-01-05', 1)] });
    await after.replaceWindow({ ...D30, metrics: ['posthog_dau'], points: [pt('posthog_dau', '2026-01-05', 2)] });
    // Same revision number as the replica's, but another history: reset, not "up to date".
    expect(after.revision).toBe(replica.revision + 1);
    const changes = after.changesSince(replica.revision, replica.epoch);
    expect(changes.reset).toBe(true);
    replica.apply(changes);
    expect(replica.sorted()).toEqual([pt('posthog_dau', '2026-01-05', 2)]);
  });

  it('writes a file a human can read: one series per line', async () => {
    const { store, file } = await fresh({ newEpoch: () => 'epoch-1' });
    await store.replaceWindow({ from: '2026-01-01', to: '2026-01-02', metrics: ['posthog_dau', 'posthog_flag_evaluations'], points: [pt('posthog_dau', '2026-01-01', 3), pt('posthog_dau', '2026-01-02', null), pt('posthog_flag_evaluations', '2026-01-01', 1.5, 'f')] });
    await store.replaceWindow({ from: '2026-01-02', to: '2026-01-02', metrics: ['posthog_dau'], points: [] });
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '{"v":1,"epoch":"epoch-1","revision":2,"tombstoneFloor":0,"series":[',
        '{"metric":"posthog_dau","key":"","days":["2026-01-01"],"values":[3],"revs":[1]},',
        '{"metric":"posthog_flag_evaluations","key":"f","days":["2026-01-01"],"values":[1.5],"revs":[1]}',
        '],"deletions":[',
        '["posthog_dau","","2026-01-02",2]',
        ']}',
        '',
      ].join('\n'),
    );
    expect(readdirSync(path.dirname(file))).toEqual([SERIES_FILE]);
  });
});

describe('series store: a year of data', () => {
  it('stores, reloads and refreshes ~15 k points correctly', async () => {
    const { store, reopen, file } = await fresh();
    const to = '2026-12-31';
    const from = addDays(to, -364);
    const plain: MetricId[] = ['posthog_dau', 'posthog_wau', 'posthog_mau', 'posthog_new_users', 'posthog_events', 'posthog_pageviews', 'posthog_sessions', 'posthog_session_duration', 'posthog_feature_flags', 'posthog_errors'];
    const keyed: Array<[MetricId, string]> = [
      ...plain.map((m): [MetricId, string] => [m, '']),
      ['posthog_flag_evaluations', ''],
      ...Array.from({ length: 15 }, (_, i): [MetricId, string] => ['posthog_flag_evaluations', `flag-${i}`]),
      ...['signup', 'purchase', 'invite', 'export', 'upgrade', 'churn'].flatMap((e): Array<[MetricId, string]> => [['posthog_custom_event_count', e], ['posthog_custom_event_users', e]]),
      ['posthog_conversion_entered', 'funnel-1'],
      ['posthog_conversion_converted', 'funnel-1'],
      ['posthog_conversion_rate', 'funnel-1'],
    ];
    const year = series(keyed, from, to);
    expect(year.length).toBe(41 * 365);
    const metrics = [...new Set(keyed.map(([m]) => m))];

    let t = performance.now();
    await store.replaceWindow({ from, to, metrics, points: year });
    const firstWrite = performance.now() - t;

    t = performance.now();
    const again = await reopen();
    const load = performance.now() - t;
    expect(again.revision).toBe(1);
    expect(again.points()).toEqual(store.points());
    expect(again.points()).toHaveLength(year.length);

    // A refresh: last 7 days + today re-read, values bumped.
    const refreshFrom = addDays(to, -7);
    const refreshed = series(keyed, refreshFrom, to, 7);
    t = performance.now();
    const result = await again.replaceWindow({ from: refreshFrom, to, metrics, points: refreshed });
    const refreshWrite = performance.now() - t;
    expect(result).toEqual({ revision: 2, changed: 41 * 8 });
    t = performance.now();
    const changes = again.changesSince(1);
    const changesTime = performance.now() - t;
    expect(changes.upserts).toHaveLength(41 * 8);
    t = performance.now();
    const all = again.changesSince(0);
    const allTime = performance.now() - t;
    expect(all.upserts).toHaveLength(year.length);

    const bytes = statSync(file).size;
    console.log(
      `[series-store] a year: ${year.length} points, ${(bytes / 1024).toFixed(0)} KiB; first write ${firstWrite.toFixed(1)} ms, ` +
        `load ${load.toFixed(1)} ms, refresh write ${refreshWrite.toFixed(1)} ms, changesSince(1) ${changesTime.toFixed(1)} ms, changesSince(0) ${allTime.toFixed(1)} ms`,
    );
  });
});
