/**
 * Composition root: builds every main-process service from its ports and exposes the two things a
 * transport needs, the contract dispatcher and the event bus. No Electron import here: the Electron
 * shell and the browser host both wrap the same `App`.
 */
import { mkdir } from 'node:fs/promises';
import { createConnectionService } from './connection/connection-service';
import { createPostHogProbe } from './connection/posthog-probe';
import { createDispatcher, type Dispatch, type ErrorLog, type Handlers } from './contract/dispatch';
import { EventBus } from './events/event-bus';
import type { DiagnoseOptions } from './posthog/diagnose';
import type { RuntimeInfo } from './runtime';
import { openSeriesStore } from './store/series-store';
import { openSettingsStore } from './store/settings-store';
import { openSyncLogStore } from './store/sync-log-store';
import { createSyncService } from './sync/sync-service';
import { chooseKeychain, type Keychain } from './vault/keychain';
import { createVault } from './vault/vault';

export interface App {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  dispose(): Promise<void>;
}

export interface AppPorts {
  runtime: RuntimeInfo;
  log: ErrorLog;
  /** Where settings and the sealed key live (created 0700 if missing). */
  dataDir: string;
  /** The OS keychain to try (keytar by default); the file fallback is chosen when it does not work. */
  keychain?: Keychain;
  /** PostHog's cloud addresses and timeouts (tests point the clouds at the emulator). */
  posthog?: DiagnoseOptions;
  /** `npm run demo`: connect to this project at start (a real test and seal, no wizard). */
  preconnect?: { host: string; apiKey: string; projectId: number };
  now?: () => number;
}

export async function createApp(ports: AppPorts): Promise<App> {
  const now = ports.now ?? Date.now;
  await mkdir(ports.dataDir, { recursive: true, mode: 0o700 });
  const events = new EventBus();
  const store = await openSettingsStore(ports.dataDir, ports.log, now);
  const choice = await chooseKeychain({ dir: ports.dataDir, preferred: ports.keychain, log: ports.log });
  const vault = createVault({ dir: ports.dataDir, keychain: choice.keychain, log: ports.log });
  const connection = createConnectionService({
    store,
    vault,
    keyProtection: { kind: choice.protection, warning: choice.warning },
    posthog: createPostHogProbe(ports.posthog ?? {}),
    events,
    now,
  });
  const series = await openSeriesStore(ports.dataDir, ports.log, now);
  const sync = createSyncService({
    series,
    syncLog: await openSyncLogStore(ports.dataDir, ports.log, now),
    events,
    target: () => connection.syncTarget(),
    options: () => ({ customEvents: [], conversion: null }),
    now,
    log: ports.log,
    timeoutMs: ports.posthog?.timeoutMs,
  });
  /** A new project's history starts empty: the previous project's series are dropped, then fetched anew. */
  const startFresh = async <T>(connect: Promise<T>): Promise<T> => {
    const before = connection.status();
    const result = await connect;
    const after = connection.status();
    const sameProject = before.state === 'connected' && after.state === 'connected' && before.host === after.host && before.projectId === after.projectId;
    if (!sameProject) await series.pruneBefore('9999-12-31');
    void sync.run('initial');
    return result;
  };
  if (ports.preconnect !== undefined) await startFresh(connection.preconnect(ports.preconnect));

  const handlers: Handlers = {
    'app.info': async () => ({ name: 'Sightline', ...ports.runtime }),
    'connection.status': async () => connection.status(),
    'connection.wizard': async () => connection.wizard(),
    'connection.setHost': (request) => connection.setHost(request),
    'connection.test': (request) => connection.test(request),
    'connection.save': (request) => startFresh(connection.save(request)),
    'connection.resetWizard': () => connection.resetWizard(),
    'connection.retest': () => connection.retest(),
    'connection.projects': () => connection.projects(),
    'connection.switchProject': (request) => startFresh(connection.switchProject(request)),
    'connection.disconnect': () => connection.disconnect(),
    'sync.refresh': () => sync.run('refresh'),
    'sync.status': async () => sync.status(),
    'sync.log': async () => sync.log(),
  };
  return {
    dispatch: createDispatcher(handlers, ports.log),
    events,
    dispose: async () => {},
  };
}

/** The default error log: the error's name and message only go to stderr, never to the renderer. */
export const stderrLog: ErrorLog = (message, error) => {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : typeof error;
  process.stderr.write(`[sightline] ${message}${detail ? ` — ${detail}` : ''}\n`);
};
