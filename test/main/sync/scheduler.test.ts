import { createTask, getTasks } from 'node-cron';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUTO_SYNC_UPGRADE_SENTENCE, TIER_SPECS, type Tier } from '../../../shared/tiers';
import { createAutoSync, nextAutoSyncSlot, RETRY_FIRST_MS, type AutoSyncDeps } from '../../../src-main/sync/scheduler';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A fake clock with one-shot timers, a fake cron and a controllable refresh. */
function harness(options: { tier?: Tier; lastSyncAgoMs?: number | null; online?: boolean; connected?: boolean } = {}) {
  let t = Date.parse('2026-06-15T10:05:00Z');
  let tier: Tier = options.tier ?? 'scale';
  let last: number | null = options.lastSyncAgoMs === null ? null : t - (options.lastSyncAgoMs ?? 5 * MIN);
  let online = options.online ?? true;
  let connected = options.connected ?? true;
  let outcome: 'ok' | 'reject' | 'failed-entry' | 'throw' = 'ok';
  let hold: Promise<void> | null = null;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const crons: { cron: string; fn: () => void; stopped: boolean }[] = [];
  const runs: number[] = [];
  const logged: string[] = [];

  const runRefresh = (): Promise<unknown> => {
    runs.push(t);
    if (outcome === 'throw') throw new Error('synchronous bug');
    const settle = async () => {
      if (hold !== null) await hold;
      if (outcome === 'reject') throw new Error('network down');
      if (outcome === 'ok') last = t;
      return { status: outcome === 'ok' ? 'ok' : 'failed' };
    };
    return settle();
  };
  const deps: AutoSyncDeps = {
    tier: () => tier,
    lastSuccessfulSyncAt: () => last,
    runRefresh,
    now: () => t,
    schedule: (cron, fn) => {
      const entry = { cron, fn, stopped: false };
      crons.push(entry);
      return { stop: () => void (entry.stopped = true) };
    },
    setTimer: (fn, ms) => {
      const timer = { at: t + ms, fn, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    online: () => online,
    connected: () => connected,
    log: (message) => void logged.push(message),
  };
  const auto = createAutoSync(deps);

  return {
    auto,
    runs,
    crons,
    logged,
    get now() {
      return t;
    },
    active: () => crons.filter((c) => !c.stopped).map((c) => c.cron),
    pendingTimers: () => timers.filter((x) => !x.cancelled && x.at > t - 1).length,
    setTier: (next: Tier) => void (tier = next),
    setOnline: (value: boolean) => void (online = value),
    setConnected: (value: boolean) => void (connected = value),
    setOutcome: (value: typeof outcome) => void (outcome = value),
    hold: () => {
      let release!: () => void;
      hold = new Promise((r) => (release = r));
      return () => {
        hold = null;
        release();
      };
    },
    /** Fires the registered cron (as node-cron would at a slot) and waits for the run to settle. */
    tick: async () => {
      const live = crons.filter((c) => !c.stopped);
      expect(live.length).toBeLessThanOrEqual(1);
      live[0]?.fn();
      await auto.idle();
    },
    /** Moves the clock (a sleep does not fire anything) */
    jump: (ms: number) => void (t += ms),
    /** Moves the clock, firing due timers in order, and settles each run. */
    advance: async (ms: number) => {
      const end = t + ms;
      for (;;) {
        const due = timers.filter((x) => !x.cancelled && x.at <= end).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        due.cancelled = true;
        t = due.at;
        due.fn();
        await auto.idle();
      }
      t = end;
    },
  };
}

describe('auto-sync registration by tier', () => {
  it('registers Pro at 0 */3 * * * and Scale at */30 * * * *', () => {
    const pro = harness({ tier: 'pro' });
    pro.auto.start();
    expect(pro.active()).toEqual(['0 */3 * * *']);
    const scale = harness({ tier: 'scale' });
    scale.auto.start();
    expect(scale.active()).toEqual(['*/30 * * * *']);
    expect(scale.auto.status()).toMatchObject({ schedule: TIER_SPECS.scale.autoSync, running: false, consecutiveFailures: 0 });
  });

  it('registers nothing and never runs on Starter or Basic, even with stale data', async () => {
    for (const tier of ['starter', 'basic'] as const) {
      const h = harness({ tier, lastSyncAgoMs: 30 * 24 * HOUR });
      h.auto.start();
      h.auto.onResume();
      h.auto.onOnline();
      await h.auto.idle();
      expect(h.crons).toEqual([]);
      expect(h.runs).toEqual([]);
      expect(h.auto.nextRunAt()).toEqual({ at: null, reason: 'tier', message: AUTO_SYNC_UPGRADE_SENTENCE });
    }
  });

  it('runs a refresh each time the cron fires', async () => {
    const h = harness({ tier: 'pro' });
    h.auto.start();
    expect(h.runs).toEqual([]); // synced 5 minutes ago: no catch-up
    await h.tick();
    h.jump(3 * HOUR);
    await h.tick();
    expect(h.runs).toHaveLength(2);
    expect(h.logged).toEqual([]);
  });

  it('re-schedules on tier change: Scale → Pro → Starter stops it, Starter → Scale starts it again', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.setTier('pro');
    h.auto.onTierChange();
    expect(h.active()).toEqual(['0 */3 * * *']);
    expect(h.crons.map((c) => c.stopped)).toEqual([true, false]);
    h.auto.onTierChange(); // same tier: left alone
    expect(h.crons).toHaveLength(2);
    h.setTier('starter');
    h.auto.onTierChange();
    expect(h.active()).toEqual([]);
    expect(h.auto.nextRunAt()).toMatchObject({ at: null, reason: 'tier' });
    h.setTier('scale');
    h.auto.onTierChange();
    expect(h.active()).toEqual(['*/30 * * * *']);
    await h.auto.idle();
    expect(h.runs).toEqual([]); // the data is 5 minutes old: nothing to catch up
  });

  it('catches up once when auto-sync begins with stale data (an upgrade from Basic to Pro)', async () => {
    const h = harness({ tier: 'basic', lastSyncAgoMs: 5 * HOUR });
    h.auto.start();
    h.setTier('pro');
    h.auto.onTierChange();
    await h.auto.idle();
    expect(h.runs).toHaveLength(1);
  });

  it('stops registering when the tier drops without notice (a license expired) at the next tick', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.setTier('starter');
    await h.tick();
    expect(h.runs).toEqual([]);
    expect(h.active()).toEqual([]);
  });

  it('stop() unregisters and cancels a pending retry; start() registers again', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.setOutcome('reject');
    await h.tick();
    expect(h.pendingTimers()).toBe(1);
    h.auto.stop();
    expect(h.active()).toEqual([]);
    expect(h.pendingTimers()).toBe(0);
    expect(h.auto.nextRunAt()).toMatchObject({ at: null, reason: 'stopped' });
    await h.advance(HOUR);
    expect(h.runs).toHaveLength(1);
    h.setOutcome('ok');
    h.auto.start();
    expect(h.active()).toEqual(['*/30 * * * *']);
  });
});

