// @vitest-environment jsdom
// The Alerts view as a founder sees it: its empty states, the templates (one-click Enable, Customize…),
// each rule's status in words and its actions, and the history — newest first, notified or why not,
// each entry opening its metric at its day.
import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { alertTemplates } from '../../../shared/alerts/templates';
import type { AlertEvent, AlertRuleView } from '../../../shared/alerts/status';
import type { ConnectionStatus, NavigateFocus, Tracking } from '../../../shared/contract';
import type { ReplicaDb } from '../../../src-renderer/db/replica-db';
import type { WebNotifications } from '../../../src-renderer/components/web-notifications';
import { createAlertsStore } from '../../../src-renderer/state/alerts-store';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { AlertsView } from '../../../src-renderer/views/AlertsView';
import { closeDbs, connected, entry, newDb, NOW, seed, series, YESTERDAY } from '../dashboard/fixtures';
import { alertEvent, fakeAlertsMain, ruleView, storedRule } from './fake-main';

afterEach(() => {
  cleanup();
  closeDbs();
});

const templates = alertTemplates({ customEvents: [], funnels: [{ id: 'f1', name: 'signup → purchase', title: 'signup → purchase', windowDays: 7, recentRates: [] }] });
const rule = (id: string) => templates.find((t) => t.id === id)!.rule;
const noPermission: WebNotifications = { permission: () => 'default', request: async () => 'denied', show: () => {} };

async function withData(db: ReplicaDb): Promise<void> {
  await seed(db, 'posthog_errors', '', series(YESTERDAY, 30, () => 1));
}

function renderAlerts(options: { db: ReplicaDb; rules?: AlertRuleView[]; history?: AlertEvent[]; connection?: ConnectionStatus | null; tracking?: Tracking; transport?: 'browser' | 'electron' }) {
  const main = fakeAlertsMain({ rules: options.rules ?? [], history: options.history ?? [], ...(options.tracking === undefined ? {} : { tracking: options.tracking }) });
  const alerts = createAlertsStore(main.client);
  const stop = alerts.getState().follow();
  const sync = createSyncStore(main.client);
  sync.setState({ log: [entry()] });
  const opened: NavigateFocus[] = [];
  let connects = 0;
  const view = render(
    <AlertsView
      client={main.client}
      connection={options.connection === undefined ? connected : options.connection}
      db={options.db}
      sync={sync}
      alerts={alerts}
      transport={options.transport ?? 'electron'}
      notifications={noPermission}
      onConnect={() => (connects += 1)}
      onOpenMetric={(f) => opened.push(f)}
      now={() => NOW}
    />,
  );
  return { ...view, main, alerts, sync, opened, stop, connects: () => connects };
}

describe('alerts view: empty states', () => {
  it('not connected: explains alerts and offers to connect', () => {
    const setup = renderAlerts({ db: newDb(), connection: { state: 'not-connected' } });
    expect(screen.getByTestId('alerts-empty').textContent).toContain('They need a connected project and its first sync.');
    fireEvent.click(screen.getByRole('button', { name: 'Connect PostHog' }));
    expect(setup.connects()).toBe(1);
    setup.stop();
  });

  it('connected, nothing synced yet: alerts need a first sync (no templates yet)', async () => {
    const setup = renderAlerts({ db: newDb() });
    expect((await screen.findByTestId('alerts-no-data')).textContent).toContain('Alerts need a first sync');
    expect(screen.queryByTestId('alert-templates')).toBeNull();
    setup.stop();
  });

  it('synced, no rules, no history: says so, and offers the templates', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db });
    expect((await screen.findByTestId('alerts-no-rules')).textContent).toContain('No rules yet');
    expect(screen.getByTestId('alerts-no-history').textContent).toContain('Nothing has fired yet');
    await waitFor(() => expect(screen.getAllByTestId('alert-template')).toHaveLength(6));
    setup.stop();
  });
});

