import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-main/contract/failure';
import { loadKeytar } from '../../../src-main/vault/keytar-keychain';
import { DATA_KEY_ACCOUNT, createFileKeychain, createKeytarKeychain, type Keychain } from '../../../src-main/vault/keychain';
import type { SealedRecord } from '../../../src-main/vault/sealed-key';
import { SEALED_KEY_FILE, createVault, type Vault, type VaultBinding } from '../../../src-main/vault/vault';
import { middleSubstrings, osKeychainNote, requireOsKeychain, skipOsKeychain, tempDir, testService } from './keychain-env';

const API_KEY = 'phx_' + 'q8Zr2LmN4vB7xK1pT9sW3eY6uH0jD5cF2gA8nR4tQ';
const US: VaultBinding = { host: 'https://us.posthog.com', projectId: 4242 };
const modeOf = (file: string): number => statSync(file).mode & 0o777;

interface Backend {
  name: string;
  skip: boolean;
  /** A keychain as a fresh process would build it (same service / same directory). */
  keychain(dir: string): Keychain;
  setup?: () => void;
}

const service = testService();
const backends: Backend[] = [
  { name: `OS keychain (keytar → Secret Service, service "${service}")${osKeychainNote}`, skip: skipOsKeychain, keychain: () => createKeytarKeychain(service), setup: requireOsKeychain },
  { name: 'file keychain (fallback)', skip: false, keychain: (dir) => createFileKeychain(dir) },
];

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppFailure)) throw new Error(`expected an AppFailure, got ${String(error)}`);
  return error;
}

