/**
 * The sync audit log: one entry per sync (kind, window, times, requests, rows, outcome, errors —
 * never the key), newest first, capped. Same durability rules as the other stores.
 */
import path from 'node:path';
import { z } from 'zod';
import { SyncEntrySchema, type SyncEntry } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';
import { writeFileAtomic } from '../vault/atomic-file';
import { readJsonFile } from './json-file';

export const SYNC_LOG_CAP = 200;
const FileSchema = z.object({ v: z.literal(1), entries: z.array(SyncEntrySchema) }).strict();

export interface SyncLogStore {
  entries(): SyncEntry[];
  append(entry: SyncEntry): Promise<void>;
}

export async function openSyncLogStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<SyncLogStore> {
  const file = path.join(dir, 'sync-log.json');
  let entries: SyncEntry[] = (await readJsonFile(file, FileSchema, log, now, 'started a new log'))?.entries ?? [];
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
