import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppPorts } from '../../src-main/app';
import { browserRuntime } from '../../src-main/runtime';
import { createKeytarKeychain } from '../../src-main/vault/keychain';

export interface TestApp extends App {
  dataDir: string;
}

/**
 * The real composition root on a fresh data folder. The keychain is the real OS keychain when this
 * machine has one (under its own service name, so parallel tests never share a data key), else the
 * file fallback.
 */
export async function createTestApp(overrides: Partial<AppPorts> = {}): Promise<TestApp> {
  const dataDir = overrides.dataDir ?? mkdtempSync(path.join(tmpdir(), 'sightline-test-'));
  const keychain = overrides.keychain ?? createKeytarKeychain(`Sightline test ${randomUUID()}`);
  const app = await createApp({ runtime: browserRuntime('test'), log: () => {}, ...overrides, keychain, dataDir });
  return { ...app, dataDir };
}