describe('catch-up', () => {
  it('after a 10-hour sleep, resuming runs exactly one refresh, not one per missed slot', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.jump(10 * HOUR); // asleep: node-cron fired nothing
    h.auto.onResume();
    h.auto.onResume(); // the shell and the browser host may both say so
    await h.auto.idle();
    h.auto.onResume();
    await h.auto.idle();
    expect(h.runs).toEqual([h.now]);
  });

  it('on Pro, a short sleep within the interval catches nothing up', async () => {
    const h = harness({ tier: 'pro', lastSyncAgoMs: HOUR });
    h.auto.start();
    h.jump(HOUR);
    h.auto.onResume();
    await h.auto.idle();
    expect(h.runs).toEqual([]);
    h.jump(HOUR); // now 3 h since the last sync
    h.auto.onResume();
    await h.auto.idle();
    expect(h.runs).toHaveLength(1);
  });

  it('at start: one catch-up when the last sync is older than one interval, or when there was none', async () => {
    const stale = harness({ tier: 'pro', lastSyncAgoMs: 3 * HOUR });
    stale.auto.start();
    stale.auto.start(); // idempotent
    await stale.auto.idle();
    expect(stale.runs).toHaveLength(1);

    const fresh = harness({ tier: 'pro', lastSyncAgoMs: 3 * HOUR - 1 });
    fresh.auto.start();
    await fresh.auto.idle();
    expect(fresh.runs).toEqual([]);

    const never = harness({ tier: 'scale', lastSyncAgoMs: null });
    never.auto.start();
    await never.auto.idle();
    expect(never.runs).toHaveLength(1);
  });

  it('never runs without a connected project, and catches up once one is connected', async () => {
    const h = harness({ tier: 'scale', lastSyncAgoMs: null, connected: false });
    h.auto.start();
    await h.tick();
    h.auto.onResume();
    await h.auto.idle();
    expect(h.runs).toEqual([]);
    expect(h.auto.nextRunAt()).toMatchObject({ at: null, reason: 'not_connected' });
    h.setConnected(true);
    h.auto.onConnectionChange();
    await h.auto.idle();
    expect(h.runs).toHaveLength(1);
  });
});

