import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { KeyProtectionSchema } from '../../../shared/contract';
import { FILE_KEYCHAIN_NAME } from '../../../src-main/vault/file-keychain';
import {
  DATA_KEY_ACCOUNT,
  chooseKeychain,
  createFileKeychain,
  createKeytarKeychain,
  fileOnlyWarning,
  probeKeychain,
  type Keychain,
} from '../../../src-main/vault/keychain';
import { SEALED_KEY_FILE, createVault } from '../../../src-main/vault/vault';
import { osKeychainNote, requireOsKeychain, skipOsKeychain, tempDir, testService } from './keychain-env';

const API_KEY = 'phx_' + 'Wm3nB8vC1xZ6aS9dF4gH7jK2lQ5wE0rT8yU3iO6pA';
const BINDING = { host: 'https://eu.posthog.com', projectId: 7 };
const NO_BUS = 'Cannot autolaunch D-Bus without X11 $DISPLAY';
const modeOf = (file: string): number => statSync(file).mode & 0o777;

/** An OS keychain that fails the way keytar does on a machine without a session bus. */
const brokenKeychain = (reason = NO_BUS): Keychain => ({
  kind: 'os-keychain',
  get: () => Promise.reject(new Error(reason)),
  set: () => Promise.reject(new Error(reason)),
  delete: () => Promise.reject(new Error(reason)),
});

/** A working stand-in for an OS keychain (what the Secret Service does, in memory). */
function memoryKeychain(): Keychain & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    kind: 'os-keychain',
    entries,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
  };
}

