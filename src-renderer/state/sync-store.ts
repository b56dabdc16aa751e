import { createStore } from 'zustand/vanilla';
import type { AppError, SyncEntry, SyncProgressEvent } from '../../shared/contract';
import type { ApiClient } from '../api/client';

/**
 * What the last sync (or the attempt to start or stop one) came to, while this window watched:
 * a finished sync's audit entry, or a failed call to main. Cleared by the next sync or when dismissed.
 */
export type SyncOutcome =
  | { kind: 'finished'; id: string; entry: SyncEntry }
  | { kind: 'call-failed'; id: string; action: 'refresh' | 'cancel'; error: AppError };

export interface SyncState {
  running: SyncProgressEvent | null;
  log: SyncEntry[];
  error: AppError | null;
  /** Cancel was asked for and the running sync has not settled yet. */
  cancelling: boolean;
  outcome: SyncOutcome | null;
  load(): Promise<void>;
  refresh(): Promise<void>;
  /** Stops the running sync (main keeps what its finished queries stored). */
  cancel(): Promise<void>;
  /** Clears the outcome, if it is still the one with this id (a newer one stays). */
  dismissOutcome(id: string): void;
  /** Events from main: progress and finished syncs (including ones this window did not start). */
  onProgress(progress: SyncProgressEvent): void;
  onFinished(entry: SyncEntry): void;
}

/** Sync status and the audit log, as main reports them. */
export function createSyncStore(client: ApiClient) {
  let failures = 0;
  const callFailed = (action: 'refresh' | 'cancel', error: AppError): SyncOutcome => ({ kind: 'call-failed', id: `${action}-failed-${(failures += 1)}`, action, error });

  return createStore<SyncState>()((set, get) => ({
    running: null,
    log: [],
    error: null,
    cancelling: false,
    outcome: null,
    load: async () => {
      const [status, log] = await Promise.all([client.call('sync.status', {}), client.call('sync.log', {})]);
      set({ running: status.ok ? status.data.running : null, log: log.ok ? log.data : [], error: status.ok ? (log.ok ? null : log.error) : status.error });
    },
    refresh: async () => {
      set({ error: null, outcome: null, running: get().running ?? { kind: 'refresh', step: 0, total: 0, queryId: null } });
      const result = await client.call('sync.refresh', {});
      if (!result.ok) {
        set({ error: result.error, running: null, cancelling: false, outcome: callFailed('refresh', result.error) });
        return;
      }
      // Normally sync.finished has arrived by now; if that event was lost, the answer stands in for it.
      if (!get().log.some((e) => e.id === result.data.id)) get().onFinished(result.data);
    },
    cancel: async () => {
      if (get().running === null || get().cancelling) return;
      set({ cancelling: true });
      const result = await client.call('sync.cancel', {});
      if (!result.ok) set({ cancelling: false, error: result.error, outcome: callFailed('cancel', result.error) });
      else if (!result.data.cancelled) set({ cancelling: false });
    },
    dismissOutcome: (id) => {
      if (get().outcome?.id === id) set({ outcome: null });
    },
    onProgress: (running) => set((s) => (s.outcome === null ? { running } : { running, outcome: null })),
    onFinished: (entry) =>
      set((s) => ({ running: null, cancelling: false, outcome: { kind: 'finished', id: entry.id, entry }, log: [entry, ...s.log.filter((e) => e.id !== entry.id)] })),
  }));
}

export type SyncStore = ReturnType<typeof createSyncStore>;