describe('offline', () => {
  it('skips runs while offline and catches up once when back online', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.auto.onOffline();
    for (let i = 0; i < 5; i++) {
      h.jump(30 * MIN);
      await h.tick();
    }
    h.auto.onResume();
    await h.auto.idle();
    expect(h.runs).toEqual([]);
    expect(h.auto.nextRunAt()).toEqual({ at: null, reason: 'offline', message: 'Offline: auto-sync catches up as soon as the connection is back.' });
    h.auto.onOnline();
    h.auto.onOnline();
    await h.auto.idle();
    expect(h.runs).toEqual([h.now]);
  });

  it('honours online() too: a tick while it says offline is remembered', async () => {
    const h = harness({ tier: 'pro', online: false });
    h.auto.start();
    await h.tick();
    expect(h.runs).toEqual([]);
    h.setOnline(true);
    h.auto.onOnline();
    await h.auto.idle();
    expect(h.runs).toHaveLength(1);
  });

  it('coming back online with fresh data and no missed slot runs nothing', async () => {
    const h = harness({ tier: 'pro' });
    h.auto.start();
    h.auto.onOffline();
    h.auto.onOnline();
    await h.auto.idle();
    expect(h.runs).toEqual([]);
  });
});

describe('single flight and backoff', () => {
  it('never stacks runs: ticks, resumes and catch-ups during a run are dropped', async () => {
    const h = harness({ tier: 'scale', lastSyncAgoMs: HOUR });
    const release = h.hold();
    h.auto.start(); // catch-up starts and hangs
    expect(h.auto.status().running).toBe(true);
    h.crons[0]!.fn();
    h.crons[0]!.fn();
    h.auto.onResume();
    h.auto.onOnline();
    expect(h.runs).toHaveLength(1);
    release();
    await h.auto.idle();
    expect(h.auto.status().running).toBe(false);
    await h.tick();
    expect(h.runs).toHaveLength(2);
  });

  it('backs off after failures: 1, 2, 4, 8, 16 minutes, capped at the interval, reset by a success', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.setOutcome('reject');
    await h.tick();
    const first = h.now;
    expect(h.auto.nextRunAt()).toEqual({ at: first + RETRY_FIRST_MS, kind: 'retry' });
    await h.advance(1 * MIN + 2 * MIN + 4 * MIN + 8 * MIN + 16 * MIN + 30 * MIN + 30 * MIN);
    expect(h.runs.map((r) => (r - first) / MIN)).toEqual([0, 1, 3, 7, 15, 31, 61, 91]);
    expect(h.auto.status().consecutiveFailures).toBe(8);
    expect(h.logged.every((m) => m === 'auto-sync refresh failed')).toBe(true);
    h.setOutcome('ok');
    await h.advance(30 * MIN);
    expect(h.auto.status().consecutiveFailures).toBe(0);
    expect(h.pendingTimers()).toBe(0);
    h.setOutcome('reject');
    await h.tick();
    expect(h.auto.nextRunAt()).toMatchObject({ kind: 'retry', at: h.now + RETRY_FIRST_MS });
  });

  it('counts a refresh that resolves without a new successful sync (a failed audit entry) as a failure', async () => {
    const h = harness({ tier: 'pro' });
    h.auto.start();
    h.setOutcome('failed-entry');
    await h.tick();
    expect(h.auto.status().consecutiveFailures).toBe(1);
    expect(h.pendingTimers()).toBe(1);
  });

  it('survives a refresh that throws synchronously', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.setOutcome('throw');
    await h.tick();
    expect(h.auto.status()).toMatchObject({ running: false, consecutiveFailures: 1 });
    h.setOutcome('ok');
    await h.advance(MIN);
    expect(h.runs).toHaveLength(2);
    expect(h.auto.status().consecutiveFailures).toBe(0);
  });

  it('going offline cancels the retry; back online catches up once', async () => {
    const h = harness({ tier: 'pro' });
    h.auto.start();
    h.setOutcome('reject');
    await h.tick();
    h.auto.onOffline();
    await h.advance(2 * HOUR);
    expect(h.runs).toHaveLength(1);
    h.setOutcome('ok');
    h.auto.onOnline();
    await h.auto.idle();
    expect(h.runs).toHaveLength(2);
    expect(h.auto.status().consecutiveFailures).toBe(0);
  });

  it('a failure while the network dropped waits for onOnline instead of retrying', async () => {
    const h = harness({ tier: 'scale' });
    h.auto.start();
    h.setOutcome('reject');
    h.setOnline(false);
    h.crons[0]!.fn(); // starts while online() is…
    await h.auto.idle();
    expect(h.runs).toEqual([]); // …already false: skipped, remembered
    h.setOnline(true);
    h.crons[0]!.fn();
    h.setOnline(false); // drops during the run
    await h.auto.idle();
    expect(h.pendingTimers()).toBe(0);
    h.setOnline(true);
    h.setOutcome('ok');
    h.auto.onOnline();
    await h.auto.idle();
    expect(h.runs).toHaveLength(2);
  });
});

