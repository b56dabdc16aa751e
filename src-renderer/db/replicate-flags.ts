/**
 * Keeps the replica's copy of main's feature flag list (one row, `flags`), so the flags view paints
 * from IndexedDB at once, offline included.
 *
 * Main replaces its list at every sync that fetches it and says so with `flags.changed` (whose payload
 * IS the new list); `flags.list` reads the current one. So: fetch once when starting (main may have
 * synced while no window was open), then store every `flags.changed` payload as it comes.
 *
 * Ordering: an event is always at least as new as an answer to a request already in flight, so a
 * `flags.list` answer is dropped when an event arrived while it was on its way. Writes are queued, so
 * they land in the order they were decided.
 *
 * Errors are returned (and reported to `onResult`), never thrown; a failure keeps the stored list.
 */
import { fail, ok, type AppError, type FlagList, type Result } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import { FLAGS_ID, type ReplicaDb } from './replica-db';

export interface FlagListReplicator {
  /** Asks main for its list and stores it (unless a newer one arrived by event meanwhile). Resolves to what the replica now holds. */
  fetch(): Promise<Result<FlagList>>;
  /** Follows `flags.changed` and fetches once now. Returns the function that stops following. */
  start(): () => void;
}

/** Replaces the stored flag list. */
export async function storeFlagList(db: ReplicaDb, list: FlagList): Promise<void> {
  await db.flags.put({ id: FLAGS_ID, list });
}

function storageFailure(error: unknown): { ok: false; error: AppError } {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return fail(
    'internal',
    `Sightline could not keep the feature flag list in this window (${what.slice(0, 300)}). The last list it had is kept.`,
    'Reload the window. If it keeps happening, check that the disk is not full.',
  );
}

export function createFlagListReplicator(client: ApiClient, db: ReplicaDb, onResult?: (result: Result<FlagList>) => void): FlagListReplicator {
  /** How many `flags.changed` events arrived, and the newest one's list. */
  let events = 0;
  let newest: FlagList | null = null;
  let queue: Promise<void> = Promise.resolve();

  const write = (list: FlagList): Promise<Result<FlagList>> => {
    const run = queue.then(async () => {
      await storeFlagList(db, list);
      return ok(list);
    });
    queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.catch((error: unknown) => storageFailure(error));
  };

  const report = (result: Result<FlagList>): Result<FlagList> => {
    onResult?.(result);
    return result;
  };

  const fetch = async (): Promise<Result<FlagList>> => {
    const seen = events;
    const answer = await client.call('flags.list', {});
    if (!answer.ok) return report(answer);
    if (events !== seen && newest !== null) {
      // A flags.changed arrived while the answer was on its way: it is the newer list, already stored.
      await queue;
      return report(ok(newest));
    }
    return report(await write(answer.data));
  };

  const onChanged = (list: FlagList): void => {
    events += 1;
    newest = list;
    void write(list).then(report);
  };

  return {
    fetch,
    start() {
      const off = client.on('flags.changed', onChanged);
      void fetch();
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        off();
      };
    },
  };
}
