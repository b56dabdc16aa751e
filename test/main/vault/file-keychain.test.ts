import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileKeychain, FILE_KEYCHAIN_NAME } from '../../../src-main/vault/file-keychain';
import { tempDir } from './keychain-env';

const modeOf = (file: string): number => statSync(file).mode & 0o777;
const SECRET = 'c2VjcmV0LWRhdGEta2V5LWZvci10ZXN0aW5nLW9ubHk=';

describe('file keychain (the no-keychain fallback)', () => {
  it('stores, returns and deletes secrets in a 0600 data-key.json, in a 0700 directory it creates', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const keychain = createFileKeychain(dir);
    expect(keychain.kind).toBe('file');
    expect(await keychain.get('data-key')).toBeNull();
    await keychain.set('data-key', SECRET);
    const file = path.join(dir, FILE_KEYCHAIN_NAME);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(dir)).toBe(0o700);
    expect(await createFileKeychain(dir).get('data-key')).toBe(SECRET);
    await keychain.set('other', 'x');
    expect(await keychain.delete('data-key')).toBe(true);
    expect(await keychain.delete('data-key')).toBe(false);
    expect(await keychain.get('other')).toBe('x');
    expect(await keychain.delete('other')).toBe(true);
    expect(existsSync(file)).toBe(false);
  });

  it('keeps every secret when writes race', async () => {
    const keychain = createFileKeychain(tempDir());
    await Promise.all(Array.from({ length: 10 }, (_, i) => keychain.set(`account-${i}`, `secret-${i}`)));
    for (let i = 0; i < 10; i += 1) expect(await keychain.get(`account-${i}`)).toBe(`secret-${i}`);
  });

  it('tightens a loosened file mode when it reads', async () => {
    const dir = tempDir();
    const keychain = createFileKeychain(dir);
    await keychain.set('data-key', SECRET);
    chmodSync(path.join(dir, FILE_KEYCHAIN_NAME), 0o644);
    expect(await keychain.get('data-key')).toBe(SECRET);
    expect(modeOf(path.join(dir, FILE_KEYCHAIN_NAME))).toBe(0o600);
  });

  it('does not mistake inherited object properties for secrets', async () => {
    const keychain = createFileKeychain(tempDir());
    await keychain.set('data-key', SECRET);
    expect(await keychain.get('constructor')).toBeNull();
    expect(await keychain.get('__proto__')).toBeNull();
    expect(await keychain.delete('toString')).toBe(false);
  });

  it.each([
    ['not JSON', `{"v":1,"secrets":{"data-key":"${SECRET}"`],
    ['the wrong shape', JSON.stringify({ v: 2, secrets: { 'data-key': SECRET } })],
  ])('refuses a file that is %s, without quoting it, and leaves it alone', async (_name, text) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, FILE_KEYCHAIN_NAME), text, { mode: 0o600 });
    const keychain = createFileKeychain(dir);
    const error = await keychain.get('data-key').then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/data-key\.json/);
    expect(error?.message).not.toContain(SECRET.slice(5, 15));
    await expect(keychain.set('data-key', 'x')).rejects.toThrow(/data-key\.json/);
    expect(readFileSync(path.join(dir, FILE_KEYCHAIN_NAME), 'utf8')).toBe(text);
  });
});
