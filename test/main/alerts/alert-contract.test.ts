/**
 * Alerts through the contract, as the renderer uses them: rules validated on arrival, kept across a
 * restart, evaluated after each sync; a rule whose metric went away says so and is kept; a broken
 * notifier never breaks a sync; snooze holds notifications but not the history.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRuleInput } from '../../../shared/alerts/rule';
import type { AlertEvent, AlertNotification, AlertRuleView } from '../../../shared/alerts/status';
import type { SyncEntry } from '../../../shared/contract';
import { startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { startAppHarness, type AppHarness } from '../../support/app-harness';
import type { AppPorts } from '../../../src-main/app';

// 14 days, 30 DAU: the DAU drop is on 2026-11-18, the error spike (7 $exception) on 2026-11-21.
const DATA_END = Date.parse('2026-11-23T15:00:00Z');
const NOW = Date.parse('2026-11-22T15:00:00Z'); // latest complete project day: 2026-11-21

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDefaultEmulator({ now: DATA_END, regions: ['us'], days: 14, targetDailyActive: 30 });
});
afterAll(async () => emu.close());

const start = (overrides: Partial<AppPorts> & { keychainService?: string } = {}): Promise<AppHarness> =>
  startAppHarness(emu, NOW, { autoSync: false, locale: 'en-US', ...overrides });

const errorsAbove = (value: number, extra: Partial<AlertRuleInput> = {}): AlertRuleInput => ({
  name: 'Errors above',
  target: { metric: 'posthog_errors', key: '' },
  condition: { kind: 'threshold', direction: 'above', value },
  evaluation: { consecutiveDays: 1, minVolume: 0, includePartialDay: false },
  severity: 'warning',
  enabled: true,
  notifyResolved: false,
  cooldownHours: 24,
  template: null,
  ...extra,
});

describe('alerts through the contract', () => {
  it('refuses nonsense rules with a readable message and stores nothing', async () => {
    const h = await start();
    const bad: unknown[] = [
      { ...errorsAbove(5), condition: { kind: 'threshold', direction: 'above', value: Number.NaN } },
      { ...errorsAbove(5), target: { metric: 'posthog_revenue', key: '' } },
      { ...errorsAbove(5), condition: { kind: 'change', direction: 'drop', unit: 'percent', amount: 150, baseline: 'avg_7d' } },
      { ...errorsAbove(5), target: { metric: 'posthog_conversion_rate', key: 'f1' }, condition: { kind: 'threshold', direction: 'below', value: 5 } },
      { ...errorsAbove(5), condition: { kind: 'stopped' }, target: { metric: 'posthog_session_duration', key: '' } },
      { ...errorsAbove(5), evaluation: { consecutiveDays: 0, minVolume: 0, includePartialDay: false } },
      { ...errorsAbove(5), name: '   ' },
      { ...errorsAbove(5), script: 'alert(1)' },
    ];
    for (const rule of bad) {
      const result = await h.result('alerts.save', { id: null, rule });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('bad_request');
        expect(result.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(await h.call('alerts.rules')).toEqual([]);
    await h.app.dispose();
  });

  it('a saved rule is pending until the next sync, then fires once; the notification and the history say so', async () => {
    const notifications: AlertNotification[] = [];
    const h = await start({ notifier: () => ({ notify: (n) => void notifications.push(n) }) });
    await h.connect();
    await h.finished(1);
    const saved = await h.call<AlertRuleView>('alerts.save', { id: null, rule: errorsAbove(5) });
    expect(saved.state.status).toBe('pending');
    await h.call('sync.refresh');
    await h.call('sync.refresh');
    const [rule] = await h.call<AlertRuleView[]>('alerts.rules');
    expect(rule!.state).toMatchObject({ status: 'firing', day: '2026-11-21' });
    expect(notifications.map((n) => n.body)).toEqual(['Error events at 7 — above 5 · Sat, Nov 21']);
    const history = await h.call<AlertEvent[]>('alerts.history');
    expect(history).toEqual([expect.objectContaining({ kind: 'fired', day: '2026-11-21', value: 7, reference: 5, notified: true })]);
    expect(h.events.some((e) => e.name === 'alerts.changed')).toBe(true);
    await h.app.dispose();
  });

  it('in the browser host the page gets the notification as an event', async () => {
    const h = await start();
    await h.connect();
    await h.finished(1);
    await h.call('alerts.save', { id: null, rule: errorsAbove(5) });
    await h.call('sync.refresh');
    const shown = h.events.flatMap((e) => (e.name === 'alerts.notification' ? [e.payload.title] : []));
    expect(shown).toEqual(['Errors above']);
    await h.app.dispose();
  });

  it('a notifier that throws never fails the sync; the firing is still in the history', async () => {
    const logged: string[] = [];
    const h = await start({
      notifier: () => ({
        notify: () => {
          throw new Error('notification daemon gone');
        },
      }),
      log: (message) => logged.push(message),
    });
    await h.connect();
    await h.finished(1);
    await h.call('alerts.save', { id: null, rule: errorsAbove(5) });
    const entry = await h.call<SyncEntry>('sync.refresh');
    expect(entry.status).toBe('ok');
    expect(await h.call<AlertEvent[]>('alerts.history')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(logged).toContain('an alert notification could not be shown');
    await h.app.dispose();
  });

  it('snoozed: the firing is recorded as snoozed, nobody is woken', async () => {
    const notifications: AlertNotification[] = [];
    const h = await start({ notifier: () => ({ notify: (n) => void notifications.push(n) }) });
    await h.connect();
    await h.finished(1);
    const saved = await h.call<AlertRuleView>('alerts.save', { id: null, rule: errorsAbove(5) });
    const snoozed = await h.call<AlertRuleView>('alerts.snooze', { id: saved.rule.id, duration: '1d' });
    expect(snoozed.rule.snoozedUntil).toBe(new Date(NOW + 86_400_000).toISOString());
    await h.call('sync.refresh');
    expect(notifications).toEqual([]);
    expect(await h.call<AlertEvent[]>('alerts.history')).toEqual([expect.objectContaining({ kind: 'fired', notified: false, suppressed: 'snoozed' })]);
    expect((await h.result('alerts.snooze', { id: saved.rule.id, duration: '2d' })).ok).toBe(false);
    await h.app.dispose();
  });

  it('a rule on a custom event that is no longer tracked shows "metric missing" and is kept', async () => {
    const h = await start();
    await h.connect();
    await h.finished(1);
    await h.call('tracking.set', { customEvents: ['signed_up'], funnels: [] });
    await h.finished(2);
    const rule: AlertRuleInput = { ...errorsAbove(1000), name: 'Signups', target: { metric: 'posthog_custom_event_count', key: 'signed_up' } };
    await h.call('alerts.save', { id: null, rule });
    await h.call('sync.refresh');
    expect((await h.call<AlertRuleView[]>('alerts.rules'))[0]!.state.status).toBe('ok');
    await h.call('tracking.set', { customEvents: [], funnels: [] });
    await h.call('sync.refresh');
    const [after] = await h.call<AlertRuleView[]>('alerts.rules');
    expect(after!.rule.name).toBe('Signups');
    expect(after!.state.status).toBe('no_data');
    expect(after!.state.message).toMatch(/^Metric missing: “signed_up” is no longer tracked/);
    await h.app.dispose();
  });

  it('a metric whose query failed is "no data", not OK', async () => {
    const h = await start();
    await h.connect();
    await h.finished(1);
    await h.call('alerts.save', { id: null, rule: errorsAbove(1000) });
    emu.region('us').faults.inject({ fault: { kind: 'malformed' }, count: 5, bodyContains: '$exception' });
    const entry = await h.call<SyncEntry>('sync.refresh');
    emu.region('us').faults.clear();
    expect(entry.status).toBe('partial');
    const [rule] = await h.call<AlertRuleView[]>('alerts.rules');
    expect(rule!.state.status).toBe('no_data');
    expect(rule!.state.message).toMatch(/query failed in the last sync/);
    await h.app.dispose();
  });

  it('rules and history survive a restart; a corrupt alerts file is set aside, not fatal', async () => {
    const keychainService = `Sightline alerts ${Math.random()}`;
    const h = await start({ keychainService });
    await h.connect();
    await h.finished(1);
    await h.call('alerts.save', { id: null, rule: errorsAbove(5) });
    await h.call('sync.refresh');
    await h.app.dispose();
    const again = await start({ dataDir: h.app.dataDir, keychainService });
    expect((await again.call<AlertRuleView[]>('alerts.rules')).map((r) => r.state.status)).toEqual(['firing']);
    expect(await again.call<AlertEvent[]>('alerts.history')).toHaveLength(1);
    await again.app.dispose();

    writeFileSync(path.join(h.app.dataDir, 'alerts.json'), '{"v":1,"rules":[{"nonsense":true}]');
    const third = await start({ dataDir: h.app.dataDir, keychainService });
    expect(await third.call('alerts.rules')).toEqual([]);
    expect(readdirSync(h.app.dataDir).some((f) => f.startsWith('alerts.json.corrupt-'))).toBe(true);
    await third.app.dispose();
  });
});
