import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeFileDurably, writeFileAtomic } from '../../../src-main/vault/atomic-file';
import { tempDir } from './keychain-env';

const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe('writeFileAtomic', () => {
  const originalUmask = process.umask();
  afterEach(() => {
    process.umask(originalUmask);
  });

  it('writes the data with exactly the mode asked, whatever the umask', async () => {
    const dir = tempDir();
    process.umask(0o000);
    await writeFileAtomic(path.join(dir, 'a.json'), '{"a":1}', 0o600);
    expect(readFileSync(path.join(dir, 'a.json'), 'utf8')).toBe('{"a":1}');
    expect(modeOf(path.join(dir, 'a.json'))).toBe(0o600);
    process.umask(0o077);
    await writeFileAtomic(path.join(dir, 'b.json'), Buffer.from('b'), 0o644);
    expect(modeOf(path.join(dir, 'b.json'))).toBe(0o644);
  });

  it('replaces an existing file, tightening its mode, and leaves no temp file behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'sealed.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(modeOf(file)).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['sealed.json']);
  });

  it('keeps the old content and cleans up when the write cannot happen', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'missing-dir', 'x.json');
    await expect(writeFileAtomic(file, 'x', 0o600)).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('never leaves a torn file under concurrent writers', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.json');
    const contents = Array.from({ length: 20 }, (_, i) => JSON.stringify({ writer: i, pad: 'x'.repeat(10_000) }));
    await Promise.all(contents.map((c) => writeFileAtomic(file, c, 0o600)));
    expect(contents).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['c.json']);
  });
});

describe('removeFileDurably', () => {
  it('says whether there was a file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'x'), 'x');
    expect(await removeFileDurably(path.join(dir, 'x'))).toBe(true);
    expect(await removeFileDurably(path.join(dir, 'x'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
