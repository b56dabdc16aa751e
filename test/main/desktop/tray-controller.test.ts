import { describe, expect, it } from 'vitest';
import { ok, type AppSettings, type PlanStatus, type SyncStatus } from '../../../shared/contract';
import type { Dispatch } from '../../../src-main/contract/dispatch';
import { createTrayController, TRAY_CLOCK_MS } from '../../../src-main/desktop/tray-controller';
import type { TrayModel } from '../../../src-main/desktop/tray-model';
import { EventBus } from '../../../src-main/events/event-bus';
import { entry, MIN, NOW, ruleView } from './fixtures';

const plan = (tier: PlanStatus['tier']): PlanStatus => ({
  tier,
  tierLabel: tier,
  license: { state: 'none' },
  autoSync: 'Auto-sync every 30 minutes.',
  retention: 'Keeps all history.',
  nextAutoSyncAt: null,
});
const settings = (autoSyncPaused: boolean): AppSettings => ({
  keepRunningInBackground: true,
  openAtLogin: false,
  autoSyncPaused,
  host: { background: { available: true, explanation: 'x' }, openAtLogin: { available: true, explanation: 'y' } },
});
const connected = { state: 'connected', host: 'https://eu.posthog.com', projectId: 7, projectName: 'Acme Web', timezone: 'UTC', demo: false } as const;

/** Main as the tray sees it: answers from a table, events from a real bus, a clock and a fake minute timer. */
function harness(answers: { sync?: SyncStatus; rules?: ReturnType<typeof ruleView>[]; tier?: PlanStatus['tier']; paused?: boolean } = {}) {
  const events = new EventBus();
  let now = NOW;
  const rendered: TrayModel[] = [];
  const ticks: (() => void)[] = [];
  let release: (() => void) | null = null;
  let gate: Promise<void> = Promise.resolve();
  const table: Record<string, unknown> = {
    'connection.status': connected,
    'sync.status': answers.sync ?? { running: null, last: entry() },
    'alerts.rules': answers.rules ?? [],
    'plan.status': plan(answers.tier ?? 'scale'),
    'app.settings': settings(answers.paused ?? false),
  };
  const dispatch: Dispatch = async (channel) => {
    await gate;
    return ok(table[channel]);
  };
  const tray = createTrayController({
    dispatch,
    subscribe: (listener) => events.subscribe(listener),
    view: { render: (model) => void rendered.push(model) },
    now: () => now,
    every: (ms, fn) => {
      expect(ms).toBe(TRAY_CLOCK_MS);
      ticks.push(fn);
      return { cancel: () => void ticks.splice(0) };
    },
    log: () => {},
  });
  return {
    tray,
    events,
    rendered,
    last: () => rendered.at(-1)!,
    advance: (ms: number) => {
      now += ms;
      for (const tick of ticks) tick();
    },
    holdAnswers: () => {
      gate = new Promise((resolve) => (release = resolve));
      return () => release?.();
    },
  };
}

describe('the tray follows the app', () => {
  it('starts from what main says: last sync, firing rules, auto-sync', async () => {
    const h = harness({ rules: [ruleView('a', 'firing'), ruleView('b', 'ok')] });
    await h.tray.start();
    expect(h.last().items[0]).toEqual({ type: 'label', label: 'Last synced 5 min ago' });
    expect(h.last().icon).toBe('alert');
    expect(h.last().items).toContainEqual({ type: 'action', label: '1 alert firing', action: { kind: 'show', view: 'alerts' } });
  });

  it('shows the syncing icon from the first progress event and the outcome when the sync finishes', async () => {
    const h = harness();
    await h.tray.start();
    h.events.emit('sync.progress', { kind: 'refresh', step: 1, total: 9, queryId: 'activity' });
    expect(h.last().icon).toBe('syncing');
    const before = h.rendered.length;
    h.events.emit('sync.progress', { kind: 'refresh', step: 2, total: 9, queryId: 'sessions' });
    expect(h.rendered).toHaveLength(before); // the same menu is not rebuilt for every query
    h.events.emit('sync.finished', entry({ agoMs: 0, status: 'partial', errors: [{ queryId: 'sessions', metrics: [], error: { code: 'timeout', message: 'Slow.' } }] }));
    expect(h.last().icon).toBe('normal');
    expect(h.last().items[0]).toEqual({ type: 'label', label: 'Last synced just now — 1 query failed' });
  });

  it('keeps "… min ago" current as time passes', async () => {
    const h = harness({ sync: { running: null, last: entry({ agoMs: 0 }) } });
    await h.tray.start();
    expect(h.last().items[0]).toMatchObject({ label: 'Last synced just now' });
    h.advance(5 * MIN);
    expect(h.last().items[0]).toMatchObject({ label: 'Last synced 5 min ago' });
  });

  it('turns to the alert icon when a rule starts firing, and back when it resolves', async () => {
    const h = harness();
    await h.tray.start();
    h.events.emit('alerts.changed', [ruleView('a', 'firing'), ruleView('b', 'firing')]);
    expect(h.last().icon).toBe('alert');
    expect(h.last().tooltip).toContain('2 alerts firing');
    h.events.emit('alerts.changed', [ruleView('a', 'resolved'), ruleView('b', 'ok')]);
    expect(h.last().icon).toBe('normal');
  });

  it('offers Resume once auto-sync is paused (from Settings or the tray), and nothing to pause on Starter', async () => {
    const h = harness();
    await h.tray.start();
    h.events.emit('app.settingsChanged', settings(true));
    expect(h.last().items).toContainEqual({ type: 'action', label: 'Resume auto-sync', action: { kind: 'set-auto-sync-paused', paused: false } });
    h.events.emit('plan.changed', plan('starter'));
    expect(h.last().items).toContainEqual({ type: 'label', label: 'Auto-sync needs Pro or Scale' });
  });

  it('does not let its first answers overwrite newer events that arrived meanwhile', async () => {
    const h = harness({ sync: { running: null, last: entry({ agoMs: 60 * MIN }) } });
    const release = h.holdAnswers();
    const started = h.tray.start();
    h.events.emit('sync.progress', { kind: 'refresh', step: 1, total: 9, queryId: 'activity' });
    expect(h.rendered).toEqual([]); // nothing is shown before the state is known
    release();
    await started;
    expect(h.last().icon).toBe('syncing');
  });

  it('stops following after dispose', async () => {
    const h = harness();
    await h.tray.start();
    h.tray.dispose();
    const count = h.rendered.length;
    h.events.emit('sync.progress', { kind: 'refresh', step: 1, total: 9, queryId: 'activity' });
    h.advance(10 * MIN);
    expect(h.rendered).toHaveLength(count);
  });
});
