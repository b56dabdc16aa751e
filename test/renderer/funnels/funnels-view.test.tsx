// @vitest-environment jsdom
// The Funnels view as a founder uses it: the editor (steps, filters, window; what it refuses and
// flags), the bars from the replica's totals (persons, shares, drop-off, median times, the range),
// the conversion trend, and the states before anything is synced — against a fake main that
// validates every request with the contract.
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Funnel } from '../../../shared/contract';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { FunnelsView } from '../../../src-renderer/views/funnels/FunnelsView';
import { closeDbs, connected, entry, newDb, NOW, seed, TODAY } from '../dashboard/fixtures';
import { fakeMain } from '../tracking/fake-tracking-main';

afterEach(() => {
  cleanup();
  closeDbs();
});

function renderFunnels(main: ReturnType<typeof fakeMain>, db: ReplicaDb = newDb()) {
  const sync = createSyncStore(main.client);
  sync.setState({ log: [entry()], running: null });
  render(<FunnelsView client={main.client} connection={connected} db={db} sync={sync} onConnect={() => {}} now={() => NOW} />);
  return db;
}

const PRICING: Funnel = {
  id: 'f1',
  name: 'Pricing to paid',
  steps: [
    { event: '$pageview', filter: { key: '$current_url', operator: 'icontains', value: '/pricing' } },
    { event: 'signup', filter: null },
    { event: 'purchase', filter: null },
  ],
  windowDays: 14,
};

describe('the funnel editor', () => {
  it('defines a 3-step funnel with a property filter: main gets exactly that, and the funnel waits for its sync', async () => {
    const main = fakeMain();
    renderFunnels(main);
    expect(await screen.findByTestId('funnels-none')).toBeTruthy();
    const editor = screen.getByTestId('funnel-editor');
    // Two steps to start with, none removable; the window defaults to PostHog's 14 days.
    expect(within(editor).getAllByTestId('funnel-step')).toHaveLength(2);
    expect(within(editor).queryByRole('button', { name: /Remove step/ })).toBeNull();
    expect(within(editor).getByTestId<HTMLInputElement>('funnel-window').value).toBe('14');
    fireEvent.change(within(editor).getByTestId('funnel-name'), { target: { value: 'Pricing to paid' } });
    fireEvent.click(within(editor).getByTestId('funnel-add-step'));
    fireEvent.change(within(editor).getByTestId('funnel-step-1'), { target: { value: '$pageview' } });
    fireEvent.click(within(editor).getByTestId('funnel-add-filter-1'));
    fireEvent.change(within(editor).getByTestId('funnel-filter-value-1'), { target: { value: '/pricing' } });
    fireEvent.change(within(editor).getByTestId('funnel-step-2'), { target: { value: 'signup' } });
    fireEvent.change(within(editor).getByTestId('funnel-step-3'), { target: { value: 'purchase' } });
    fireEvent.click(within(editor).getByTestId('funnel-save'));

    const panel = await screen.findByTestId('funnel-panel');
    expect(main.sets).toEqual([{ customEvents: [], funnels: [{ ...PRICING, id: null }] }]);
    expect(panel.getAttribute('data-key')).toBe('funnel-1');
    // Just added: its history is on its way.
    expect((await within(panel).findByTestId('funnel-waiting')).textContent).toBe('Fetching this funnel…');
    // The editor is empty again, for the next funnel.
    expect(screen.getByTestId<HTMLInputElement>('funnel-name').value).toBe('');
  });

  it('refuses what cannot be a funnel without asking main, and flags an event the project never sent', async () => {
    const main = fakeMain();
    renderFunnels(main);
    const editor = await screen.findByTestId('funnel-editor');
    fireEvent.click(within(editor).getByTestId('funnel-save'));
    expect(within(editor).getByTestId('funnel-invalid').textContent).toBe('Give the funnel a name.');
    fireEvent.change(within(editor).getByTestId('funnel-name'), { target: { value: 'X' } });
    fireEvent.change(within(editor).getByTestId('funnel-step-1'), { target: { value: 'signup' } });
    fireEvent.click(within(editor).getByTestId('funnel-save'));
    expect(within(editor).getByTestId('funnel-invalid').textContent).toBe('Step 2 needs an event.');
    fireEvent.change(within(editor).getByTestId('funnel-step-2'), { target: { value: 'purchse' } });
    fireEvent.change(within(editor).getByTestId('funnel-window'), { target: { value: '400' } });
    fireEvent.click(within(editor).getByTestId('funnel-save'));
    expect(within(editor).getByTestId('funnel-invalid').textContent).toBe('The window is a whole number of days, from 1 to 365.');
    expect(main.sets).toEqual([]);
    // The misspelt event is flagged once PostHog's event names are in (a typo would never match).
    const unknown = await within(editor).findByTestId('funnel-unknown-event', {}, { timeout: 2000 });
    expect(unknown.getAttribute('data-step')).toBe('2');
    expect(unknown.textContent).toContain('“purchse” is not among this project’s events');
    expect(within(editor).queryAllByTestId('funnel-unknown-event')).toHaveLength(1);
  });
});

