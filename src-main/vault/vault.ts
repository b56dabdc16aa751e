/**
 * The vault: the PostHog API key, sealed with AES-256-GCM under a data key that lives in a keychain.
 *
 *   <dir>/sealed-key.json   { v: 1, alg: 'A256GCM', iv, tag, ct } — 0600, written atomically
 *   keychain 'data-key'     32 random bytes, base64 — OS keychain, or the 0600 data-key file
 *
 * Nothing here ever puts the key, the ciphertext or the data key into an error or a log line. A sealed
 * file that can't be opened is left in place (the founder re-enters the key, and only that new seal
 * replaces it); nothing else is deleted on failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorLog } from '../contract/dispatch';
import { AppFailure } from '../contract/failure';
import { isNotFound, removeFileDurably, writeFileAtomic } from './atomic-file';
import { DATA_KEY_ACCOUNT, type Keychain } from './keychain';
import { DATA_KEY_BYTES, SealedKeyError, bindingAad, open, parseSealedRecord, seal, serializeSealedRecord, type VaultBinding } from './sealed-key';
import { createSerial } from './serial';

export type { VaultBinding } from './sealed-key';

export const SEALED_KEY_FILE = 'sealed-key.json';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export type VaultStatus = 'empty' | 'sealed';

export interface Vault {
  /** Seals `apiKey` for this connection, replacing any sealed key. */
  seal(apiKey: string, binding: VaultBinding): Promise<void>;
  /** The API key sealed for this connection; `not_connected` if none, `vault_unreadable` if it can't be decrypted. */
  open(binding: VaultBinding): Promise<string>;
  /** Whether a sealed key is on disk (it may still be unreadable: `open` says). */
  status(): Promise<VaultStatus>;
  /** Deletes the sealed key and the data key. Idempotent. */
  destroy(): Promise<void>;
}

export interface VaultOptions {
  /** Sightline's data directory (created 0700 if missing). */
  dir: string;
  keychain: Keychain;
  log: ErrorLog;
}

export function vaultUnreadable(): AppFailure {
  return new AppFailure(
    'vault_unreadable',
    "Sightline can't decrypt the stored PostHog key.",
    'Enter the key again in Settings → Connection; your synced data is kept.',
  );
}

export function notConnected(): AppFailure {
  return new AppFailure('not_connected', 'No PostHog key is stored on this computer.', 'Connect a PostHog project in Settings → Connection.');
}

/** Why something failed, for the log: our own messages, or a system error's code — never key material. */
function reasonOf(error: unknown): string {
  if (error instanceof SealedKeyError) return error.message;
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === undefined ? `${error.name}: ${error.message.split('\n', 1)[0]?.slice(0, 200) ?? ''}` : `${error.name} ${code}`;
  }
  return typeof error;
}

function decodeDataKey(stored: string): Buffer | null {
  const key = Buffer.from(stored, 'base64');
  return key.length === DATA_KEY_BYTES && key.toString('base64') === stored ? key : null;
}

export function createVault(options: VaultOptions): Vault {
  const { dir, keychain, log } = options;
  const file = path.join(dir, SEALED_KEY_FILE);
  const serial = createSerial();

  /** The data key for sealing: the stored one, or a new one if there is none (or only an unusable one). */
  const dataKeyForSealing = async (): Promise<Buffer> => {
    const stored = await keychain.get(DATA_KEY_ACCOUNT);
    const existing = stored === null ? null : decodeDataKey(stored);
    if (existing !== null) return existing;
    if (stored !== null) log('vault: the stored data key is unusable (not 32 bytes of base64); replacing it', undefined);
    const fresh = randomBytes(DATA_KEY_BYTES);
    await keychain.set(DATA_KEY_ACCOUNT, fresh.toString('base64'));
    return fresh;
  };

  return {
    seal: (apiKey, binding) =>
      serial(async () => {
        if (apiKey.length === 0) throw new TypeError('vault: the API key is empty');
        let dataKey: Buffer;
        try {
          dataKey = await dataKeyForSealing();
        } catch (error) {
          log(`vault: could not get or store the data key in the ${keychain.kind} keychain (${reasonOf(error)})`, undefined);
          throw new AppFailure(
            'internal',
            "Sightline couldn't store the PostHog key securely: the keychain refused its encryption key.",
            keychain.kind === 'os-keychain' ? 'Unlock your keychain, then save the connection again.' : 'Check that Sightline can write to its data folder, then save the connection again.',
          );
        }
        const record = seal(dataKey, apiKey, binding);
        try {
          await mkdir(dir, { recursive: true, mode: DIR_MODE });
          await writeFileAtomic(file, serializeSealedRecord(record), FILE_MODE);
        } catch (error) {
          log(`vault: could not write ${SEALED_KEY_FILE} (${reasonOf(error)})`, undefined);
          throw new AppFailure(
            'internal',
            "Sightline couldn't save the PostHog key to disk.",
            "Check free disk space and that Sightline's data folder is writable, then save the connection again.",
          );
        }
      }),

    open: (binding) =>
      serial(async () => {
        bindingAad(binding); // a malformed binding is a programming error, not an unreadable vault
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          if (isNotFound(error)) throw notConnected();
          log(`vault: could not read ${SEALED_KEY_FILE} (${reasonOf(error)})`, undefined);
          throw vaultUnreadable();
        }
        try {
          const record = parseSealedRecord(text);
          const stored = await keychain.get(DATA_KEY_ACCOUNT);
          if (stored === null) throw new Error(`the data key is missing from the ${keychain.kind} keychain`);
          const dataKey = decodeDataKey(stored);
          if (dataKey === null) throw new Error(`the data key in the ${keychain.kind} keychain is not 32 bytes of base64`);
          return open(dataKey, record, binding);
        } catch (error) {
          log(`vault: the sealed key can't be opened (${reasonOf(error)}); ${SEALED_KEY_FILE} is left in place`, undefined);
          throw vaultUnreadable();
        }
      }),

    status: () =>
      serial(async () => {
        try {
          await stat(file);
          return 'sealed';
        } catch (error) {
          if (isNotFound(error)) return 'empty';
          return 'sealed';
        }
      }),

    destroy: () =>
      serial(async () => {
        await removeFileDurably(file);
        // Temp files a crash left behind mid-write also hold ciphertext.
        const prefix = `.${SEALED_KEY_FILE}.`;
        const leftovers = await readdir(dir).catch(() => [] as string[]);
        await Promise.all(leftovers.filter((name) => name.startsWith(prefix) && name.endsWith('.tmp')).map((name) => rm(path.join(dir, name), { force: true })));
        try {
          await keychain.delete(DATA_KEY_ACCOUNT);
        } catch (error) {
          // The sealed key is gone, so the API key is unrecoverable already; a leftover data key protects nothing.
          log(`vault: the sealed key was deleted but the data key could not be removed from the ${keychain.kind} keychain (${reasonOf(error)})`, undefined);
        }
      }),
  };
}
