import { useStore } from 'zustand';
import { autoSyncOf } from '../../../shared/tiers';
import type { NetworkStore } from '../../state/network-store';
import type { PlanStore } from '../../state/plan-store';
import type { SyncStore } from '../../state/sync-store';
import { AGO_REFRESH_MS } from './LastSynced';
import { lastSuccessfulSyncAt, newestSync, unreachableError } from './sync-summary';
import { formatSyncedAgo, useClock } from './time';

interface BannerProps {
  sync: SyncStore;
  plan: PlanStore;
  network: NetworkStore;
  /** The connected project, or null when none is. */
  projectId: number | null;
  now: () => number;
  locale: string;
}

function OfflineBanner(props: BannerProps) {
  const { projectId } = props;
  const lastOk = useStore(props.sync, (s) => (projectId === null ? null : lastSuccessfulSyncAt(s.log, projectId)));
  // Starter and Basic sync by hand only: promising an automatic sync there would be untrue.
  const autoSyncs = useStore(props.plan, (s) => s.plan === null || autoSyncOf(s.plan.tier) !== null);
  const nowMs = useClock(props.now, AGO_REFRESH_MS);
  const then = autoSyncs ? 'Sightline will sync when the connection is back.' : 'refresh when the connection is back.';
  let text: string;
  if (projectId === null) text = 'You’re offline — connecting a PostHog project needs the connection.';
  else if (lastOk === null) text = `You’re offline — nothing has been synced yet; ${then}`;
  else text = `You’re offline — showing the data synced ${formatSyncedAgo(nowMs - Date.parse(lastOk), props.locale)}; ${then}`;
  return (
    <div className="header__banner header__banner--offline" role="status" data-testid="offline-banner" data-kind="offline">
      {text}
    </div>
  );
}

/**
 * Above the content, which stays visible underneath: offline (the page says so), or PostHog could not
 * be reached in the newest sync (DNS, refused, timeout, TLS — the network between here and PostHog).
 */
export function NetworkBanner(props: BannerProps) {
  const { projectId } = props;
  const online = useStore(props.network, (s) => s.online);
  const unreachable = useStore(props.sync, (s) => (projectId === null ? null : unreachableError(newestSync(s.log, projectId))));
  if (!online) return <OfflineBanner {...props} />;
  if (unreachable === null) return null;
  return (
    <div className="header__banner header__banner--unreachable" role="status" data-testid="offline-banner" data-kind="unreachable" data-code={unreachable.code}>
      PostHog can’t be reached ({unreachable.message.replace(/\.$/, '')}) — showing cached data.
    </div>
  );
}
