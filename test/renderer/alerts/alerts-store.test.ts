// The alerts store: what it loads, how it follows main, what it sends, and the errors it keeps.
import { describe, expect, it } from 'vitest';
import { alertTemplates } from '../../../shared/alerts/templates';
import { createAlertsStore } from '../../../src-renderer/state/alerts-store';
import { alertEvent, fakeAlertsMain, ruleView, storedRule } from './fake-main';

const spike = alertTemplates({ customEvents: [], funnels: [] }).find((t) => t.id === 'error-spike')!.rule;
const firing = ruleView(storedRule(spike, 'r1'), { status: 'firing', firing: [{ key: '', since: '2026-03-02', text: 'Error events rose 600%' }] });

describe('alerts store', () => {
  it('loads rules, history and templates; follows alerts.changed (refetching history and templates); stops following', async () => {
    const main = fakeAlertsMain({ rules: [firing], history: [alertEvent({ id: 'e1', day: '2026-03-02' })] });
    const store = createAlertsStore(main.client);
    const stop = store.getState().follow();
    await expect.poll(() => store.getState().templates?.length).toBe(6);
    expect(store.getState().rules).toEqual([firing]);
    expect(store.getState().history?.map((e) => e.id)).toEqual(['e1']);
    expect(store.getState().templates?.find((t) => t.id === 'error-spike')?.enabled).toBe(true);

    // An evaluation elsewhere: the states come with the event, the history is asked for again.
    const resolved = ruleView(firing.rule, { status: 'resolved', message: 'Error events is back to 1' });
    main.setHistory([alertEvent({ id: 'e2', day: '2026-03-03', kind: 'resolved' }), alertEvent({ id: 'e1', day: '2026-03-02' })]);
    main.emit('alerts.changed', [resolved]);
    expect(store.getState().rules?.[0]?.state.status).toBe('resolved');
    await expect.poll(() => store.getState().history?.map((e) => e.id)).toEqual(['e2', 'e1']);

    stop();
    expect(main.listeners.size).toBe(0);
  });

  it('saves a template as a new rule, then replaces it; the templates say which are enabled', async () => {
    const main = fakeAlertsMain();
    const store = createAlertsStore(main.client);
    await store.getState().load();
    expect(store.getState().rules).toEqual([]);

    const saved = await store.getState().save(null, spike);
    expect(saved?.state.status).toBe('pending');
    expect(main.callsTo('alerts.save')).toEqual([{ id: null, rule: spike }]);
    expect(store.getState().rules?.map((r) => r.rule.name)).toEqual(['Error spike']);
    await expect.poll(() => store.getState().templates?.find((t) => t.id === 'error-spike')?.enabled).toBe(true);

    const id = saved!.rule.id;
    await store.getState().save(id, { ...spike, name: 'Errors ×3' });
    expect(store.getState().rules?.map((r) => r.rule.name)).toEqual(['Errors ×3']);
  });

  it('disables a rule by saving it back whole with enabled off, and snoozes / un-snoozes it', async () => {
    const main = fakeAlertsMain({ rules: [firing] });
    const store = createAlertsStore(main.client);
    await store.getState().load();

    expect(await store.getState().setEnabled('r1', false)).toBe(true);
    expect(main.callsTo('alerts.save')).toEqual([{ id: 'r1', rule: { ...spike, enabled: false } }]);
    expect(store.getState().rules?.[0]?.state.status).toBe('disabled');

    expect(await store.getState().snooze('r1', '1d')).toBe(true);
    expect(main.callsTo('alerts.snooze')).toEqual([{ id: 'r1', duration: '1d' }]);
    expect(store.getState().rules?.[0]?.rule.snoozedUntil).toBe('2026-03-04T03:00:00.000Z');
    await store.getState().snooze('r1', null);
    expect(store.getState().rules?.[0]?.rule.snoozedUntil).toBeNull();
  });

  it('keeps main’s refusal with the action and the rule it belongs to, and clears it with the next change', async () => {
    const main = fakeAlertsMain({ rules: [firing] });
    const store = createAlertsStore(main.client);
    await store.getState().load();
    main.fail.set('alerts.delete', { code: 'internal', message: 'The alerts file could not be written.', hint: 'Check the disk.' });

    expect(await store.getState().remove('r1')).toBe(false);
    expect(store.getState().error).toEqual({ action: 'delete', id: 'r1', error: { code: 'internal', message: 'The alerts file could not be written.', hint: 'Check the disk.' } });
    expect(store.getState().rules).toHaveLength(1);
    expect(store.getState().pending).toBeNull();

    main.fail.delete('alerts.delete');
    expect(await store.getState().remove('r1')).toBe(true);
    expect(store.getState().error).toBeNull();
    expect(store.getState().rules).toEqual([]);
  });

  it('says why nothing could be loaded', async () => {
    const main = fakeAlertsMain();
    main.fail.set('alerts.rules', { code: 'unavailable', message: 'Sightline’s main process is not answering.' });
    const store = createAlertsStore(main.client);
    await store.getState().load();
    expect(store.getState().loadError?.message).toBe('Sightline’s main process is not answering.');
    expect(store.getState().rules).toBeNull();
  });

  it('never lets an older alerts.rules answer overwrite a newer alerts.changed', async () => {
    const main = fakeAlertsMain({ rules: [] });
    const store = createAlertsStore(main.client);
    const release = main.hold('alerts.rules');
    const loading = store.getState().load();
    store.getState().onChanged([firing]);
    release();
    await loading;
    expect(store.getState().rules).toEqual([firing]);
  });
});
