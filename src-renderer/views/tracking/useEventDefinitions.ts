/**
 * The event picker's search: PostHog's event definitions matching what was typed, asked of main
 * (`events.definitions`) once typing pauses. An answer to an older search never replaces a newer one.
 */
import { useEffect, useState } from 'react';
import type { AppError, EventDefinitionInfo } from '../../../shared/contract';
import type { ApiClient } from '../../api/client';

/** How long typing must pause before a search is sent. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface DefinitionsSearch {
  /** What the results are for ('' before any answer). */
  search: string;
  status: 'idle' | 'searching' | 'ready' | 'error';
  /** The latest answer's results (kept while a newer search runs). */
  results: readonly EventDefinitionInfo[];
  error: AppError | null;
  retry: () => void;
}

const NONE: readonly EventDefinitionInfo[] = [];

export function useEventDefinitions(client: ApiClient, search: string, enabled = true, delayMs = SEARCH_DEBOUNCE_MS): DefinitionsSearch {
  const [state, setState] = useState<Omit<DefinitionsSearch, 'retry'>>({ search: '', status: 'idle', results: NONE, error: null });
  const [attempt, setAttempt] = useState(0);
  const text = search.trim();

  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, status: 'searching' }));
      void client.call('events.definitions', { search: text }).then((result) => {
        if (!current) return;
        setState((s) =>
          result.ok ? { search: text, status: 'ready', results: result.data, error: null } : { search: text, status: 'error', results: s.results, error: result.error },
        );
      });
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, text, enabled, delayMs, attempt]);

  return { ...state, retry: () => setAttempt((n) => n + 1) };
}
