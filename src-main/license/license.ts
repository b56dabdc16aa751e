/**
 * License keys, verified offline.
 *
 * A license key is one line: `SL1.<payload>.<signature>`, where `<payload>` is the base64url of a
 * UTF-8 JSON object (`LicensePayloadSchema`) and `<signature>` the base64url of the 64-byte Ed25519
 * signature of the ASCII text `SL1.<payload>` (prefix included, so a signature cannot be replayed
 * under another format version). The public keys are compiled into the app (./public-keys); no
 * network, no server, and nothing in a settings file can raise the tier.
 *
 * Checks, in order: the envelope and the payload's shape (`format`; `unknown_version` for a newer
 * prefix or payload `v`), then the signature against every trusted key (`signature`), then the expiry
 * (`expired`, reported only for an authentic license).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Tier } from '../../shared/tiers';

export const LICENSE_PREFIX = 'SL1';
/** Longer than any license we issue by an order of magnitude; anything longer is not one. */
export const MAX_LICENSE_LENGTH = 4096;

/** Tiers a license can grant (Starter needs none). */
export const LICENSED_TIERS = ['basic', 'pro', 'scale'] as const satisfies readonly Tier[];
export type LicensedTier = (typeof LICENSED_TIERS)[number];

export const LicensePayloadSchema = z.object({
  v: z.literal(1),
  tier: z.enum(LICENSED_TIERS),
  licensee: z.string().trim().min(1).max(200),
  issuedAt: z.iso.datetime({ offset: true }),
  /** null: never expires. */
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});
export type LicensePayload = z.infer<typeof LicensePayloadSchema>;

export interface LicenseInfo {
  tier: LicensedTier;
  licensee: string;
  issuedAt: string;
  expiresAt: string | null;
}

export type LicenseRejection = 'format' | 'signature' | 'expired' | 'unknown_version';

export type LicenseVerdict =
  | ({ ok: true } & LicenseInfo)
  | { ok: false; reason: 'expired'; expiresAt: string }
  | { ok: false; reason: Exclude<LicenseRejection, 'expired'> };

export type PublicKeyInput = string | KeyObject;

export interface VerifyOptions {
  /** Trusted Ed25519 public keys (SPKI PEM or KeyObject); any one of them may have signed. */
  publicKeys: readonly PublicKeyInput[];
  /** Epoch milliseconds. */
  now: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const SIGNATURE_BYTES = 64;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The exact bytes that are signed for a payload segment. */
export function licenseSigningInput(payloadSegment: string): Buffer {
  return Buffer.from(`${LICENSE_PREFIX}.${payloadSegment}`, 'ascii');
}

/** Strict base64url: only the alphabet, no padding, and the canonical encoding of what it decodes to. */
function decodeBase64url(segment: string): Buffer | null {
  if (!BASE64URL.test(segment)) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}

const keyCache = new Map<string, KeyObject>();

/** Throws if a configured key is not an Ed25519 public key: that is a build error, not bad input. */
function toKeyObject(key: PublicKeyInput): KeyObject {
  if (typeof key !== 'string') {
    if (key.asymmetricKeyType !== 'ed25519' || key.type !== 'public') throw new Error('a license public key must be an Ed25519 public key');
    return key;
  }
  let cached = keyCache.get(key);
  if (cached === undefined) {
    cached = toKeyObject(createPublicKey(key));
    keyCache.set(key, cached);
  }
  return cached;
}

/**
 * Verifies a license key offline. Never throws on any `text` (garbage, empty, huge, not even a string);
 * throws only if `publicKeys` holds something that is not an Ed25519 public key.
 */
export function verifyLicense(text: unknown, options: VerifyOptions): LicenseVerdict {
  const keys = options.publicKeys.map(toKeyObject);
  if (typeof text !== 'string' || text.length > MAX_LICENSE_LENGTH * 4) return { ok: false, reason: 'format' };
  // Pasted keys arrive with spaces or line breaks (a wrapped e-mail); the alphabet has none.
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length > MAX_LICENSE_LENGTH) return { ok: false, reason: 'format' };

  const parts = compact.split('.');
  const [prefix, payloadSegment, signatureSegment] = parts;
  if (prefix !== LICENSE_PREFIX) {
    // `SL2.…` is a license from a newer Sightline; anything else is not a license at all.
    return { ok: false, reason: prefix !== undefined && /^SL\d+$/.test(prefix) && parts.length >= 2 ? 'unknown_version' : 'format' };
  }
  if (parts.length !== 3 || payloadSegment === undefined || signatureSegment === undefined) return { ok: false, reason: 'format' };
  const payloadBytes = decodeBase64url(payloadSegment);
  const signature = decodeBase64url(signatureSegment);
  if (payloadBytes === null || signature === null || signature.length !== SIGNATURE_BYTES) return { ok: false, reason: 'format' };

  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(payloadBytes));
  } catch {
    return { ok: false, reason: 'format' };
  }
  if (typeof json === 'object' && json !== null && 'v' in json && json.v !== 1) return { ok: false, reason: 'unknown_version' };
  const payload = LicensePayloadSchema.safeParse(json);
  if (!payload.success) return { ok: false, reason: 'format' };

  const data = licenseSigningInput(payloadSegment);
  const authentic = keys.some((key) => {
    try {
      return verify(null, data, key, signature);
    } catch {
      return false;
    }
  });
  if (!authentic) return { ok: false, reason: 'signature' };

  const { tier, licensee, issuedAt, expiresAt } = payload.data;
  if (expiresAt !== null && Date.parse(expiresAt) <= options.now) return { ok: false, reason: 'expired', expiresAt };
  return { ok: true, tier, licensee, issuedAt, expiresAt };
}

/** What the founder reads when a license key is refused, and what to do about it. */
export function licenseRejectionMessage(verdict: Extract<LicenseVerdict, { ok: false }>): { message: string; hint: string } {
  switch (verdict.reason) {
    case 'format':
      return {
        message: 'This is not a Sightline license key.',
        hint: 'Paste the whole key from your license e-mail: one line starting with "SL1.", with two dots in it.',
      };
    case 'signature':
      return {
        message: 'This license key was not issued by Sightline, or it was changed after it was issued.',
        hint: 'Copy it again from your license e-mail without editing it. If it still fails, ask us for a new key.',
      };
    case 'expired':
      return {
        message: `This license key expired on ${verdict.expiresAt.slice(0, 10)}.`,
        hint: 'Renew your license to get a new key; until then Sightline runs as Starter.',
      };
    case 'unknown_version':
      return {
        message: 'This license key is for a newer version of Sightline.',
        hint: 'Update Sightline, then enter the key again.',
      };
  }
}
