import { useStore } from 'zustand';
import { formatInstant } from '../../format/format';
import type { SyncStore } from '../../state/sync-store';
import { lastSuccessfulSyncAt } from './sync-summary';
import { formatSyncedAgo, useClock } from './time';

/** How often relative times are brought up to date. */
export const AGO_REFRESH_MS = 30_000;

/** `Last synced 3 minutes ago` (the newest sync that went fully well), kept current every 30 s. */
export function LastSynced(props: { sync: SyncStore; projectId: number; now: () => number; locale: string }) {
  const { projectId } = props;
  const finishedAt = useStore(props.sync, (s) => lastSuccessfulSyncAt(s.log, projectId));
  const nowMs = useClock(props.now, AGO_REFRESH_MS);
  return (
    <span className="header__last-synced" data-testid="last-synced" title={finishedAt === null ? undefined : formatInstant(finishedAt, props.locale)}>
      {finishedAt === null ? 'Not synced yet' : `Last synced ${formatSyncedAgo(nowMs - Date.parse(finishedAt), props.locale)}`}
    </span>
  );
}
