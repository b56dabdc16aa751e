import { describe, expect, it } from 'vitest';
import type { MenuNode } from '../../../src-main/desktop/menu-model';
import { MAX_TOOLTIP, syncStatusLine, trayModel } from '../../../src-main/desktop/tray-model';
import { connectedState, entry, MIN, NOW, queryFailure } from './fixtures';

const labels = (items: readonly MenuNode[]): string[] => items.flatMap((i) => (i.type === 'label' || i.type === 'action' ? [i.label] : ['—']));
const item = (items: readonly MenuNode[], label: string) => {
  const found = items.find((i) => (i.type === 'action' || i.type === 'label') && i.label === label);
  if (found === undefined) throw new Error(`no "${label}" in ${labels(items).join(' | ')}`);
  return found;
};

describe('the tray menu says how the last sync went', () => {
  it("shows 'Last synced 5 min ago — 2 queries failed' after a partial sync", () => {
    const last = entry({ status: 'partial', errors: [queryFailure('activity', 'PostHog did not answer in time.'), queryFailure('sessions', 'PostHog did not answer in time.')] });
    const model = trayModel(connectedState({ last }), NOW);
    expect(model.items[0]).toEqual({ type: 'label', label: 'Last synced 5 min ago — 2 queries failed' });
    expect(model.tooltip).toBe('Sightline — Last synced 5 min ago — 2 queries failed');
  });

  it.each([
    ['a sync that went well', entry({ agoMs: 30_000 }), 'Last synced just now'],
    ['one failed query', entry({ status: 'partial', errors: [queryFailure('flag-list', 'x')] }), 'Last synced 5 min ago — 1 query failed'],
    ['an hour-old sync', entry({ agoMs: 61 * MIN }), 'Last synced 1 hour ago'],
    ['a day-old sync', entry({ agoMs: 26 * 60 * MIN }), 'Last synced yesterday'],
    ['a cancelled sync', entry({ status: 'cancelled' }), 'Sync cancelled 5 min ago'],
    ['a failed sync (with its reason)', entry({ status: 'failed', errors: [queryFailure('activity', 'You are offline.')] }), 'Sync failed 5 min ago — You are offline.'],
  ])('%s', (_name, last, line) => {
    expect(syncStatusLine(connectedState({ last }), NOW)).toBe(line);
  });

  it('cuts a long failure reason so the menu stays narrow', () => {
    const reason = 'PostHog answered with an error page instead of data: the address may point at a proxy or a login page.';
    const line = syncStatusLine(connectedState({ last: entry({ status: 'failed', errors: [queryFailure('activity', reason)] }) }), NOW);
    expect(line.startsWith('Sync failed 5 min ago — PostHog answered')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(line.length).toBeLessThan(95);
  });

  it('says "Syncing…" while a sync runs, with the syncing icon and Refresh greyed out', () => {
    const model = trayModel(connectedState({ syncing: true }), NOW);
    expect(model.icon).toBe('syncing');
    expect(model.items[0]).toEqual({ type: 'label', label: 'Syncing…' });
    expect(item(model.items, 'Refresh now')).toMatchObject({ enabled: false, action: { kind: 'refresh' } });
  });

  it('before any sync and without a project', () => {
    expect(syncStatusLine(connectedState({ last: null }), NOW)).toBe('Not synced yet');
    const model = trayModel(connectedState({ connected: false, syncing: true, last: null }), NOW);
    expect(model.items[0]).toEqual({ type: 'label', label: 'Not connected to PostHog' });
    expect(model.icon).toBe('normal');
    // No Refresh without a project: the item opens the connect wizard instead.
    expect(labels(model.items)).not.toContain('Refresh now');
    expect(item(model.items, 'Connect to PostHog…')).toMatchObject({ action: { kind: 'show', view: 'connect' } });
  });
});

describe('the tray while an alert fires', () => {
  it('switches to the alert icon and offers the Alerts view', () => {
    const model = trayModel(connectedState({ firing: 2 }), NOW);
    expect(model.icon).toBe('alert');
    expect(item(model.items, '2 alerts firing')).toMatchObject({ type: 'action', action: { kind: 'show', view: 'alerts' } });
    expect(model.tooltip).toBe('Sightline — Last synced 5 min ago · 2 alerts firing');
  });

  it('shows the syncing icon during a sync, and the alert icon again after it', () => {
    expect(trayModel(connectedState({ firing: 1, syncing: true }), NOW).icon).toBe('syncing');
    expect(trayModel(connectedState({ firing: 1 }), NOW).icon).toBe('alert');
    expect(trayModel(connectedState({ firing: 0 }), NOW).icon).toBe('normal');
  });
});

describe('the tray menu items', () => {
  it('are: status, Refresh now, Open Sightline, Pause auto-sync, Quit Sightline', () => {
    expect(labels(trayModel(connectedState(), NOW).items)).toEqual(['Last synced 5 min ago', '—', 'Refresh now', 'Open Sightline', 'Pause auto-sync', '—', 'Quit Sightline']);
  });

  it('pause becomes resume once paused, and the tooltip says so', () => {
    const model = trayModel(connectedState({ autoSync: 'paused' }), NOW);
    expect(item(model.items, 'Resume auto-sync')).toMatchObject({ action: { kind: 'set-auto-sync-paused', paused: false } });
    expect(item(trayModel(connectedState(), NOW).items, 'Pause auto-sync')).toMatchObject({ action: { kind: 'set-auto-sync-paused', paused: true } });
    expect(model.tooltip).toContain('auto-sync paused');
  });

  it('on a plan without auto-sync, says so instead of offering a pause', () => {
    const model = trayModel(connectedState({ autoSync: 'unavailable' }), NOW);
    expect(item(model.items, 'Auto-sync needs Pro or Scale')).toEqual({ type: 'label', label: 'Auto-sync needs Pro or Scale' });
    expect(labels(model.items).some((l) => /auto-sync$/i.test(l) && l.includes('ause'))).toBe(false);
  });

  it('Open and Quit do what they say', () => {
    const items = trayModel(connectedState(), NOW).items;
    expect(item(items, 'Open Sightline')).toMatchObject({ action: { kind: 'show' } });
    expect(item(items, 'Quit Sightline')).toMatchObject({ action: { kind: 'quit' } });
  });

  it('keeps the tooltip within what Windows shows (127 characters)', () => {
    const reason = 'x'.repeat(300);
    const model = trayModel(connectedState({ firing: 12, autoSync: 'paused', last: entry({ status: 'failed', errors: [queryFailure('a', reason)] }) }), NOW);
    expect(model.tooltip.length).toBeLessThanOrEqual(MAX_TOOLTIP);
  });
});
