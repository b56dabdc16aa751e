/**
 * Auto-sync by tier: Pro every 3 hours, Scale every 30 minutes (node-cron, machine-local time),
 * Starter and Basic never (manual Refresh only).
 *
 * Rules:
 * - node-cron does not catch up missed runs. At `start()`, on `onResume()` (the machine woke up, or the
 *   browser host says so) and when auto-sync becomes possible (`onTierChange()`, `onConnectionChange()`),
 *   if the last successful sync is older than one interval (or there never was one), ONE catch-up
 *   refresh runs — one, however many slots were missed.
 * - Offline (`onOffline()`, or `online()` false when a run is due): runs are skipped and remembered;
 *   `onOnline()` runs one catch-up if any was skipped or the data is older than one interval.
 * - A failed run is retried after 1, 2, 4, 8 … minutes, capped at the interval; a success resets the
 *   backoff. A run counts as successful when `lastSuccessfulSyncAt()` has moved forward once it settles
 *   (so a failed audit entry, which resolves, counts as a failure too, and joining a refresh that was
 *   already running counts as whatever that refresh did); a rejection is a failure.
 * - Never two runs at once: while one is in flight, ticks, catch-ups and retries are dropped (the run
 *   in flight serves them).
 * - The tier is read again at every tick, so a license that expired stops the schedule at its next tick
 *   even before anyone calls `onTierChange()`.
 * - Paused (`paused()` true, the founder's choice; `onPausedChange()` reports a change): ticks,
 *   catch-ups and retries do nothing and `nextRunAt()` says so; a manual Refresh is not affected.
 *   Resuming catches up once if the data is older than one interval.
 *
 * No Electron here: the shell forwards powerMonitor's resume and the network state.
 */
import { schedule as cronSchedule } from 'node-cron';
import { AUTO_SYNC_UPGRADE_SENTENCE, autoSyncOf, type AutoSyncSpec, type Tier } from '../../shared/tiers';
import type { ErrorLog } from '../contract/dispatch';

export interface CronHandle {
  stop(): void;
}
/** Registers `fn` to run on `cronExpr` (node-cron's syntax, local time). */
export type ScheduleFn = (cronExpr: string, fn: () => void) => CronHandle;
/** A one-shot timer (the retry backoff). */
export type SetTimerFn = (fn: () => void, ms: number) => { cancel(): void };

export interface AutoSyncDeps {
  tier(): Tier;
  /** Epoch ms of the last sync that succeeded (any kind, manual ones included); null if none yet. */
  lastSuccessfulSyncAt(): number | null;
  /** Runs a refresh (joining one already running). Resolving is not success: see the file comment. */
  runRefresh(): Promise<unknown>;
  now(): number;
  /** node-cron's `schedule` by default; tests inject a fake. */
  schedule?: ScheduleFn;
  /** setTimeout by default; tests inject a fake clock's. */
  setTimer?: SetTimerFn;
  /** Consulted whenever a run is due; `onOnline()` / `onOffline()` report changes. Default: online. */
  online?(): boolean;
  /** Whether a project is connected; nothing runs without one. Default: connected. */
  connected?(): boolean;
  /** Whether the founder paused auto-sync; `onPausedChange()` reports changes. Default: not paused. */
  paused?(): boolean;
  log?: ErrorLog;
  /** Called whenever `nextRunAt()` or `status()` may have changed (for a renderer event). */
  onChange?(): void;
}

export type NextAutoSync =
  | { at: number; kind: 'scheduled' | 'retry' }
  | { at: null; reason: 'tier' | 'paused' | 'not_connected' | 'offline' | 'stopped'; message: string };

export interface AutoSyncStatus {
  /** The tier's schedule, or null when it has none. */
  schedule: AutoSyncSpec | null;
  running: boolean;
  consecutiveFailures: number;
  next: NextAutoSync;
}

