import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SealedKeyError,
  bindingAad,
  open,
  parseSealedRecord,
  seal,
  serializeSealedRecord,
  type SealedRecord,
  type VaultBinding,
} from '../../../src-main/vault/sealed-key';

const KEY = 'phx_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0Uv';
const US: VaultBinding = { host: 'https://us.posthog.com', projectId: 12345 };

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof SealedKeyError) {
      expect(error.message).not.toContain(KEY);
      return error.problem;
    }
    throw error;
  }
  throw new Error('expected a SealedKeyError');
}

const flip = (b64: string, index = 0): string => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64');
};

describe('sealed key (AES-256-GCM)', () => {
  const dataKey = randomBytes(32);

  it('opens what it sealed, with the same data key and binding', () => {
    const record = seal(dataKey, KEY, US);
    expect(record).toMatchObject({ v: 1, alg: 'A256GCM' });
    expect(Buffer.from(record.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(record.tag, 'base64')).toHaveLength(16);
    expect(open(dataKey, parseSealedRecord(serializeSealedRecord(record)), US)).toBe(KEY);
  });

  it('uses a fresh IV per seal, so the same key never gives the same ciphertext', () => {
    const records = Array.from({ length: 50 }, () => seal(dataKey, KEY, US));
    expect(new Set(records.map((r) => r.iv)).size).toBe(50);
    expect(new Set(records.map((r) => r.ct)).size).toBe(50);
  });

  it('keeps non-ASCII secrets intact', () => {
    expect(open(dataKey, seal(dataKey, 'clé-🔑-ключ', US), US)).toBe('clé-🔑-ключ');
  });

  it('binds the ciphertext to host and project id', () => {
    const record = seal(dataKey, KEY, US);
    expect(problemOf(() => open(dataKey, record, { host: 'https://eu.posthog.com', projectId: 12345 }))).toBe('authentication_failed');
    expect(problemOf(() => open(dataKey, record, { host: 'https://us.posthog.com', projectId: 12346 }))).toBe('authentication_failed');
    expect(problemOf(() => open(dataKey, record, { host: 'https://us.posthog.com/', projectId: 12345 }))).toBe('authentication_failed');
  });

  it('encodes the binding unambiguously (a host ending in ":1" is not project 1)', () => {
    expect(bindingAad({ host: 'https://h:1', projectId: 23 }).equals(bindingAad({ host: 'https://h', projectId: 123 }))).toBe(false);
    expect(bindingAad(US).toString()).toBe('sightline:v1:["https://us.posthog.com",12345]');
  });

  it('refuses a malformed binding as a programming error', () => {
    expect(() => seal(dataKey, KEY, { host: '', projectId: 1 })).toThrow(TypeError);
    expect(() => seal(dataKey, KEY, { host: 'https://x', projectId: 0 })).toThrow(TypeError);
    expect(() => seal(dataKey, KEY, { host: 'https://x', projectId: 1.5 })).toThrow(TypeError);
  });

  it('does not open with another data key', () => {
    expect(problemOf(() => open(randomBytes(32), seal(dataKey, KEY, US), US))).toBe('authentication_failed');
  });

  it('refuses data keys that are not 256 bits', () => {
    expect(problemOf(() => seal(randomBytes(16), KEY, US))).toBe('bad_data_key');
    expect(problemOf(() => open(randomBytes(31), seal(dataKey, KEY, US), US))).toBe('bad_data_key');
  });

  const tampered: [string, (r: SealedRecord) => SealedRecord, string][] = [
    ['a flipped ciphertext byte', (r) => ({ ...r, ct: flip(r.ct, 3) }), 'authentication_failed'],
    ['a flipped tag byte', (r) => ({ ...r, tag: flip(r.tag, 15) }), 'authentication_failed'],
    ['a flipped IV byte', (r) => ({ ...r, iv: flip(r.iv, 0) }), 'authentication_failed'],
    ['a truncated ciphertext', (r) => ({ ...r, ct: Buffer.from(r.ct, 'base64').subarray(0, -1).toString('base64') }), 'authentication_failed'],
    ['an extended ciphertext', (r) => ({ ...r, ct: Buffer.concat([Buffer.from(r.ct, 'base64'), Buffer.from([0])]).toString('base64') }), 'authentication_failed'],
    // Node would accept a 4..15-byte GCM tag unless the length is pinned: a forger's job gets far easier.
    ['a tag cut to 12 bytes', (r) => ({ ...r, tag: Buffer.from(r.tag, 'base64').subarray(0, 12).toString('base64') }), 'malformed'],
    ['an 8-byte IV', (r) => ({ ...r, iv: Buffer.from(r.iv, 'base64').subarray(0, 8).toString('base64') }), 'malformed'],
    ['base64 with a stray character', (r) => ({ ...r, ct: `${r.ct}!` }), 'malformed'],
  ];
  it.each(tampered)('refuses %s', (_name, mutate, problem) => {
    const record = mutate(seal(dataKey, KEY, US));
    expect(problemOf(() => open(dataKey, parseSealedRecord(JSON.stringify(record)), US))).toBe(problem);
  });

  it('shows why Node needs the pinned tag length: without it, a 4-byte tag is accepted', () => {
    const record = seal(dataKey, KEY, US);
    const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(record.iv, 'base64'));
    expect(() => decipher.setAuthTag(Buffer.from(record.tag, 'base64').subarray(0, 4))).not.toThrow();
  });

  const badFiles: [string, string, string][] = [
    ['empty', '', 'malformed'],
    ['garbage', '{"v":1,"alg":', 'malformed'],
    ['not an object', '"phx_secret"', 'malformed'],
    ['null', 'null', 'malformed'],
    ['version 2', JSON.stringify({ v: 2, alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AA==' }), 'unsupported_version'],
    ['version "1" as a string', JSON.stringify({ v: '1', alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AA==' }), 'unsupported_version'],
    ['no tag', JSON.stringify({ v: 1, alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', ct: 'AA==' }), 'malformed'],
    ['another algorithm', JSON.stringify({ v: 1, alg: 'A128GCM', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AA==' }), 'malformed'],
    ['an empty ciphertext', JSON.stringify({ v: 1, alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: '' }), 'malformed'],
    ['an extra field', JSON.stringify({ v: 1, alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', tag: 'AAAAAAAAAAAAAAAAAAAAAA==', ct: 'AA==', key: 'x' }), 'malformed'],
  ];
  it.each(badFiles)('reports a file that is %s', (_name, text, problem) => {
    expect(problemOf(() => parseSealedRecord(text))).toBe(problem);
  });

  it('never quotes file content in its messages', () => {
    try {
      parseSealedRecord(JSON.stringify({ v: 1, alg: 'A256GCM', iv: KEY, tag: KEY, ct: KEY }));
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(KEY.slice(6, 20));
    }
  });
});
