import { createStore } from 'zustand/vanilla';
import type { AppError, ConnectionStatus, ConnectWizard, ProjectSummary } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import type { StatusCache } from './status-cache';

export type Busy = null | 'host' | 'test' | 'save' | 'retest' | 'projects' | 'switch' | 'disconnect' | 'reset';

export interface ConnectionState {
  status: ConnectionStatus | null;
  wizard: ConnectWizard | null;
  /** Projects the sealed key can read, once asked for (switch project). */
  projects: ProjectSummary[] | null;
  busy: Busy;
  /** The last failure of a connection action, with its hint (cleared by the next action). */
  error: AppError | null;
  load(): Promise<void>;
  setHost(host: string, ca: { pem: string; label: string } | null): Promise<boolean>;
  test(host: string, apiKey: string, ca: { pem: string; label: string } | null): Promise<boolean>;
  save(projectId: number): Promise<boolean>;
  resetWizard(): Promise<void>;
  retest(): Promise<void>;
  loadProjects(): Promise<void>;
  switchProject(projectId: number): Promise<void>;
  disconnect(): Promise<void>;
  clearError(): void;
}

/** Connection and connect-wizard state, always as main reports it (the key itself never comes back). */
export function createConnectionStore(client: ApiClient, cache?: StatusCache) {
  const store = createStore<ConnectionState>()((set, get) => {
    /** Runs one action: marks it busy, records its failure, applies its result. */
    const run = async <T>(busy: Busy, call: () => Promise<{ ok: true; data: T } | { ok: false; error: AppError }>, apply: (data: T) => void): Promise<boolean> => {
      set({ busy, error: null });
      const result = await call();
      if (result.ok) apply(result.data);
      set({ busy: null, error: result.ok ? null : result.error });
      return result.ok;
    };
    return {
      status: cache?.read() ?? null,
      wizard: null,
      projects: null,
      busy: null,
      error: null,
      load: async () => {
        const [status, wizard] = await Promise.all([client.call('connection.status', {}), client.call('connection.wizard', {})]);
        set({ status: status.ok ? status.data : null, wizard: wizard.ok ? wizard.data : null, error: status.ok ? (wizard.ok ? null : wizard.error) : status.error });
      },
      setHost: (host, ca) =>
        run('host', () => client.call('connection.setHost', { host, caPem: ca?.pem ?? null, caLabel: ca?.label ?? null }), (wizard) => set({ wizard })),
      test: (host, apiKey, ca) =>
        run('test', () => client.call('connection.test', { host, apiKey, caPem: ca?.pem ?? null, caLabel: ca?.label ?? null }), (wizard) => set({ wizard })),
      save: (projectId) => run('save', () => client.call('connection.save', { projectId }), (status) => set({ status, wizard: null })),
      resetWizard: async () => {
        await run('reset', () => client.call('connection.resetWizard', {}), (wizard) => set({ wizard }));
      },
      retest: async () => {
        await run('retest', () => client.call('connection.retest', {}), (status) => set({ status }));
      },
      loadProjects: async () => {
        await run('projects', () => client.call('connection.projects', {}), (projects) => set({ projects }));
      },
      switchProject: async (projectId) => {
        await run('switch', () => client.call('connection.switchProject', { projectId }), (status) => set({ status, projects: null }));
      },
      disconnect: async () => {
        await run('disconnect', () => client.call('connection.disconnect', {}), (status) => set({ status, projects: null }));
        if (get().error === null) await get().load();
      },
      clearError: () => set({ error: null }),
    };
  });
  if (cache !== undefined) {
    store.subscribe((state, previous) => {
      if (state.status !== null && state.status !== previous.status) cache.write(state.status);
    });
  }
  return store;
}

export type ConnectionStore = ReturnType<typeof createConnectionStore>;
