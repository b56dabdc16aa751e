/**
 * The sync audit log: one entry per sync (kind, window, times, requests, rows, outcome, errors —
 * never the key), newest first, capped. Same durability rules as the other stores.
 */
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { SyncEntrySchema, type SyncEntry } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';
import { writeFileAtomic } from '../vault/atomic-file';

export const SYNC_LOG_CAP = 200;
const FileSchema = z.object({ v: z.literal(1), entries: z.array(SyncEntrySchema) }).strict();

export interface SyncLogStore {
  entries(): SyncEntry[];
  append(entry: SyncEntry): Promise<void>;
}

export async function openSyncLogStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<SyncLogStore> {
  const file = path.join(dir, 'sync-log.json');
  let entries: SyncEntry[] = [];
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const result = FileSchema.safeParse(parsed);
    if (result.success) entries = result.data.entries;
    else {
      const aside = `${file}.corrupt-${now()}`;
      await rename(file, aside);
      log(`sync-log.json was unreadable; kept it as ${path.basename(aside)} and started a new log`, undefined);
    }
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    entries: () => entries,
    append: (entry) => {
      const next = queue.then(async () => {
        const updated = [SyncEntrySchema.parse(entry), ...entries].slice(0, SYNC_LOG_CAP);
        await writeFileAtomic(file, `${JSON.stringify({ v: 1, entries: updated })}\n`, 0o600);
        entries = updated;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
