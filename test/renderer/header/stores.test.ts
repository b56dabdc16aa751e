// The header's stores and the pure sync summary, without a page.
import { describe, expect, it } from 'vitest';
import { describeOutcome, lastSuccessfulSyncAt, queryLabel, unreachableError, updatedText } from '../../../src-renderer/components/header/sync-summary';
import { createNetworkStore } from '../../../src-renderer/state/network-store';
import { createPlanStore } from '../../../src-renderer/state/plan-store';
import { createSyncStore } from '../../../src-renderer/state/sync-store';
import { entry, fakeMain, fakeNetwork, plan, starter } from './fixtures';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('network store', () => {
  it('reports the state at start and each change to main, and stops following when asked', async () => {
    const main = fakeMain();
    const net = fakeNetwork(false);
    const store = createNetworkStore(main.client, net.env);
    const stop = store.getState().start();
    expect(store.getState().online).toBe(false);
    net.go(true);
    net.go(true);
    net.go(false);
    stop();
    net.go(true);
    await tick();
    expect(store.getState().online).toBe(false);
    expect(main.callsTo('app.network').map((c) => c.request)).toEqual([{ online: false }, { online: true }, { online: false }]);
  });
});

describe('plan store', () => {
  it('a plan.changed event wins over an older plan.status answer that arrives after it', async () => {
    const main = fakeMain({ plan: starter() });
    const store = createPlanStore(main.client);
    const loading = store.getState().load();
    store.getState().onChanged(plan({ tierLabel: 'Pro' }));
    await loading;
    expect(store.getState().plan?.tierLabel).toBe('Pro');
    await store.getState().load();
    expect(store.getState().plan?.tierLabel).toBe('Starter');
  });
});

describe('sync store', () => {
  it('takes the refresh answer as the finished sync when the sync.finished event never came', async () => {
    const main = fakeMain();
    const store = createSyncStore(main.client);
    const refreshing = store.getState().refresh();
    expect(store.getState().running).toEqual({ kind: 'refresh', step: 0, total: 0, queryId: null });
    const done = entry();
    main.answerRefresh({ ok: true, data: done });
    await refreshing;
    expect(store.getState().running).toBeNull();
    expect(store.getState().log).toEqual([done]);
    expect(store.getState().outcome).toEqual({ kind: 'finished', id: done.id, entry: done });
  });

  it('does not apply the answer twice, nor clear a newer sync, when the event came first', async () => {
    const main = fakeMain();
    const store = createSyncStore(main.client);
    const refreshing = store.getState().refresh();
    const done = entry();
    store.getState().onFinished(done);
    store.getState().onProgress({ kind: 'refresh', step: 0, total: 0, queryId: null });
    main.answerRefresh({ ok: true, data: done });
    await refreshing;
    expect(store.getState().log).toHaveLength(1);
    expect(store.getState().running).not.toBeNull();
  });

  it('a failed cancel says so and lets the founder try again', async () => {
    const main = fakeMain();
    const store = createSyncStore(main.client);
    await store.getState().cancel();
    expect(main.callsTo('sync.cancel')).toHaveLength(0);
    const client = { ...main.client, call: (async () => ({ ok: false, error: { code: 'unavailable', message: 'Main is gone.' } })) as typeof main.client.call };
    const failing = createSyncStore(client);
    failing.getState().onProgress({ kind: 'refresh', step: 1, total: 3, queryId: 'activity' });
    await failing.getState().cancel();
    expect(failing.getState().cancelling).toBe(false);
    const outcome = failing.getState().outcome;
    expect(outcome === null ? null : describeOutcome(outcome, 'en-US').text).toBe('Could not cancel: Main is gone.');
  });
});

describe('sync summary', () => {
  it('counts series values, and the flag list apart', () => {
    expect(updatedText({ posthog_dau: 1 }, 'en-US')).toBe('Updated 1 value');
    expect(updatedText({ posthog_dau: 1200, posthog_wau: 34, 'flag-list': 1 }, 'en-US')).toBe('Updated 1,234 values · 1 feature flag');
    expect(updatedText({}, 'en-US')).toBe('Updated 0 values');
  });

  it('names failed queries by id and metrics', () => {
    expect(queryLabel({ queryId: 'flag-list', metrics: [], error: { code: 'timeout', message: 'x' } })).toBe('the feature flag list');
    expect(queryLabel({ queryId: 'active-users', metrics: ['posthog_wau', 'posthog_mau'], error: { code: 'timeout', message: 'x' } })).toBe(
      'the active-users query (Weekly active users and Monthly active users)',
    );
    expect(queryLabel({ queryId: 'custom', metrics: ['posthog_custom_event_count', 'posthog_custom_event_users', 'unknown_metric'], error: { code: 'timeout', message: 'x' } })).toBe(
      'the custom query (Custom event count, Custom event users and unknown_metric)',
    );
  });

  it('more than one failed query: the first is named, the rest counted', () => {
    const e = entry({
      status: 'partial',
      errors: [
        { queryId: 'activity', metrics: ['posthog_dau'], error: { code: 'timeout', message: 'PostHog did not answer in time.', hint: 'Try again.' } },
        { queryId: 'flag-list', metrics: [], error: { code: 'timeout', message: 'PostHog did not answer in time.' } },
      ],
    });
    expect(describeOutcome({ kind: 'finished', id: e.id, entry: e }, 'en-US')).toEqual({
      tone: 'warn',
      text: 'Partly updated: the activity query (Daily active users) and 1 more failed — PostHog did not answer in time.',
      hint: 'Try again.',
    });
  });

  it('the last successful sync is the newest `ok` one of the project; unreachable means a failed sync with a network-level error', () => {
    const ok = entry();
    expect(lastSuccessfulSyncAt([entry({ status: 'partial' }), ok], 7)).toBe(ok.finishedAt);
    expect(lastSuccessfulSyncAt([ok], 8)).toBeNull();
    for (const code of ['offline', 'dns_failure', 'connection_refused', 'timeout', 'tls_self_signed', 'tls_error'] as const) {
      expect(unreachableError(entry({ status: 'failed', errors: [{ queryId: 'q', metrics: [], error: { code, message: 'm' } }] }))?.code).toBe(code);
    }
    expect(unreachableError(entry({ status: 'partial', errors: [{ queryId: 'q', metrics: [], error: { code: 'timeout', message: 'm' } }] }))).toBeNull();
    expect(unreachableError(entry({ status: 'failed', errors: [{ queryId: 'q', metrics: [], error: { code: 'rate_limited', message: 'm' } }] }))).toBeNull();
    expect(unreachableError(undefined)).toBeNull();
  });
});