export interface AutoSync {
  /** Registers the tier's cron (if any) and catches up once if the data is older than one interval. */
  start(): void;
  /** Unregisters the cron and cancels a pending retry; a run in flight finishes on its own. */
  stop(): void;
  /** Re-reads `tier()`: re-registers, unregisters or keeps the cron; catches up if auto-sync just began. */
  onTierChange(): void;
  /** Re-reads `connected()`: catches up if a project just got connected and its data is stale. */
  onConnectionChange(): void;
  /** Re-reads `paused()`: pausing cancels a pending retry; resuming catches up once if the data is stale. */
  onPausedChange(): void;
  /** The machine woke from sleep (or the browser host says so): one catch-up if a slot was missed. */
  onResume(): void;
  onOnline(): void;
  onOffline(): void;
  /** When the next automatic run will happen, or why there is none. */
  nextRunAt(): NextAutoSync;
  status(): AutoSyncStatus;
  /** Resolves when the run in flight (if any) has settled. For tests and shutdown. */
  idle(): Promise<void>;
}

/** What the plan says while the founder has paused auto-sync. */
export const AUTO_SYNC_PAUSED_SENTENCE = 'Auto-sync is paused; Refresh still works.';

/** The first retry delay; each further failure doubles it, up to the tier's interval. */
export const RETRY_FIRST_MS = 60_000;

/** node-cron in local time. Missed slots (sleep) are not replayed by node-cron; the scheduler catches up. */
export const defaultSchedule: ScheduleFn = (cronExpr, fn) => {
  const task = cronSchedule(cronExpr, () => fn(), { name: 'sightline-auto-sync', suppressMissedWarning: true });
  return {
    stop: () => {
      void Promise.resolve(task.destroy()).catch(() => undefined);
    },
  };
};

const defaultSetTimer: SetTimerFn = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(timer) };
};

const MESSAGES = {
  tier: AUTO_SYNC_UPGRADE_SENTENCE,
  paused: AUTO_SYNC_PAUSED_SENTENCE,
  not_connected: 'Auto-sync starts once a PostHog project is connected.',
  offline: 'Offline: auto-sync catches up as soon as the connection is back.',
  stopped: 'Auto-sync is paused.',
} as const;

/**
 * The first slot of `spec` strictly after `afterMs`, in the machine's local time, as node-cron fires it:
 * `*\/30 * * * *` on :00 and :30 of every hour, `0 *\/3 * * *` at 00:00, 03:00 … 21:00.
 */
export function nextAutoSyncSlot(spec: AutoSyncSpec, afterMs: number): number {
  const d = new Date(afterMs);
  const m = spec.everyMinutes;
  if (m < 60 && 60 % m === 0) {
    d.setSeconds(0, 0);
    d.setMinutes(Math.floor(d.getMinutes() / m) * m + m);
    return d.getTime();
  }
  const hours = m / 60;
  if (Number.isInteger(hours) && 24 % hours === 0) {
    d.setMinutes(0, 0, 0);
    d.setHours(Math.floor(d.getHours() / hours) * hours + hours);
    return d.getTime();
  }
  throw new Error(`no slot rule for an interval of ${m} minutes`);
}

