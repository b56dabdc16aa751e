import { createStore } from 'zustand/vanilla';
import type { AppError, AppInfo, ConnectionStatus, ViewId } from '../../shared/contract';
import type { ApiClient } from '../api/client';

export type InfoState =
  | { status: 'loading' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'error'; error: AppError };

/** Null until main has answered (or when it could not: the info error says why). */
export type ConnectionState = ConnectionStatus | null;

export interface ShellState {
  view: ViewId;
  info: InfoState;
  connection: ConnectionState;
  showView(view: ViewId): void;
  /** Asks main who it is and which project it reads. */
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
    connection: null,
    showView: (view) => set({ view }),
    loadInfo: async () => {
      set({ info: { status: 'loading' } });
      const [info, connection] = await Promise.all([client.call('app.info', {}), client.call('connection.status', {})]);
      set({
        info: info.ok ? { status: 'ready', info: info.data } : { status: 'error', error: info.error },
        connection: connection.ok ? connection.data : null,
      });
    },
  }));
}

export type ShellStore = ReturnType<typeof createShellStore>;
