// @vitest-environment jsdom
// The feature flags view as a founder sees it, painted from a seeded replica (Dexie on fake-indexeddb).
// fake-indexeddb first: Dexie's liveQuery only runs where a global indexedDB existed when Dexie loaded.
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionStatus, FlagList, SyncEntry } from '../../../shared/contract';
import { addDays, dayRange } from '../../../shared/time';
import type { SightlineBridge } from '../../../shared/bridge';
import { createApiClient } from '../../../src-renderer/api/client';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import { storeFlagList } from '../../../src-renderer/db/replicate-flags';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { FlagsView } from '../../../src-renderer/views/flags/FlagsView';
import { closeDbs, connected, entry, newDb, NOW, seed, series, TODAY, YESTERDAY } from '../dashboard/fixtures';

afterEach(() => {
  cleanup();
  closeDbs();
});

/** A main that answers nothing: the flags view must not need it (everything comes from the replica). */
function silentClient() {
  const calls: string[] = [];
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel) => {
      calls.push(channel);
      return { ok: false, error: { code: 'unavailable', message: 'offline' } };
    },
    subscribe: () => () => {},
  };
  return { client: createApiClient(bridge), calls };
}

function renderFlags(db: ReplicaDb, options: { log?: SyncEntry[]; connection?: ConnectionStatus | null; running?: boolean } = {}) {
  const { client, calls } = silentClient();
  const sync = createSyncStore(client);
  sync.setState({ log: options.log ?? [entry()], running: options.running === true ? { kind: 'initial', step: 1, total: 4, queryId: null } : null });
  let connects = 0;
  render(<FlagsView connection={options.connection === undefined ? connected : options.connection} db={db} sync={sync} onConnect={() => (connects += 1)} now={() => NOW} />);
  return { calls, connects: () => connects };
}

const FETCHED = new Date(NOW - 2 * 60 * 60 * 1000).toISOString();
const list = (...flags: Array<[key: string, name: string, active: boolean]>): FlagList => ({
  fetchedAt: FETCHED,
  flags: flags.map(([key, name, active], i) => ({ id: i + 1, key, name, active })),
});

/** Seeds per-flag series and their total (key '') for the same days. */
async function seedFlags(db: ReplicaDb, flags: Record<string, Record<string, number | null>>): Promise<void> {
  const total: Record<string, number> = {};
  for (const [key, values] of Object.entries(flags)) {
    await seed(db, 'posthog_flag_evaluations', key, values);
    for (const [day, value] of Object.entries(values)) total[day] = (total[day] ?? 0) + (value ?? 0);
  }
  await seed(db, 'posthog_flag_evaluations', '', total);
}

const rows = (): HTMLElement[] => screen.getAllByTestId('flag-row');
const keys = (): Array<string | null> => rows().map((r) => r.getAttribute('data-key'));
const row = (key: string): HTMLElement => {
  const found = rows().find((r) => r.getAttribute('data-key') === key);
  if (found === undefined) throw new Error(`no row for ${key}`);
  return found;
};
const cell = (key: string, testId: string): string => within(row(key)).getByTestId(testId).textContent ?? '';

// The 30-day range on Tue 2026-03-03 starts on Mon 2026-02-02; its complete days end on Mon 2026-03-02.
const RANGE_DAYS = 29;

