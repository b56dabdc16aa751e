/**
 * The connection to a PostHog project: the connect wizard's steps, the sealed key's lifecycle
 * (seal on save, open to re-test or switch project, destroy on disconnect) and the status the
 * renderer shows. The key arrives once, from the wizard, is held in memory only until it is sealed,
 * and is never returned, logged or put in an error.
 */
import type { WeekStartDay } from '../../shared/retention';
import type { ConnectionStatus, ConnectWizard, ProjectSummary } from '../../shared/contract';
import { keyKind, maskKey, normalizePostHogHost, type CloudRegion } from '../../shared/posthog-hosts';
import { AppFailure } from '../contract/failure';
import type { EventBus } from '../events/event-bus';
import type { SavedConnection, SettingsStore, WizardDraft } from '../store/settings-store';

export interface KeyBinding {
  host: string;
  projectId: number;
}

/** The vault as the connection needs it (src-main/vault implements it). */
export interface SealedKeyStore {
  seal(apiKey: string, binding: KeyBinding): Promise<void>;
  open(binding: KeyBinding): Promise<string>;
  destroy(): Promise<void>;
}

export interface KeyProtection {
  kind: 'os-keychain' | 'file-only';
  warning: string | null;
}

export interface PostHogTarget {
  host: string;
  apiKey: string;
  caPem: string | null;
}

/** PostHog as the connection needs it (src-main/posthog implements it); failures are AppFailures. */
export interface PostHogProbe {
  test(target: PostHogTarget): Promise<{ host: string; cloud: CloudRegion | null; projects: ProjectSummary[]; scopes: string[] }>;
  verify(target: PostHogTarget & { projectId: number }): Promise<{ project: ProjectSummary; scopes: string[] }>;
  listProjects(target: PostHogTarget): Promise<ProjectSummary[]>;
}

export interface ConnectionDeps {
  store: SettingsStore;
  vault: SealedKeyStore;
  keyProtection: KeyProtection;
  posthog: PostHogProbe;
  events: EventBus;
  now: () => number;
}

const EMPTY_DRAFT: WizardDraft = { host: null, cloud: null, caPem: null, caLabel: null, projects: [] };