describe('probeKeychain', () => {
  it('passes for a working keychain and leaves nothing behind', async () => {
    const keychain = memoryKeychain();
    expect(await probeKeychain(keychain)).toEqual({ ok: true });
    expect(keychain.entries.size).toBe(0);
    const dir = tempDir();
    expect(await probeKeychain(createFileKeychain(dir))).toEqual({ ok: true });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports the real reason of a failing keychain', async () => {
    expect(await probeKeychain(brokenKeychain())).toEqual({ ok: false, reason: NO_BUS });
    const locked = 'Object does not exist at path “/org/freedesktop/secrets/collection/login”';
    expect(await probeKeychain(brokenKeychain(locked))).toEqual({ ok: false, reason: locked });
  });

  it('reports a keytar that cannot load (no libsecret on this machine)', async () => {
    const keychain = createKeytarKeychain('Sightline', {
      load: () => Promise.reject(new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory')),
    });
    const result = await probeKeychain(keychain);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/keytar native module failed to load: libsecret-1\.so\.0: cannot open/) });
  });

  it('gives up on a keychain that never answers (a prompt nobody can see)', async () => {
    const hanging: Keychain = { kind: 'os-keychain', get: () => new Promise(() => {}), set: () => new Promise(() => {}), delete: () => new Promise(() => {}) };
    const started = Date.now();
    expect(await probeKeychain(hanging, 50)).toEqual({ ok: false, reason: 'the keychain did not answer within 50 ms' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('catches a keychain that does not return what it stored', async () => {
    const liar: Keychain = { ...memoryKeychain(), get: async () => 'something else' };
    expect(await probeKeychain(liar)).toEqual({ ok: false, reason: 'the keychain did not return the secret it had just stored' });
  });
});

describe('chooseKeychain', () => {
  it('falls back to the 0600 file keychain with an honest warning naming the reason, and the vault works', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const choice = await chooseKeychain({ dir, preferred: brokenKeychain(), platform: 'linux', log: (m) => lines.push(m) });
    expect(choice.protection).toBe('file-only');
    expect(choice.keychain.kind).toBe('file');
    expect(choice.reason).toBe(NO_BUS);
    expect(choice.warning).toBe(
      'Your PostHog key is protected only by file permissions on this machine: no system keychain is available ' +
        `(there is no D-Bus session bus: ${NO_BUS}). To protect it with a keychain, install and unlock GNOME Keyring or KWallet (Secret Service), then restart Sightline.`,
    );
    // It fits the contract's shape for Settings.
    expect(KeyProtectionSchema.parse({ kind: choice.protection, warning: choice.warning })).toBeTruthy();
    expect(lines.join('\n')).toContain(NO_BUS);

    const vault = createVault({ dir, keychain: choice.keychain, log: (m) => lines.push(m) });
    await vault.seal(API_KEY, BINDING);
    expect(modeOf(path.join(dir, FILE_KEYCHAIN_NAME))).toBe(0o600);
    expect(modeOf(path.join(dir, SEALED_KEY_FILE))).toBe(0o600);
    const restarted = await chooseKeychain({ dir, preferred: brokenKeychain() });
    expect(await createVault({ dir, keychain: restarted.keychain, log: () => {} }).open(BINDING)).toBe(API_KEY);
    for (const line of lines) expect(line).not.toContain(API_KEY.slice(8, 20));
  });

  it('explains the locked-keyring case in plain words too', () => {
    expect(fileOnlyWarning('Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'linux')).toMatch(
      /no system keychain is available \(the login keyring is missing or locked: Object does not exist/,
    );
  });

  it('words the warning for macOS and Windows, where the system keychain normally always works', () => {
    expect(fileOnlyWarning('boom', 'darwin')).toMatch(/macOS Keychain did not work \(boom\)\. Restart Sightline/);
    expect(fileOnlyWarning('boom', 'win32')).toMatch(/Windows Credential Manager did not work \(boom\)/);
  });

  it('keeps the warning within the contract even for a very long reason', async () => {
    const choice = await chooseKeychain({ dir: tempDir(), preferred: brokenKeychain('x'.repeat(5_000)) });
    expect(KeyProtectionSchema.safeParse({ kind: choice.protection, warning: choice.warning }).success).toBe(true);
  });

  it('uses a working OS keychain with no warning and writes no file', async () => {
    const dir = tempDir();
    const choice = await chooseKeychain({ dir, preferred: memoryKeychain() });
    expect(choice).toMatchObject({ protection: 'os-keychain', warning: null, reason: null });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('moves the data key into the OS keychain once it works again, so the stored key still opens', async () => {
    const dir = tempDir();
    const fallback = await chooseKeychain({ dir, preferred: brokenKeychain() });
    await createVault({ dir, keychain: fallback.keychain, log: () => {} }).seal(API_KEY, BINDING);

    const os = memoryKeychain();
    const lines: string[] = [];
    const choice = await chooseKeychain({ dir, preferred: os, log: (m) => lines.push(m) });
    expect(choice.protection).toBe('os-keychain');
    expect(existsSync(path.join(dir, FILE_KEYCHAIN_NAME))).toBe(false);
    expect(os.entries.has(DATA_KEY_ACCOUNT)).toBe(true);
    expect(await createVault({ dir, keychain: choice.keychain, log: () => {} }).open(BINDING)).toBe(API_KEY);
    expect(lines).toContain('vault: the data key moved from the data-key file into the OS keychain');
  });

  it('destroys neither data key when the file and the OS keychain disagree', async () => {
    const dir = tempDir();
    await createFileKeychain(dir).set(DATA_KEY_ACCOUNT, Buffer.alloc(32, 1).toString('base64'));
    const os = memoryKeychain();
    await os.set(DATA_KEY_ACCOUNT, Buffer.alloc(32, 2).toString('base64'));
    const choice = await chooseKeychain({ dir, preferred: os });
    expect(choice.protection).toBe('os-keychain');
    expect(await createFileKeychain(dir).get(DATA_KEY_ACCOUNT)).toBe(Buffer.alloc(32, 1).toString('base64'));
    expect(os.entries.get(DATA_KEY_ACCOUNT)).toBe(Buffer.alloc(32, 2).toString('base64'));
  });
});

describe.skipIf(skipOsKeychain)(`chooseKeychain on this machine's real keychain${osKeychainNote}`, () => {
  beforeEach(requireOsKeychain);

  it('picks the OS keychain (keytar → gnome-keyring) and round-trips a key through it', async () => {
    const dir = tempDir();
    const choice = await chooseKeychain({ dir, preferred: createKeytarKeychain(testService()) });
    expect(choice).toMatchObject({ protection: 'os-keychain', warning: null });
    expect(choice.keychain.kind).toBe('os-keychain');
    const vault = createVault({ dir, keychain: choice.keychain, log: () => {} });
    await vault.seal(API_KEY, BINDING);
    expect(await vault.open(BINDING)).toBe(API_KEY);
    expect(readdirSync(dir)).toEqual([SEALED_KEY_FILE]);
    await vault.destroy();
  });
});
