import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { licenseRejectionMessage, MAX_LICENSE_LENGTH, verifyLicense, type LicenseVerdict } from '../../../src-main/license/license';
import { DEMO_PUBLIC_KEY, LICENSE_PUBLIC_KEYS, PRODUCTION_PUBLIC_KEYS } from '../../../src-main/license/public-keys';
import { DEMO_PRIVATE_KEY, DEMO_SCALE_LICENSE } from '../../support/license-test-key';
import { mintDemoLicense, signLicense } from '../../support/sign-license';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const keys = { publicKeys: [DEMO_PUBLIC_KEY], now: NOW };
const payload = { v: 1, tier: 'pro', licensee: 'Acme Analytics Ltd', issuedAt: '2026-06-01T00:00:00Z', expiresAt: '2027-06-01T00:00:00Z' };

/** Re-encodes the payload segment of `license` after `edit`, keeping the original signature. */
function tamper(license: string, edit: (json: Record<string, unknown>) => void): string {
  const [prefix, segment, signature] = license.split('.');
  const json = JSON.parse(Buffer.from(segment!, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(json);
  return `${prefix}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
}

function reason(verdict: LicenseVerdict): string {
  return verdict.ok ? `ok:${verdict.tier}` : verdict.reason;
}

describe('verifyLicense', () => {
  it('accepts a license signed with the test key, with its tier and licensee', () => {
    expect(verifyLicense(signLicense(payload), keys)).toEqual({
      ok: true,
      tier: 'pro',
      licensee: 'Acme Analytics Ltd',
      issuedAt: '2026-06-01T00:00:00Z',
      expiresAt: '2027-06-01T00:00:00Z',
    });
    for (const tier of ['basic', 'pro', 'scale'] as const) {
      expect(reason(verifyLicense(mintDemoLicense({ tier }), keys))).toBe(`ok:${tier}`);
    }
  });

  it("ships the demo's Scale license, which verifies with the built-in key", () => {
    expect(mintDemoLicense()).toBe(DEMO_SCALE_LICENSE);
    expect(verifyLicense(DEMO_SCALE_LICENSE, { publicKeys: LICENSE_PUBLIC_KEYS, now: NOW })).toEqual({
      ok: true,
      tier: 'scale',
      licensee: 'Sightline demo',
      issuedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
    });
    // Never expires.
    expect(reason(verifyLicense(DEMO_SCALE_LICENSE, { ...keys, now: Date.parse('2099-01-01T00:00:00Z') }))).toBe('ok:scale');
  });

  it('trusts the demo key only while the build has injected no production key', () => {
    expect(PRODUCTION_PUBLIC_KEYS).toEqual([]);
    expect(LICENSE_PUBLIC_KEYS).toEqual([DEMO_PUBLIC_KEY]);
  });

  it('tolerates the spaces and line breaks of a pasted key', () => {
    const license = signLicense(payload);
    const wrapped = `  ${license.slice(0, 40)}\n${license.slice(40, 90)}\r\n ${license.slice(90)}\n`;
    expect(reason(verifyLicense(wrapped, keys))).toBe('ok:pro');
  });

  it('refuses a payload edited to say scale: signature', () => {
    const forged = tamper(signLicense(payload), (json) => {
      json.tier = 'scale';
    });
    expect(reason(verifyLicense(forged, keys))).toBe('signature');
    const longer = tamper(signLicense(payload), (json) => {
      json.expiresAt = null;
    });
    expect(reason(verifyLicense(longer, keys))).toBe('signature');
  });

  it('refuses a signature swapped in from another license', () => {
    const a = signLicense(payload).split('.');
    const b = mintDemoLicense().split('.');
    expect(reason(verifyLicense(`${a[0]}.${a[1]}.${b[2]}`, keys))).toBe('signature');
  });

  it('refuses a license signed with another key: signature', () => {
    const other = generateKeyPairSync('ed25519');
    expect(reason(verifyLicense(signLicense(payload, other.privateKey), keys))).toBe('signature');
    // …and accepts it once that key is trusted too (key rotation).
    expect(reason(verifyLicense(signLicense(payload, other.privateKey), { ...keys, publicKeys: [DEMO_PUBLIC_KEY, other.publicKey] }))).toBe('ok:pro');
    // The demo license against a set without the demo key.
    expect(reason(verifyLicense(DEMO_SCALE_LICENSE, { ...keys, publicKeys: [other.publicKey] }))).toBe('signature');
    expect(reason(verifyLicense(DEMO_SCALE_LICENSE, { ...keys, publicKeys: [] }))).toBe('signature');
  });

  it('refuses an expired license, and only an authentic one is reported as expired', () => {
    const expired = signLicense({ ...payload, expiresAt: '2026-06-15T11:59:59Z' });
    const verdict = verifyLicense(expired, keys);
    expect(verdict).toEqual({ ok: false, reason: 'expired', expiresAt: '2026-06-15T11:59:59Z' });
    expect(reason(verifyLicense(expired, { ...keys, now: Date.parse('2026-06-15T11:59:58Z') }))).toBe('ok:pro');
    // Expiry is an instant: exactly at expiresAt it is over.
    expect(reason(verifyLicense(expired, { ...keys, now: Date.parse('2026-06-15T11:59:59Z') }))).toBe('expired');
    const forgedExpired = tamper(expired, (json) => {
      json.licensee = 'Someone else';
    });
    expect(reason(verifyLicense(forgedExpired, keys))).toBe('signature');
    // Offsets are instants too.
    expect(reason(verifyLicense(signLicense({ ...payload, expiresAt: '2026-06-15T13:30:00+02:00' }), keys))).toBe('expired');
  });

  it('reports licenses from a newer format as unknown_version', () => {
    const license = signLicense(payload);
    expect(reason(verifyLicense(license.replace(/^SL1\./, 'SL2.'), keys))).toBe('unknown_version');
    expect(reason(verifyLicense(signLicense({ ...payload, v: 2 }), keys))).toBe('unknown_version');
  });

  it('refuses anything that is not a license as format, without throwing', () => {
    const good = signLicense(payload);
    const [, segment, signature] = good.split('.');
    const cases: unknown[] = [
      '',
      '   \n ',
      'garbage',
      'SL1',
      'SL1.',
      'SL1..',
      `XX1.${segment}.${signature}`,
      `sl1.${segment}.${signature}`,
      `SL1.${segment}`,
      `SL1.${segment}.${signature}.extra`,
      `SL1.${segment}.${signature}=`,
      `SL1.${segment}+.${signature}`,
      `SL1.${segment}.${signature!.slice(0, -4)}`,
      `SL1.${Buffer.from('not json').toString('base64url')}.${signature}`,
      `SL1.${Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')}.${signature}`,
      `SL1.${Buffer.from('[1,2]').toString('base64url')}.${signature}`,
      `SL1.${Buffer.from('null').toString('base64url')}.${signature}`,
      'SL1.' + 'A'.repeat(MAX_LICENSE_LENGTH) + '.' + signature,
      'x'.repeat(10_000_000),
      `SL1.${'.'.repeat(100_000)}`,
      '\u0000\u{1F600}',
      null,
      undefined,
      42,
      { tier: 'scale' },
    ];
    for (const input of cases) {
      expect(() => verifyLicense(input, keys)).not.toThrow();
      expect(reason(verifyLicense(input, keys)), String(input).slice(0, 60)).toBe('format');
    }
  });

  it('refuses signed payloads of the wrong shape as format', () => {
    const wrong: Record<string, unknown>[] = [
      { ...payload, tier: 'starter' },
      { ...payload, tier: 'enterprise' },
      { ...payload, licensee: '' },
      { ...payload, licensee: '   ' },
      { ...payload, issuedAt: 'yesterday' },
      { ...payload, expiresAt: 'never' },
      { v: 1, tier: 'pro' },
    ];
    for (const p of wrong) expect(reason(verifyLicense(signLicense(p), keys)), JSON.stringify(p)).toBe('format');
  });

  it('refuses a configured key that is not an Ed25519 public key (a build error, not bad input)', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => verifyLicense('x', { ...keys, publicKeys: [rsa.publicKey] })).toThrow('Ed25519');
    expect(() => verifyLicense('x', { ...keys, publicKeys: ['not a pem'] })).toThrow();
    // A private key PEM yields its public half: still the right key.
    expect(reason(verifyLicense(signLicense(payload), { ...keys, publicKeys: [DEMO_PRIVATE_KEY] }))).toBe('ok:pro');
  });

  it('explains each refusal to the founder', () => {
    expect(licenseRejectionMessage({ ok: false, reason: 'format' }).message).toBe('This is not a Sightline license key.');
    expect(licenseRejectionMessage({ ok: false, reason: 'signature' }).message).toContain('not issued by Sightline');
    expect(licenseRejectionMessage({ ok: false, reason: 'expired', expiresAt: '2026-06-01T00:00:00Z' }).message).toBe(
      'This license key expired on 2026-06-01.',
    );
    expect(licenseRejectionMessage({ ok: false, reason: 'unknown_version' }).hint).toContain('Update Sightline');
  });
});
