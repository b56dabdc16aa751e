/**
 * Keeps the IndexedDB replica in step with main's series store, by revision (design: "Data flow").
 *
 * A catch-up reads the replica's position (revision + epoch), asks main for `series.changes` since
 * then, and applies the answer — deletions, upserts in chunks, the new position — in ONE Dexie
 * transaction. If anything fails midway (a crash, a full disk, a closed window) the transaction rolls
 * back: the replica keeps its old points and old revision, and the next catch-up simply asks again.
 * On `reset` (another history, or too far behind) the points are cleared first, in that same transaction.
 *
 * Errors are returned, never thrown (like `ApiClient.call`): `catchUp()` resolves to a contract
 * `Result`. Failures leave the replica exactly as it was:
 * - whatever `ApiClient` reports (`unavailable` when main does not answer, `bad_response` when the
 *   answer breaks the contract, or any error main returned), passed on as is;
 * - `bad_response` when a valid answer cannot follow from the position asked (an incremental answer
 *   from another epoch, or behind the replica);
 * - `internal` when IndexedDB itself fails (quota, blocked, closed database).
 *
 * Single flight: calls to `catchUp()` while one runs share it (one request to main). A `series.changed`
 * event that arrives during a run triggers one more run after it (however many arrive), unless the run
 * already reached that revision; an event naming the revision the replica already has is ignored.
 *
 * Several windows share one database: the position is checked again inside the transaction, and if
 * another window moved it since the request, this answer is dropped and the catch-up asks again.
 *
 * `start()` also keeps the replica's feature flag list current (./replicate-flags): `flags.list` once,
 * then every `flags.changed`.
 */
import { fail, ok, type AppError, type FlagList, type Result, type SeriesChanges } from '../../shared/contract';
import type { ApiClient } from '../api/client';
import { replicaRevision, type ReplicaPosition } from './read';
import { createFlagListReplicator } from './replicate-flags';
import { META_ID, type PointKey, type ReplicaDb } from './replica-db';

export interface CatchUp {
  /** The replica's position once the run is over. */
  revision: number;
  epoch: string;
  /** What this run wrote: points put (new or changed) and points deleted. */
  applied: { upserts: number; deletions: number };
  /** The replica dropped everything it had and took main's full copy. */
  reset: boolean;
}

export interface Replicator {
  catchUp(): Promise<Result<CatchUp>>;
  /**
   * Follows `series.changed` and catches up once now; also fetches the feature flag list and follows
   * `flags.changed`. Returns the function that stops following both.
   */
  start(): () => void;
}

export interface ReplicatorOptions {
  /** Rows per `bulkPut` inside the transaction. Default 5 000. */
  chunkSize?: number;
  /** Told about every run's outcome, including the ones started by events (e.g. to repaint, or show an error). */
  onResult?: (result: Result<CatchUp>) => void;
  /** Told about every fetched or received feature flag list, once stored (or why it could not be). */
  onFlagList?: (result: Result<FlagList>) => void;
}

const DEFAULT_CHUNK = 5_000;
/** Answers dropped because another window moved the replica, before giving up for this run. */
const MAX_STALE_ATTEMPTS = 3;

/**
 * Applies `changes` (an answer to a request made at `basis`) in one transaction. Returns 'stale', and
 * writes nothing, when the replica is no longer at `basis` (another window applied in the meantime).
 */
export async function applyChanges(db: ReplicaDb, changes: SeriesChanges, basis: ReplicaPosition, chunkSize = DEFAULT_CHUNK): Promise<'applied' | 'stale'> {
  const chunk = Math.max(1, Math.floor(chunkSize));
  return db.transaction('rw', db.points, db.meta, async () => {
    const current = await db.meta.get(META_ID);
    if ((current?.revision ?? 0) !== basis.revision || (current?.epoch ?? null) !== basis.epoch) return 'stale';
    if (changes.reset) await db.points.clear();
    else if (changes.deletions.length > 0) await db.points.bulkDelete(changes.deletions.map((d): PointKey => [d.metric, d.key, d.day]));
    for (let i = 0; i < changes.upserts.length; i += chunk) {
      await db.points.bulkPut(changes.upserts.slice(i, i + chunk));
    }
    await db.meta.put({ id: META_ID, revision: changes.revision, epoch: changes.epoch });
    return 'applied';
  });
}

