/**
 * The keychain port: where the vault keeps its data key. Two adapters: the OS keychain through keytar
 * (`keytar-keychain.ts`) and a 0600 file (`file-keychain.ts`); Electron's safeStorage can be a third.
 * `chooseKeychain` picks one at start-up by trying the OS keychain for real.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ErrorLog } from '../contract/dispatch';
import { createFileKeychain } from './file-keychain';
import { createKeytarKeychain } from './keytar-keychain';

export { createFileKeychain } from './file-keychain';
export { createKeytarKeychain } from './keytar-keychain';

export interface Keychain {
  /** 'os-keychain': protected by the operating system; 'file': by file permissions only. */
  readonly kind: 'os-keychain' | 'file';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Resolves to false if there was nothing to delete. */
  delete(account: string): Promise<boolean>;
}

/** The account under which the vault keeps its 256-bit data key (base64). */
export const DATA_KEY_ACCOUNT = 'data-key';

export type ProbeResult = { ok: true } | { ok: false; reason: string };

const DEFAULT_PROBE_TIMEOUT_MS = 5_000;

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split('\n', 1)[0]?.trim() ?? '';
  return (firstLine || 'unknown error').slice(0, 300);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A real set/get/delete round trip of a throwaway account: the only honest test of a keychain (keytar
 * loads fine and then fails on the first call without a session bus or with a locked keyring).
 * Never throws; a keychain that hangs (a prompt nobody can answer) fails after `timeoutMs`.
 */
export async function probeKeychain(keychain: Keychain, timeoutMs = DEFAULT_PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const account = `probe-${randomUUID()}`;
  const secret = randomBytes(16).toString('base64');
  let stored = false;
  try {
    return await withTimeout(
      (async (): Promise<ProbeResult> => {
        await keychain.set(account, secret);
        stored = true;
        const read = await keychain.get(account);
        if (read !== secret) return { ok: false, reason: 'the keychain did not return the secret it had just stored' };
        const deleted = await keychain.delete(account);
        stored = false;
        if (!deleted) return { ok: false, reason: 'the keychain could not delete the secret it had just stored' };
        return { ok: true };
      })(),
      timeoutMs,
      'the keychain',
    );
  } catch (error) {
    if (stored) void keychain.delete(account).catch(() => undefined);
    return { ok: false, reason: describe(error) };
  }
}

/** A plain-words gloss for the reasons seen in practice; the raw reason follows it in the warning. */
function gloss(reason: string): string | null {
  if (/failed to load/i.test(reason)) return 'the keychain module could not be loaded';
  if (/D-Bus|DBUS_SESSION_BUS_ADDRESS|Could not connect/i.test(reason)) return 'there is no D-Bus session bus';
  if (/collection\/login|locked|Object does not exist/i.test(reason)) return 'the login keyring is missing or locked';
  if (/did not answer within/i.test(reason)) return 'the keychain did not answer';
  return null;
}

export function fileOnlyWarning(reason: string, platform: NodeJS.Platform = process.platform): string {
  const plain = gloss(reason);
  const why = plain === null ? reason : `${plain}: ${reason}`;
  const lead = 'Your PostHog key is protected only by file permissions on this machine';
  switch (platform) {
    case 'darwin':
      return `${lead}: the macOS Keychain did not work (${why}). Restart Sightline; if this persists, check the login keychain in Keychain Access.`;
    case 'win32':
      return `${lead}: Windows Credential Manager did not work (${why}). Restart Sightline; if this persists, check that the Credential Manager service is running.`;
    default:
      return `${lead}: no system keychain is available (${why}). To protect it with a keychain, install and unlock GNOME Keyring or KWallet (Secret Service), then restart Sightline.`;
  }
}

export interface KeychainChoice {
  readonly keychain: Keychain;
  readonly protection: 'os-keychain' | 'file-only';
  /** Founder-facing, for Settings; null when the OS keychain protects the key. */
  readonly warning: string | null;
  /** The probe's reason when the OS keychain was not used. */
  readonly reason: string | null;
}

export interface ChooseKeychainOptions {
  /** Where the fallback file keychain lives (beside the store). */
  dir: string;
  /** The OS keychain to try; keytar with service "Sightline" by default. */
  preferred?: Keychain;
  platform?: NodeJS.Platform;
  probeTimeoutMs?: number;
  log?: ErrorLog;
}

/**
 * Tries the OS keychain; falls back to the file keychain, saying so. When the OS keychain works again
 * after a fallback (the founder followed the warning), the data key moves from the file into it, so
 * the stored API key keeps opening and the file copy disappears.
 */
export async function chooseKeychain(options: ChooseKeychainOptions): Promise<KeychainChoice> {
  const preferred = options.preferred ?? createKeytarKeychain();
  const log = options.log ?? (() => undefined);
  const fileKeychain = createFileKeychain(options.dir);
  const probe = await probeKeychain(preferred, options.probeTimeoutMs);
  if (!probe.ok) {
    const warning = fileOnlyWarning(probe.reason, options.platform);
    log(`vault: no OS keychain (${probe.reason}); the data key is protected by file permissions only`, undefined);
    return { keychain: fileKeychain, protection: 'file-only', warning, reason: probe.reason };
  }
  await moveDataKey(fileKeychain, preferred, log);
  return { keychain: preferred, protection: 'os-keychain', warning: null, reason: null };
}

async function moveDataKey(from: Keychain, to: Keychain, log: ErrorLog): Promise<void> {
  try {
    const secret = await from.get(DATA_KEY_ACCOUNT);
    if (secret === null) return;
    const existing = await to.get(DATA_KEY_ACCOUNT);
    if (existing === null) {
      await to.set(DATA_KEY_ACCOUNT, secret);
      if ((await to.get(DATA_KEY_ACCOUNT)) !== secret) throw new Error('the OS keychain did not keep the data key');
    } else if (existing !== secret) {
      // Two different data keys: which one the sealed key needs is unknown here, so destroy neither.
      log('vault: the OS keychain and the data-key file hold different data keys; the file is left in place', undefined);
      return;
    }
    await from.delete(DATA_KEY_ACCOUNT);
    log('vault: the data key moved from the data-key file into the OS keychain', undefined);
  } catch (error) {
    log(`vault: could not move the data key into the OS keychain (${describe(error)})`, undefined);
  }
}