for (const backend of backends) {
  describe.skipIf(backend.skip)(`vault with the ${backend.name}`, () => {
    // Per test, so a required-but-missing keychain counts as failed tests, not as skipped ones.
    beforeEach(() => backend.setup?.());

    /** A vault as a fresh process would build it, with a log that remembers every line. */
    const start = (dir: string): { vault: Vault; keychain: Keychain; lines: string[] } => {
      const lines: string[] = [];
      const keychain = backend.keychain(dir);
      return { vault: createVault({ dir, keychain, log: (message) => lines.push(message) }), keychain, lines };
    };
    /** Each test gets its own directory and, for the OS keychain, cleans its data key up. */
    const fresh = async (): Promise<{ dir: string; vault: Vault; keychain: Keychain; lines: string[] }> => {
      const dir = tempDir();
      const started = start(dir);
      await started.vault.destroy();
      return { dir, ...started };
    };
    const sealedFile = (dir: string): string => path.join(dir, SEALED_KEY_FILE);
    const readRecord = (dir: string): SealedRecord => JSON.parse(readFileSync(sealedFile(dir), 'utf8')) as SealedRecord;

    it('gives the key back after a restart, and the file holds no part of it', async () => {
      const { dir, vault } = await fresh();
      expect(await vault.status()).toBe('empty');
      await vault.seal(API_KEY, US);
      expect(await vault.status()).toBe('sealed');

      const restarted = start(dir);
      expect(await restarted.vault.status()).toBe('sealed');
      expect(await restarted.vault.open(US)).toBe(API_KEY);

      const text = readFileSync(sealedFile(dir), 'utf8');
      expect(text).not.toContain(API_KEY);
      for (const part of middleSubstrings(API_KEY)) expect(text).not.toContain(part);
      const dataKey = await restarted.keychain.get(DATA_KEY_ACCOUNT);
      expect(dataKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(text).not.toContain(dataKey);
      expect(modeOf(sealedFile(dir))).toBe(0o600);
      await restarted.vault.destroy();
    });

    it('seals the same key twice with different IV and ciphertext', async () => {
      const { dir, vault } = await fresh();
      await vault.seal(API_KEY, US);
      const first = readRecord(dir);
      await vault.seal(API_KEY, US);
      const second = readRecord(dir);
      expect(second.iv).not.toBe(first.iv);
      expect(second.ct).not.toBe(first.ct);
      expect(await vault.open(US)).toBe(API_KEY);
      await vault.destroy();
    });

    it('keeps one data key when seals race, and the last seal wins', async () => {
      const { vault } = await fresh();
      await Promise.all([vault.seal('phx_first_key_000000000000', US), vault.seal('phx_second_key_00000000000', US)]);
      expect(await vault.open(US)).toBe('phx_second_key_00000000000');
      await vault.destroy();
    });

    it.each([
      ['another host', { host: 'https://eu.posthog.com', projectId: 4242 }],
      ['another project id', { host: 'https://us.posthog.com', projectId: 4243 }],
    ])('refuses to open the key for %s', async (_name, binding) => {
      const { vault, lines } = await fresh();
      await vault.seal(API_KEY, US);
      const failure = await failureOf(vault.open(binding));
      expect(failure.code).toBe('vault_unreadable');
      expect(await vault.open(US)).toBe(API_KEY);
      for (const line of lines) expect(line).not.toContain(API_KEY.slice(6, 12));
      await vault.destroy();
    });

    const flip = (b64: string, index: number): string => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[index] = (bytes[index] ?? 0) ^ 0x80;
      return bytes.toString('base64');
    };
    const asText = (record: object): string => JSON.stringify(record);
    const tampering: [string, (r: SealedRecord, text: string) => string][] = [
      ['a flipped ciphertext byte', (r) => asText({ ...r, ct: flip(r.ct, 5) })],
      ['a flipped tag byte', (r) => asText({ ...r, tag: flip(r.tag, 0) })],
      ['a flipped IV byte', (r) => asText({ ...r, iv: flip(r.iv, 11) })],
      ['a truncated ciphertext', (r) => asText({ ...r, ct: Buffer.from(r.ct, 'base64').subarray(0, 20).toString('base64') })],
      ['a missing field', ({ tag: _tag, ...rest }) => asText(rest)],
      ['format version 2', (r) => asText({ ...r, v: 2 })],
      ['garbage JSON', () => '{"v":1,"alg":"A256GCM","iv":'],
      ['a file cut in half', (_r, text) => text.slice(0, Math.floor(text.length / 2))],
      ['an empty file', () => ''],
    ];
    it.each(tampering)('says "can\'t decrypt" for %s, without leaking, and leaves the file in place', async (_name, mutate) => {
      const { dir, vault, keychain } = await fresh();
      await vault.seal(API_KEY, US);
      const original = readFileSync(sealedFile(dir), 'utf8');
      const broken = mutate(readRecord(dir), original);
      writeFileSync(sealedFile(dir), broken, { mode: 0o600 });

      const restarted = start(dir);
      const failure = await failureOf(restarted.vault.open(US));
      expect(failure.toAppError()).toEqual({
        code: 'vault_unreadable',
        message: "Sightline can't decrypt the stored PostHog key.",
        hint: 'Enter the key again in Settings → Connection; your synced data is kept.',
      });
      const dataKey = await keychain.get(DATA_KEY_ACCOUNT);
      expect(dataKey).not.toBeNull();
      const forbidden = [API_KEY, ...middleSubstrings(API_KEY), dataKey ?? '', JSON.parse(original).ct as string];
      const said = [failure.message, failure.hint ?? '', failure.stack ?? '', ...restarted.lines];
      for (const text of said) for (const secret of forbidden) expect(text).not.toContain(secret);
      expect(restarted.lines.some((l) => l.includes('left in place'))).toBe(true);

      // Nothing was deleted or rewritten; sealing the re-entered key then replaces the broken file.
      expect(readFileSync(sealedFile(dir), 'utf8')).toBe(broken);
      expect(await keychain.get(DATA_KEY_ACCOUNT)).toBe(dataKey);
      await vault.seal(API_KEY, US);
      expect(await start(dir).vault.open(US)).toBe(API_KEY);
      await vault.destroy();
    });

    it('says "can\'t decrypt" when the data key is gone from the keychain', async () => {
      const { dir, vault, keychain } = await fresh();
      await vault.seal(API_KEY, US);
      expect(await keychain.delete(DATA_KEY_ACCOUNT)).toBe(true);
      const failure = await failureOf(start(dir).vault.open(US));
      expect(failure.code).toBe('vault_unreadable');
      expect(existsSync(sealedFile(dir))).toBe(true);
      await vault.destroy();
    });

    it('says "can\'t decrypt" when the data key was replaced', async () => {
      const { dir, vault, keychain } = await fresh();
      await vault.seal(API_KEY, US);
      await keychain.set(DATA_KEY_ACCOUNT, Buffer.alloc(32, 7).toString('base64'));
      expect((await failureOf(start(dir).vault.open(US))).code).toBe('vault_unreadable');
      await keychain.set(DATA_KEY_ACCOUNT, 'not-a-key');
      expect((await failureOf(start(dir).vault.open(US))).code).toBe('vault_unreadable');
      await vault.destroy();
    });

    it('says "not connected" when no key was ever sealed', async () => {
      const { vault } = await fresh();
      const failure = await failureOf(vault.open(US));
      expect(failure.code).toBe('not_connected');
    });

    it('destroy() removes the sealed file and the data key, and can run twice', async () => {
      const { dir, vault, keychain } = await fresh();
      await vault.seal(API_KEY, US);
      writeFileSync(path.join(dir, `.${SEALED_KEY_FILE}.abc123.tmp`), 'left by a crash');
      writeFileSync(path.join(dir, 'settings.json'), '{}');
      await vault.destroy();
      expect(existsSync(sealedFile(dir))).toBe(false);
      expect(await keychain.get(DATA_KEY_ACCOUNT)).toBeNull();
      expect(await vault.status()).toBe('empty');
      expect(readdirSync(dir)).toEqual(['settings.json']);
      await vault.destroy();
      expect(await vault.status()).toBe('empty');
      expect((await failureOf(vault.open(US))).code).toBe('not_connected');
    });
  });
}

describe.skipIf(skipOsKeychain)(`vault data key in the real OS keychain${osKeychainNote}`, () => {
  beforeEach(requireOsKeychain);

  it('lives in the Secret Service under the service name, not in any file', async () => {
    const dir = tempDir();
    const ownService = testService();
    const vault = createVault({ dir, keychain: createKeytarKeychain(ownService), log: () => {} });
    await vault.seal(API_KEY, US);
    const keytar = await loadKeytar();
    const stored = await keytar.getPassword(ownService, DATA_KEY_ACCOUNT);
    expect(Buffer.from(stored ?? '', 'base64')).toHaveLength(32);
    expect(readdirSync(dir)).toEqual([SEALED_KEY_FILE]);
    await vault.destroy();
    expect(await keytar.getPassword(ownService, DATA_KEY_ACCOUNT)).toBeNull();
  });
});
