import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LICENSE_FILE, openLicenseStore, type LicenseStatus } from '../../../src-main/license/license-store';
import { DEMO_PUBLIC_KEY } from '../../../src-main/license/public-keys';
import { DEMO_SCALE_LICENSE } from '../../support/license-test-key';
import { mintDemoLicense, signLicense } from '../../support/sign-license';

let dir: string;
let logged: string[];
let now: number;
const log = (message: string): void => {
  logged.push(message);
};
const open = () => openLicenseStore({ dir, log, now: () => now, publicKeys: [DEMO_PUBLIC_KEY] });
const file = () => path.join(dir, LICENSE_FILE);
const readJson = async () => JSON.parse(await readFile(file(), 'utf8')) as { v: number; license: string; installedAt: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sightline-license-'));
  logged = [];
  now = Date.parse('2026-06-15T12:00:00Z');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('license store', () => {
  it('is Starter with no license file', async () => {
    const store = await open();
    expect(store.currentTier()).toBe('starter');
    expect(store.status()).toEqual({ state: 'none', tier: 'starter' });
    expect(logged).toEqual([]);
  });

  it('installs a valid license, persists it privately and keeps it across restarts', async () => {
    const store = await open();
    const seen: LicenseStatus[] = [];
    store.onChange((s) => seen.push(s));
    const result = await store.install(`  ${DEMO_SCALE_LICENSE}\n`);
    expect(result).toEqual({
      ok: true,
      status: { state: 'licensed', tier: 'scale', licensee: 'Sightline demo', issuedAt: '2026-01-01T00:00:00.000Z', expiresAt: null },
    });
    expect(store.currentTier()).toBe('scale');
    expect(seen.map((s) => s.tier)).toEqual(['scale']);
    expect(await readJson()).toEqual({ v: 1, license: DEMO_SCALE_LICENSE, installedAt: '2026-06-15T12:00:00.000Z' });
    if (process.platform !== 'win32') expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const reopened = await open();
    expect(reopened.currentTier()).toBe('scale');
  });

  it('refuses invalid keys with a message per reason and keeps the current license', async () => {
    const store = await open();
    await store.install(mintDemoLicense({ tier: 'pro' }));
    const before = await readFile(file(), 'utf8');

    const format = await store.install('hello');
    expect(format).toMatchObject({ ok: false, reason: 'format', message: 'This is not a Sightline license key.' });
    const forged = DEMO_SCALE_LICENSE.replace(/\.[^.]+$/, `.${'A'.repeat(86)}`);
    expect(await store.install(forged)).toMatchObject({ ok: false, reason: 'signature' });
    const expired = await store.install(mintDemoLicense({ expiresAt: '2026-06-01T00:00:00Z' }));
    expect(expired).toMatchObject({ ok: false, reason: 'expired', message: 'This license key expired on 2026-06-01.' });
    expect(await store.install(DEMO_SCALE_LICENSE.replace('SL1.', 'SL9.'))).toMatchObject({ ok: false, reason: 'unknown_version' });
    for (const r of [format, expired]) if (!r.ok) expect(r.hint.length).toBeGreaterThan(10);

    expect(store.currentTier()).toBe('pro');
    expect(await readFile(file(), 'utf8')).toBe(before);
  });

  it('removes the license: back to Starter, file gone', async () => {
    const store = await open();
    await store.install(DEMO_SCALE_LICENSE);
    const seen: string[] = [];
    const unsubscribe = store.onChange((s) => seen.push(s.state));
    await store.remove();
    expect(store.currentTier()).toBe('starter');
    expect(seen).toEqual(['none']);
    await expect(stat(file())).rejects.toThrow();
    unsubscribe();
    await store.remove(); // twice is fine
    expect(seen).toEqual(['none']);
    expect((await open()).currentTier()).toBe('starter');
  });

  it('yields Starter when license.json was edited by hand to say scale', async () => {
    const store = await open();
    await store.install(mintDemoLicense({ tier: 'basic' }));
    const content = await readJson();
    const [prefix, segment, signature] = content.license.split('.');
    const json = JSON.parse(Buffer.from(segment!, 'base64url').toString('utf8')) as Record<string, unknown>;
    json.tier = 'scale';
    content.license = `${prefix}.${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
    await writeFile(file(), JSON.stringify(content));

    const reopened = await open();
    expect(reopened.currentTier()).toBe('starter');
    expect(reopened.status()).toMatchObject({ state: 'invalid', tier: 'starter', reason: 'signature' });
    expect(logged).toEqual(['license.json holds a license that does not verify (signature); running as Starter']);
    // The file is left for the founder to see; only installing a valid key replaces it.
    expect((await readJson()).license).toBe(content.license);
    await reopened.install(DEMO_SCALE_LICENSE);
    expect(reopened.currentTier()).toBe('scale');
  });

  it('ignores a tier written next to the license: the file is set aside and the app runs as Starter', async () => {
    const store = await open();
    await store.install(mintDemoLicense({ tier: 'basic' }));
    await writeFile(file(), JSON.stringify({ ...(await readJson()), tier: 'scale' }));
    now += 1;
    const reopened = await open();
    expect(reopened.currentTier()).toBe('starter');
    expect(await readdir(dir)).toEqual([`${LICENSE_FILE}.corrupt-${now}`]);
  });

  it('sets a corrupt license.json aside, logs it and runs as Starter', async () => {
    await writeFile(file(), '{"v":1,"license":"SL1.abc');
    const store = await open();
    expect(store.currentTier()).toBe('starter');
    expect(store.status()).toEqual({ state: 'none', tier: 'starter' });
    const aside = `${LICENSE_FILE}.corrupt-${now}`;
    expect(await readdir(dir)).toEqual([aside]);
    expect(await readFile(path.join(dir, aside), 'utf8')).toBe('{"v":1,"license":"SL1.abc');
    expect(logged).toEqual([`license.json was unreadable (not JSON); kept it as ${aside} and running as Starter`]);
    // A new license can be installed afterwards.
    await store.install(DEMO_SCALE_LICENSE);
    expect(store.currentTier()).toBe('scale');
  });

  it('sets aside a well-formed JSON of the wrong shape too', async () => {
    await writeFile(file(), JSON.stringify({ v: 2, license: DEMO_SCALE_LICENSE }));
    const store = await open();
    expect(store.currentTier()).toBe('starter');
    expect(logged[0]).toContain('unexpected content');
  });

  it('re-verifies on every call: a license that expires while the app runs drops to Starter', async () => {
    const store = await open();
    await store.install(signLicense({ v: 1, tier: 'pro', licensee: 'Acme', issuedAt: '2026-06-01T00:00:00Z', expiresAt: '2026-06-15T13:00:00Z' }));
    expect(store.currentTier()).toBe('pro');
    now = Date.parse('2026-06-15T13:00:00Z');
    expect(store.currentTier()).toBe('starter');
    expect(store.status()).toMatchObject({ state: 'invalid', reason: 'expired', message: 'This license key expired on 2026-06-15.' });
  });

  it('does not trust a license that only another key set accepts', async () => {
    const store = await open();
    await store.install(DEMO_SCALE_LICENSE);
    const other = generateKeyPairSync('ed25519').publicKey;
    const strict = await openLicenseStore({ dir, log, now: () => now, publicKeys: [other] });
    expect(strict.currentTier()).toBe('starter');
  });
});
