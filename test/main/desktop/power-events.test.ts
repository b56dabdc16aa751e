/**
 * Sleep, wake and the network: the wiring from Electron's powerMonitor and net.isOnline() (faked,
 * typed from electron.d.ts) through the contract to the auto-sync scheduler — unit-level for the order
 * of what is said, and end to end against the PostHog emulator for "resume → catch-up".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PowerMonitor } from 'electron';
import { ok } from '../../../shared/contract';
import type { Dispatch } from '../../../src-main/contract/dispatch';
import { NETWORK_POLL_MS, wirePowerAndNetwork, type PowerEvents } from '../../../src-main/desktop/power-events';
import { startDefaultEmulator, type RunningEmulator } from '../../posthog-emulator/index';
import { startAppHarness } from '../../support/app-harness';
import { DEMO_SCALE_LICENSE } from '../../support/license-test-key';
import { FILE_KEYCHAIN_ONLY } from './keychain-free';

// Electron's powerMonitor satisfies the port the wiring is written against.
type _PowerMonitorFits = PowerMonitor extends PowerEvents ? true : never;
const _fits: _PowerMonitorFits = true;
void _fits;

/** A powerMonitor that can be woken up, and a poll timer that can be fired. */
function fakeOs(online: boolean) {
  const listeners = new Set<() => void>();
  const polls: (() => void)[] = [];
  const os = {
    online,
    power: {
      on: (_event: 'resume', listener: () => void) => listeners.add(listener),
      removeListener: (_event: 'resume', listener: () => void) => listeners.delete(listener),
    } satisfies PowerEvents,
    every: (ms: number, fn: () => void) => {
      expect(ms).toBe(NETWORK_POLL_MS);
      polls.push(fn);
      return { cancel: () => void polls.splice(0) };
    },
    wake: () => listeners.forEach((l) => l()),
    poll: () => polls.forEach((p) => p()),
    listeners,
  };
  return os;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 10));

describe('what the shell tells main', () => {
  it('the network state at start, every change while awake, and on wake the network first, then "resumed"', async () => {
    const os = fakeOs(true);
    const said: string[] = [];
    const dispatch: Dispatch = async (channel, payload) => {
      said.push(`${channel} ${JSON.stringify(payload)}`);
      return ok({});
    };
    const wiring = wirePowerAndNetwork({ power: os.power, isOnline: () => os.online, dispatch, every: os.every, log: () => {} });
    await settle();
    expect(said).toEqual(['app.network {"online":true}']);
    os.poll(); // nothing changed: nothing said
    await settle();
    os.online = false;
    os.poll();
    await settle();
    os.online = true;
    os.wake();
    await settle();
    expect(said).toEqual(['app.network {"online":true}', 'app.network {"online":false}', 'app.network {"online":true}', 'app.resumed {}']);
    wiring.dispose();
    expect(os.listeners.size).toBe(0);
  });
});

describe('resume → catch-up (the real app against the emulator)', () => {
  const NOW = Date.parse('2026-11-20T20:00:00Z');
  const HOUR = 3_600_000;
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startDefaultEmulator({ now: NOW, regions: ['us'], days: 40, targetDailyActive: 20 });
  });
  afterAll(async () => emu.close());

  async function connectedOnScale() {
    let t = NOW;
    const h = await startAppHarness(emu, NOW, { keychain: FILE_KEYCHAIN_ONLY, now: () => t });
    await h.call('plan.installLicense', { license: DEMO_SCALE_LICENSE });
    await h.connect();
    await h.finished(1); // the initial sync
    const refreshes = () => h.events.filter((e) => e.name === 'sync.finished' && e.payload.kind === 'refresh');
    return { h, refreshes, sleep: (ms: number) => void (t += ms) };
  }

  it('waking after a sleep that missed auto-sync slots runs one refresh; waking soon after a sync runs none', async () => {
    const { h, refreshes, sleep } = await connectedOnScale();
    const os = fakeOs(true);
    const wiring = wirePowerAndNetwork({ power: os.power, isOnline: () => os.online, dispatch: h.app.dispatch, every: os.every, log: () => {} });

    sleep(10 * 60_000);
    os.wake();
    await settle();
    await new Promise((r) => setTimeout(r, 300));
    expect(refreshes()).toEqual([]); // 10 minutes: no slot of Scale's 30 was missed

    sleep(2 * HOUR); // four slots missed while asleep
    os.wake();
    await h.finished(2);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]!.payload).toMatchObject({ status: 'ok' });
    await new Promise((r) => setTimeout(r, 300));
    expect(refreshes()).toHaveLength(1); // one catch-up, not one per missed slot
    wiring.dispose();
    await h.app.dispose();
  });

  it('a machine that wakes offline syncs as soon as the network is back', async () => {
    const { h, refreshes, sleep } = await connectedOnScale();
    const os = fakeOs(true);
    const wiring = wirePowerAndNetwork({ power: os.power, isOnline: () => os.online, dispatch: h.app.dispatch, every: os.every, log: () => {} });
    await settle();

    sleep(3 * HOUR);
    os.online = false;
    os.wake();
    await new Promise((r) => setTimeout(r, 300));
    expect(refreshes()).toEqual([]);

    os.online = true;
    os.poll();
    await h.finished(2);
    expect(refreshes()).toHaveLength(1);
    wiring.dispose();
    await h.app.dispose();
  });
});
