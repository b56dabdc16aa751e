import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { isNotFound, removeFileDurably, writeFileAtomic } from './atomic-file';
import type { Keychain } from './keychain';
import { createSerial } from './serial';

export const FILE_KEYCHAIN_NAME = 'data-key.json';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

const FileKeychainSchema = z
  .object({
    v: z.literal(1),
    secrets: z.record(z.string().min(1).max(200), z.string().max(10_000)),
  })
  .strict();
type FileKeychainContent = z.infer<typeof FileKeychainSchema>;

/**
 * The fallback keychain: secrets in `<dir>/data-key.json`, readable by this OS user only (0600, in a
 * 0700 directory when Sightline creates it). Honest about what it is: protection by file permissions
 * only — anyone who can read the user's files (a backup, another program running as the user) can
 * read the secret. Used only when no OS keychain answers, and then Settings says so.
 */
export function createFileKeychain(dir: string): Keychain {
  const file = path.join(dir, FILE_KEYCHAIN_NAME);
  const serial = createSerial();

  const read = async (): Promise<FileKeychainContent> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return { v: 1, secrets: {} };
      throw error;
    }
    // Tighten permissions someone loosened (a copy, a restore from backup); never widen them.
    const { mode } = await stat(file);
    if ((mode & 0o077) !== 0) await chmod(file, FILE_MODE);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${FILE_KEYCHAIN_NAME} is not valid JSON`);
    }
    const parsed = FileKeychainSchema.safeParse(json);
    // Never quote the content: it holds secrets.
    if (!parsed.success) throw new Error(`${FILE_KEYCHAIN_NAME} does not match its format`);
    return parsed.data;
  };

  const write = async (content: FileKeychainContent): Promise<void> => {
    if (Object.keys(content.secrets).length === 0) {
      await removeFileDurably(file);
      return;
    }
    await mkdir(dir, { recursive: true, mode: DIR_MODE });
    await writeFileAtomic(file, `${JSON.stringify(content, null, 2)}\n`, FILE_MODE);
  };

  return {
    kind: 'file',
    get: (account) =>
      serial(async () => {
        const { secrets } = await read();
        return Object.hasOwn(secrets, account) ? (secrets[account] ?? null) : null;
      }),
    set: (account, secret) =>
      serial(async () => {
        const content = await read();
        await write({ v: 1, secrets: { ...content.secrets, [account]: secret } });
      }),
    delete: (account) =>
      serial(async () => {
        const content = await read();
        if (!Object.hasOwn(content.secrets, account)) return false;
        const { [account]: _removed, ...rest } = content.secrets;
        await write({ v: 1, secrets: rest });
        return true;
      }),
  };
}