describe('alerts view: templates and rules', () => {
  it('Enable saves the template as it is (one click), then says it is enabled; the rule is pending until the next sync', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db });
    const dau = await screen.findByRole('button', { name: 'Enable Drop in daily active users' });
    fireEvent.click(dau);
    await waitFor(() => expect(setup.main.callsTo('alerts.save')).toEqual([{ id: null, rule: rule('dau-drop') }]));
    const item = await screen.findByTestId('alert-rule');
    expect(within(item).getByTestId('rule-status').textContent).toBe('PendingChecked after the next sync.');
    expect(within(item).getByTestId('rule-what').textContent).toBe('DAU is unusually low for the weekday and its recent level (medium sensitivity)');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Customize Drop in daily active users' }).closest('li')?.getAttribute('data-enabled')).toBe('true'));
    expect(within(screen.getByRole('button', { name: 'Customize Drop in daily active users' }).closest('li')!).getByTestId('template-enabled')).toBeTruthy();
    setup.stop();
  });

  it('Customize… opens the editor with the template, and saving it comes back to the list', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db });
    fireEvent.click(await screen.findByRole('button', { name: 'Customize Spike in error events' }));
    expect(screen.getByRole('heading', { name: 'Customize: Spike in error events' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Minimum volume').value).toBe('10');
    fireEvent.change(screen.getByLabelText('Minimum volume'), { target: { value: '5' } });
    fireEvent.click(screen.getByTestId('rule-save'));
    await screen.findByTestId('alert-rule');
    expect(setup.main.callsTo('alerts.save')).toEqual([{ id: null, rule: { ...rule('error-spike'), evaluation: { ...rule('error-spike').evaluation, minVolume: 5 } } }]);
    expect(screen.getByTestId('rule-saved').textContent).toContain('Error spike is saved. It is checked after the next sync');
    setup.stop();
  });

  it('says each state in words: firing with its sentence, no data with the reason, funnels by their steps, snoozed until when', async () => {
    const db = newDb();
    await withData(db);
    const rules = [
      ruleView(storedRule(rule('error-spike'), 'r1'), { status: 'firing', day: '2026-03-02', firing: [{ key: '', since: '2026-03-02', text: 'Error events rose 600% — 7 vs 1 on average over the previous 7 days' }] }),
      ruleView(storedRule(rule('low-conversion:f1'), 'r2', '2026-03-04T09:00:00.000Z'), { status: 'no_data', message: 'Conversion rate (signup → purchase): the metric is missing' }),
      ruleView(storedRule({ ...rule('mau-drop'), enabled: false }, 'r3'), { status: 'disabled' }),
      ruleView(storedRule(rule('flag-stopped'), 'r4'), { status: 'ok', day: '2026-03-02' }),
    ];
    const tracking: Tracking = { customEvents: [], funnels: [{ id: 'f1', name: 'signup → purchase', steps: [{ event: 'signup', filter: null }, { event: 'purchase', filter: null }], windowDays: 7 }] };
    const setup = renderAlerts({ db, rules, tracking });
    await waitFor(() => expect(screen.getAllByTestId('alert-rule')).toHaveLength(4));
    const [firing, noData, disabled, ok] = screen.getAllByTestId('alert-rule') as [HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(within(firing).getByTestId('rule-status').textContent).toBe('FiringError events rose 600% — 7 vs 1 on average over the previous 7 days (since Mon, Mar 2)');
    expect(within(noData).getByTestId('rule-status').textContent).toBe('No dataConversion rate (signup → purchase): the metric is missing');
    await waitFor(() => expect(within(noData).getByTestId('rule-what').textContent).toBe('Conversion rate (signup → purchase) is below 5%'));
    expect(within(noData).getByTestId('rule-snoozed').textContent).toMatch(/^Snoozed until Mar 4, \d+:00 [AP]M: notifications are held/);
    expect(within(noData).getByRole('button', { name: 'Un-snooze' })).toBeTruthy();
    expect(within(disabled).getByTestId('rule-status').textContent).toBe('DisabledNot checked while disabled.');
    expect(within(disabled).getByRole('button', { name: 'Enable' })).toBeTruthy();
    expect(within(ok).getByTestId('rule-status').textContent).toBe('OKNothing unusual, checked up to Mon, Mar 2.');
    expect(within(ok).getByTestId('rule-what').textContent).toBe('Flag evaluations (each flag) stops: a whole day at 0 after being active');
    setup.stop();
  });

  it('snoozes for a day, disables, and deletes only after confirming', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db, rules: [ruleView(storedRule(rule('error-spike'), 'r1'), { status: 'ok' })] });
    const item = await screen.findByTestId('alert-rule');
    fireEvent.click(within(item).getByRole('button', { name: 'Snooze Error spike for 1 day' }));
    await waitFor(() => expect(setup.main.callsTo('alerts.snooze')).toEqual([{ id: 'r1', duration: '1d' }]));
    await within(item).findByTestId('rule-snoozed');

    fireEvent.click(within(item).getByRole('button', { name: 'Disable' }));
    await waitFor(() => expect(setup.main.callsTo('alerts.save')).toEqual([{ id: 'r1', rule: { ...rule('error-spike'), enabled: false } }]));
    await waitFor(() => expect(within(item).getByTestId('rule-status').getAttribute('data-status')).toBe('disabled'));

    fireEvent.click(within(item).getByRole('button', { name: 'Delete' }));
    expect(setup.main.callsTo('alerts.delete')).toEqual([]);
    fireEvent.click(within(screen.getByTestId('rule-delete-confirm')).getByRole('button', { name: 'Delete rule' }));
    await waitFor(() => expect(screen.queryByTestId('alert-rule')).toBeNull());
    expect(setup.main.callsTo('alerts.delete')).toEqual([{ id: 'r1' }]);
    setup.stop();
  });

  it('shows main’s refusal next to the rule it concerns', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db, rules: [ruleView(storedRule(rule('error-spike'), 'r1'), { status: 'ok' })] });
    setup.main.fail.set('alerts.snooze', { code: 'internal', message: 'The alerts file could not be written.', hint: 'Check that the disk is not full.' });
    const item = await screen.findByTestId('alert-rule');
    fireEvent.click(within(item).getByRole('button', { name: 'Snooze Error spike for 1 hour' }));
    expect((await within(item).findByTestId('error-notice')).textContent).toBe('The alerts file could not be written.Check that the disk is not full.');
    setup.stop();
  });
});

