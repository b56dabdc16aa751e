// @vitest-environment jsdom
// The rule editor as a founder uses it: problems said in words next to their fields as they type,
// rates typed in percent and saved as fractions, and the backtest on the replica re-running as the
// rule changes ("Would have fired 2 times …", the firings with their numbers, the window buttons).
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertRuleInput } from '../../../shared/alerts/rule';
import { alertTemplates } from '../../../shared/alerts/templates';
import type { Tracking } from '../../../shared/contract';
import { addDays } from '../../../shared/time';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import { keyNamesOf } from '../../../src-renderer/views/alerts/rule-text';
import { RuleEditor } from '../../../src-renderer/views/alerts/RuleEditor';
import { closeDbs, newDb, seed, series, TODAY, YESTERDAY } from '../dashboard/fixtures';

afterEach(() => {
  cleanup();
  closeDbs();
});

const template = (id: string): AlertRuleInput => alertTemplates({ customEvents: [], funnels: [{ id: 'f1', name: 'signup → purchase', title: 'signup → purchase', windowDays: 7, recentRates: [0.2] }] }).find((t) => t.id === id)!.rule;
const tracking: Tracking = { customEvents: ['signup'], funnels: [{ id: 'f1', name: 'signup → purchase', steps: [{ event: 'signup', filter: null }, { event: 'purchase', filter: null }], windowDays: 7 }] };

function renderEditor(db: ReplicaDb, initial: AlertRuleInput) {
  const saved: AlertRuleInput[] = [];
  render(
    <RuleEditor
      db={db}
      id={null}
      initial={initial}
      title="New alert rule"
      tracking={tracking}
      names={keyNamesOf(tracking)}
      today={TODAY}
      locale="en-US"
      busy={false}
      error={null}
      onSave={(rule) => saved.push(rule)}
      onCancel={() => {}}
    />,
  );
  return { saved };
}

/** The problem shown under a field (found by its label), or null. */
function problemOf(label: string): string | null {
  const field = screen.getByLabelText(label).closest('.field');
  return field === null ? null : (within(field as HTMLElement).queryByTestId('field-error')?.textContent ?? null);
}
const type = (label: string, value: string): void => {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
};

describe('rule editor: validation in words', () => {
  it('says what each number field accepts as it is typed, and will not save until it is fixed', async () => {
    const db = newDb();
    const { saved } = renderEditor(db, template('error-spike'));
    type('Minimum volume', '-1');
    expect(problemOf('Minimum volume')).toBe('A number, 0 or more (0: no minimum).');
    type('Days in a row', '2.5');
    expect(problemOf('Days in a row')).toBe('Enter a whole number.');
    type('Days in a row', '20');
    expect(problemOf('Days in a row')).toBe('A whole number of days, from 1 to 14.');
    type('Cool-down (hours)', 'soon');
    expect(problemOf('Cool-down (hours)')).toBe('Enter a whole number.');
    type('Name', '  ');
    expect(problemOf('Name')).toBe('Give the rule a name.');
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await screen.findByTestId('backtest-invalid')).toBeTruthy();

    fireEvent.click(screen.getByTestId('rule-save'));
    expect(saved).toEqual([]);
    expect(screen.getByTestId('rule-invalid').textContent).toBe('Fix what is marked above to save the rule.');

    type('Minimum volume', '5');
    type('Days in a row', '2');
    type('Cool-down (hours)', '12');
    type('Name', 'Errors');
    expect(screen.queryAllByTestId('field-error')).toEqual([]);
    fireEvent.click(screen.getByTestId('rule-save'));
    expect(saved).toEqual([{ ...template('error-spike'), name: 'Errors', evaluation: { consecutiveDays: 2, minVolume: 5, includePartialDay: false }, cooldownHours: 12 }]);
  });

  it('explains a drop of more than 100 % and a condition that does not fit the metric', () => {
    const db = newDb();
    renderEditor(db, template('dau-drop'));
    fireEvent.change(screen.getByLabelText('Alert when the value'), { target: { value: 'change' } });
    type('By at least', '150');
    expect(problemOf('By at least')).toBe('A drop cannot be more than 100 %.');
    type('By at least', '40');
    expect(problemOf('By at least')).toBeNull();

    // Session duration is not a count: it cannot "stop".
    fireEvent.change(screen.getByLabelText('Watch'), { target: { value: JSON.stringify(['posthog_session_duration', '']) } });
    fireEvent.change(screen.getByLabelText('Alert when the value'), { target: { value: 'stopped' } });
    expect(problemOf('Alert when the value')).toBe('"stopped" needs a count; Session duration is not one.');
  });

  it('takes a conversion rate threshold in percent and saves it as a fraction (and refuses more than 100 %)', () => {
    const db = newDb();
    const { saved } = renderEditor(db, template('dau-drop'));
    const watch = screen.getByLabelText<HTMLSelectElement>('Watch');
    // The funnel reads from → to, from the tracking store's conversion.
    expect([...watch.options].map((o) => o.textContent)).toContain('Conversion rate (signup → purchase)');
    fireEvent.change(watch, { target: { value: JSON.stringify(['posthog_conversion_rate', 'f1']) } });
    fireEvent.change(screen.getByLabelText('Alert when the value'), { target: { value: 'threshold' } });
    type('Threshold (%)', '150');
    expect(problemOf('Threshold (%)')).toBe('A rate threshold is between 0 % and 100 %.');
    type('Threshold (%)', '7');
    fireEvent.click(screen.getByTestId('rule-save'));
    expect(saved[0]?.target).toEqual({ metric: 'posthog_conversion_rate', key: 'f1' });
    expect(saved[0]?.condition).toEqual({ kind: 'threshold', direction: 'below', value: 0.07 });
  });

  it('shows a stored rate as percent again', () => {
    const db = newDb();
    renderEditor(db, template('low-conversion:f1'));
    expect(screen.getByLabelText<HTMLInputElement>('Threshold (%)').value).toBe('10');
  });
});

