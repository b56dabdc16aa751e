/**
 * Sleep, wake and the network, from the OS to the auto-sync scheduler's catch-up, through the
 * contract like any other caller: on wake (`powerMonitor`'s `resume`) the network state is reported
 * first (so a machine that wakes offline waits for the network), then `app.resumed`; the network is
 * also watched while awake (`net.isOnline()`, polled), so a hidden window does not matter.
 */
import type { Dispatch, ErrorLog } from '../contract/dispatch';
import type { Every } from './tray-controller';

/** The part of Electron's `powerMonitor` used (it satisfies this). */
export interface PowerEvents {
  on(event: 'resume', listener: () => void): unknown;
  removeListener(event: 'resume', listener: () => void): unknown;
}

export interface PowerWiringDeps {
  power: PowerEvents;
  /** Electron's `net.isOnline()`. */
  isOnline(): boolean;
  dispatch: Dispatch;
  every: Every;
  log: ErrorLog;
  pollMs?: number;
}

export const NETWORK_POLL_MS = 15_000;

export function wirePowerAndNetwork(deps: PowerWiringDeps): { dispose(): void } {
  let online: boolean | null = null;
  const send = (channel: 'app.network' | 'app.resumed', payload: object): Promise<void> =>
    deps.dispatch(channel, payload).then(
      (result) => {
        if (!result.ok) deps.log(`${channel} failed: ${result.error.message}`, undefined);
      },
      (error: unknown) => deps.log(`${channel} failed`, error),
    );
  /** Reports the network state when it changed (or was never reported). */
  const checkNetwork = async (): Promise<void> => {
    let now: boolean;
    try {
      now = deps.isOnline();
    } catch (error) {
      deps.log('could not read the network state', error);
      return;
    }
    if (now === online) return;
    online = now;
    await send('app.network', { online: now });
  };
  const onResume = (): void => {
    void checkNetwork().then(() => send('app.resumed', {}));
  };

  void checkNetwork();
  deps.power.on('resume', onResume);
  const poll = deps.every(deps.pollMs ?? NETWORK_POLL_MS, () => void checkNetwork());
  return {
    dispose: () => {
      poll.cancel();
      deps.power.removeListener('resume', onResume);
    },
  };
}