describe('feature flags view', () => {
  it('lists the flags by evaluations over the range, including listed flags never evaluated and evaluated flags not in the list', async () => {
    const db = newDb();
    await seedFlags(db, {
      'new-nav': { ...series(YESTERDAY, RANGE_DAYS, () => 100), [TODAY]: 10 },
      // Evaluated 40 a day until Feb 18, then never again: deleted in PostHog.
      'old-checkout': series(YESTERDAY, RANGE_DAYS, (day) => (day <= '2026-02-18' ? 40 : 0)),
      'beta-billing': { ...series(YESTERDAY, RANGE_DAYS, () => 5), [TODAY]: 0 },
    });
    await seed(db, 'posthog_feature_flags', '', { ...series(YESTERDAY, 30, () => 3), [TODAY]: 2 });
    await storeFlagList(db, list(['new-nav', 'New navigation', true], ['beta-billing', 'Billing beta', false], ['dark-mode', 'Dark mode', true]));
    const { calls } = renderFlags(db);

    expect(screen.getByTestId('flags-view')).toBeTruthy();
    await waitFor(() => expect(keys()).toEqual(['new-nav', 'old-checkout', 'beta-billing', 'dark-mode']));
    expect(cell('new-nav', 'flag-evaluations')).toBe('2,910');
    expect(row('new-nav').textContent).toContain('New navigation');
    expect(cell('new-nav', 'flag-active')).toBe('Active');
    expect(cell('new-nav', 'flag-last-evaluated')).toBe('today');

    // The deleted flag: stopped, and said to be missing from PostHog's list.
    const old = row('old-checkout');
    expect(old.getAttribute('data-stopped')).toBe('true');
    expect(within(old).getByTestId('flag-stopped').textContent).toBe('stopped — last evaluated Feb 18');
    expect(within(old).getByTestId('flag-not-listed').textContent).toBe('not in PostHog’s flag list');
    expect(cell('old-checkout', 'flag-evaluations')).toBe('680');

    expect(cell('beta-billing', 'flag-evaluations')).toBe('145');
    expect(cell('beta-billing', 'flag-active')).toBe('Disabled');
    expect(cell('beta-billing', 'flag-last-evaluated')).toBe('Mon, Mar 2');
    expect(row('beta-billing').getAttribute('data-stopped')).toBeNull();

    // In the list, never evaluated.
    expect(cell('dark-mode', 'flag-evaluations')).toBe('0');
    expect(cell('dark-mode', 'flag-last-evaluated')).toBe('never in this range');
    expect(row('dark-mode').getAttribute('data-stopped')).toBeNull();
    expect(within(row('dark-mode')).queryByTestId('flag-not-listed')).toBeNull();

    // The daily context: flags evaluated at least once on the latest complete day, and the total.
    const active = screen.getByTestId('active-flags');
    await waitFor(() => expect(within(active).getByTestId('active-flags-value').textContent).toBe('3'));
    expect(active.textContent).toContain('evaluated at least once on Mon, Mar 2');
    expect(active.textContent).toContain('2 so far today');
    expect(within(active).getByTestId('total-evaluations').textContent).toBe('3,735');
    expect(screen.getByTestId('flags-list-fetched').textContent).toBe('Flag list fetched from PostHog 2 hours ago.');

    // A narrower range: the deleted flag, not evaluated in it, drops out; the listed ones stay.
    fireEvent.click(screen.getByRole('button', { name: '7 d' }));
    await waitFor(() => expect(keys()).toEqual(['new-nav', 'beta-billing', 'dark-mode']));
    expect(cell('new-nav', 'flag-evaluations')).toBe('610');
    // Everything came from the replica.
    expect(calls).toEqual([]);
  });

  it('sorts by a column from the keyboard-reachable header buttons', async () => {
    const db = newDb();
    await seedFlags(db, { a: { [YESTERDAY]: 1 }, b: { [YESTERDAY]: 3 }, c: { [addDays(YESTERDAY, -3)]: 2 } });
    await storeFlagList(db, list(['a', 'A', true], ['b', 'B', true], ['c', 'C', true]));
    renderFlags(db);
    await waitFor(() => expect(keys()).toEqual(['b', 'c', 'a']));
    const evaluations = screen.getByRole('columnheader', { name: /Evaluations/ });
    expect(evaluations.getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(screen.getByRole('button', { name: /^Flag/ }));
    expect(keys()).toEqual(['a', 'b', 'c']);
    expect(screen.getByRole('columnheader', { name: /^Flag/ }).getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(screen.getByRole('button', { name: /Last evaluated/ }));
    expect(keys()).toEqual(['a', 'b', 'c']);
    fireEvent.click(screen.getByRole('button', { name: /Evaluations/ }));
    expect(keys()).toEqual(['b', 'c', 'a']);
    fireEvent.click(screen.getByRole('button', { name: /Evaluations/ }));
    expect(keys()).toEqual(['a', 'c', 'b']);
  });

  it('judges "stopped" on the latest complete day: today, and a day the last sync ran on, are partial', async () => {
    const db = newDb();
    const days = dayRange(addDays(YESTERDAY, -9), YESTERDAY);
    const upTo = (last: string, extra: Record<string, number> = {}): Record<string, number> => ({
      ...Object.fromEntries(days.map((d) => [d, d <= last ? 7 : 0])),
      ...extra,
    });
    await seedFlags(db, {
      // 0 yesterday: stopped.
      'quiet-yesterday': upTo(addDays(YESTERDAY, -1)),
      // 0 yesterday, but evaluated again today: running.
      'back-today': upTo(addDays(YESTERDAY, -1), { [TODAY]: 4 }),
      // Evaluated every day.
      steady: upTo(YESTERDAY),
    });
    await storeFlagList(db, list(['quiet-yesterday', 'Q', true], ['back-today', 'B', true], ['steady', 'S', true]));
    renderFlags(db);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(row('quiet-yesterday').getAttribute('data-stopped')).toBe('true');
    expect(cell('quiet-yesterday', 'flag-stopped')).toBe('stopped — last evaluated Mar 1');
    expect(row('back-today').getAttribute('data-stopped')).toBeNull();
    expect(row('steady').getAttribute('data-stopped')).toBeNull();
    cleanup();

    // The last sync ran yesterday at noon (New York): yesterday was still going on, so its 0 proves nothing yet.
    renderFlags(db, { log: [entry({ finishedAt: '2026-03-02T17:00:00Z' })] });
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(row('quiet-yesterday').getAttribute('data-stopped')).toBeNull();
  });

  it('updates when the replicator stores a new flag list (flags.changed), without a reload', async () => {
    const db = newDb();
    await seedFlags(db, { 'new-nav': { [YESTERDAY]: 9 } });
    await storeFlagList(db, list(['new-nav', 'New navigation', true]));
    renderFlags(db);
    await waitFor(() => expect(keys()).toEqual(['new-nav']));
    await act(async () => {
      await storeFlagList(db, list(['new-nav', 'New navigation', false], ['pricing-test', 'Pricing test', true]));
    });
    await waitFor(() => expect(keys()).toEqual(['new-nav', 'pricing-test']));
    expect(cell('new-nav', 'flag-active')).toBe('Disabled');
  });

  it('evaluations without a flag list yet: shown, with a note, and no "not in the list" guess', async () => {
    const db = newDb();
    await seedFlags(db, { 'new-nav': { [YESTERDAY]: 9 } });
    renderFlags(db);
    await waitFor(() => expect(keys()).toEqual(['new-nav']));
    expect(screen.getByTestId('flags-list-missing').textContent).toContain('flag list has not been fetched yet');
    expect(within(row('new-nav')).queryByTestId('flag-not-listed')).toBeNull();
  });

  it('empty states: not connected, not synced yet (syncing or not), no flags at all', async () => {
    const db = newDb();
    const notConnected = renderFlags(db, { connection: { state: 'not-connected' } });
    fireEvent.click(within(screen.getByTestId('flags-not-connected')).getByRole('button', { name: 'Connect PostHog' }));
    expect(notConnected.connects()).toBe(1);
    cleanup();

    renderFlags(db, { log: [] });
    expect((await screen.findByTestId('flags-not-synced')).textContent).toContain('Start one with Refresh');
    cleanup();
    renderFlags(db, { log: [], running: true });
    expect((await screen.findByTestId('flags-not-synced')).textContent).toContain('Sightline is syncing Acme Web');
    cleanup();

    // Synced: PostHog lists no flag, and none was evaluated (the total is 0 every day).
    await seed(db, 'posthog_flag_evaluations', '', series(YESTERDAY, 30, () => 0));
    await storeFlagList(db, { fetchedAt: FETCHED, flags: [] });
    renderFlags(db);
    expect((await screen.findByTestId('flags-empty')).textContent).toContain('PostHog lists no feature flags for Acme Web');
    expect(screen.queryByTestId('flag-row')).toBeNull();
  });
});
