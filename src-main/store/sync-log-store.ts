/**
 * The sync audit log: one entry per sync (kind, window, times, requests, rows, outcome, errors —
 * never the key), newest first, capped. Same durability rules as the other stores.
 */
import path from 'node:path';
import { z } from 'zod';
import { SyncEntrySchema, type SyncEntry } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';
import { openJsonDocument } from './json-document';

export const SYNC_LOG_CAP = 200;
const FileSchema = z.object({ v: z.literal(1), entries: z.array(SyncEntrySchema) }).strict();

export interface SyncLogStore {
  entries(): SyncEntry[];
  append(entry: SyncEntry): Promise<void>;
}

export async function openSyncLogStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<SyncLogStore> {
  const doc = await openJsonDocument({ file: path.join(dir, 'sync-log.json'), schema: FileSchema, empty: { v: 1, entries: [] }, log, now, consequence: 'started a new log' });
  return {
    entries: () => doc.read().entries,
    append: async (entry) => {
      await doc.update((current) => ({ v: 1, entries: [entry, ...current.entries].slice(0, SYNC_LOG_CAP) }));
    },
  };
}
