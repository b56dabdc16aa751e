import { createStore } from 'zustand/vanilla';
import type { AppError, SyncEntry, SyncProgressEvent } from '../../shared/contract';
import type { ApiClient } from '../api/client';

export interface SyncState {
  running: SyncProgressEvent | null;
  log: SyncEntry[];
  error: AppError | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** Events from main: progress and finished syncs (including ones this window did not start). */
  onProgress(progress: SyncProgressEvent): void;
  onFinished(entry: SyncEntry): void;
}

/** Sync status and the audit log, as main reports them. */
export function createSyncStore(client: ApiClient) {
  return createStore<SyncState>()((set, get) => ({
    running: null,
    log: [],
    error: null,
    load: async () => {
      const [status, log] = await Promise.all([client.call('sync.status', {}), client.call('sync.log', {})]);
      set({ running: status.ok ? status.data.running : null, log: log.ok ? log.data : [], error: status.ok ? (log.ok ? null : log.error) : status.error });
    },
    refresh: async () => {
      set({ error: null, running: get().running ?? { kind: 'refresh', step: 0, total: 0, queryId: null } });
      const result = await client.call('sync.refresh', {});
      if (!result.ok) set({ error: result.error, running: null });
    },
    onProgress: (running) => set({ running }),
    onFinished: (entry) => set((s) => ({ running: null, log: [entry, ...s.log.filter((e) => e.id !== entry.id)] })),
  }));
}

export type SyncStore = ReturnType<typeof createSyncStore>;
