/**
 * The installed license, persisted as `license.json` in the data folder: `{ v: 1, license, installedAt }`.
 *
 * The file holds only the license text, never a verdict: `currentTier()` and `status()` verify the
 * signature (and the expiry, against the clock) on every call, so editing the file — the tier inside
 * the payload, or any field added next to it — can only ever yield Starter. A license that expires
 * while the app runs drops to Starter at the next call (no change event for that: poll `status()`).
 *
 * The file is read once, when the store opens. A file that is not JSON or not this shape is moved aside
 * (`license.json.corrupt-<ms>`, never deleted), logged, and the app runs as Starter. A file that is well
 * formed but holds a license that does not verify stays where it is (the founder may want to see it)
 * and counts as Starter.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TIER, type Tier } from '../../shared/tiers';
import type { ErrorLog } from '../contract/dispatch';
import { isNotFound, removeFileDurably, writeFileAtomic } from '../vault/atomic-file';
import {
  licenseRejectionMessage,
  MAX_LICENSE_LENGTH,
  verifyLicense,
  type LicensedTier,
  type LicenseRejection,
  type LicenseVerdict,
  type PublicKeyInput,
} from './license';
import { LICENSE_PUBLIC_KEYS } from './public-keys';

export const LICENSE_FILE = 'license.json';

const LicenseFileSchema = z
  .object({
    v: z.literal(1),
    license: z.string().min(1).max(MAX_LICENSE_LENGTH * 4),
    installedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type LicenseStatus =
  /** No license installed: Starter. */
  | { state: 'none'; tier: typeof DEFAULT_TIER }
  | { state: 'licensed'; tier: LicensedTier; licensee: string; issuedAt: string; expiresAt: string | null }
  /** A license is stored but does not verify (any more): Starter, and why. */
  | { state: 'invalid'; tier: typeof DEFAULT_TIER; reason: LicenseRejection; message: string; hint: string };

export type InstallResult =
  | { ok: true; status: Extract<LicenseStatus, { state: 'licensed' }> }
  | { ok: false; reason: LicenseRejection; message: string; hint: string };

export interface LicenseStore {
  /** The tier the stored license grants right now; verifies it on every call. Starter without one. */
  currentTier(): Tier;
  /** The same verification, with the details the Settings view shows. */
  status(): LicenseStatus;
  /** Verifies and stores `text`. An invalid key is refused with a message per reason and changes nothing. */
  install(text: string): Promise<InstallResult>;
  /** Forgets the license (back to Starter). Resolves once the file is gone. */
  remove(): Promise<void>;
  /** Called after every successful install or remove, with the new status. Returns the unsubscribe. */
  onChange(listener: (status: LicenseStatus) => void): () => void;
}

export interface LicenseStoreOptions {
  /** The data folder; the store owns `license.json` in it. */
  dir: string;
  log: ErrorLog;
  now?: () => number;
  /** Trusted keys; the app's built-in ones by default. Tests pass their own. */
  publicKeys?: readonly PublicKeyInput[];
}

export async function openLicenseStore(options: LicenseStoreOptions): Promise<LicenseStore> {
  const file = path.join(options.dir, LICENSE_FILE);
  const now = options.now ?? Date.now;
  const publicKeys = options.publicKeys ?? LICENSE_PUBLIC_KEYS;
  const listeners = new Set<(status: LicenseStatus) => void>();

  const verdictToStatus = (verdict: LicenseVerdict): LicenseStatus => {
    if (verdict.ok) {
      const { tier, licensee, issuedAt, expiresAt } = verdict;
      return { state: 'licensed', tier, licensee, issuedAt, expiresAt };
    }
    return { state: 'invalid', tier: DEFAULT_TIER, reason: verdict.reason, ...licenseRejectionMessage(verdict) };
  };

  let text: string | null = await load(file, now, options.log);
  const status = (): LicenseStatus =>
    text === null ? { state: 'none', tier: DEFAULT_TIER } : verdictToStatus(verifyLicense(text, { publicKeys, now: now() }));

  const initial = status();
  if (initial.state === 'invalid') {
    options.log(`${LICENSE_FILE} holds a license that does not verify (${initial.reason}); running as Starter`, undefined);
  }

  const notify = (): void => {
    const current = status();
    for (const listener of listeners) {
      try {
        listener(current);
      } catch (error) {
        options.log('a license change listener failed', error);
      }
    }
  };

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    currentTier: () => status().tier,
    status,
    install: (candidate) =>
      serial(async (): Promise<InstallResult> => {
        const verdict = verifyLicense(candidate, { publicKeys, now: now() });
        if (!verdict.ok) return { ok: false, reason: verdict.reason, ...licenseRejectionMessage(verdict) };
        // Store the key as verified: whitespace from pasting removed, nothing else touched.
        const clean = candidate.replace(/\s+/g, '');
        const content = LicenseFileSchema.parse({ v: 1, license: clean, installedAt: new Date(now()).toISOString() });
        await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, 0o600);
        text = clean;
        notify();
        const { tier, licensee, issuedAt, expiresAt } = verdict;
        return { ok: true, status: { state: 'licensed', tier, licensee, issuedAt, expiresAt } };
      }),
    remove: () =>
      serial(async () => {
        await removeFileDurably(file);
        text = null;
        notify();
      }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The stored license text, or null (none, unreadable, or corrupt — the last one moved aside). */
async function load(file: string, now: () => number, log: ErrorLog): Promise<string | null> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return null;
    // Unreadable (permissions, a directory in its place): Starter for this run, the file left as it is.
    log(`${LICENSE_FILE} could not be read; running as Starter`, error);
    return null;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const result = LicenseFileSchema.safeParse(parsed);
  if (result.success) return result.data.license;
  const aside = `${file}.corrupt-${now()}`;
  try {
    await rename(file, aside);
    log(`${LICENSE_FILE} was unreadable (${parsed === undefined ? 'not JSON' : 'unexpected content'}); kept it as ${path.basename(aside)} and running as Starter`, undefined);
  } catch (error) {
    log(`${LICENSE_FILE} was unreadable and could not be set aside; running as Starter`, error);
  }
  return null;
}
