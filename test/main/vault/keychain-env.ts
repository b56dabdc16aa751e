/**
 * Whether the real OS keychain (keytar → Secret Service) works in this test process, probed once.
 *
 * `test/run-all.mjs` runs vitest inside a private D-Bus session with an unlocked gnome-keyring and sets
 * SIGHTLINE_REQUIRE_KEYCHAIN=1: then an unavailable keychain FAILS the real-keychain tests with the
 * reason. Without the variable (a bare `npx vitest` on a desktop-less machine) they are skipped, with
 * the reason in the suite's name.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { createKeytarKeychain, probeKeychain } from '../../../src-main/vault/keychain';

export const REQUIRE_KEYCHAIN = process.env.SIGHTLINE_REQUIRE_KEYCHAIN === '1';

/** A keychain service name of its own per test file run, so parallel files and real "Sightline" entries never collide. */
export function testService(): string {
  return `Sightline-test-${process.pid}-${randomUUID().slice(0, 8)}`;
}

const probe = await probeKeychain(createKeytarKeychain(testService()));
export const osKeychainReason: string | null = probe.ok ? null : probe.reason;

/** Skip the real-keychain suites only when the keychain is missing AND nobody demanded it. */
export const skipOsKeychain = osKeychainReason !== null && !REQUIRE_KEYCHAIN;

/** Suite name suffix that says why a real-keychain suite did not run. */
export const osKeychainNote = skipOsKeychain ? ` [skipped: no OS keychain here — ${osKeychainReason}; set SIGHTLINE_REQUIRE_KEYCHAIN=1 to fail instead]` : '';

/** For `beforeEach` in real-keychain suites: a clear failure when the keychain was required but is not there. */
export function requireOsKeychain(): void {
  if (osKeychainReason !== null) {
    throw new Error(
      `SIGHTLINE_REQUIRE_KEYCHAIN=1 but the OS keychain does not work in this test process: ${osKeychainReason}. ` +
        'Run vitest inside `dbus-run-session` with an unlocked `gnome-keyring-daemon --components=secrets` (test/run-all.mjs does).',
    );
  }
}

/** A fresh temp directory per call, removed after the file's tests. */
const made: string[] = [];
export function tempDir(prefix = 'sightline-vault-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Every 6-character window of the key's middle part: none may appear in anything written or logged. */
export function middleSubstrings(secret: string, width = 6): string[] {
  const middle = secret.slice(4, -4);
  const out: string[] = [];
  for (let i = 0; i + width <= middle.length; i += 1) out.push(middle.slice(i, i + width));
  return out;
}
