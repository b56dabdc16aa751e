/**
 * Composition root: builds every main-process service from its ports and exposes the two things a
 * transport needs, the contract dispatcher and the event bus. No Electron import here: the Electron
 * shell and the browser host both wrap the same `App`.
 */
import { mkdir } from 'node:fs/promises';
import { createAlertService } from './alerts/alert-service';
import { pageNotifier, type AlertNotifier } from './alerts/notifier';
import { createConnectionService } from './connection/connection-service';
import { createAppSettings, type AppSettingsService } from './desktop/app-settings';
import { browserDesktopHost, type DesktopHost } from './desktop/desktop-host';
import { createPostHogProbe } from './connection/posthog-probe';
import { createDispatcher, type Dispatch, type ErrorLog, type Handlers } from './contract/dispatch';
import { EventBus } from './events/event-bus';
import type { DiagnoseOptions } from './posthog/diagnose';
import type { RuntimeInfo } from './runtime';
import type { PlanStatus } from '../shared/contract';
import { autoSyncSentence, retentionCutoff, retentionSentence, tierLabel, TIER_SPECS } from '../shared/tiers';
import { localDay } from '../shared/time';
import { AppFailure } from './contract/failure';
import { openLicenseStore } from './license/license-store';
import { openAlertStore } from './store/alert-store';
import { openFlagListStore, EMPTY_FLAG_LIST } from './store/flag-list-store';
import { openSeriesStore } from './store/series-store';
import { openSettingsStore } from './store/settings-store';
import { openSyncLogStore } from './store/sync-log-store';
import { createAutoSync } from './sync/scheduler';
import { createSyncService } from './sync/sync-service';
import { searchEventDefinitions } from './tracking/event-definitions';
import { createTrackingService, NO_TRACKING, retentionOf } from './tracking/tracking-service';
import { chooseKeychain, type Keychain } from './vault/keychain';
import { createVault } from './vault/vault';

