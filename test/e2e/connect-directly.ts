/**
 * Helpers for specs that connect from the test process (the wizard has its own spec): wait for a
 * sync to finish, and connect Acme Web on Scale (history beyond 3 days) with its initial sync done.
 */
import { expect } from '@playwright/test';
import type { SyncEntry } from '../../shared/contract';
import type { App } from '../../src-main/app';
import { EMULATOR_KEYS, PROJECT_IDS, type RunningEmulator } from '../posthog-emulator/index';
import { DEMO_SCALE_LICENSE } from '../support/license-test-key';

/** The next sync (of `kind`, if given) to finish. */
export function nextSync(app: App, kind?: SyncEntry['kind']): Promise<SyncEntry> {
  return new Promise((resolve) => {
    const off = app.events.subscribe((e) => {
      if (e.name === 'sync.finished' && (kind === undefined || e.payload.kind === kind)) {
        off();
        resolve(e.payload);
      }
    });
  });
}

/** Connects Acme Web on Scale and waits for the initial sync, which must succeed. */
export async function connectDirectly(app: App, emulator: RunningEmulator): Promise<void> {
  const call = async (channel: string, payload: unknown): Promise<void> => {
    const r = await app.dispatch(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  };
  await call('plan.installLicense', { license: DEMO_SCALE_LICENSE });
  const synced = nextSync(app, 'initial');
  await call('connection.test', { host: emulator.region('us').url, apiKey: EMULATOR_KEYS.usFull });
  await call('connection.save', { projectId: PROJECT_IDS.usWeb });
  expect((await synced).status).toBe('ok');
}
