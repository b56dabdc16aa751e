import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

/**
 * The state of a live read of the replica. While a new query (new `deps`) runs, the previous value
 * stays `ready`, so a view switching ranges keeps its chart instead of flashing empty.
 */
export type Live<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Error };

/**
 * Runs `query` against IndexedDB with Dexie's `liveQuery` and re-runs it whenever a write touches
 * what it read (the replicator applying main's changes, in this window or another). `deps` say when
 * the query itself changes. Reads never involve main, so this paints from the local copy at once.
 */
export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList): Live<T> {
  const [state, setState] = useState<Live<T>>({ status: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ status: 'ready', value }),
      error: (error: unknown) => setState({ status: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    });
    return () => subscription.unsubscribe();
    // The caller's deps describe the query; the function's identity changes every render.
  }, deps);
  return state;
}

/** The value of a live read, or `fallback` while it loads or after it failed. */
export function liveValue<T>(live: Live<T>, fallback: T): T {
  return live.status === 'ready' ? live.value : fallback;
}
