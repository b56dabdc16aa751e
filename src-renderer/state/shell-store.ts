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
      const result = await client.call('app.info', {});
      set({ info: result.ok ? { status: 'ready', info: result.data } : { status: 'error', error: result.error } });
    },
  }));
}

export type ShellStore = ReturnType<typeof createShellStore>;