describe('nextRunAt', () => {
  it('is the next slot of the tier in local time, or the retry when sooner', async () => {
    const h = harness({ tier: 'scale' });
    expect(h.auto.nextRunAt()).toMatchObject({ at: null, reason: 'stopped' });
    h.auto.start();
    const next = h.auto.nextRunAt();
    expect(next).toEqual({ at: nextAutoSyncSlot(TIER_SPECS.scale.autoSync, h.now), kind: 'scheduled' });
    expect(next.at! - h.now).toBeGreaterThan(0);
    expect(next.at! - h.now).toBeLessThanOrEqual(30 * MIN);
  });

  describe('slots agree with node-cron (America/New_York, across midnight, a month end and DST)', () => {
    const originalTz = process.env.TZ;
    beforeAll(() => {
      process.env.TZ = 'America/New_York';
      vi.useFakeTimers({ toFake: ['Date'] });
    });
    afterAll(() => {
      vi.useRealTimers();
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    });

    const instants = [
      '2026-06-15T14:05:00Z',
      '2026-06-15T14:30:00Z', // exactly on a slot: the next one
      '2026-06-15T14:29:59.999Z',
      '2026-06-30T23:59:00-04:00', // month end, local midnight
      '2026-03-08T06:45:00Z', // 01:45 EST, the spring-forward night
      '2026-11-01T05:10:00Z', // 01:10 EDT, the fall-back night
      '2026-12-31T22:50:00-05:00',
    ];
    it('really runs in New York time', () => {
      expect(new Date('2026-06-15T14:05:00Z').getHours()).toBe(10); // EDT
      // Pro at 10:05 EDT: next slot 12:00 EDT; Scale: 10:30 EDT.
      expect(new Date(nextAutoSyncSlot(TIER_SPECS.pro.autoSync, Date.parse('2026-06-15T14:05:00Z'))).toISOString()).toBe('2026-06-15T16:00:00.000Z');
      expect(new Date(nextAutoSyncSlot(TIER_SPECS.scale.autoSync, Date.parse('2026-06-15T14:05:00Z'))).toISOString()).toBe('2026-06-15T14:30:00.000Z');
    });

    for (const tier of ['pro', 'scale'] as const) {
      it(tier, () => {
        const spec = TIER_SPECS[tier].autoSync;
        const task = createTask(spec.cron, () => undefined);
        try {
          for (const at of instants) {
            vi.setSystemTime(new Date(at));
            expect(new Date(nextAutoSyncSlot(spec, Date.parse(at))).toISOString(), at).toBe(task.getNextRuns(1)[0]!.toISOString());
          }
        } finally {
          void task.destroy();
        }
      });
    }
  });
});

describe('default schedule', () => {
  afterEach(() => {
    for (const task of getTasks().values()) void task.destroy();
  });

  it("uses node-cron's schedule and destroys the task on stop", async () => {
    const auto = createAutoSync({ tier: () => 'scale', lastSuccessfulSyncAt: () => Date.now(), runRefresh: async () => undefined, now: Date.now });
    auto.start();
    const tasks = [...getTasks().values()].filter((task) => task.name === 'sightline-auto-sync');
    expect(tasks.map((task) => task.getPattern())).toEqual(['*/30 * * * *']);
    auto.stop();
    await vi.waitFor(() => expect([...getTasks().values()].filter((task) => task.name === 'sightline-auto-sync')).toEqual([]));
  });
});