describe('a synced funnel', () => {
  async function seeded(): Promise<ReplicaDb> {
    const db = newDb();
    const total = (range: number, persons: number[]) => Promise.all(persons.map((p, i) => seed(db, 'posthog_funnel_total', `f1:${range}:${i + 1}`, { [TODAY]: p })));
    await total(30, [200, 80, 20]);
    await total(7, [50, 0, 0]);
    await seed(db, 'posthog_funnel_time', 'f1:30:2', { [TODAY]: 7200 });
    await seed(db, 'posthog_funnel_time', 'f1:30:3', { [TODAY]: 4 * 86_400 });
    await seed(db, 'posthog_funnel_time', 'f1:7:2', { [TODAY]: null });
    await seed(db, 'posthog_funnel_time', 'f1:7:3', { [TODAY]: null });
    await seed(db, 'posthog_conversion_rate', 'f1', { '2026-02-01': 0.1, '2026-02-10': 0.12 });
    return db;
  }

  it('shows persons per step, the share of entries and of the step before, the drop-off and the median time', async () => {
    renderFunnels(fakeMain({ customEvents: [], funnels: [PRICING] }), await seeded());
    const panel = await screen.findByTestId('funnel-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('funnel-bar')).toHaveLength(3));
    const bars = within(panel).getAllByTestId('funnel-bar');
    expect(bars.map((b) => b.getAttribute('data-persons'))).toEqual(['200', '80', '20']);
    expect(bars[0]?.textContent).toContain('$current_url contains “/pricing”');
    expect(bars[1]?.textContent).toContain('40% of entries');
    expect(bars[2]?.textContent).toContain('10% of entries · 25% of step 2, 60 dropped off · median 4 days from step 2');
    expect(bars[1]?.textContent).toContain('median 2h from step 1');
    expect(within(panel).getByTestId('funnel-still-converting').textContent).toContain('have time left in their 14-day window');
  });

  it('over 7 days: nobody converted, said as 0 with no median; with no entries at all, said in words', async () => {
    const main = fakeMain({ customEvents: [], funnels: [PRICING, { ...PRICING, id: 'f2', name: 'Empty' }] });
    const db = await seeded();
    await Promise.all([1, 2, 3].map((k) => seed(db, 'posthog_funnel_total', `f2:30:${k}`, { [TODAY]: 0 })));
    renderFunnels(main, db);
    const [first, second] = await screen.findAllByTestId('funnel-panel');
    fireEvent.click(within(first!).getByTestId('funnel-range-7'));
    await waitFor(() => expect(within(first!).getAllByTestId('funnel-bar').map((b) => b.getAttribute('data-persons'))).toEqual(['50', '0', '0']));
    expect(within(first!).getAllByTestId('funnel-bar')[1]?.textContent).not.toContain('median');
    expect((await within(second!).findByTestId('funnel-no-entries')).textContent).toContain('Nobody did “$pageview” in the last 30 days');
  });
});