describe('rule editor: the backtest', () => {
  /** Errors: 1 a day for 60 days ending yesterday, with 8 on the day 40 days ago and 7 yesterday. */
  const spikeOld = addDays(YESTERDAY, -40);
  async function seedErrors(db: ReplicaDb): Promise<void> {
    await seed(db, 'posthog_errors', '', { ...series(YESTERDAY, 60, () => 1), [spikeOld]: 8, [YESTERDAY]: 7, [TODAY]: 0 });
  }
  const sentence = (): string => screen.getByTestId('backtest-sentence').textContent ?? '';
  const windowButton = (name: string): HTMLElement => within(screen.getByRole('group', { name: 'Backtest window' })).getByRole('button', { name });

  /** The error-spike template with the 3×-the-7-day-average condition it had before the detector. */
  function asChange(): void {
    fireEvent.change(screen.getByLabelText('Alert when the value'), { target: { value: 'change' } });
    fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'rise' } });
    type('By at least', '200');
  }

  /** The detector instead of the template's plain condition. */
  function asUnusualSpike(): void {
    fireEvent.change(screen.getByLabelText('Alert when the value'), { target: { value: 'unusual' } });
    fireEvent.change(screen.getByLabelText('Direction'), { target: { value: 'spike' } });
  }

  it('counts where the rule would have fired in the cached window, and re-runs as the rule changes', async () => {
    const db = newDb();
    await seedErrors(db);
    renderEditor(db, template('error-spike'));
    asChange();
    type('Minimum volume', '10');
    // At least 10 that day: neither spike is big enough.
    await waitFor(() => expect(sentence()).toBe('Would not have fired in the 60 days Sightline has cached.'));
    expect(screen.queryByTestId('backtest-firings')).toBeNull();

    type('Minimum volume', '5');
    await waitFor(() => expect(sentence()).toBe('Would have fired 2 times in the 60 days Sightline has cached.'));
    const firings = screen.getAllByTestId('backtest-firing');
    expect(firings.map((f) => f.getAttribute('data-day'))).toEqual([spikeOld, YESTERDAY]);
    expect(firings[0]?.textContent).toContain('Error events rose 700% — 8 vs 1 on average over the previous 7 days');
    expect(firings[0]?.textContent).toContain('back to normal on');

    // Only 60 days are cached: a year adds nothing over 90 days.
    expect(windowButton('365 days').hasAttribute('disabled')).toBe(true);
    fireEvent.click(windowButton('30 days'));
    await waitFor(() => expect(sentence()).toBe('Would have fired 1 time in the last 30 days.'));
    expect(screen.getAllByTestId('backtest-firing').map((f) => f.getAttribute('data-day'))).toEqual([YESTERDAY]);

    // Two days in a row: a one-day spike never fires.
    type('Days in a row', '2');
    await waitFor(() => expect(sentence()).toBe('Would not have fired in the last 30 days.'));
  });

  it('the unusual detector: learning on a short history, then where it would have fired', async () => {
    const db = newDb();
    // 20 days only: the detector needs 26 before it judges.
    await seed(db, 'posthog_errors', '', { ...series(YESTERDAY, 20, () => 10), [YESTERDAY]: 60 });
    renderEditor(db, template('error-spike'));
    asUnusualSpike();
    await waitFor(() => expect(sentence()).toBe('Learning — needs 7 more days of history before it can judge (it never fires while learning).'));
    expect(screen.queryByTestId('backtest-firings')).toBeNull();
  });

  it('the unusual detector on 60 days: the spike day fires, with the expected range in its sentence', async () => {
    const db = newDb();
    await seed(db, 'posthog_errors', '', { ...series(YESTERDAY, 60, (_day, i) => 20 + (i % 3)), [YESTERDAY]: 90 });
    renderEditor(db, template('error-spike'));
    asUnusualSpike();
    await waitFor(() => expect(sentence()).toBe('Would have fired 1 time in the 60 days Sightline has cached.'));
    const [firing] = screen.getAllByTestId('backtest-firing');
    expect(firing?.getAttribute('data-day')).toBe(YESTERDAY);
    expect(firing?.textContent).toMatch(/Error events unusually high — 90 vs \d+–\d+ expected for a \w+day/);
    // Lower sensitivity still catches a 4× day; a modest rise is not news at any level.
    fireEvent.change(screen.getByLabelText('Sensitivity'), { target: { value: 'low' } });
    await waitFor(() => expect(sentence()).toBe('Would have fired 1 time in the 60 days Sightline has cached.'));
  });

  it('says when nothing is cached for the series yet', async () => {
    const db = newDb();
    renderEditor(db, template('error-spike'));
    await waitFor(() => expect(sentence()).toBe('Nothing is cached for Error events yet: its history arrives with the next sync.'));
  });
});
