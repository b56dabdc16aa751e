/**
 * The connected project's feature flag list (key, name, active), as PostHog's flag API gave it at the
 * last sync that fetched it: kept on disk so the flags table works offline. Replaced whole on every
 * fetch; emptied when another project is connected.
 */
import path from 'node:path';
import { z } from 'zod';
import { FlagListSchema, type FlagList } from '../../shared/contract';
import type { ErrorLog } from '../contract/dispatch';
import { openJsonDocument } from './json-document';

const FileSchema = z.object({ v: z.literal(1), list: FlagListSchema }).strict();
export const EMPTY_FLAG_LIST: FlagList = { fetchedAt: null, flags: [] };

export interface FlagListStore {
  read(): FlagList;
  replace(list: FlagList): Promise<FlagList>;
}

export async function openFlagListStore(dir: string, log: ErrorLog, now: () => number = Date.now): Promise<FlagListStore> {
  const doc = await openJsonDocument({ file: path.join(dir, 'flags.json'), schema: FileSchema, empty: { v: 1, list: EMPTY_FLAG_LIST }, log, now, consequence: 'the list is fetched again at the next sync' });
  return {
    read: () => doc.read().list,
    replace: async (list) => (await doc.update(() => ({ v: 1, list }))).list,
  };
}
