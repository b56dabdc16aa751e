import { randomBytes } from 'node:crypto';
import { open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Durable file replacement: after this resolves, `file` holds exactly `data` with exactly `mode`, even
 * across a crash or power loss; before it resolves, readers see the old file or nothing, never a torn
 * one. The temp file lives in the same directory (rename is only atomic within one file system), is
 * created with `mode` from the start (never briefly world-readable) and is fsynced before the rename;
 * the directory is fsynced after it so the rename itself is durable.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': fail rather than follow a symlink or reuse a file someone else created under that name.
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(data);
      // The process umask may have narrowed `mode` at creation; it can never widen it. chmod makes
      // the result exact either way.
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** Deletes a file durably. Resolves to false if it did not exist. */
export async function removeFileDurably(file: string): Promise<boolean> {
  try {
    await unlink(file);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  await syncDir(path.dirname(file));
  return true;
}

/** Makes a rename or unlink in `dir` durable. Some file systems refuse fsync on a directory: ignore that. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR/EINVAL/EPERM on platforms or file systems without directory fsync (Windows among them).
  } finally {
    await handle?.close();
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