/** Why an answer cannot be applied on top of `basis`, or null when it can. */
function inconsistency(basis: ReplicaPosition, changes: SeriesChanges): string | null {
  if (changes.reset) return null;
  if (basis.epoch !== null && changes.epoch !== basis.epoch) {
    return `Main answered series.changes with changes from another history (epoch ${changes.epoch.slice(0, 64)}) without asking for a reset.`;
  }
  if (changes.revision < basis.revision) {
    return `Main answered series.changes with revision ${changes.revision}, behind the replica's ${basis.revision}, without asking for a reset.`;
  }
  return null;
}

function storageFailure(error: unknown): { ok: false; error: AppError } {
  const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return fail(
    'internal',
    `Sightline could not update the copy of your metrics kept in this window (${what.slice(0, 300)}). Nothing was lost: the last good copy is kept.`,
    'Reload the window. If it keeps happening, check that the disk is not full.',
  );
}

export function createReplicator(client: ApiClient, db: ReplicaDb, options: ReplicatorOptions = {}): Replicator {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
  let running: Promise<Result<CatchUp>> | null = null;
  /** The newest `series.changed` seen during the current run. */
  let wanted: { revision: number; epoch: string } | null = null;
  /** Where the last successful run left the replica. */
  let known: { revision: number; epoch: string } | null = null;
  let listeners = 0;
  const flags = createFlagListReplicator(client, db, options.onFlagList);

  const isKnown = (p: { revision: number; epoch: string }): boolean => known !== null && known.revision === p.revision && known.epoch === p.epoch;

  const runOnce = async (): Promise<Result<CatchUp>> => {
    for (let attempt = 1; ; attempt += 1) {
      let basis: ReplicaPosition;
      try {
        basis = await replicaRevision(db);
      } catch (error) {
        return storageFailure(error);
      }
      const answer = await client.call('series.changes', { since: basis.revision, epoch: basis.epoch });
      if (!answer.ok) return answer;
      const changes = answer.data;
      const problem = inconsistency(basis, changes);
      if (problem !== null) return fail('bad_response', problem, 'Restart Sightline.');
      let outcome: 'applied' | 'stale';
      try {
        outcome = await applyChanges(db, changes, basis, chunkSize);
      } catch (error) {
        return storageFailure(error);
      }
      if (outcome === 'applied') {
        known = { revision: changes.revision, epoch: changes.epoch };
        return ok({
          revision: changes.revision,
          epoch: changes.epoch,
          applied: { upserts: changes.upserts.length, deletions: changes.deletions.length },
          reset: changes.reset,
        });
      }
      if (attempt >= MAX_STALE_ATTEMPTS) {
        // Another window keeps the replica moving: it is up to date through that window.
        let now: ReplicaPosition;
        try {
          now = await replicaRevision(db);
        } catch (error) {
          return storageFailure(error);
        }
        if (now.epoch === null) return storageFailure(new Error('the replica kept changing under this window'));
        return ok({ revision: now.revision, epoch: now.epoch, applied: { upserts: 0, deletions: 0 }, reset: false });
      }
    }
  };

  const catchUp = (): Promise<Result<CatchUp>> => {
    if (running !== null) return running;
    const run = (async () => {
      const result = await runOnce().catch((error: unknown) => storageFailure(error));
      running = null;
      options.onResult?.(result);
      const next = wanted;
      wanted = null;
      if (next !== null && listeners > 0 && !isKnown(next)) void catchUp();
      return result;
    })();
    running = run;
    return run;
  };

  const onChanged = (payload: { revision: number; epoch: string }): void => {
    if (running !== null) wanted = payload;
    else if (!isKnown(payload)) void catchUp();
  };

  return {
    catchUp,
    start() {
      listeners += 1;
      const off = client.on('series.changed', onChanged);
      void catchUp();
      const stopFlags = flags.start();
      let stopped = false;
      return () => {
        if (stopped) return;
        stopped = true;
        off();
        stopFlags();
        listeners -= 1;
        if (listeners === 0) wanted = null;
      };
    },
  };
}
