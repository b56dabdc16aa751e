// @vitest-environment jsdom
// Settings → Background and startup as a founder sees it: the two toggles and Pause auto-sync, each
// saying what it does on this host; changes go to main and come back from other windows and the tray.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import type { AppSettings, AppSettingsChange, EventName, EventPayload, PlanStatus } from '../../../shared/contract';
import { createApiClient } from '../../../src-renderer/api/client';
import { BackgroundSettings } from '../../../src-renderer/views/settings/BackgroundSettings';

afterEach(cleanup);

const MAC_TRAY = 'Closing the window keeps Sightline in the menu bar, syncing and alerting. Quit it from its menu bar icon or with ⌘Q.';
const QUITS = 'Closing the window quits Sightline: auto-sync and alerts stop until you open it again.';

const electronMac = (over: Partial<AppSettings> = {}): AppSettings => ({
  keepRunningInBackground: true,
  openAtLogin: false,
  autoSyncPaused: false,
  host: {
    background: { available: true, explanation: MAC_TRAY },
    openAtLogin: { available: true, explanation: 'Sightline starts only when you open it.' },
  },
  ...over,
});

const browserHost = (): AppSettings => ({
  keepRunningInBackground: true,
  openAtLogin: false,
  autoSyncPaused: false,
  host: {
    background: { available: false, explanation: 'In browser mode Sightline runs in the terminal where you started it: it keeps syncing and alerting with or without a tab open, until you stop it there (Ctrl+C).' },
    openAtLogin: { available: false, explanation: 'Not in browser mode, which runs from a terminal (npm start). The desktop app can open at login.' },
  },
});

const plan = (tier: PlanStatus['tier']): PlanStatus => ({
  tier,
  tierLabel: tier === 'scale' ? 'Scale' : 'Starter',
  license: { state: 'none' },
  autoSync: tier === 'scale' ? 'Auto-sync every 30 minutes.' : 'Auto-sync needs Pro (every 3 hours) or Scale (every 30 minutes).',
  retention: 'Keeps all history.',
  nextAutoSyncAt: null,
});

/** Main as the panel reaches it: app.settings / app.setSettings / plan.status, and events. */
function fakeMain(initial: AppSettings, tier: PlanStatus['tier'] = 'scale', refuse?: string) {
  let settings = initial;
  const changes: AppSettingsChange[] = [];
  const listeners = new Set<(event: unknown) => void>();
  const bridge: SightlineBridge = {
    transport: 'electron',
    invoke: async (channel, request) => {
      if (channel === 'app.settings') return { ok: true, data: settings };
      if (channel === 'plan.status') return { ok: true, data: plan(tier) };
      if (channel === 'app.setSettings') {
        const change = request as AppSettingsChange;
        changes.push(change);
        if (refuse !== undefined) return { ok: false, error: { code: 'internal', message: refuse } };
        settings = { ...settings, ...change, host: change.keepRunningInBackground === false ? { ...settings.host, background: { available: true, explanation: QUITS } } : settings.host };
        return { ok: true, data: settings };
      }
      return { ok: false, error: { code: 'unknown_channel', message: channel } };
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client: createApiClient(bridge),
    changes,
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      act(() => listeners.forEach((l) => l({ name, payload })));
    },
  };
}

const checkbox = (id: string) => screen.getByTestId<HTMLInputElement>(`setting-${id}`);
const explanation = (id: string) => screen.getByTestId(`setting-${id}-explanation`).textContent;

describe('Background and startup (Electron on macOS)', () => {
  it('shows the three settings and what each does here', async () => {
    render(<BackgroundSettings client={fakeMain(electronMac()).client} />);
    await screen.findByTestId('background-settings');
    expect(screen.getByLabelText('Keep running in the background')).toBe(checkbox('background'));
    expect(checkbox('background')).toMatchObject({ checked: true, disabled: false });
    expect(explanation('background')).toBe(MAC_TRAY);
    expect(checkbox('open-at-login')).toMatchObject({ checked: false, disabled: false });
    await waitFor(() => expect(checkbox('pause-auto-sync').disabled).toBe(false));
    expect(explanation('pause-auto-sync')).toBe('Syncs every 30 minutes on its own. Pausing stops that until you resume; Refresh still works.');
  });

  it('turning "keep running" off sends it to main and shows that closing now quits', async () => {
    const main = fakeMain(electronMac());
    render(<BackgroundSettings client={main.client} />);
    fireEvent.click(await screen.findByTestId('setting-background'));
    await waitFor(() => expect(checkbox('background').checked).toBe(false));
    expect(main.changes).toEqual([{ keepRunningInBackground: false }]);
    expect(explanation('background')).toBe(QUITS);
  });

  it('pausing auto-sync, and hearing the tray resume it', async () => {
    const main = fakeMain(electronMac());
    render(<BackgroundSettings client={main.client} />);
    await waitFor(() => expect(checkbox('pause-auto-sync').disabled).toBe(false));
    fireEvent.click(checkbox('pause-auto-sync'));
    await waitFor(() => expect(checkbox('pause-auto-sync').checked).toBe(true));
    expect(main.changes).toEqual([{ autoSyncPaused: true }]);
    expect(explanation('pause-auto-sync')).toMatch(/^Nothing syncs on its own until you resume/);
    main.emit('app.settingsChanged', electronMac({ autoSyncPaused: false })); // Resume auto-sync in the tray
    expect(checkbox('pause-auto-sync').checked).toBe(false);
  });

  it('says so when main refuses a change, and keeps the setting as it was', async () => {
    const main = fakeMain(electronMac(), 'scale', 'The system did not accept the login item.');
    render(<BackgroundSettings client={main.client} />);
    fireEvent.click(await screen.findByTestId('setting-open-at-login'));
    expect((await screen.findByRole('alert')).textContent).toContain('The system did not accept the login item.');
    expect(checkbox('open-at-login').checked).toBe(false);
  });
});

describe('Background and startup (browser host, Starter)', () => {
  it('greys out what the host cannot do, saying why, and Pause on a plan without auto-sync', async () => {
    const main = fakeMain(browserHost(), 'starter');
    render(<BackgroundSettings client={main.client} />);
    await screen.findByTestId('background-settings');
    expect(checkbox('background')).toMatchObject({ disabled: true, checked: false });
    expect(explanation('background')).toMatch(/runs in the terminal where you started it/);
    expect(checkbox('open-at-login').disabled).toBe(true);
    expect(explanation('open-at-login')).toMatch(/^Not in browser mode/);
    await waitFor(() => expect(explanation('pause-auto-sync')).toBe('Auto-sync needs Pro (every 3 hours) or Scale (every 30 minutes). Refresh works on every plan.'));
    expect(checkbox('pause-auto-sync').disabled).toBe(true);
    main.emit('plan.changed', plan('scale')); // a license installed in another window
    expect(checkbox('pause-auto-sync').disabled).toBe(false);
  });
});
