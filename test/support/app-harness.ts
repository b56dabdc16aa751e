/**
 * The app as the renderer sees it, for contract-level tests: the real composition root on a fresh
 * data folder, pointed at the emulator, with every event recorded and helpers to call channels and
 * wait for syncs.
 */
import type { AppEvent, Result, SyncEntry } from '../../shared/contract';
import type { AppPorts } from '../../src-main/app';
import { createKeytarKeychain } from '../../src-main/vault/keychain';
import { EMULATOR_KEYS, PROJECT_IDS, type RunningEmulator } from '../posthog-emulator/index';
import { createTestApp, type TestApp } from './test-app';

export interface AppHarness {
  app: TestApp;
  events: AppEvent[];
  keychainService: string;
  /** The channel's data; a failed call throws with its code and message. */
  call<T>(channel: string, payload?: unknown): Promise<T>;
  /** The channel's result envelope, failures included. */
  result<T>(channel: string, payload?: unknown): Promise<Result<T>>;
  /** Resolves once `n` syncs have finished (counted from the app's start), with their entries. */
  finished(n: number): Promise<SyncEntry[]>;
  /** Tests the usFull key and connects `projectId` (which starts the initial sync). */
  connect(projectId?: number): Promise<void>;
}

export async function startAppHarness(emu: RunningEmulator, now: number, overrides: Partial<AppPorts> & { keychainService?: string } = {}): Promise<AppHarness> {
  const keychainService = overrides.keychainService ?? `Sightline harness ${Math.random()}`;
  const app = await createTestApp({
    keychain: createKeytarKeychain(keychainService),
    now: () => now,
    posthog: { clouds: { us: emu.region('us').url, eu: emu.region('us').url }, timeoutMs: 10_000 },
    ...overrides,
  });
  const events: AppEvent[] = [];
  app.events.subscribe((e) => events.push(e));
  const result = async <T,>(channel: string, payload: unknown = {}): Promise<Result<T>> => (await app.dispatch(channel, payload)) as Result<T>;
  const call = async <T,>(channel: string, payload: unknown = {}): Promise<T> => {
    const r = await result<T>(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.data;
  };
  const finished = (n: number): Promise<SyncEntry[]> =>
    new Promise((resolve) => {
      const check = (): void => {
        const done = events.flatMap((e) => (e.name === 'sync.finished' ? [e.payload] : []));
        if (done.length >= n) resolve(done);
        else setTimeout(check, 20);
      };
      check();
    });
  const connect = async (projectId: number = PROJECT_IDS.usWeb): Promise<void> => {
    await call('connection.test', { host: emu.region('us').url, apiKey: EMULATOR_KEYS.usFull });
    await call('connection.save', { projectId });
  };
  return { app, events, keychainService, call, result, finished, connect };
}
