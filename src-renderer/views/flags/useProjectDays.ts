/**
 * The project's calendar as the flags and tracking views need it: today in the project's timezone,
 * and the first day whose stored values may be partial (decided as the dashboard does, from the last
 * successful sync in the log; see dashboard/comparisons.firstIncompleteDay).
 */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { localDay } from '../../../shared/time';
import type { SyncStore } from '../../state/sync-store';
import { lastSuccessfulSync, projectEntries } from '../dashboard/cards';
import { firstIncompleteDay } from '../dashboard/comparisons';
import { useNow } from '../dashboard/useSeries';

export interface ProjectDays {
  nowMs: number;
  /** Today in the project's timezone (partial). */
  today: string;
  /** The first day whose values may be partial: today, or the day of a last sync that ran before today. */
  incompleteFrom: string;
}

export function useProjectDays(sync: SyncStore, projectId: number, timezone: string, now: () => number): ProjectDays {
  const nowMs = useNow(now);
  const today = localDay(nowMs, timezone);
  const log = useStore(sync, (s) => s.log);
  const lastSuccess = useMemo(() => lastSuccessfulSync(projectEntries(log, projectId)), [log, projectId]);
  const incompleteFrom = firstIncompleteDay(today, lastSuccess === null ? null : localDay(Date.parse(lastSuccess.finishedAt), timezone));
  return { nowMs, today, incompleteFrom };
}
