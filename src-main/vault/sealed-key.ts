/**
 * The sealed API key's cryptography and on-disk format. Pure: node:crypto and zod, no I/O.
 *
 * AES-256-GCM, a fresh random 96-bit IV per seal, a full 128-bit tag (also enforced on open: Node
 * accepts truncated GCM tags unless told otherwise), and the connection (host + project id) as
 * associated data, so a sealed key copied onto another connection's record does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The connection a sealed key belongs to. The vault binds exactly these values: normalise the host first. */
export interface VaultBinding {
  readonly host: string;
  readonly projectId: number;
}

export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SEALED_FORMAT_VERSION = 1;

export const SealedRecordSchema = z
  .object({
    v: z.literal(SEALED_FORMAT_VERSION),
    alg: z.literal('A256GCM'),
    iv: z.base64(),
    tag: z.base64(),
    ct: z.base64().min(1),
  })
  .strict();
export type SealedRecord = z.infer<typeof SealedRecordSchema>;

export type SealedKeyProblem =
  /** Not JSON, not an object, fields missing or of the wrong shape, bad base64, wrong lengths. */
  | 'malformed'
  /** A `v` this build does not know (a newer Sightline wrote it, or it was edited). */
  | 'unsupported_version'
  /** The tag did not verify: tampered or truncated data, another data key, or another binding. */
  | 'authentication_failed'
  /** The data key is not 32 bytes. */
  | 'bad_data_key';

/** Why a sealed key did not open. The message names the problem only, never key material. */
export class SealedKeyError extends Error {
  readonly problem: SealedKeyProblem;

  constructor(problem: SealedKeyProblem, message: string) {
    super(message);
    this.name = 'SealedKeyError';
    this.problem = problem;
  }
}

/** The associated data: a canonical, unambiguous encoding of the binding (JSON, so no separator games). */
export function bindingAad(binding: VaultBinding): Buffer {
  if (typeof binding.host !== 'string' || binding.host.length === 0) throw new TypeError('vault binding: host must be a non-empty string');
  if (!Number.isSafeInteger(binding.projectId) || binding.projectId <= 0) {
    throw new TypeError('vault binding: projectId must be a positive integer');
  }
  return Buffer.from(`sightline:v1:${JSON.stringify([binding.host, binding.projectId])}`, 'utf8');
}

function checkDataKey(key: Uint8Array): void {
  if (key.length !== DATA_KEY_BYTES) throw new SealedKeyError('bad_data_key', `the data key must be ${DATA_KEY_BYTES} bytes`);
}

export function seal(key: Uint8Array, plaintext: string, binding: VaultBinding): SealedRecord {
  checkDataKey(key);
  if (plaintext.length === 0) throw new TypeError('vault: nothing to seal');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(bindingAad(binding));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { v: SEALED_FORMAT_VERSION, alg: 'A256GCM', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}

/** Strict base64: what `Buffer.from` would silently skip or pad (stray characters, missing padding) is refused. */
function decode(field: string, value: string, expectedBytes?: number): Buffer {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) throw new SealedKeyError('malformed', `the sealed key's ${field} is not canonical base64`);
  if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
    throw new SealedKeyError('malformed', `the sealed key's ${field} has ${bytes.length} bytes, not ${expectedBytes}`);
  }
  return bytes;
}

export function open(key: Uint8Array, record: SealedRecord, binding: VaultBinding): string {
  checkDataKey(key);
  const iv = decode('iv', record.iv, IV_BYTES);
  const tag = decode('tag', record.tag, TAG_BYTES);
  const ct = decode('ct', record.ct);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(bindingAad(binding));
  decipher.setAuthTag(tag);
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(ct), decipher.final()]);
  } catch {
    throw new SealedKeyError('authentication_failed', 'the sealed key failed authentication (tampered, truncated, another data key or another connection)');
  }
  return plaintext.toString('utf8');
}

/** Parses the on-disk text. Reports an unknown version as such, before judging the rest of the shape. */
export function parseSealedRecord(text: string): SealedRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SealedKeyError('malformed', 'the sealed key file is not JSON');
  }
  if (typeof json === 'object' && json !== null && 'v' in json && json.v !== SEALED_FORMAT_VERSION) {
    const v = typeof json.v === 'number' ? String(json.v) : typeof json.v;
    throw new SealedKeyError('unsupported_version', `the sealed key file has format version ${v.slice(0, 20)}; this Sightline reads version ${SEALED_FORMAT_VERSION}`);
  }
  const parsed = SealedRecordSchema.safeParse(json);
  if (!parsed.success) {
    // Name the fields only: zod's messages could quote values.
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.map(String).join('.') || '(root)'))].join(', ');
    throw new SealedKeyError('malformed', `the sealed key file does not match its format (${fields.slice(0, 200)})`);
  }
  return parsed.data;
}

export function serializeSealedRecord(record: SealedRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
