import { createStore } from 'zustand/vanilla';
import type { AppError, AppInfo, ViewId } from '../../shared/contract';
import type { ApiClient } from '../api/client';

export type InfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'error'; error: AppError };

export interface ShellState {
  view: ViewId;
  info: InfoState;
  showView(view: ViewId): void;
  /** Asks main who it is. */
  loadInfo(): Promise<void>;
}

/**
 * The app shell's state: which view is shown and what main said about itself.
 * A vanilla store built around its client, so tests give it a fake transport.
 */
export function createShellStore(client: ApiClient) {
  return createStore<ShellState>()((set) => ({
    view: 'dashboard',
    info: { status: 'loading' },
    showView: (view) => set({ view }),
    loadInfo: async () => {
      set({ info: { status: 'loading' } });
      const info = await client.call('app.info', {});
      set({ info: info.ok ? { status: 'ready', info: info.data } : { status: 'error', error: info.error } });
    },
  }));
}

export type ShellStore = ReturnType<typeof createShellStore>;
