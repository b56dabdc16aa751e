import { describe, expect, it } from 'vitest';
import { AUTO_SYNC_PAUSED_SENTENCE, createAutoSync, RETRY_FIRST_MS } from '../../../src-main/sync/scheduler';

const MIN = 60_000;

/** The scheduler with a fake cron, fake timers, a fake clock and a pause switch. */
function harness(options: { paused?: boolean; lastSyncAgoMs?: number; outcome?: 'ok' | 'fail' } = {}) {
  let t = Date.parse('2026-06-15T10:05:00Z');
  let paused = options.paused ?? false;
  let last: number | null = t - (options.lastSyncAgoMs ?? 5 * MIN);
  let outcome = options.outcome ?? 'ok';
  const runs: number[] = [];
  const crons: (() => void)[] = [];
  const timers: { fn: () => void; cancelled: boolean }[] = [];
  const auto = createAutoSync({
    tier: () => 'scale',
    lastSuccessfulSyncAt: () => last,
    runRefresh: async () => {
      runs.push(t);
      if (outcome === 'ok') last = t;
    },
    now: () => t,
    paused: () => paused,
    schedule: (_cron, fn) => (crons.push(fn), { stop: () => void crons.splice(0) }),
    setTimer: (fn) => {
      const timer = { fn, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
  });
  return {
    auto,
    runs,
    tick: async () => {
      crons[0]?.();
      await auto.idle();
    },
    pendingRetries: () => timers.filter((x) => !x.cancelled).length,
    setPaused: (value: boolean) => {
      paused = value;
      auto.onPausedChange();
    },
    jump: (ms: number) => void (t += ms),
    setOutcome: (value: 'ok' | 'fail') => void (outcome = value),
  };
}

describe('pausing auto-sync', () => {
  it('stops the scheduled syncs and says so; resuming brings them back', async () => {
    const h = harness();
    h.auto.start();
    h.setPaused(true);
    await h.tick();
    expect(h.runs).toEqual([]);
    expect(h.auto.nextRunAt()).toEqual({ at: null, reason: 'paused', message: AUTO_SYNC_PAUSED_SENTENCE });
    h.setPaused(false);
    await h.tick();
    expect(h.runs).toHaveLength(1);
    expect(h.auto.nextRunAt()).toMatchObject({ kind: 'scheduled' });
  });

  it('skips the catch-up at start and on wake while paused; resuming catches up once if the data is stale', async () => {
    const h = harness({ paused: true, lastSyncAgoMs: 3 * 60 * MIN });
    h.auto.start();
    h.auto.onResume();
    h.auto.onOnline();
    await h.auto.idle();
    expect(h.runs).toEqual([]);
    h.setPaused(false);
    await h.auto.idle();
    expect(h.runs).toHaveLength(1);
  });

  it('resuming with fresh data runs nothing until the next slot', async () => {
    const h = harness({ paused: true, lastSyncAgoMs: 2 * MIN });
    h.auto.start();
    h.setPaused(false);
    await h.auto.idle();
    expect(h.runs).toEqual([]);
  });

  it('cancels a pending retry, and a failure while paused schedules none', async () => {
    const h = harness({ outcome: 'fail', lastSyncAgoMs: 60 * MIN });
    h.auto.start();
    await h.auto.idle();
    expect(h.runs).toHaveLength(1);
    expect(h.pendingRetries()).toBe(1);
    expect(h.auto.nextRunAt()).toMatchObject({ kind: 'retry' });
    h.setPaused(true);
    expect(h.pendingRetries()).toBe(0);
    h.jump(RETRY_FIRST_MS);
    await h.tick();
    expect(h.runs).toHaveLength(1);
    expect(h.auto.status().consecutiveFailures).toBe(0);
  });
});
