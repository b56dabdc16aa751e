/**
 * Mints license keys in the format src-main/license/license.ts verifies. Test and demo use only: the
 * production signer lives outside this repository, with the production private key.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { LICENSE_PREFIX, licenseSigningInput, type LicensePayload, type LicensedTier } from '../../src-main/license/license';
import { DEMO_PRIVATE_KEY } from './license-test-key';

/**
 * Signs `payload` as `SL1.<payload>.<signature>`. The payload is not validated, so tests can sign
 * deliberately wrong ones (a future `v`, a missing field) and check that verification refuses them.
 */
export function signLicense(payload: LicensePayload | Record<string, unknown>, privateKey: string | KeyObject = DEMO_PRIVATE_KEY): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const payloadSegment = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  const signature = sign(null, licenseSigningInput(payloadSegment), key).toString('base64url');
  return `${LICENSE_PREFIX}.${payloadSegment}.${signature}`;
}

export const DEMO_ISSUED_AT = '2026-01-01T00:00:00.000Z';

/** A license signed with the demo key; by default the demo's: Scale, "Sightline demo", no expiry. */
export function mintDemoLicense(
  options: { tier?: LicensedTier; licensee?: string; issuedAt?: string; expiresAt?: string | null } = {},
): string {
  return signLicense({
    v: 1,
    tier: options.tier ?? 'scale',
    licensee: options.licensee ?? 'Sightline demo',
    issuedAt: options.issuedAt ?? DEMO_ISSUED_AT,
    expiresAt: options.expiresAt ?? null,
  });
}
