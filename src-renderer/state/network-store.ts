import { createStore } from 'zustand/vanilla';
import type { ApiClient } from '../api/client';

/** What the network store needs from the page: `window` in the app, a fake in tests. */
export interface NetworkEnvironment {
  readonly navigator: { readonly onLine: boolean };
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
}

export interface NetworkState {
  online: boolean;
  /**
   * Follows the page's `online`/`offline` events and tells main each change (and the state right
   * away), so auto-sync pauses while offline. Returns the function that stops following.
   */
  start(): () => void;
}

/** Whether this computer has a network, as the page sees it (`navigator.onLine` and its events). */
export function createNetworkStore(client: ApiClient, env: NetworkEnvironment) {
  return createStore<NetworkState>()((set, get) => {
    const report = (online: boolean): void => {
      // Nothing to do if main does not hear it: its own fetches fail with `offline` anyway.
      void client.call('app.network', { online });
    };
    const update = (online: boolean): void => {
      if (get().online === online) return;
      set({ online });
      report(online);
    };
    return {
      online: env.navigator.onLine,
      start: () => {
        const onOnline = (): void => update(true);
        const onOffline = (): void => update(false);
        env.addEventListener('online', onOnline);
        env.addEventListener('offline', onOffline);
        set({ online: env.navigator.onLine });
        report(env.navigator.onLine);
        return () => {
          env.removeEventListener('online', onOnline);
          env.removeEventListener('offline', onOffline);
        };
      },
    };
  });
}

export type NetworkStore = ReturnType<typeof createNetworkStore>;