export interface App {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** The app settings, read synchronously by the Electron shell (a window's close handler cannot wait). */
  readonly settings: AppSettingsService;
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
  /** Auto-sync by tier (on unless a test turns it off). */
  autoSync?: boolean;
  /** `npm run demo`: connect to this project at start (a real test and seal, no wizard). */
  preconnect?: { host: string; apiKey: string; projectId: number };
  /** Where alert notifications go: the Electron shell's native ones; by default the page (browser host). */
  notifier?: (events: EventBus) => AlertNotifier;
  /** What running in the background and opening at login mean here (default: the browser host's). */
  desktop?: DesktopHost;
  /** The locale of notification texts (default: the system's). */
  locale?: string;
  now?: () => number;
}

export async function createApp(ports: AppPorts): Promise<App> {
  const now = ports.now ?? Date.now;
  await mkdir(ports.dataDir, { recursive: true, mode: 0o700 });
  const events = new EventBus();
  const store = await openSettingsStore(ports.dataDir, ports.log, now);
  const settings = createAppSettings({
    store,
    host: ports.desktop ?? browserDesktopHost,
    onAutoSyncPausedChange: () => autoSync.onPausedChange(),
    announce: (view) => events.emit('app.settingsChanged', view),
  });
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
  const syncLog = await openSyncLogStore(ports.dataDir, ports.log, now);
  const license = await openLicenseStore({ dir: ports.dataDir, log: ports.log, now });
  const flagList = await openFlagListStore(ports.dataDir, ports.log, now);
  const tracking = createTrackingService({ settings: store, series });
  const connectedTimezone = (): string | null => {
    const status = connection.status();
    return status.state === 'connected' ? status.timezone : null;
  };
  const alerts = createAlertService({
    store: await openAlertStore(ports.dataDir, ports.log, now),
    series,
    events,
    notifier: (ports.notifier ?? pageNotifier)(events),
    timezone: connectedTimezone,
    tracking: () => (connection.status().state === 'connected' ? tracking.current() : NO_TRACKING),
    keptDays: () => TIER_SPECS[license.currentTier()].retentionDays,
    now,
    locale: ports.locale ?? new Intl.DateTimeFormat().resolvedOptions().locale,
    log: ports.log,
  });
  const timeoutMs = ports.posthog?.timeoutMs ?? 60_000;
  const sync = createSyncService({
    series,
    syncLog,
    events,
    target: () => connection.syncTarget(),
    options: () => {
      const current = tracking.current();
      return { customEvents: current.customEvents, funnels: current.funnels, retention: retentionOf(current) };
    },
    storeFlagList: async (list) => {
      events.emit('flags.changed', await flagList.replace(list));
    },
    afterSync: (entry) => alerts.afterSync(entry),
    now,
    log: ports.log,
    timeoutMs,
  });
  /** Retention by tier, in both stores (the replica follows main's deletions): after every sync and on a tier change. */
  const applyRetention = async (): Promise<void> => {
    const status = connection.status();
    const timezone = status.state === 'connected' ? status.timezone : 'UTC';
    const cutoff = retentionCutoff(license.currentTier(), localDay(now(), timezone));
    if (cutoff === null) return;
    const pruned = await series.pruneBefore(cutoff);
    if (pruned.removed > 0) events.emit('series.changed', { revision: series.revision, epoch: series.epoch });
    await alerts.pruneBefore(cutoff);
  };
  events.subscribe((event) => {
    if (event.name === 'sync.finished') void applyRetention().catch((error: unknown) => ports.log('retention failed', error));
  });

  const autoSync = createAutoSync({
    tier: () => license.currentTier(),
    lastSuccessfulSyncAt: () => {
      const ok = syncLog.entries().find((e) => e.status === 'ok');
      return ok === undefined ? null : Date.parse(ok.finishedAt);
    },
    // A project that has never synced successfully gets its initial sync, not a 7-day refresh.
    runRefresh: () => {
      const current = connection.status();
      const synced = current.state === 'connected' && syncLog.entries().some((e) => e.status === 'ok' && e.kind === 'initial' && e.projectId === current.projectId);
      return sync.run(synced ? 'refresh' : 'initial');
    },
    now,
    connected: () => connection.status().state === 'connected',
    paused: () => settings.preferences().autoSyncPaused,
    log: ports.log,
    onChange: () => events.emit('plan.changed', planStatus()),
  });
  license.onChange(() => {
    autoSync.onTierChange();
    events.emit('plan.changed', planStatus());
    void applyRetention().catch((error: unknown) => ports.log('retention failed', error));
  });

  const planStatus = (): PlanStatus => {
    const tier = license.currentTier();
    const l = license.status();
    const next = autoSync.nextRunAt();
    return {
      tier,
      tierLabel: tierLabel(tier),
      license:
        l.state === 'licensed'
          ? { state: 'licensed', licensee: l.licensee, expiresAt: l.expiresAt }
          : l.state === 'invalid'
            ? { state: 'invalid', message: l.message, hint: l.hint }
            : { state: 'none' },
      autoSync: next.at === null && next.reason === 'paused' ? next.message : autoSyncSentence(tier),
      retention: retentionSentence(tier),
      nextAutoSyncAt: next.at === null ? null : new Date(next.at).toISOString(),
    };
  };

  /** A new project's history starts empty: the previous project's series are dropped, then fetched anew. */
  const startFresh = async <T>(connect: Promise<T>): Promise<T> => {
    const before = connection.status();
    const result = await connect;
    const after = connection.status();
    const sameProject = before.state === 'connected' && after.state === 'connected' && before.host === after.host && before.projectId === after.projectId;
    if (!sameProject) {
      await series.pruneBefore('9999-12-31');
      events.emit('flags.changed', await flagList.replace(EMPTY_FLAG_LIST));
      await alerts.resetProject();
    }
    void sync.run('initial');
    // Only now (history reset, initial sync under way) may the scheduler react; a catch-up joins that sync.
    autoSync.onConnectionChange();
    return result;
  };
  if (ports.preconnect !== undefined) await startFresh(connection.preconnect(ports.preconnect));
  if (ports.autoSync !== false) autoSync.start();

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
    'connection.disconnect': async () => {
      const status = await connection.disconnect();
      autoSync.onConnectionChange();
      return status;
    },
    'sync.refresh': () => sync.run('refresh'),
    'sync.status': async () => sync.status(),
    'sync.log': async () => sync.log(),
    'series.changes': async (request) => series.changesSince(request.since, request.epoch ?? undefined),
    'plan.status': async () => planStatus(),
    'plan.installLicense': async (request) => {
      const result = await license.install(request.license);
      if (!result.ok) throw new AppFailure('license_invalid', result.message, result.hint);
      return planStatus();
    },
    'plan.removeLicense': async () => {
      await license.remove();
      return planStatus();
    },
    'app.resumed': async () => {
      autoSync.onResume();
      return {};
    },
    'app.network': async (request) => {
      if (request.online) autoSync.onOnline();
      else autoSync.onOffline();
      return {};
    },
    'sync.cancel': async () => ({ cancelled: sync.cancel() }),
    'tracking.get': async () => tracking.current(),
    'tracking.set': async (request) => {
      const change = await tracking.set(request);
      events.emit('series.changed', { revision: series.revision, epoch: series.epoch });
      events.emit('tracking.changed', change.tracking);
      if (change.needsSync) void sync.run('initial', { fresh: true });
      return change.tracking;
    },
    'events.definitions': async (request) => searchEventDefinitions(await connection.syncTarget(), request.search, timeoutMs),
    'flags.list': async () => flagList.read(),
    'alerts.rules': async () => alerts.rules(),
    'alerts.save': (request) => alerts.save(request.id, request.rule),
    'alerts.delete': async (request) => ({ deleted: await alerts.delete(request.id) }),
    'alerts.snooze': (request) => alerts.snooze(request.id, request.duration),
    'alerts.history': async () => alerts.history(),
    'alerts.templates': async () => alerts.templates(),
    'app.settings': async () => settings.view(),
    'app.setSettings': (request) => settings.change(request),
  };
  return {
    dispatch: createDispatcher(handlers, ports.log),
    events,
    settings,
    dispose: async () => {
      autoSync.stop();
    },
  };
}

/** The default error log: the error's name and message only go to stderr, never to the renderer. */
export const stderrLog: ErrorLog = (message, error) => {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? '' : typeof error;
  process.stderr.write(`[sightline] ${message}${detail ? ` — ${detail}` : ''}\n`);
};
