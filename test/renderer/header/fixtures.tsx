// A fake main for the header tests: answers what the header asks, records every call with its
// request, lets a test answer sync.refresh when it wants, and sends events as main would.
import { render } from '@testing-library/react';
import { onTestFinished } from 'vitest';
import type { SightlineBridge } from '../../../shared/bridge';
import type { ConnectionStatus, EventName, EventPayload, PlanStatus, SyncEntry } from '../../../shared/contract';
import { createApiClient } from '../../../src-renderer/api/client';
import { Header } from '../../../src-renderer/components/Header';
import type { OutcomeTimeouts } from '../../../src-renderer/components/header/SyncOutcomeLine';
import { createNetworkStore, type NetworkEnvironment } from '../../../src-renderer/state/network-store';
import { createPlanStore } from '../../../src-renderer/state/plan-store';
import { createSyncStore } from '../../../src-renderer/state/sync-store';

/** 12:00 on Wed 4 March 2026 in the test machine's own timezone (the header shows the user's local times). */
export const NOW = new Date(2026, 2, 4, 12, 0, 0).getTime();
export const LOCALE = 'en-GB';

export const connected: ConnectionStatus = {
  state: 'connected',
  host: 'https://eu.posthog.com',
  projectId: 7,
  projectName: 'Acme Web',
  timezone: 'Europe/Berlin',
  demo: false,
};

export function plan(over: Partial<PlanStatus> = {}): PlanStatus {
  return {
    tier: 'pro',
    tierLabel: 'Pro',
    license: { state: 'licensed', licensee: 'Acme Inc.', expiresAt: null },
    autoSync: 'Auto-sync every 3 hours.',
    retention: 'Keeps all history.',
    nextAutoSyncAt: new Date(2026, 2, 4, 14, 30).toISOString(),
    ...over,
  };
}

export const starter = (): PlanStatus =>
  plan({
    tier: 'starter',
    tierLabel: 'Starter',
    license: { state: 'none' },
    autoSync: 'Auto-sync needs Pro (every 3 hours) or Scale (every 30 minutes).',
    retention: 'Keeps the last 3 days.',
    nextAutoSyncAt: null,
  });

let ids = 0;
/** An audit entry of project 7; by default a successful refresh that finished 3 minutes before NOW. */
export function entry(over: Partial<SyncEntry> = {}): SyncEntry {
  const finished = new Date(NOW - 3 * 60_000).toISOString();
  return {
    id: `sync-${(ids += 1)}`,
    kind: 'refresh',
    projectId: 7,
    window: { from: '2026-02-25', to: '2026-03-04' },
    startedAt: finished,
    finishedAt: finished,
    requests: 5,
    rows: { posthog_dau: 8, posthog_events: 8 },
    status: 'ok',
    errors: [],
    revision: 3,
    ...over,
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export interface FakeMainOptions {
  plan?: PlanStatus;
  log?: SyncEntry[];
}

export function fakeMain(options: FakeMainOptions = {}) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const listeners = new Set<(event: unknown) => void>();
  /** Each sync.refresh call waits for the test to answer it. */
  const refreshes: Array<Deferred<unknown>> = [];
  const bridge: SightlineBridge = {
    transport: 'browser',
    invoke: async (channel, request) => {
      calls.push({ channel, request });
      switch (channel) {
        case 'plan.status':
          return { ok: true, data: options.plan ?? plan() };
        case 'sync.status':
          return { ok: true, data: { running: null, last: options.log?.[0] ?? null } };
        case 'sync.log':
          return { ok: true, data: options.log ?? [] };
        case 'sync.cancel':
          return { ok: true, data: { cancelled: true } };
        case 'app.network':
          return { ok: true, data: {} };
        case 'sync.refresh': {
          const answer = deferred<unknown>();
          refreshes.push(answer);
          return answer.promise;
        }
        default:
          return { ok: false, error: { code: 'unknown_channel', message: `no ${channel} in this fake` } };
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client: createApiClient(bridge),
    calls,
    listeners,
    callsTo: (channel: string) => calls.filter((c) => c.channel === channel),
    emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
      listeners.forEach((l) => l({ name, payload }));
    },
    /** Answers the oldest unanswered sync.refresh call. */
    answerRefresh(result: unknown): void {
      const next = refreshes.shift();
      if (next === undefined) throw new Error('no sync.refresh call is waiting');
      next.resolve(result);
    },
  };
}

/** A page's network as the network store sees it, switched by the test. */
export function fakeNetwork(initiallyOnline = true) {
  const target = new EventTarget();
  const state = { onLine: initiallyOnline };
  const env: NetworkEnvironment = {
    navigator: state,
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener),
  };
  return {
    env,
    go(online: boolean): void {
      state.onLine = online;
      target.dispatchEvent(new Event(online ? 'online' : 'offline'));
    },
  };
}

export interface HeaderSetup extends FakeMainOptions {
  connection?: ConnectionStatus | null;
  now?: () => number;
  timeouts?: OutcomeTimeouts;
  network?: NetworkEnvironment;
}

/**
 * The header on its own, wired as App wires it: stores loaded, main's events subscribed, the network
 * followed (on `window` unless a fake network is given).
 */
export async function renderHeader(setup: HeaderSetup = {}) {
  const main = fakeMain(setup);
  const sync = createSyncStore(main.client);
  const planStore = createPlanStore(main.client);
  const network = createNetworkStore(main.client, setup.network ?? window);
  await Promise.all([sync.getState().load(), planStore.getState().load()]);
  const stopNetwork = network.getState().start();
  const offs = [
    main.client.on('sync.progress', (p) => sync.getState().onProgress(p)),
    main.client.on('sync.finished', (e) => sync.getState().onFinished(e)),
    main.client.on('plan.changed', (p) => planStore.getState().onChanged(p)),
    stopNetwork,
  ];
  const view = render(
    <Header
      connection={setup.connection === undefined ? connected : setup.connection}
      sync={sync}
      plan={planStore}
      network={network}
      now={setup.now ?? (() => NOW)}
      locale={LOCALE}
      outcomeTimeouts={setup.timeouts}
    />,
  );
  onTestFinished(() => offs.forEach((off) => off()));
  return { ...view, main, sync, plan: planStore, network };
}