export function createAutoSync(deps: AutoSyncDeps): AutoSync {
  const schedule = deps.schedule ?? defaultSchedule;
  const setTimer = deps.setTimer ?? defaultSetTimer;
  const log: ErrorLog = deps.log ?? (() => undefined);

  let started = false;
  let offline = false;
  let task: { cron: string; handle: CronHandle } | null = null;
  let running: Promise<void> | null = null;
  let retry: { at: number; cancel(): void } | null = null;
  let failures = 0;
  /** A run was skipped (offline) or a retry dropped: catch up when possible. */
  let missed = false;

  const changed = (): void => {
    try {
      deps.onChange?.();
    } catch (error) {
      log('an auto-sync change listener failed', error);
    }
  };
  const spec = (): AutoSyncSpec | null => (started ? autoSyncOf(deps.tier()) : null);
  const isOnline = (): boolean => !offline && (deps.online?.() ?? true);
  const isConnected = (): boolean => deps.connected?.() ?? true;
  const isPaused = (): boolean => deps.paused?.() ?? false;
  const isStale = (s: AutoSyncSpec): boolean => {
    const last = deps.lastSuccessfulSyncAt();
    return last === null || deps.now() - last >= s.everyMinutes * 60_000;
  };

  const cancelRetry = (): void => {
    retry?.cancel();
    retry = null;
  };

  /** Makes the cron registration match the tier (none when stopped or manual-only). */
  const reconcile = (): AutoSyncSpec | null => {
    const s = spec();
    if (task !== null && task.cron !== s?.cron) {
      task.handle.stop();
      task = null;
    }
    if (s === null) {
      cancelRetry();
      failures = 0;
      missed = false;
    } else if (task === null) {
      task = { cron: s.cron, handle: schedule(s.cron, onTick) };
    }
    return s;
  };

  const attempt = (): void => {
    const s = spec();
    if (s === null || running !== null || !isConnected() || isPaused()) return;
    if (!isOnline()) {
      if (retry !== null) cancelRetry();
      missed = true;
      changed();
      return;
    }
    cancelRetry();
    missed = false;
    const before = deps.lastSuccessfulSyncAt();
    const outcome = (async () => {
      try {
        await deps.runRefresh();
        const after = deps.lastSuccessfulSyncAt();
        return after !== null && (before === null || after > before);
      } catch (error) {
        log('auto-sync refresh failed', error);
        return false;
      }
    })();
    // `.then` always runs later, so `running` is set before it is cleared, even if runRefresh threw synchronously.
    running = outcome.then((ok) => {
      running = null;
      afterRun(ok);
    });
    changed();
  };

  const afterRun = (ok: boolean): void => {
    if (ok) {
      failures = 0;
    } else {
      const s = spec();
      if (s !== null && isConnected() && !isPaused()) {
        if (!isOnline()) {
          missed = true;
        } else {
          failures += 1;
          const delay = Math.min(RETRY_FIRST_MS * 2 ** Math.min(failures - 1, 30), s.everyMinutes * 60_000);
          const at = deps.now() + delay;
          const timer = setTimer(() => {
            retry = null;
            attempt();
          }, delay);
          retry = { at, cancel: () => timer.cancel() };
        }
      }
    }
    changed();
  };

  function onTick(): void {
    // The tier may have changed without a call to onTierChange (a license that just expired).
    const s = reconcile();
    if (s === null) {
      changed();
      return;
    }
    attempt();
  }

  const catchUpIfStale = (): void => {
    const s = spec();
    if (s !== null && (missed || isStale(s))) attempt();
  };

  const nextRunAt = (): NextAutoSync => {
    const none = (reason: keyof typeof MESSAGES): NextAutoSync => ({ at: null, reason, message: MESSAGES[reason] });
    if (!started) return none('stopped');
    const s = autoSyncOf(deps.tier());
    if (s === null) return none('tier');
    if (isPaused()) return none('paused');
    if (!isConnected()) return none('not_connected');
    if (!isOnline()) return none('offline');
    const slot = nextAutoSyncSlot(s, deps.now());
    return retry !== null && retry.at < slot ? { at: retry.at, kind: 'retry' } : { at: slot, kind: 'scheduled' };
  };

  return {
    start: () => {
      if (started) return;
      started = true;
      reconcile();
      catchUpIfStale();
      changed();
    },
    stop: () => {
      if (!started) return;
      started = false;
      reconcile();
      changed();
    },
    onTierChange: () => {
      const before = task?.cron ?? null;
      const s = reconcile();
      // Auto-sync just began, or got more frequent: the data may already be older than the new interval.
      if (s !== null && s.cron !== before) catchUpIfStale();
      changed();
    },
    onConnectionChange: () => {
      if (isConnected()) {
        catchUpIfStale();
      } else {
        cancelRetry();
        failures = 0;
        missed = false;
      }
      changed();
    },
    onPausedChange: () => {
      if (isPaused()) {
        cancelRetry();
        failures = 0;
        missed = false;
      } else {
        catchUpIfStale();
      }
      changed();
    },
    onResume: () => {
      catchUpIfStale();
      changed();
    },
    onOnline: () => {
      offline = false;
      catchUpIfStale();
      changed();
    },
    onOffline: () => {
      offline = true;
      if (retry !== null) {
        cancelRetry();
        missed = true;
      }
      changed();
    },
    nextRunAt,
    status: () => ({ schedule: spec(), running: running !== null, consecutiveFailures: failures, next: nextRunAt() }),
    idle: async () => {
      while (running !== null) await running;
    },
  };
}