export function createConnectionService(deps: ConnectionDeps) {
  /** The tested key, held only between `test` and `save` (or until the wizard is reset). */
  let pending: { target: PostHogTarget; cloud: CloudRegion | null; keyHint: string; projects: ProjectSummary[]; scopes: string[] } | null = null;
  /** Why the sealed key can't be used right now (e.g. it could not be decrypted), shown in Settings. */
  let problem: AppFailure | null = null;
  const iso = (): string => new Date(deps.now()).toISOString();

  const statusOf = (saved: SavedConnection | null): ConnectionStatus => {
    if (saved === null) return { state: 'not-connected', keyProtection: deps.keyProtection };
    return {
      state: 'connected',
      host: saved.host,
      cloud: saved.cloud,
      projectId: saved.projectId,
      projectName: saved.projectName,
      timezone: saved.timezone,
      demo: saved.demo,
      keyHint: saved.keyHint,
      scopes: saved.scopes,
      caLabel: saved.caLabel,
      connectedAt: saved.connectedAt,
      lastVerifiedAt: saved.lastVerifiedAt,
      keyProtection: deps.keyProtection,
      problem: problem?.toAppError() ?? null,
    };
  };

  const wizardOf = (draft: WizardDraft | null): ConnectWizard => {
    const d = draft ?? EMPTY_DRAFT;
    // Without the key in memory (e.g. after a restart) the wizard resumes at the key step.
    const step = d.host === null ? 'host' : pending === null ? 'key' : 'project';
    return {
      step,
      host: d.host,
      cloud: d.cloud,
      caLabel: d.caLabel,
      keyHint: pending?.keyHint ?? null,
      projects: pending === null ? [] : pending.projects,
    };
  };

  const publish = (saved: SavedConnection | null): ConnectionStatus => {
    const status = statusOf(saved);
    deps.events.emit('connection.changed', status);
    return status;
  };

  const requireSaved = (): SavedConnection => {
    const saved = deps.store.read().connection;
    if (saved === null) throw new AppFailure('not_connected', 'No PostHog project is connected.', 'Connect one in the Connect view.');
    return saved;
  };

  const openKey = async (saved: SavedConnection): Promise<string> => {
    try {
      const key = await deps.vault.open({ host: saved.host, projectId: saved.projectId });
      problem = null;
      return key;
    } catch (error) {
      if (error instanceof AppFailure) {
        problem = error;
        deps.events.emit('connection.changed', statusOf(saved));
      }
      throw error;
    }
  };

  const connect = async (target: PostHogTarget, project: ProjectSummary, meta: { cloud: CloudRegion | null; scopes: string[]; caLabel: string | null; demo: boolean }): Promise<ConnectionStatus> => {
    await deps.vault.seal(target.apiKey, { host: target.host, projectId: project.id });
    problem = null;
    const saved: SavedConnection = {
      host: target.host,
      cloud: meta.cloud,
      projectId: project.id,
      projectName: project.name,
      timezone: project.timezone,
      weekStartDay: project.weekStartDay ?? 0,
      caPem: target.caPem,
      caLabel: meta.caLabel,
      keyHint: maskKey(target.apiKey),
      scopes: meta.scopes,
      connectedAt: iso(),
      lastVerifiedAt: iso(),
      demo: meta.demo,
    };
    await deps.store.update((s) => ({ ...s, connection: saved, wizard: null }));
    return publish(saved);
  };

  return {
    status: (): ConnectionStatus => statusOf(deps.store.read().connection),

    wizard: (): ConnectWizard => wizardOf(deps.store.read().wizard),

    async setHost(request: { host: string; caPem?: string | null; caLabel?: string | null }): Promise<ConnectWizard> {
      const host = normalizePostHogHost(request.host);
      if (!host.ok) throw new AppFailure('invalid_host', host.message);
      pending = null;
      const draft: WizardDraft = { host: host.url, cloud: host.cloud, caPem: request.caPem ?? null, caLabel: request.caLabel ?? null, projects: [] };
      const updated = await deps.store.update((s) => ({ ...s, wizard: draft }));
      return wizardOf(updated.wizard);
    },

    async test(request: { host: string; apiKey: string; caPem?: string | null; caLabel?: string | null }): Promise<ConnectWizard> {
      const host = normalizePostHogHost(request.host);
      if (!host.ok) throw new AppFailure('invalid_host', host.message);
      const apiKey = request.apiKey.trim();
      const caPem = request.caPem ?? null;
      const result = await deps.posthog.test({ host: host.url, apiKey, caPem });
      pending = { target: { host: result.host, apiKey, caPem }, cloud: result.cloud, keyHint: maskKey(apiKey), projects: result.projects, scopes: result.scopes };
      const draft: WizardDraft = { host: result.host, cloud: result.cloud, caPem, caLabel: request.caLabel ?? null, projects: result.projects };
      const updated = await deps.store.update((s) => ({ ...s, wizard: draft }));
      return wizardOf(updated.wizard);
    },

    async save(request: { projectId: number }): Promise<ConnectionStatus> {
      if (pending === null) {
        throw new AppFailure('not_connected', 'The key is no longer held: Sightline never stores an untested key.', 'Enter the key again to continue.');
      }
      const project = pending.projects.find((p) => p.id === request.projectId);
      if (project === undefined) throw new AppFailure('project_not_found', `This key cannot read a project with id ${request.projectId}.`, 'Pick one of the listed projects.');
      const caLabel = deps.store.read().wizard?.caLabel ?? null;
      const status = await connect(pending.target, project, { cloud: pending.cloud, scopes: pending.scopes, caLabel, demo: false });
      pending = null;
      return status;
    },

    async resetWizard(): Promise<ConnectWizard> {
      pending = null;
      const updated = await deps.store.update((s) => ({ ...s, wizard: null }));
      return wizardOf(updated.wizard);
    },

    async retest(): Promise<ConnectionStatus> {
      const saved = requireSaved();
      const apiKey = await openKey(saved);
      const result = await deps.posthog.verify({ host: saved.host, apiKey, caPem: saved.caPem, projectId: saved.projectId });
      const updated = await deps.store.update((s) => ({
        ...s,
        connection: {
          ...saved,
          projectName: result.project.name,
          timezone: result.project.timezone,
          weekStartDay: result.project.weekStartDay ?? 0,
          scopes: result.scopes,
          lastVerifiedAt: iso(),
        },
      }));
      return publish(updated.connection);
    },

    /** For the sync engine only (never the contract): where to sync from, with the opened key. */
    async syncTarget(): Promise<{ host: string; apiKey: string; caPem: string | null; projectId: number; timezone: string; weekStartDay: WeekStartDay }> {
      const saved = requireSaved();
      return { host: saved.host, apiKey: await openKey(saved), caPem: saved.caPem, projectId: saved.projectId, timezone: saved.timezone, weekStartDay: saved.weekStartDay ?? 0 };
    },

    async projects(): Promise<ProjectSummary[]> {
      const saved = requireSaved();
      return deps.posthog.listProjects({ host: saved.host, apiKey: await openKey(saved), caPem: saved.caPem });
    },

    async switchProject(request: { projectId: number }): Promise<ConnectionStatus> {
      const saved = requireSaved();
      const target: PostHogTarget = { host: saved.host, apiKey: await openKey(saved), caPem: saved.caPem };
      const result = await deps.posthog.verify({ ...target, projectId: request.projectId });
      return connect(target, result.project, { cloud: saved.cloud, scopes: result.scopes, caLabel: saved.caLabel, demo: saved.demo });
    },

    async disconnect(): Promise<ConnectionStatus> {
      await deps.vault.destroy();
      pending = null;
      problem = null;
      await deps.store.update((s) => ({ ...s, connection: null }));
      return publish(null);
    },

    /** `npm run demo`: connect to the emulator's project without the wizard (a real test + seal). */
    async preconnect(target: { host: string; apiKey: string; projectId: number }): Promise<ConnectionStatus> {
      if (keyKind(target.apiKey) !== 'personal') throw new AppFailure('invalid_key_format', 'The demo key is not a personal API key.');
      const result = await deps.posthog.test({ host: target.host, apiKey: target.apiKey, caPem: null });
      const project = result.projects.find((p) => p.id === target.projectId);
      if (project === undefined) throw new AppFailure('project_not_found', `The demo key cannot read project ${target.projectId}.`);
      return connect({ host: result.host, apiKey: target.apiKey, caPem: null }, project, { cloud: result.cloud, scopes: result.scopes, caLabel: null, demo: true });
    },
  };
}

export type ConnectionService = ReturnType<typeof createConnectionService>;