describe('alerts view: history', () => {
  const history: AlertEvent[] = [
    alertEvent({ id: 'e3', day: '2026-03-02', kind: 'resolved', text: 'Error events is back to 1 on Mon, Mar 2', notified: false, suppressed: 'snoozed' }),
    alertEvent({ id: 'e2', day: '2026-03-01', ruleName: 'Flag stopped', metric: 'posthog_flag_evaluations', key: 'legacy-export', text: 'Flag evaluations of legacy-export stopped — 0 since Sun, Mar 1', severity: 'warning', notified: false, suppressed: 'cooldown' }),
    alertEvent({ id: 'e1', day: '2026-02-27' }),
  ];

  it('lists every firing and resolution newest first, with its day, severity and whether it was notified', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db, history });
    await waitFor(() => expect(screen.getAllByTestId('alert-event')).toHaveLength(3));
    const items = screen.getAllByTestId('alert-event');
    expect(items.map((i) => i.getAttribute('data-day'))).toEqual(['2026-03-02', '2026-03-01', '2026-02-27']);
    expect(items[0]?.textContent).toContain('ResolvedcriticalMon, Mar 2Error spike');
    expect(items.map((i) => within(i).getByTestId('alert-event-notified').textContent)).toEqual(['Not notified: snoozed', 'Not notified: within the cool-down', 'Notified']);
    expect(items[1]?.textContent).toContain('Flag evaluations of legacy-export stopped — 0 since Sun, Mar 1');
    setup.stop();
  });

  it('opens the metric of an entry at its day', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db, history });
    const flag = await screen.findByRole('button', { name: /^Fired: Flag evaluations of legacy-export stopped/ });
    fireEvent.click(flag);
    expect(setup.opened).toEqual([{ metric: 'posthog_flag_evaluations', key: 'legacy-export', day: '2026-03-01' }]);
    setup.stop();
  });

  it('grows when main evaluates again (alerts.changed)', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db });
    await screen.findByTestId('alerts-no-history');
    setup.main.setHistory(history);
    act(() => setup.main.emit('alerts.changed', []));
    await waitFor(() => expect(screen.getAllByTestId('alert-event')).toHaveLength(3));
    setup.stop();
  });
});

describe('alerts view: desktop notifications', () => {
  it('offers to enable them in the browser while the browser has not asked yet, and not inside Electron', async () => {
    const db = newDb();
    await withData(db);
    const setup = renderAlerts({ db, transport: 'browser' });
    fireEvent.click(await screen.findByRole('button', { name: 'Enable desktop notifications' }));
    // The person said no: the offer goes.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Enable desktop notifications' })).toBeNull());
    setup.stop();
    cleanup();
    const electron = renderAlerts({ db, transport: 'electron' });
    await screen.findByTestId('alerts-no-rules');
    expect(screen.queryByRole('button', { name: 'Enable desktop notifications' })).toBeNull();
    electron.stop();
  });
});
